/**
 * Checks of a board's wires: each end names a declared part and one of its GPIO groups (a
 * device's, from its definition) or lists (a stand-in's), runs from a device output to an
 * input, and stays inside the group's lines.
 */
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { PartsCheck } from './check-parts.ts';
import type { EndpointIR, MachineIR } from './machine-ir.ts';

/** Checks every wire of `m`. */
export function checkWires(m: MachineIR, parts: PartsCheck, sink: DiagnosticSink): void {
  for (const wire of m.wires) {
    checkEnd(wire.from, 'out', parts, sink);
    checkEnd(wire.to, 'in', parts, sink);
  }
}

function checkEnd(end: EndpointIR, direction: 'in' | 'out', parts: PartsCheck, sink: DiagnosticSink): void {
  const text = q(end.text);
  const part = parts.byName.get(end.part);
  if (part === undefined) {
    sink.report('machine-unknown-part', end.span, { what: `wire end ${text}`, name: q(end.part), where: 'in devices:', hint: didYouMean(end.part, parts.byName.keys()) });
    return;
  }
  if (parts.unknown.has(part)) return;
  const who = `${q(end.part)}`;
  const kind = direction === 'in' ? 'input' : 'output';
  const last = end.first + end.count - 1;
  if (part.kind === 'stand-in') {
    const lists = part.gpios;
    const list = lists.find((g) => g.name === end.group);
    if (list === undefined) {
      const names = lists.map((g) => (g.name === null ? '(unnamed)' : q(g.name)));
      const hint = end.group === null ? '' : didYouMean(end.group, lists.flatMap((g) => (g.name === null ? [] : [g.name])));
      sink.report('machine-unknown-gpio', end.span, { end: text, part: who, type: q(part.type), what: 'list', group: end.group === null ? '(unnamed)' : q(end.group), hint, known: names.join(', ') || '(no GPIO lists)' });
      return;
    }
    if (direction === 'out') {
      sink.report('machine-gpio-direction', end.span, { end: text, detail: `starts at stand-in ${q(part.type)}: stand-in outputs are never driven, so a wire cannot start there` });
      return;
    }
    if (list.inputs === 0) {
      sink.report('machine-gpio-direction', end.span, { end: text, detail: `ends at a GPIO list of stand-in ${q(part.type)} that has no inputs` });
      return;
    }
    if (last >= list.inputs) {
      const listName = list.name === null ? 'the unnamed GPIO list' : `GPIO list ${q(list.name)}`;
      sink.report('machine-gpio-index', end.span, { end: text, what: `${listName} of ${who}`, count: list.inputs, index: last });
    }
    return;
  }
  const device = parts.devices.get(part)?.device;
  if (device === undefined) return;
  const group = end.group === null ? undefined : device.gpios.find((g) => g.name === end.group);
  if (group === undefined) {
    const names = device.gpios.map((g) => `${q(g.name)} (${g.direction})`);
    const hint = end.group === null ? ': a device end names its GPIO group' : didYouMean(end.group, device.gpios.map((g) => g.name));
    sink.report('machine-unknown-gpio', end.span, { end: text, part: who, type: q(device.name), what: 'group', group: end.group === null ? '(unnamed)' : q(end.group), hint, known: names.join(', ') || '(no GPIOs)' });
    return;
  }
  if (group.direction !== direction) {
    const detail = direction === 'out'
      ? `is input group ${q(group.name)} of ${who}: a wire starts at an output`
      : `is output group ${q(group.name)} of ${who}: a wire ends at an input`;
    sink.report('machine-gpio-direction', end.span, { end: text, detail });
    return;
  }
  if (last >= group.count) {
    sink.report('machine-gpio-index', end.span, { end: text, what: `${kind} group ${q(group.name)} of ${who}`, count: group.count, index: last });
  }
}
