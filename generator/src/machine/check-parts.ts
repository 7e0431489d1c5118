/**
 * Checks of a board's parts against the device definitions: known types, properties typed as
 * the device declares them, serial bindings, QOM placement, unique names, and the facts the
 * descriptor needs (typed property values, the chardev property, the QOM path each part gets).
 * MMIO and bus checks are in check-mapping.ts, wires in check-wires.ts.
 */
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { scalarSlot } from '../schema/slots.ts';
import type { DeviceIR, PropertyIR, Span } from '../ir/ir.ts';
import { parseNumberLiteral } from '../schema/numbers.ts';
import type { DevicePartIR, MachineIR, PartIR, PartPropertyIR } from './machine-ir.ts';

/** A property value typed as its definition declares it. */
export interface TypedProperty {
  readonly name: string;
  readonly type: PropertyIR['type'];
  readonly value: bigint | boolean | string;
}

/** What the checks learned about one device part. */
export interface ResolvedDevice {
  readonly part: DevicePartIR;
  readonly device: DeviceIR;
  readonly props: readonly TypedProperty[];
  /** Chardev property a `serial:` binding sets. */
  readonly chardevProperty: string | undefined;
}

/** What the part checks hand on to the mapping, wire and emit steps. */
export interface PartsCheck {
  /** Device parts whose type is known, by part. */
  readonly devices: ReadonlyMap<DevicePartIR, ResolvedDevice>;
  /** Parts by board-local name (the first of a duplicate). */
  readonly byName: ReadonlyMap<string, PartIR>;
  /** Device parts whose type is unknown (already reported; later checks skip them). */
  readonly unknown: ReadonlySet<PartIR>;
  /** QOM path each part ends up at, "[*]" resolved. */
  readonly paths: ReadonlyMap<PartIR, string>;
}

/** Containers every machine has (the runtime's Machine creates them). */
export const STANDARD_CONTAINERS = ['/machine', '/machine/unattached', '/machine/peripheral', '/machine/peripheral-anon'] as const;

const CHILD_RE = /^[^/[\]]+(\[(\d+|\*)\])?$/;

/** Checks every part; reports into `sink`. */
export function checkParts(m: MachineIR, devices: ReadonlyMap<string, DeviceIR>, sink: DiagnosticSink): PartsCheck {
  const resolved = new Map<DevicePartIR, ResolvedDevice>();
  const byName = new Map<string, PartIR>();
  const unknown = new Set<PartIR>();
  const loaded = [...devices.keys()].sort();
  const ids = new Map<string, Span>();
  for (const part of m.parts) {
    if (part.name !== undefined) {
      const first = byName.get(part.name);
      if (first !== undefined) sink.report('machine-duplicate-name', part.nameSpan, { what: 'part name', name: q(part.name), line: first.nameSpan.line });
      else byName.set(part.name, part);
    }
    if (part.kind === 'stand-in') {
      if (devices.has(part.type)) sink.report('machine-stand-in-modelled', part.typeSpan, { type: q(part.type) });
      checkStandInLists(part.gpios, sink);
      continue;
    }
    if (part.id !== undefined) {
      const first = ids.get(part.id);
      if (first !== undefined) sink.report('machine-duplicate-name', part.nameSpan, { what: 'qdev id', name: q(part.id), line: first.line });
      else ids.set(part.id, part.nameSpan);
    }
    const device = devices.get(part.type);
    if (device === undefined) {
      sink.report('machine-unknown-type', part.typeSpan, { type: q(part.type), hint: didYouMean(part.type, loaded), loaded: loaded.join(', ') || '(none)' });
      unknown.add(part);
      continue;
    }
    resolved.set(part, {
      part,
      device,
      props: part.properties.flatMap((p) => typedProperty(part, device, p, sink) ?? []),
      chardevProperty: device.chardev?.property,
    });
  }
  checkSerial(resolved, sink);
  return { devices: resolved, byName, unknown, paths: placeParts(m, sink) };
}

function checkStandInLists(gpios: readonly { name: string | null; span: Span }[], sink: DiagnosticSink): void {
  const seen = new Map<string | null, Span>();
  for (const g of gpios) {
    const first = seen.get(g.name);
    if (first !== undefined) sink.report('machine-duplicate-name', g.span, { what: 'GPIO list', name: g.name === null ? '(unnamed)' : q(g.name), line: first.line });
    else seen.set(g.name, g.span);
  }
}

