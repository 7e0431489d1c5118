/**
 * Reading QEMU `-dump-vmstate` files for comparison. Input is untrusted JSON: it is checked
 * shape by shape and turned into plain descriptions; a file that is not a dump is a
 * DumpFormatError with a JSON path, never a crash. Lenient where QEMU's own dumps vary
 * (a description without "Fields", fields without "num").
 */

/** One field of a description. */
export interface DumpField {
  readonly field: string;
  readonly version: number;
  readonly exists: boolean;
  /** Element size in bytes. */
  readonly size: number;
  /** Element count (1 when the dump has no "num"). */
  readonly num: number;
  readonly description: DumpDescription | undefined;
}

/** A description: a section's, a struct's or a subsection's. */
export interface DumpDescription {
  readonly name: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly fields: readonly DumpField[];
  readonly subsections: readonly DumpDescription[];
}

/** A top-level entry (one device type). */
export interface DumpSection {
  /** Key in the file (the type name). */
  readonly key: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly description: DumpDescription;
}

/** A whole dump file. */
export interface DumpFile {
  readonly machine: string | undefined;
  readonly sections: ReadonlyMap<string, DumpSection>;
}

/** The input is not a -dump-vmstate file. */
export class DumpFormatError extends Error {
  override readonly name = 'DumpFormatError';
}

type Json = unknown;

function obj(v: Json, at: string): Record<string, Json> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new DumpFormatError(`${at}: expected an object`);
  return v as Record<string, Json>;
}

function int(o: Record<string, Json>, key: string, at: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new DumpFormatError(`${at}.${key}: expected an integer`);
  return v;
}

function str(o: Record<string, Json>, key: string, at: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new DumpFormatError(`${at}.${key}: expected a string`);
  return v;
}

const MAX_DEPTH = 32;

function readDescription(v: Json, at: string, depth: number): DumpDescription {
  if (depth > MAX_DEPTH) throw new DumpFormatError(`${at}: descriptions nest deeper than ${MAX_DEPTH} levels`);
  const o = obj(v, at);
  const fieldsRaw = o.Fields ?? [];
  if (!Array.isArray(fieldsRaw)) throw new DumpFormatError(`${at}.Fields: expected an array`);
  const subsRaw = o.Subsections ?? [];
  if (!Array.isArray(subsRaw)) throw new DumpFormatError(`${at}.Subsections: expected an array`);
  return {
    name: str(o, 'name', at),
    version: int(o, 'version_id', at),
    minimumVersion: int(o, 'minimum_version_id', at),
    fields: fieldsRaw.map((f, i) => readField(f, `${at}.Fields[${i}]`, depth)),
    subsections: subsRaw.map((s, i) => readDescription(s, `${at}.Subsections[${i}]`, depth + 1)),
  };
}

function readField(v: Json, at: string, depth: number): DumpField {
  const o = obj(v, at);
  const num = o.num === undefined ? 1 : int(o, 'num', at);
  return {
    field: str(o, 'field', at),
    version: int(o, 'version_id', at),
    exists: o.field_exists === true,
    size: int(o, 'size', at),
    num,
    description: o.Description === undefined ? undefined : readDescription(o.Description, `${at}.Description`, depth + 1),
  };
}

/** Parses a dump from its JSON text; `label` names it in errors. */
export function parseDump(text: string, label: string): DumpFile {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (e) {
    throw new DumpFormatError(`${label}: not JSON: ${(e as Error).message}`);
  }
  const root = obj(value, label);
  const sections = new Map<string, DumpSection>();
  let machine: string | undefined;
  for (const [key, entry] of Object.entries(root)) {
    const at = `${label}: ${JSON.stringify(key)}`;
    if (key === 'vmschkmachine') {
      machine = str(obj(entry, at), 'Name', at);
      continue;
    }
    const o = obj(entry, at);
    sections.set(key, {
      key,
      version: int(o, 'version_id', at),
      minimumVersion: int(o, 'minimum_version_id', at),
      description: readDescription(o.Description, `${at}.Description`, 0),
    });
  }
  return { machine, sections };
}
