/**
 * Checks over the set of a project's device definitions, which no single definition can see:
 * each device name (QOM type name, and the folder of its generated files) is defined once, and
 * no two names give one exported identifier in the project files (`foo-bar` and `foo_bar` are
 * both `fooBarTypeInfo` in generated/index.ts).
 * Generate and lint run it over every definition that loaded.
 */
import { DiagnosticSink, q, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { deviceNames } from '../names/device-names.ts';

/** Two definitions of one device name, reported at the second (in the order given), naming the first. */
export function checkDeviceSet(devices: readonly (Pick<DeviceIR, 'name' | 'span'> & { readonly variants?: DeviceIR['variants'] })[]): Diagnostic[] {
  const sink = new DiagnosticSink();
  const first = new Map<string, Pick<DeviceIR, 'name' | 'span'>>();
  const byValue = new Map<string, Pick<DeviceIR, 'name' | 'span'>>();
  // A variant is a type name of the project too (QEMU registers it beside its device).
  for (const d of devices.flatMap((x) => [x, ...(x.variants ?? [])])) {
    const prev = first.get(d.name);
    if (prev) {
      sink.report('duplicate-device', d.span, { name: q(d.name), other: `${prev.span.file}:${prev.span.line}` });
      continue;
    }
    first.set(d.name, d);
    const value = deviceNames(d).value;
    const clash = byValue.get(value);
    if (clash) {
      sink.report('name-clash', d.span, { what: 'device', name: q(d.name), ident: q(value), other: `device ${q(clash.name)} of ${clash.span.file}`, line: clash.span.line });
    } else byValue.set(value, d);
  }
  return sink.toArray();
}
