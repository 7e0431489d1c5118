/**
 * The JSON description QEMU appends to a migration file (QEMU_VM_VMDESCRIPTION after the
 * end-of-stream byte): per device section its idstr, instance, description name and version,
 * and per field its name, type and the bytes it took on the wire; needed subsections with their
 * own fields. QEMU never reads it back; devgen reads it for one purpose — to know how long the
 * sections of board parts it does not model are (sections carry no length) — and writes it so
 * its own files look like QEMU's to tools that read it.
 *
 * Layout facts (QEMU 10.0, measured): keys in the order below; separators ", " and ": ";
 * a scalar array whose elements all look alike is one entry with "array_len" (its "size" is one
 * element's), an array of structs with subsections is one entry per element with "index";
 * a struct entry nests its description under "struct"; validation steps do not appear;
 * "subsections" is present only when at least one was written.
 */
import type { VmField, VmScalarType, VmStateDescription } from '../contract/types.ts';
import { VMSTATE_SCALAR_SIZE } from '../formats/vmstate-dump.ts';

/** One field entry of the description. */
export interface FileDescriptionField {
  readonly name: string;
  readonly array_len?: number;
  readonly index?: number;
  readonly type: string;
  readonly struct?: FileDescriptionBody;
  readonly size: number;
}

/** A description body (a section's, a subsection's or a nested struct's). */
export interface FileDescriptionBody {
  readonly vmsd_name: string;
  readonly version: number;
  readonly fields?: readonly FileDescriptionField[];
  readonly subsections?: readonly FileDescriptionBody[];
}

/** One device section's entry. */
export interface FileDescriptionDevice extends FileDescriptionBody {
  readonly name: string;
  readonly instance_id: number;
}

/** The whole description object. */
export interface FileDescription {
  readonly configuration?: FileDescriptionBody;
  readonly page_size?: number;
  readonly devices: readonly FileDescriptionDevice[];
}

const SCALAR_TYPE_NAME: Readonly<Record<VmScalarType, string>> = {
  bool: 'bool', u8: 'uint8', u16: 'uint16', u32: 'uint32', u64: 'uint64', i8: 'int8', i16: 'int16', i32: 'int32', i64: 'int64',
};

/** Serialises like QEMU's JSON writer: ", " between items, ": " after keys, no newlines. */
export function formatFileDescription(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatFileDescription).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${formatFileDescription(v)}`);
    return `{${parts.join(', ')}}`;
  }
  return JSON.stringify(value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Bytes a described body took on the wire: its fields (an "array_len" entry counts its size that
 * many times), then each subsection's marker, name, version and body. `undefined` when the
 * entry is not well-formed enough to tell (a damaged or foreign description).
 */
export function describedBodySize(body: unknown): number | undefined {
  if (!isObject(body) || !Array.isArray(body.fields)) return undefined;
  let total = 0;
  for (const f of body.fields as unknown[]) {
    if (!isObject(f) || !isCount(f.size)) return undefined;
    const n = f.array_len === undefined ? 1 : f.array_len;
    if (!isCount(n)) return undefined;
    total += f.size * n;
  }
  if (body.subsections !== undefined) {
    if (!Array.isArray(body.subsections)) return undefined;
    for (const s of body.subsections as unknown[]) {
      if (!isObject(s) || typeof s.vmsd_name !== 'string') return undefined;
      const inner = describedBodySize(s);
      if (inner === undefined) return undefined;
      total += 1 + 1 + new TextEncoder().encode(s.vmsd_name).length + 4 + inner;
    }
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * Finds the description at the end of a migration file: the last position where a 0x06 byte is
 * followed by a be32 length reaching exactly the end of the data and a JSON object that parses.
 * Returns its offset (of the 0x06 byte) and the parsed object, or undefined when there is none.
 */
export function locateFileDescription(data: Uint8Array): { readonly offset: number; readonly description: FileDescription } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let p = data.lastIndexOf(0x06, data.length - 6); p >= 0; p = p > 0 ? data.lastIndexOf(0x06, p - 1) : -1) {
    if (data[p + 5] !== 0x7b) continue;
    if (view.getUint32(p + 1) !== data.length - p - 5) continue;
    try {
      const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(p + 5))) as unknown;
      if (isObject(parsed) && Array.isArray(parsed.devices)) return { offset: p, description: parsed as unknown as FileDescription };
    } catch {
      // Not the description: keep looking further back.
    }
  }
  return undefined;
}

function fieldEntries<C>(field: VmField<C>, ctx: C): FileDescriptionField[] {
  switch (field.kind) {
    case 'scalar':
      return [{ name: field.name, type: SCALAR_TYPE_NAME[field.type], size: VMSTATE_SCALAR_SIZE[field.type] }];
    case 'array': {
      // A variable array is described with the length it was saved with; an empty one not at all.
      const n = typeof field.length === 'number' ? field.length : field.length(ctx);
      if (n === 0) return [];
      return [{ name: field.name, ...(n > 1 ? { array_len: n } : {}), type: SCALAR_TYPE_NAME[field.type], size: VMSTATE_SCALAR_SIZE[field.type] }];
    }
    case 'unused':
      return [{ name: field.name, type: 'unused_buffer', size: field.size }];
    case 'timer':
      return [{ name: field.name, type: 'timer', size: 8 }];
    case 'struct': {
      const inner = describeBody(field.struct, field.get(ctx));
      return [{ name: field.name, type: 'struct', struct: inner, size: describedBodySize(inner)! }];
    }
    case 'struct-array': {
      const elems = field.get(ctx);
      const n = typeof field.length === 'number' ? field.length : field.length(ctx);
      if (n === 0) return [];
      // QEMU describes a struct array once ("array_len") unless the struct has subsections.
      if (field.struct.subsections.length === 0) {
        const inner = describeBody(field.struct, elems[0]);
        return [{ name: field.name, ...(n > 1 ? { array_len: n } : {}), type: 'struct', struct: inner, size: describedBodySize(inner)! }];
      }
      return Array.from({ length: n }, (_, i) => {
        const inner = describeBody(field.struct, elems[i]);
        return { name: field.name, ...(n > 1 ? { index: i } : {}), type: 'struct', struct: inner, size: describedBodySize(inner)! };
      });
    }
    case 'validate':
      return [];
  }
}

/**
 * The description body QEMU writes for `desc` saved from `ctx` at its own version (only the
 * fields a save at that version writes, only needed subsections). Call it after the save, so
 * the pre-save hooks have run, as QEMU describes while it saves.
 */
export function describeBody<C>(desc: VmStateDescription<C>, ctx: C): FileDescriptionBody {
  const saved = desc.fields.filter((f) => f.since <= desc.version && f.kind !== 'validate');
  const fields = saved.flatMap((f, i) => {
    const entries = fieldEntries(f as VmField<C>, ctx);
    // QEMU makes a repeated field name unique with the count of same-named fields before it.
    const same = saved.filter((g) => g.name === f.name);
    if (same.length < 2) return entries;
    const num = saved.slice(0, i).filter((g) => g.name === f.name).length;
    return entries.map((e) => ({ ...e, name: `${f.name}[${num}]` }));
  });
  const subs = desc.subsections.filter((s) => s.needed(ctx)).map((s) => describeBody(s as unknown as VmStateDescription<C>, ctx));
  return { vmsd_name: desc.name, version: desc.version, fields, ...(subs.length > 0 ? { subsections: subs } : {}) };
}
