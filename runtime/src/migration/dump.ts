/**
 * The runtime's `-dump-vmstate` writer: turns a VMState description (codegen v1) into QEMU's
 * dump entry for a device type, and a device set into a whole dump. The format itself (types,
 * key order, layout, reading) lives in runtime/src/formats/vmstate-dump.ts; this file only
 * knows how each kind of runtime field shows in it:
 *  - scalars and arrays record their element size (arrays also `num`), padding its byte count;
 *  - structs record the C-side `compatSize` a TypeScript model cannot know, then the nested
 *    description; struct arrays record `num` only when their length is fixed (QEMU prints it
 *    for VMS_ARRAY, not for VARRAY);
 *  - timers and clocks are pointers in QEMU's C state: they record the pointer size unless
 *    the definition gives another;
 *  - validation steps put no bytes on the wire and QEMU's dump leaves them out;
 *  - `field_exists` is always false: devgen has no run-time field tests.
 */
import type { VmField, VmStateDescription, VmStateDescriptor } from '../contract/types.ts';
import { vmstateClock } from './clock.vmstate.ts';
import { VMSTATE_POINTER_SIZE, VMSTATE_SCALAR_SIZE } from '../formats/vmstate-dump.ts';
import type { VmStateDump, VmStateDumpDescription, VmStateDumpEntry, VmStateDumpField } from '../formats/vmstate-dump.ts';

export { formatVmStateDump, formatVmStateDumpFragment } from '../formats/vmstate-dump.ts';
export type { VmStateDump, VmStateDumpDescription, VmStateDumpEntry, VmStateDumpField } from '../formats/vmstate-dump.ts';

function structSize(owner: string, field: { readonly name: string; readonly compatSize: number | undefined; readonly struct: unknown }): number {
  if (field.compatSize === undefined && field.struct === vmstateClock) return VMSTATE_POINTER_SIZE;
  if (field.compatSize === undefined) {
    throw new Error(`internal error: struct field ${owner}.${field.name} has no compatSize; QEMU's dump needs its C size`);
  }
  return field.compatSize;
}

function dumpField(owner: string, field: VmField<unknown>): VmStateDumpField {
  const base = { field: field.name, version_id: field.since, field_exists: false };
  switch (field.kind) {
    case 'scalar':
      return { ...base, size: VMSTATE_SCALAR_SIZE[field.type] };
    case 'array':
      return { ...base, ...(typeof field.length === 'number' ? { num: field.length } : {}), size: VMSTATE_SCALAR_SIZE[field.type] };
    case 'unused':
      return { ...base, size: field.size };
    case 'struct':
      return { ...base, size: structSize(owner, field), Description: dumpDescription(field.struct) };
    case 'struct-array': {
      const num = typeof field.length === 'number' ? { num: field.length } : {};
      return { ...base, ...num, size: structSize(owner, field), Description: dumpDescription(field.struct) };
    }
    case 'timer':
      return { ...base, size: field.compatSize ?? VMSTATE_POINTER_SIZE };
    case 'validate':
      throw new Error('internal error: validate entries are not dumped');
  }
}

function dumpDescription(desc: VmStateDescription<unknown>): VmStateDumpDescription {
  const fields = desc.fields.filter((f) => f.kind !== 'validate').map((f) => dumpField(desc.name, f as VmField<unknown>));
  const subsections = desc.subsections.map((s) => dumpDescription(s as unknown as VmStateDescription<unknown>));
  return {
    name: desc.name,
    version_id: desc.version,
    minimum_version_id: desc.minimumVersion,
    Fields: fields,
    // QEMU prints Subsections only for descriptions that have a subsection list.
    ...(subsections.length > 0 ? { Subsections: subsections } : {}),
  };
}

/**
 * The `-dump-vmstate` entry QEMU writes for device type `typeName` whose vmsd is `desc`: a
 * bound description or a generated descriptor (hooks named, not bound) alike, since the dump
 * reads neither hooks nor validate checks.
 */
export function dumpVmStateEntry<C, H = unknown>(typeName: string, desc: VmStateDescription<C> | VmStateDescriptor<C, H>): VmStateDumpEntry {
  return {
    Name: typeName,
    version_id: desc.version,
    minimum_version_id: desc.minimumVersion,
    Description: dumpDescription(desc as unknown as VmStateDescription<unknown>),
  };
}

/** The whole dump of `entries` taken on `machineName`, in the given order. */
export function dumpVmState(machineName: string, entries: readonly VmStateDumpEntry[]): VmStateDump {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.Name)) throw new Error(`internal error: duplicate dump entry "${e.Name}"`);
    seen.add(e.Name);
  }
  return { machine: machineName, entries };
}
