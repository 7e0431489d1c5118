/**
 * Reference checks: register storage, register hooks, chardev property, gpio line lists,
 * and the vmstate description (bound state and clocks, padding, versions, needed
 * conditions).
 */
import type { DeviceIR, RegisterIR, StateFieldIR, StateFieldType, VmFieldIR } from '../ir/ir.ts';
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { registerContext } from './check-layout.ts';

/** Width in bits a scalar type holds. */
export function scalarBits(type: StateFieldType): number {
  if (type === 'struct' || type === 'timer' || type === 'bitbang-i2c') return 0;
  return type === 'bool' ? 1 : Number(type.slice(1));
}

/**
 * Checks one register's storage and hooks. `state` is the scope the storage name resolves in:
 * the device state, or the fields of the struct backing the register's block.
 */
function checkRegister(reg: RegisterIR, state: ReadonlyMap<string, StateFieldIR>, sink: DiagnosticSink, scope: string): void {
  const ctx = registerContext(reg);
  if (reg.storage !== undefined) {
    const s = state.get(reg.storage);
    if (!s) {
      sink.report('unknown-storage', reg.span, { name: q(reg.name), storage: q(reg.storage), hint: didYouMean(reg.storage, state.keys()) + scope }, ctx);
    } else if (s.type === 'struct' || s.type === 'timer' || s.type === 'bitbang-i2c') {
      sink.report('storage-shape', reg.span, { name: q(reg.name), detail: `is stored in ${s.type} field ${q(s.name)}; registers are stored in scalars` }, ctx);
    } else {
      if (scalarBits(s.type) < reg.width) {
        sink.report('storage-too-narrow', reg.span, { storage: q(s.name), type: s.type, width: reg.width, name: q(reg.name) }, ctx);
      }
      if (reg.array && s.length !== reg.array.count) {
        sink.report('storage-shape', reg.span, { name: q(reg.name), detail: `has ${reg.array.count} elements but state ${q(s.name)} ${s.length === undefined ? 'is not an array' : `has length ${s.length}`}` }, ctx);
      } else if (!reg.array && s.length !== undefined) {
        sink.report('storage-shape', reg.span, { name: q(reg.name), detail: `is a single register but state ${q(s.name)} is an array of ${s.length}` }, ctx);
      }
    }
  }
  if (reg.hooks.includes('post-write')) {
    if (reg.hooks.includes('write')) {
      sink.report('hook-conflict', reg.span, { name: q(reg.name), hook: q('write'), other: q('post-write'), reason: 'a write hook replaces the store, so post-write would never run' }, ctx);
    } else if (reg.storage === undefined) {
      sink.report('hook-without-storage', reg.span, { name: q(reg.name), hook: q('post-write') }, ctx);
    }
  }
}

