/**
 * QEMU's `-dump-vmstate` JSON format, the one model of it: the types, a reader that checks
 * untrusted text and returns every problem with its line, column and JSON path (it never
 * throws on bad input), and a writer that lays text out byte-for-byte like QEMU's own
 * fprintf-based writer, so a devgen dump can be compared with QEMU's by bytes and
 * `formatVmStateDump(parse(text))` gives a QEMU dump back unchanged.
 *
 * The runtime's dump writer, the compiler's projection of definitions, vmstate-diff and lint
 * all speak through this module, which is why it imports nothing: it is the leaf both the
 * compiler and the runtime may depend on.
 *
 * Shape facts (checked against QEMU 10.0's dump of the virt machine):
 *  - file: `"vmschkmachine": {"Name": <machine>}` first, then one entry per device type,
 *    keyed by the type name, which the entry repeats as "Name";
 *  - entry: Name, version_id, minimum_version_id, Description;
 *  - description: name, version_id, minimum_version_id, then Fields and Subsections, each
 *    only when the C description has that list;
 *  - field: field, version_id, field_exists, num (fixed arrays only), size (element size;
 *    the C size for structs and padding), then Description for nested structs.
 * Layout: 2-space indent, `"key": value`, and every list or object closes on a new line, so
 * an empty list prints as "[", an empty line, "]".
 */

/** One field as QEMU dumps it. */
export interface VmStateDumpField {
  readonly field: string;
  /** First version of the description that carries the field (0: always). */
  readonly version_id: number;
  /** Whether a field_exists test decides at run time (QEMU only; devgen writes false). */
  readonly field_exists: boolean;
  /** Element count of a fixed array. */
  readonly num?: number;
  /** Element size in bytes (the C size for structs, the byte count for padding). */
  readonly size: number;
  /** The nested description of a struct field. */
  readonly Description?: VmStateDumpDescription;
}

/** A description (a section's, a nested struct's or a subsection's) as QEMU dumps it. */
export interface VmStateDumpDescription {
  readonly name: string;
  readonly version_id: number;
  readonly minimum_version_id: number;
  readonly Fields?: readonly VmStateDumpField[];
  readonly Subsections?: readonly VmStateDumpDescription[];
}

/** The dump entry of one device type. */
export interface VmStateDumpEntry {
  /** The device type name (also the entry's key in the file). */
  readonly Name: string;
  readonly version_id: number;
  readonly minimum_version_id: number;
  readonly Description: VmStateDumpDescription;
}

/** A whole dump file: the machine it was taken on and the entries in file order. */
export interface VmStateDump {
  /** The "vmschkmachine" name, when the file records one. */
  readonly machine: string | undefined;
  readonly entries: readonly VmStateDumpEntry[];
}

/** A part of a dump that findings and definition spans attach to: a description or a field. */
export type VmStateDumpNode = VmStateDumpDescription | VmStateDumpField;

/** Scalar types a devgen VMState field can have. */
export type VmStateScalarType = 'bool' | 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64';

/** Bytes a scalar of each type takes on the wire, which is the `size` QEMU records for it. */
export const VMSTATE_SCALAR_SIZE: Readonly<Record<VmStateScalarType, number>> = {
  bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8,
};

/**
 * The `size` QEMU records for pointer fields (a timer's `QEMUTimer *`, a clock's `Clock *`):
 * the pointer size of the 64-bit hosts devgen is compared on.
 */
export const VMSTATE_POINTER_SIZE = 8;

/** Key of the machine record at the top of a dump. */
export const VMSTATE_DUMP_MACHINE_KEY = 'vmschkmachine';

/** Something wrong with a dump's text: where (1-based line and column, JSON path) and what. */
export interface VmStateDumpProblem {
  readonly line: number;
  readonly col: number;
  /** JSON path of the offending value, e.g. `"pl011".Description.Fields[3].size`; empty for syntax errors. */
  readonly path: string;
  readonly message: string;
}

/** Outcome of reading a dump. */
export type VmStateDumpReadResult =
  | { readonly ok: true; readonly dump: VmStateDump }
  | { readonly ok: false; readonly problems: readonly VmStateDumpProblem[] };

// ---------------------------------------------------------------- JSON with positions

type JsonNode =
  | { readonly kind: 'object'; readonly at: number; readonly members: readonly { readonly key: string; readonly at: number; readonly value: JsonNode }[] }
  | { readonly kind: 'array'; readonly at: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly at: number; readonly value: string }
  | { readonly kind: 'number'; readonly at: number; readonly value: number }
  | { readonly kind: 'boolean'; readonly at: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly at: number };

