/**
 * Checks of instance state, the state a device keeps but never migrates: `migrate: false`
 * fields and bitbang-i2c engines must stay out of the VMState, and an engine must name a child
 * bus of kind i2c that the device declares.
 */
import type { DeviceIR, StateFieldIR, VmFieldIR } from '../ir/ir.ts';
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';

/** Runs the checks. */
export function checkInstanceState(device: DeviceIR, sink: DiagnosticSink): void {
  const buses = new Map(device.buses.map((b) => [b.name, b]));
  for (const f of device.state) {
    if (f.type !== 'bitbang-i2c') continue;
    const ctx = `in state ${q(f.name)}`;
    if (f.bus === undefined) {
      sink.report('bitbang-i2c-bus', f.span, { name: q(f.name), detail: `needs \`bus:\` (the \`buses:\` entry it drives${buses.size ? `: ${[...buses.keys()].map(q).join(', ')}` : ''})` }, ctx);
      continue;
    }
    const bus = buses.get(f.bus);
    if (!bus) sink.report('bitbang-i2c-bus', f.span, { name: q(f.name), detail: `drives bus ${q(f.bus)}, which is not declared in \`buses:\`${didYouMean(f.bus, buses.keys())}` }, ctx);
    else if (bus.busKind !== 'i2c') sink.report('bitbang-i2c-bus', f.span, { name: q(f.name), detail: `drives bus ${q(bus.name)} of kind ${bus.busKind}; it must be an i2c bus` }, ctx);
  }

  const vm = device.vmstate;
  if (!vm) return;
  const state = new Map(device.state.map((s) => [s.name, s]));
  const structs = new Map(device.structs.map((st) => [st.name, st]));
  const check = (fields: readonly VmFieldIR[], scope: ReadonlyMap<string, StateFieldIR>, ctx: string): void => {
    for (const f of fields) {
      if (f.source.kind !== 'state') continue;
      const sf = scope.get(f.source.field);
      if (!sf || sf.migrate) continue;
      const detail = sf.type === 'bitbang-i2c'
        ? 'is a bitbang-i2c engine (never migrated)'
        : 'is declared `migrate: false` (instance state only): drop this vmstate field, or drop `migrate: false`';
      sink.report('vmstate-not-migrated', f.span, { name: q(f.name), field: q(sf.name), detail }, ctx);
    }
  };
  check(vm.fields, state, `in vmstate ${q(vm.name)}`);
  for (const s of vm.subsections) check(s.fields, state, `in subsection ${q(s.name)}`);
  for (const d of vm.structs) {
    const st = structs.get(d.struct);
    if (st) check(d.fields, new Map(st.fields.map((f) => [f.name, f])), `in vmstate struct ${q(d.name)}`);
  }
}