/** Runs the reference checks. */
export function checkReferences(device: DeviceIR, sink: DiagnosticSink): void {
  const state = new Map(device.state.map((s) => [s.name, s]));
  const props = new Map(device.properties.map((p) => [p.name, p]));
  const clocks = new Map(device.clocks.map((c) => [c.name, c]));

  for (const reg of device.registers) checkRegister(reg, state, sink, '');
  checkReservedRanges(device, sink);
  const events = new Map(device.traceEvents.map((e) => [e.name, e]));
  for (const region of device.regions) {
    for (const [kind, name] of [['read', region.trace?.read], ['write', region.trace?.write]] as const) {
      if (name === undefined) continue;
      const ev = events.get(name);
      if (ev === undefined) {
        sink.report('region-trace-event', region.span, { region: q(region.name), kind, name: q(name), detail: `is not declared in trace:${didYouMean(name, events.keys())}` });
      } else if (ev.args.length !== 3) {
        sink.report('region-trace-event', region.span, { region: q(region.name), kind, name: q(name), detail: `takes ${ev.args.length} arguments; access trace events take (offset, value, register name)` });
      }
    }
  }
  const structs = new Map(device.structs.map((st) => [st.name, st]));
  for (const b of device.blocks) {
    // Block registers are stored in the struct of the block's state array (checked in check-structs).
    const backing = b.state === undefined ? undefined : state.get(b.state);
    const st = backing?.struct === undefined ? undefined : structs.get(backing.struct);
    const scope = new Map((st?.fields ?? []).map((f) => [f.name, f]));
    for (const reg of b.registers) {
      if (reg.storage !== undefined && st === undefined) continue;
      checkRegister(reg, scope, sink, st ? ` (in struct ${q(st.name)})` : '');
    }
  }

  if (device.chardev) {
    const p = props.get(device.chardev.property);
    if (!p) {
      sink.report('chardev-property-missing', device.chardev.span, { property: q(device.chardev.property), hint: didYouMean(device.chardev.property, props.keys()) }, 'in chardev');
    } else if (p.type !== 'chardev') {
      sink.report('chardev-property-type', device.chardev.span, { property: q(p.name), type: p.type }, 'in chardev');
    }
  }

  for (const g of device.gpios) {
    if (g.lines.length > 0 && g.lines.length !== g.count) {
      sink.report('gpio-lines-count', g.span, { name: q(g.name), lines: g.lines.length, count: g.count }, `in gpio ${q(g.name)}`);
    }
  }

  const vm = device.vmstate;
  if (!vm) return;
  const checkFields = (fields: readonly VmFieldIR[], section: string, version: number, ctx: string, structFields = false) => {
    for (const f of fields) {
      const src = f.source;
      if (src.kind === 'state' && !state.has(src.field)) {
        // Fields of `vmstate.structs` descriptions resolve in their struct (check-structs.ts).
        if (!structFields) sink.report('vmstate-unknown-state', f.span, { name: q(src.field), hint: didYouMean(src.field, state.keys()) }, ctx);
      } else if (src.kind === 'clock' && !clocks.has(src.clock)) {
        sink.report('vmstate-unknown-clock', f.span, { name: q(src.clock), hint: didYouMean(src.clock, clocks.keys()) }, ctx);
      } else if (src.kind === 'unused' && src.size <= 0) {
        sink.report('unused-size', f.span, { size: src.size }, ctx);
      }
      if (f.since > version) {
        sink.report('since-too-new', f.span, { name: q(f.name), since: f.since, section, version }, ctx);
      }
    }
  };
  const vmCtx = `in vmstate ${q(vm.name)}`;
  if (vm.minimumVersion > vm.version) {
    sink.report('minimum-version-too-high', vm.span, { section: `vmstate ${q(vm.name)}`, min: vm.minimumVersion, version: vm.version }, vmCtx);
  }
  checkFields(vm.fields, `vmstate ${q(vm.name)}`, vm.version, vmCtx);
  for (const s of vm.subsections) {
    const ctx = `in subsection ${q(s.name)}`;
    if (s.minimumVersion > s.version) {
      sink.report('minimum-version-too-high', s.span, { section: `subsection ${q(s.name)}`, min: s.minimumVersion, version: s.version }, ctx);
    }
    checkFields(s.fields, `subsection ${q(s.name)}`, s.version, ctx);
    const n = s.needed;
    if (n.kind === 'property') {
      const p = props.get(n.property);
      if (!p) sink.report('needed-unknown-property', n.span, { name: q(s.name), property: q(n.property), hint: didYouMean(n.property, props.keys()) }, ctx);
      else if (p.type !== 'bool') sink.report('needed-property-type', n.span, { name: q(s.name), property: q(p.name), type: p.type }, ctx);
    } else if (n.kind === 'nonzero' && !state.has(n.field)) {
      sink.report('needed-unknown-field', n.span, { name: q(s.name), field: q(n.field), hint: didYouMean(n.field, state.keys()) }, ctx);
    }
  }
  for (const st of vm.structs) {
    const ctx = `in vmstate struct ${q(st.name)}`;
    if (st.minimumVersion > st.version) {
      sink.report('minimum-version-too-high', st.span, { section: `vmstate struct ${q(st.name)}`, min: st.minimumVersion, version: st.version }, ctx);
    }
    checkFields(st.fields, `vmstate struct ${q(st.name)}`, st.version, ctx, true);
  }
}

/** Declared reserved ranges must lie inside their region and must not cover a register. */
function checkReservedRanges(device: DeviceIR, sink: DiagnosticSink): void {
  for (const region of device.regions) {
    const taken = [
      ...device.registers.filter((r) => r.region === region.name).flatMap((r) =>
        Array.from({ length: r.array?.count ?? 1 }, (_, i) => {
          const start = r.offset + i * (r.array?.stride ?? 0);
          return { start, end: start + r.width / 8, name: r.array ? `${r.name}[${i}]` : r.name };
        })),
      ...device.blocks.filter((b) => b.region === region.name).map((b) => ({ start: b.offset, end: b.offset + b.count * b.stride, name: b.name })),
    ];
    for (const res of region.reserved ?? []) {
      const end = res.offset + res.size;
      const range = `0x${res.offset.toString(16)}..0x${(end - 1).toString(16)}`;
      if (end > region.size) {
        sink.report('reserved-range', res.span, { range, region: q(region.name), detail: `ends beyond the region (size 0x${region.size.toString(16)})` });
      }
      const hit = taken.find((t) => t.start < end && res.offset < t.end);
      if (hit !== undefined) sink.report('reserved-range', res.span, { range, region: q(region.name), detail: `covers ${q(hit.name)}` });
    }
  }
}