/** Bad JSON text, at an offset. */
class JsonSyntaxError {
  constructor(readonly at: number, readonly message: string) {}
}

/** Deepest nesting accepted: QEMU dumps nest a few levels; the bound keeps hostile input from exhausting the stack. */
const MAX_JSON_DEPTH = 64;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

/** A JSON reader (RFC 8259) that keeps each value's offset and refuses duplicate keys. */
function readJson(text: string): JsonNode {
  let pos = 0;
  const skip = (): void => {
    SPACE.lastIndex = pos;
    SPACE.exec(text);
    pos = SPACE.lastIndex;
  };
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) return undefined;
    pos = re.lastIndex;
    return m[0];
  };
  const expect = (ch: string): void => {
    skip();
    if (text[pos] !== ch) throw new JsonSyntaxError(pos, pos >= text.length ? `expected '${ch}', found the end of the text` : `expected '${ch}', found '${text[pos]}'`);
    pos++;
  };
  const value = (depth: number): JsonNode => {
    skip();
    const at = pos;
    if (depth > MAX_JSON_DEPTH) throw new JsonSyntaxError(at, `values nest deeper than ${MAX_JSON_DEPTH} levels`);
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const members: { key: string; at: number; value: JsonNode }[] = [];
      const seen = new Set<string>();
      skip();
      if (text[pos] === '}') { pos++; return { kind: 'object', at, members }; }
      for (;;) {
        skip();
        const keyAt = pos;
        const raw = match(STRING);
        if (raw === undefined) throw new JsonSyntaxError(keyAt, keyAt >= text.length ? 'expected a string key, found the end of the text' : 'expected a string key');
        const key = JSON.parse(raw) as string;
        if (seen.has(key)) throw new JsonSyntaxError(keyAt, `key ${raw} appears twice in one object`);
        seen.add(key);
        expect(':');
        members.push({ key, at: keyAt, value: value(depth + 1) });
        skip();
        if (text[pos] === ',') { pos++; continue; }
        expect('}');
        return { kind: 'object', at, members };
      }
    }
    if (ch === '[') {
      pos++;
      const items: JsonNode[] = [];
      skip();
      if (text[pos] === ']') { pos++; return { kind: 'array', at, items }; }
      for (;;) {
        items.push(value(depth + 1));
        skip();
        if (text[pos] === ',') { pos++; continue; }
        expect(']');
        return { kind: 'array', at, items };
      }
    }
    if (ch === '"') {
      const raw = match(STRING);
      if (raw === undefined) throw new JsonSyntaxError(at, 'unterminated or malformed string');
      return { kind: 'string', at, value: JSON.parse(raw) as string };
    }
    for (const [word, node] of [['true', { kind: 'boolean', at, value: true }], ['false', { kind: 'boolean', at, value: false }], ['null', { kind: 'null', at }]] as const) {
      if (text.startsWith(word, pos)) { pos += word.length; return node; }
    }
    const num = match(NUMBER);
    if (num !== undefined) return { kind: 'number', at, value: Number(num) };
    throw new JsonSyntaxError(at, ch === undefined ? 'expected a value, found the end of the text' : `expected a value, found '${ch}'`);
  };
  const root = value(0);
  skip();
  if (pos < text.length) throw new JsonSyntaxError(pos, `unexpected '${text[pos]}' after the end of the JSON value`);
  return root;
}

// ---------------------------------------------------------------- shape checks

type Members = ReadonlyMap<string, JsonNode>;

/** Walks the JSON tree, turning it into dump types and collecting problems. */
class DumpChecker {
  readonly problems: VmStateDumpProblem[] = [];
  constructor(private readonly lineStarts: readonly number[]) {}

  problem(at: number, path: string, message: string): undefined {
    // Binary search for the line holding offset `at`.
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    this.problems.push({ line: lo + 1, col: at - this.lineStarts[lo]! + 1, path, message });
    return undefined;
  }

  /** The members of an object with keys from `allowed`, or undefined when it is no object or lacks a `required` key. */
  object(node: JsonNode, path: string, allowed: readonly string[], required: readonly string[]): Members | undefined {
    if (node.kind !== 'object') return this.problem(node.at, path, `expected an object, found ${describe(node)}`);
    const out = new Map<string, JsonNode>();
    // An unknown key is a problem, but the known ones are still checked so one read reports all.
    for (const m of node.members) {
      if (allowed.includes(m.key)) out.set(m.key, m.value);
      else this.problem(m.at, path, `unknown key ${JSON.stringify(m.key)} (expected ${allowed.map((k) => JSON.stringify(k)).join(', ')})`);
    }
    const missing = required.filter((k) => !out.has(k));
    for (const k of missing) this.problem(node.at, path, `missing key ${JSON.stringify(k)}`);
    return missing.length === 0 ? out : undefined;
  }

