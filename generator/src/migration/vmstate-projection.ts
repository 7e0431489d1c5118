/**
 * The definitions as QEMU's `-dump-vmstate` would show them: projects a checked device IR
 * into its dump entry, remembering for every description and field of the entry the span of
 * the definition it came from. vmstate-diff (`current`) and lint's migration rules compare
 * these entries, so a finding points at the definition line; the runtime's own dump of the
 * generated code (`devgen dump-vmstate`) is the same text, which a test holds it to.
 *
 * Each migrated field shows as the generated VMState binds it (emit/vmstate.view.ts) and the
 * runtime dumps it (runtime/src/migration/dump.ts): scalars with their wire size, arrays with
 * `num`, padding with its byte count, timers and clocks as pointers, struct arrays and parent
 * state with their C size (`compat: {size}`) and nested description; validation steps carry
 * no bytes and are left out.
 */
import type { DeviceIR, Span, StateFieldIR, VmFieldIR, VmStateIR } from '../ir/ir.ts';
import {
  VMSTATE_POINTER_SIZE,
  VMSTATE_SCALAR_SIZE,
  type VmStateDump,
  type VmStateDumpDescription,
  type VmStateDumpEntry,
  type VmStateDumpField,
  type VmStateDumpNode,
  type VmStateScalarType,
} from '../../../runtime/src/formats/vmstate-dump.ts';
import { RUNTIME_VMSTATE_DUMPS } from '../../../runtime/src/formats/runtime-vmstates.ts';

/** One device's entry and where each of its parts is defined. */
export interface VmStateProjection {
  readonly entry: VmStateDumpEntry;
  /** The definition span `node` (a part of `entry`) was projected from. */
  spanOf(node: VmStateDumpNode): Span | undefined;
}

/** Every device's entry, sorted by type name as the generated device list is, and the spans of all of them. */
export interface VmStateDumpProjection {
  readonly dump: VmStateDump;
  /** The definition span `node` (a part of `dump`) was projected from. */
  spanOf(node: VmStateDumpNode): Span | undefined;
}

/** Builds one entry, recording spans. */
class Projector {
  readonly spans = new WeakMap<VmStateDumpNode, Span>();

  constructor(private readonly device: DeviceIR, private readonly vm: VmStateIR) {}

  private at<T extends VmStateDumpNode>(node: T, span: Span): T {
    this.spans.set(node, span);
    return node;
  }

  /** A runtime-provided description, copied so its nodes are this entry's own, all placed at `span`. */
  private runtime(name: keyof typeof RUNTIME_VMSTATE_DUMPS, span: Span): VmStateDumpDescription {
    const place = (d: VmStateDumpDescription): VmStateDumpDescription => this.at({
      ...d,
      ...(d.Fields ? { Fields: d.Fields.map((f) => this.at({ ...f, ...(f.Description ? { Description: place(f.Description) } : {}) }, span)) } : {}),
      ...(d.Subsections ? { Subsections: d.Subsections.map(place) } : {}),
    }, span);
    return place(RUNTIME_VMSTATE_DUMPS[name]);
  }

  private description(name: string, version: number, minimum: number, fields: readonly VmFieldIR[], scope: readonly StateFieldIR[], span: Span, subsections?: readonly VmStateDumpDescription[]): VmStateDumpDescription {
    return this.at({
      name,
      version_id: version,
      minimum_version_id: minimum,
      Fields: fields.flatMap((f) => this.field(f, scope)),
      ...(subsections !== undefined && subsections.length > 0 ? { Subsections: subsections } : {}),
    }, span);
  }

