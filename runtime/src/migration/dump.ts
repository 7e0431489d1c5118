/**
 * QEMU's `-dump-vmstate` JSON: the per-device-type entries, the whole-file object and a
 * serializer that lays the text out byte-for-byte like QEMU's hand-rolled fprintf writer
 * (2-space indent, `"key": value`, an empty array printed as "[", a blank line, "]",
 * newline at the end), so a generated dump can be compared with QEMU's by bytes.
 *
 * Shape facts (checked against QEMU 10.0's own dump):
 *  - entry: Name, version_id, minimum_version_id, Description.
 *  - description: name, version_id, minimum_version_id, Fields, then Subsections only when
 *    the description has subsections.
 *  - field: field, version_id (our `since`), field_exists (always false: no test hooks here),
 *    num (arrays only), size (element size for arrays, byte count for unused, the C-side
 *    `compatSize` for structs), then Description for structs.
 */
import type { VmField, VmStateDescription } from '../codegen/v1/types.ts';
import { VM_SCALAR_SIZE } from './vmstate.ts';

/** One field as QEMU dumps it. */
export interface VmStateDumpField {
  readonly field: string;
  readonly version_id: number;
  readonly field_exists: boolean;
  readonly num?: number;
  readonly size: number;
  readonly Description?: VmStateDumpDescription;
}

/** A description (top level, nested struct or subsection) as QEMU dumps it. */
export interface VmStateDumpDescription {
  readonly name: string;
  readonly version_id: number;
  readonly minimum_version_id: number;
  readonly Fields: readonly VmStateDumpField[];
  readonly Subsections?: readonly VmStateDumpDescription[];
}

/** The dump entry of one device type. */
export interface VmStateDumpEntry {
  readonly Name: string;
  readonly version_id: number;
  readonly minimum_version_id: number;
  readonly Description: VmStateDumpDescription;
}

/** The whole dump file: "vmschkmachine" first, then one entry per device type, keyed by type name. */
export type VmStateDumpFile = Readonly<Record<string, VmStateDumpEntry | { readonly Name: string }>>;

// Keys are assigned in QEMU's order; optional keys are only added when present so that
// JSON key order (and therefore byte comparison) matches.
function dumpField(owner: string, field: VmField<unknown>): VmStateDumpField {
  const base = { field: field.name, version_id: field.since, field_exists: false };
  switch (field.kind) {
    case 'scalar':
      return { ...base, size: VM_SCALAR_SIZE[field.type] };
    case 'array':
      return { ...base, num: field.length, size: VM_SCALAR_SIZE[field.type] };
    case 'unused':
      return { ...base, size: field.size };
    case 'struct':
      if (field.compatSize === undefined) {
        throw new Error(`internal error: struct field ${owner}.${field.name} has no compatSize; QEMU's dump needs its C size`);
      }
      return { ...base, size: field.compatSize, Description: dumpDescription(field.struct) };
    case 'struct-array': {
      if (field.compatSize === undefined) {
        throw new Error(`internal error: struct array ${owner}.${field.name} has no compatSize; QEMU's dump needs its C element size`);
      }
      // QEMU prints `num` for fixed arrays (VMS_ARRAY) only, not for VARRAY fields.
      const num = typeof field.length === 'number' ? { num: field.length } : {};
      return { ...base, ...num, size: field.compatSize, Description: dumpDescription(field.struct) };
    }
    case 'timer':
      return { ...base, size: field.compatSize ?? 8 };
    case 'validate':
      throw new Error('internal error: validate entries are not dumped');
  }
}

function dumpDescription(desc: VmStateDescription<unknown>): VmStateDumpDescription {
  const out: {
    name: string;
    version_id: number;
    minimum_version_id: number;
    Fields: VmStateDumpField[];
    Subsections?: VmStateDumpDescription[];
  } = {
    name: desc.name,
    version_id: desc.version,
    minimum_version_id: desc.minimumVersion,
    // VMSTATE_VALIDATE entries carry no bytes and QEMU's dump skips them.
    Fields: desc.fields.filter((f) => f.kind !== 'validate').map((f) => dumpField(desc.name, f as VmField<unknown>)),
  };
  if (desc.subsections.length > 0) {
    out.Subsections = desc.subsections.map((s) => dumpDescription(s as unknown as VmStateDescription<unknown>));
  }
  return out;
}

/** The `-dump-vmstate` entry QEMU writes for device type `typeName` whose vmsd is `desc`. */
export function dumpVmStateEntry<C>(typeName: string, desc: VmStateDescription<C>): VmStateDumpEntry {
  return {
    Name: typeName,
    version_id: desc.version,
    minimum_version_id: desc.minimumVersion,
    Description: dumpDescription(desc as unknown as VmStateDescription<unknown>),
  };
}

/** The whole dump object: `{"vmschkmachine": {"Name": machine}, <type>: entry, ...}` in the given order. */
export function dumpVmState(machineName: string, entries: readonly VmStateDumpEntry[]): VmStateDumpFile {
  const out: Record<string, VmStateDumpEntry | { Name: string }> = { vmschkmachine: { Name: machineName } };
  for (const e of entries) {
    if (Object.hasOwn(out, e.Name)) throw new Error(`internal error: duplicate dump entry "${e.Name}"`);
    out[e.Name] = e;
  }
  return out;
}

function format(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    // QEMU opens the list, writes the items, then always a newline before the closing bracket:
    // an empty list therefore shows as "[", an empty line, "]".
    if (value.length === 0) return `[\n\n${pad}]`;
    return `[\n${value.map((v) => inner + format(v, indent + 2)).join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `{\n\n${pad}}`;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, indent + 2)}`).join(',\n')}\n${pad}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`internal error: cannot format ${typeof value} in a vmstate dump`);
}

/** Formats a dump file (or any dump object) exactly like QEMU's `-dump-vmstate` output, trailing newline included. */
export function formatVmStateDump(value: VmStateDumpFile | VmStateDumpEntry): string {
  return `${format(value, 0)}\n`;
}

/** Formats a value as it appears nested at `indent` spaces inside a dump (no trailing newline). */
export function formatVmStateDumpFragment(value: unknown, indent: number): string {
  return format(value, indent);
}