  count(m: Members, key: string, path: string): number | undefined {
    const v = m.get(key)!;
    if (v.kind !== 'number' || !Number.isSafeInteger(v.value) || v.value < 0) return this.problem(v.at, `${path}.${key}`, `expected a non-negative integer, found ${describe(v)}`);
    return v.value;
  }

  string(m: Members, key: string, path: string): string | undefined {
    const v = m.get(key)!;
    if (v.kind !== 'string') return this.problem(v.at, `${path}.${key}`, `expected a string, found ${describe(v)}`);
    return v.value;
  }

  list<T>(m: Members, key: string, path: string, item: (n: JsonNode, at: string) => T | undefined): T[] | undefined {
    const v = m.get(key);
    if (v === undefined) return undefined;
    if (v.kind !== 'array') return this.problem(v.at, `${path}.${key}`, `expected a list, found ${describe(v)}`);
    const out = v.items.map((n, i) => item(n, `${path}.${key}[${i}]`));
    return out.every((x) => x !== undefined) ? (out as T[]) : undefined;
  }

  // Recursion here follows the JSON tree, which the reader already bounded (MAX_JSON_DEPTH).
  description(node: JsonNode, path: string): VmStateDumpDescription | undefined {
    const m = this.object(node, path, ['name', 'version_id', 'minimum_version_id', 'Fields', 'Subsections'], ['name', 'version_id', 'minimum_version_id']);
    if (m === undefined) return undefined;
    const name = this.string(m, 'name', path);
    const version = this.count(m, 'version_id', path);
    const minimum = this.count(m, 'minimum_version_id', path);
    const fields = this.list(m, 'Fields', path, (n, at) => this.field(n, at));
    const subs = this.list(m, 'Subsections', path, (n, at) => this.description(n, at));
    if (name === undefined || version === undefined || minimum === undefined) return undefined;
    if (m.has('Fields') && fields === undefined) return undefined;
    if (m.has('Subsections') && subs === undefined) return undefined;
    return {
      name, version_id: version, minimum_version_id: minimum,
      ...(fields !== undefined ? { Fields: fields } : {}),
      ...(subs !== undefined ? { Subsections: subs } : {}),
    };
  }

  field(node: JsonNode, path: string): VmStateDumpField | undefined {
    const m = this.object(node, path, ['field', 'version_id', 'field_exists', 'num', 'size', 'Description'], ['field', 'version_id', 'field_exists', 'size']);
    if (m === undefined) return undefined;
    const name = this.string(m, 'field', path);
    const version = this.count(m, 'version_id', path);
    const exists = m.get('field_exists')!;
    if (exists.kind !== 'boolean') this.problem(exists.at, `${path}.field_exists`, `expected true or false, found ${describe(exists)}`);
    const num = m.has('num') ? this.count(m, 'num', path) : undefined;
    const size = this.count(m, 'size', path);
    const nested = m.get('Description');
    const desc = nested === undefined ? undefined : this.description(nested, `${path}.Description`);
    if (name === undefined || version === undefined || exists.kind !== 'boolean' || size === undefined) return undefined;
    if ((m.has('num') && num === undefined) || (nested !== undefined && desc === undefined)) return undefined;
    return {
      field: name, version_id: version, field_exists: exists.value,
      ...(num !== undefined ? { num } : {}),
      size,
      ...(desc !== undefined ? { Description: desc } : {}),
    };
  }

  entry(key: string, node: JsonNode, path: string): VmStateDumpEntry | undefined {
    const m = this.object(node, path, ['Name', 'version_id', 'minimum_version_id', 'Description'], ['Name', 'version_id', 'minimum_version_id', 'Description']);
    if (m === undefined) return undefined;
    const name = this.string(m, 'Name', path);
    if (name !== undefined && name !== key) this.problem(m.get('Name')!.at, `${path}.Name`, `the entry of ${JSON.stringify(key)} names type ${JSON.stringify(name)}; QEMU writes the entry's key there`);
    const version = this.count(m, 'version_id', path);
    const minimum = this.count(m, 'minimum_version_id', path);
    const desc = this.description(m.get('Description')!, `${path}.Description`);
    if (name !== key || version === undefined || minimum === undefined || desc === undefined) return undefined;
    return { Name: name, version_id: version, minimum_version_id: minimum, Description: desc };
  }
}