  /** The field's dump (none for a validation step); `scope` holds the state it may name. */
  private field(f: VmFieldIR, scope: readonly StateFieldIR[]): VmStateDumpField[] {
    const base = { field: f.name, version_id: f.since, field_exists: false };
    const src = f.source;
    const cSize = (what: string): number => {
      // Sema requires `compat: {size}` on parent state and struct arrays.
      if (f.compat.size === undefined) throw new Error(`internal error: ${what} ${this.device.name}.${f.name} has no compat size`);
      return f.compat.size;
    };
    switch (src.kind) {
      case 'validate':
        return [];
      case 'unused':
        return [this.at({ ...base, size: src.size }, f.span)];
      case 'clock':
        return [this.at({ ...base, size: f.compat.size ?? VMSTATE_POINTER_SIZE, Description: this.runtime('clock', f.span) }, f.span)];
      case 'parent':
        if (src.vmstate !== 'I2CSlave') throw new Error(`internal error: parent state ${this.device.name}.${f.name} uses unknown description ${src.vmstate}`);
        return [this.at({ ...base, size: cSize('parent state'), Description: this.runtime(src.vmstate, f.span) }, f.span)];
      case 'state':
        break;
    }
    const sf = scope.find((s) => s.name === src.field);
    if (sf === undefined) throw new Error(`internal error: vmstate field ${this.device.name}.${f.name} names unknown state ${src.field}`);
    if (sf.type === 'timer') return [this.at({ ...base, size: f.compat.size ?? VMSTATE_POINTER_SIZE }, f.span)];
    if (sf.type === 'bitbang-i2c') throw new Error(`internal error: vmstate field ${this.device.name}.${f.name} names instance-only state`);
    if (sf.type === 'struct') {
      const d = this.vm.structs.find((s) => s.name === src.vmstate);
      const st = this.device.structs.find((s) => s.name === d?.struct);
      if (d === undefined || st === undefined) throw new Error(`internal error: struct array ${this.device.name}.${f.name} has no description`);
      // A length taken from a property is QEMU's VARRAY, which the dump records without `num`.
      const num = src.length === undefined ? sf.length ?? 0 : src.length.kind === 'fixed' ? src.length.count : undefined;
      const nested = this.description(d.name, d.version, d.minimumVersion, d.fields, st.fields, d.span);
      return [this.at({ ...base, ...(num !== undefined ? { num } : {}), size: cSize('struct array'), Description: nested }, f.span)];
    }
    const size = VMSTATE_SCALAR_SIZE[sf.type as VmStateScalarType];
    // A scalar array records `num` unless its length is read from the device (QEMU VARRAY).
    const num = sf.length === undefined ? undefined : src.length === undefined ? sf.length : src.length.kind === 'fixed' ? src.length.count : undefined;
    return [this.at({ ...base, ...(num !== undefined ? { num } : {}), size }, f.span)];
  }

  entry(): VmStateDumpEntry {
    const vm = this.vm;
    const subs = vm.subsections.map((s) => this.description(s.name, s.version, s.minimumVersion, s.fields, this.device.state, s.span));
    return {
      Name: this.device.name,
      version_id: vm.version,
      minimum_version_id: vm.minimumVersion,
      Description: this.description(vm.name, vm.version, vm.minimumVersion, vm.fields, this.device.state, vm.span, subs),
    };
  }
}

/** The dump entry of a checked device; undefined when it does not migrate. */
export function projectVmState(device: DeviceIR): VmStateProjection | undefined {
  if (device.vmstate === undefined) return undefined;
  const p = new Projector(device, device.vmstate);
  const entry = p.entry();
  return { entry, spanOf: (node) => p.spans.get(node) };
}

/** The dump of a set of checked devices, taken on `machine`. */
export function projectVmStateDump(devices: readonly DeviceIR[], machine: string): VmStateDumpProjection {
  const sorted = [...devices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const projections = sorted.flatMap((d) => projectVmState(d) ?? []);
  return {
    dump: { machine, entries: projections.map((p) => p.entry) },
    spanOf: (node) => {
      for (const p of projections) {
        const span = p.spanOf(node);
        if (span !== undefined) return span;
      }
      return undefined;
    },
  };
}