/** Types one property value by the device's declaration, or reports why it does not fit. */
function typedProperty(part: DevicePartIR, device: DeviceIR, p: PartPropertyIR, sink: DiagnosticSink): TypedProperty | undefined {
  const decl = device.properties.find((d) => d.name === p.name);
  if (decl === undefined) {
    const names = device.properties.map((d) => d.name);
    sink.report('machine-unknown-property', p.keySpan, { type: q(device.name), name: q(p.name), hint: didYouMean(p.name, names), known: names.join(', ') || '(none)' });
    return undefined;
  }
  const bad = (detail: string): undefined => {
    sink.report('machine-property-value', p.span, { name: q(p.name), type: q(device.name), detail });
    return undefined;
  };
  const found = typeof p.value === 'string' ? `a string (${JSON.stringify(p.value)})` : typeof p.value === 'boolean' ? `a boolean (${p.value})` : 'a number';
  switch (decl.type) {
    case 'chardev':
      return bad(`is a chardev property: bind a serial port to ${q(part.name ?? part.type)} with \`serial: N\` instead`);
    case 'bool':
      return typeof p.value === 'boolean' ? { name: p.name, type: decl.type, value: p.value } : bad(`expects a boolean (true or false), found ${found}`);
    case 'string':
      return typeof p.value === 'string' ? { name: p.name, type: decl.type, value: p.value } : bad(`expects a string, found ${found}`);
    default: {
      if (typeof p.value === 'boolean' || p.literal === undefined) return bad(`expects a ${decl.type} integer, found ${found}`);
      const r = parseNumberLiteral(p.literal, scalarSlot(decl.type, `a ${decl.type} property`));
      if (!r.ok) {
        sink.report(r.id, p.span, r.args as never);
        return undefined;
      }
      const outside = (decl.min !== undefined && r.value < decl.min) || (decl.max !== undefined && r.value > decl.max);
      if (outside && decl.outOfRange === 'error') return bad(`must be within ${decl.min ?? '-'}..${decl.max ?? '-'}, found ${r.value}`);
      return { name: p.name, type: decl.type, value: r.value };
    }
  }
}

function checkSerial(resolved: ReadonlyMap<DevicePartIR, ResolvedDevice>, sink: DiagnosticSink): void {
  const ports = new Map<number, DevicePartIR>();
  for (const { part, device } of resolved.values()) {
    if (part.serial === undefined) continue;
    if (device.chardev === undefined) {
      sink.report('machine-serial', part.serial.span, { detail: `${q(device.name)} has no chardev, so no serial port can be bound to it` });
      continue;
    }
    const first = ports.get(part.serial.index);
    if (first !== undefined) {
      sink.report('machine-serial', part.serial.span, { detail: `serial port ${part.serial.index} is already bound to ${q(first.name ?? first.type)} (line ${first.serial!.span.line})` });
    } else {
      ports.set(part.serial.index, part);
    }
  }
}

/** Resolves every part's QOM path as the QOM tree will ("[*]" = next free index) and checks it. */
function placeParts(m: MachineIR, sink: DiagnosticSink): Map<PartIR, string> {
  const paths = new Map<PartIR, string>();
  const taken = new Map<string, PartIR>();
  const containers = new Set<string>(STANDARD_CONTAINERS);
  for (const part of m.parts) {
    const cut = part.at.lastIndexOf('/');
    const parent = cut <= 0 ? '/' : part.at.slice(0, cut);
    const child = part.at.slice(cut + 1);
    if (!part.at.startsWith('/') || !CHILD_RE.test(child)) {
      sink.report('machine-qom-path', part.atSpan, { path: q(part.at), detail: 'is not an absolute path ending in a child name (NAME, NAME[N] or NAME[*])' });
      continue;
    }
    if (!containers.has(parent)) {
      sink.report('machine-qom-path', part.atSpan, { path: q(part.at), detail: `has no parent: ${q(parent)} is neither ${STANDARD_CONTAINERS.join(', ')} nor a part declared before` });
      continue;
    }
    let path = part.at;
    if (child.endsWith('[*]')) {
      const base = `${parent === '/' ? '' : parent}/${child.slice(0, -3)}`;
      let i = 0;
      while (taken.has(`${base}[${i}]`)) i++;
      path = `${base}[${i}]`;
    }
    const first = taken.get(path);
    if (first !== undefined) {
      sink.report('machine-qom-path', part.atSpan, { path: q(path), detail: `is taken by ${q(first.name ?? first.type)} (line ${first.span.line})` });
      continue;
    }
    taken.set(path, part);
    containers.add(path);
    paths.set(part, path);
  }
  return paths;
}