function describe(node: JsonNode): string {
  switch (node.kind) {
    case 'object': return 'an object';
    case 'array': return 'a list';
    case 'string': return `the string ${JSON.stringify(node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value)}`;
    case 'number': return `the number ${node.value}`;
    case 'boolean': return String(node.value);
    case 'null': return 'null';
  }
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Reads a `-dump-vmstate` file from its text; every problem comes back positioned, nothing throws. */
export function readVmStateDump(text: string): VmStateDumpReadResult {
  const checker = new DumpChecker(lineStarts(text));
  let root: JsonNode;
  try {
    root = readJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    checker.problem(e.at, '', `not JSON: ${e.message}`);
    return { ok: false, problems: checker.problems };
  }
  if (root.kind !== 'object') {
    checker.problem(root.at, '', `expected the dump's top-level object, found ${describe(root)}`);
    return { ok: false, problems: checker.problems };
  }
  let machine: string | undefined;
  const entries: VmStateDumpEntry[] = [];
  for (const { key, value } of root.members) {
    const path = JSON.stringify(key);
    if (key === VMSTATE_DUMP_MACHINE_KEY) {
      const m = checker.object(value, path, ['Name'], ['Name']);
      if (m !== undefined) machine = checker.string(m, 'Name', path);
      continue;
    }
    const entry = checker.entry(key, value, path);
    if (entry !== undefined) entries.push(entry);
  }
  if (checker.problems.length === 0) return { ok: true, dump: { machine, entries } };
  return { ok: false, problems: checker.problems.sort((a, b) => a.line - b.line || a.col - b.col) };
}

// ---------------------------------------------------------------- writer

/** An object whose keys print in QEMU's order; members with an undefined value are left out. */
class Ordered {
  constructor(readonly members: readonly (readonly [string, Printable | undefined])[]) {}
}

type Printable = string | number | boolean | readonly Printable[] | Ordered;

function fieldValue(f: VmStateDumpField): Ordered {
  return new Ordered([
    ['field', f.field], ['version_id', f.version_id], ['field_exists', f.field_exists], ['num', f.num], ['size', f.size],
    ['Description', f.Description === undefined ? undefined : descriptionValue(f.Description)],
  ]);
}

function descriptionValue(d: VmStateDumpDescription): Ordered {
  return new Ordered([
    ['name', d.name], ['version_id', d.version_id], ['minimum_version_id', d.minimum_version_id],
    ['Fields', d.Fields?.map(fieldValue)], ['Subsections', d.Subsections?.map(descriptionValue)],
  ]);
}

function entryValue(e: VmStateDumpEntry): Ordered {
  return new Ordered([['Name', e.Name], ['version_id', e.version_id], ['minimum_version_id', e.minimum_version_id], ['Description', descriptionValue(e.Description)]]);
}

function print(value: Printable, indent: number): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 2);
  // QEMU always breaks the line before the closing bracket, so an empty list is "[", "", "]".
  const lines = value instanceof Ordered
    ? value.members.filter(([, v]) => v !== undefined).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v!, indent + 2)}`)
    : value.map((v) => inner + print(v, indent + 2));
  const [open, close] = value instanceof Ordered ? ['{', '}'] : ['[', ']'];
  return `${open}\n${lines.length === 0 ? '' : lines.join(',\n')}\n${pad}${close}`;
}

/** The text of a whole dump exactly as QEMU writes it, trailing newline included. */
export function formatVmStateDump(dump: VmStateDump): string {
  const members: [string, Printable][] = [];
  if (dump.machine !== undefined) members.push([VMSTATE_DUMP_MACHINE_KEY, new Ordered([['Name', dump.machine]])]);
  for (const e of dump.entries) members.push([e.Name, entryValue(e)]);
  return `${print(new Ordered(members), 0)}\n`;
}

/** The text of an entry, a description or a field as it appears nested `indent` spaces deep in a dump (no trailing newline). */
export function formatVmStateDumpFragment(value: VmStateDumpEntry | VmStateDumpDescription | VmStateDumpField, indent: number): string {
  if ('Name' in value) return print(entryValue(value), indent);
  if ('field' in value) return print(fieldValue(value), indent);
  return print(descriptionValue(value), indent);
}
