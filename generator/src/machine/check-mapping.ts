/**
 * Checks of where a board puts its devices: MMIO bases per sysbus MMIO index (the regions the
 * definition declares), no overlap between RAM and mapped regions, and buses (an I2C slave on
 * an I2C bus of an earlier controller, at an address no other slave on that bus has).
 */
import { q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Span } from '../ir/ir.ts';
import type { ResolvedDevice, PartsCheck } from './check-parts.ts';
import type { DevicePartIR, MachineIR } from './machine-ir.ts';

/** The bus each I2C slave part sits on, by part (for the descriptor). */
export type BusPlacement = ReadonlyMap<DevicePartIR, { readonly host: string; readonly name: string }>;

const hex = (v: number): string => `0x${v.toString(16)}`;

/** One mapped range of the system address space. */
interface Range {
  readonly start: number;
  readonly size: number;
  readonly what: string;
  /** Subregion priority; ranges of different priorities may overlap (the higher answers). */
  readonly priority: number;
  readonly span: Span;
}

/** Checks MMIO indexes and RAM/MMIO overlaps. */
export function checkMmio(m: MachineIR, parts: PartsCheck, sink: DiagnosticSink): void {
  const ranges: Range[] = m.ram.map((r) => ({ start: r.base, size: r.size, what: `RAM region ${q(r.name)}`, priority: 0, span: r.span }));
  for (const { part, device } of parts.devices.values()) {
    if (part.mmio.length === 0) continue;
    if (device.bus !== 'sysbus') {
      sink.report('machine-mmio-index', part.mmio[0]!.span, { type: q(device.name), detail: `is not a sysbus device (parent ${q(device.parent)}): it has no MMIO regions to map` });
      continue;
    }
    part.mmio.forEach((entry, index) => {
      const region = device.regions[index];
      if (region === undefined) {
        const names = device.regions.map((r) => q(r.name)).join(', ');
        sink.report('machine-mmio-index', entry.span, { type: q(device.name), detail: `has ${device.regions.length} MMIO region(s)${names ? ` (${names})` : ''}, so MMIO index ${index} does not exist` });
        return;
      }
      if (entry.base === null) return;
      ranges.push({ start: entry.base, size: region.size, what: `MMIO region ${q(region.name)} of ${q(part.name ?? device.name)}`, priority: entry.priority, span: entry.span });
    });
  }
  reportOverlaps(ranges, sink);
}

/** The x86 I/O port space: 64 KiB of ports. */
const IO_SPACE = 0x10000;

/**
 * Checks I/O port mappings: region indexes the definition declares, each region in one space
 * only (MMIO or ports), inside the 64 KiB port space, and no two regions on one port.
 */
export function checkIo(m: MachineIR, parts: PartsCheck, sink: DiagnosticSink): void {
  const ranges: Range[] = [];
  for (const { part, device } of parts.devices.values()) {
    part.io.forEach((entry, index) => {
      const region = device.regions[index];
      const who = q(part.name ?? device.name);
      if (region === undefined) {
        const names = device.regions.map((r) => q(r.name)).join(', ');
        sink.report('machine-mmio-index', entry.span, { type: q(device.name), detail: `has ${device.regions.length} region(s)${names ? ` (${names})` : ''}, so I/O region index ${index} does not exist` });
        return;
      }
      if (entry.base === null) return;
      if (part.mmio[index] !== undefined && part.mmio[index]!.base !== null) {
        sink.report('machine-mmio-index', entry.span, { type: q(device.name), detail: `region ${q(region.name)} of ${who} is mapped as MMIO already: a region sits in one space only` });
        return;
      }
      if (entry.base + region.size > IO_SPACE) {
        sink.report('machine-mmio-index', entry.span, { type: q(device.name), detail: `region ${q(region.name)} of ${who} (${hex(region.size)} bytes) at port ${hex(entry.base)} runs past the last I/O port 0xffff` });
        return;
      }
      ranges.push({ start: entry.base, size: region.size, what: `I/O region ${q(region.name)} of ${who}`, priority: entry.priority, span: entry.span });
    });
  }
  reportOverlaps(ranges, sink);
}

/**
 * Reports each range that overlaps one of the same priority before it (in address order), at
 * the later definition line. Ranges of different priorities may overlap: the higher answers
 * there, as in QEMU's flat view.
 */
function reportOverlaps(all: Range[], sink: DiagnosticSink): void {
  for (const priority of new Set(all.map((r) => r.priority))) reportOverlapsAmong(all.filter((r) => r.priority === priority), sink);
}

function reportOverlapsAmong(ranges: Range[], sink: DiagnosticSink): void {
  ranges.sort((a, b) => a.start - b.start || a.span.line - b.span.line);
  const show = (r: Range): string => `${hex(r.start)}..${hex(r.start + r.size - 1)}`;
  let reach: Range | undefined;
  for (const r of ranges) {
    if (reach !== undefined && r.start < reach.start + reach.size) {
      const [first, second] = reach.span.line <= r.span.line ? [reach, r] : [r, reach];
      sink.report('machine-mmio-overlap', second.span, { what: second.what, range: show(second), other: first.what, otherRange: show(first), line: first.span.line });
    }
    if (reach === undefined || r.start + r.size > reach.start + reach.size) reach = r;
  }
}

/** Checks every device's bus; returns where each I2C slave sits. */
export function checkBuses(m: MachineIR, parts: PartsCheck, sink: DiagnosticSink): BusPlacement {
  const placed = new Map<DevicePartIR, { host: string; name: string }>();
  const addresses = new Map<string, { address: bigint; part: DevicePartIR }[]>();
  const before = new Set<string>();
  for (const part of m.parts) {
    const r = part.kind === 'device' ? parts.devices.get(part) : undefined;
    if (r !== undefined) {
      const where = busOf(r, parts, before, sink);
      if (where !== undefined) {
        placed.set(part as DevicePartIR, where);
        const key = `${where.host}\u0000${where.name}`;
        const address = addressOf(r);
        const list = addresses.get(key) ?? [];
        const clash = list.find((x) => x.address === address);
        if (clash !== undefined) {
          sink.report('machine-bus-address', r.part.span, { address: `0x${address.toString(16)}`, bus: q(`${where.host}.${where.name}`), other: q(clash.part.name ?? clash.part.type), line: clash.part.span.line });
        }
        list.push({ address, part: r.part });
        addresses.set(key, list);
      }
    }
    if (part.name !== undefined) before.add(part.name);
  }
  return placed;
}

/** Where a device answers on its bus: an I2C slave's `address`, a PCI function's `addr` (devfn), as the board sets it, else the default. */
function addressOf(r: ResolvedDevice): bigint {
  const name = r.device.bus === 'pci' ? 'addr' : 'address';
  const given = r.props.find((p) => p.name === name);
  if (given !== undefined && typeof given.value === 'bigint') return given.value;
  const decl = r.device.properties.find((p) => p.name === name);
  return typeof decl?.default === 'bigint' ? decl.default : 0n;
}

function busOf(r: ResolvedDevice, parts: PartsCheck, before: ReadonlySet<string>, sink: DiagnosticSink): { host: string; name: string } | undefined {
  const { part, device } = r;
  const type = q(device.name);
  if (part.bus === undefined) {
    if (device.bus === 'i2c') sink.report('machine-bus', part.typeSpan, { type, detail: 'is an I2C slave: give it `bus: { host: NAME }`, the I2C controller part it sits behind' });
    return undefined;
  }
  if (device.bus !== 'i2c' && device.bus !== 'pci') {
    sink.report('machine-bus', part.bus.span, { type, detail: `sits on ${device.bus === 'sysbus' ? 'the system bus' : 'no bus'} (parent ${q(device.parent)}); \`bus:\` is for I2C slaves and PCI functions` });
    return undefined;
  }
  if (device.bus === 'pci' && addressOf(r) < 0n) {
    sink.report('machine-bus', part.bus.span, { type, detail: 'is a PCI function: give it `properties: { addr: DEVFN }` (slot << 3 | function), where it answers on the bus' });
    return undefined;
  }
  const hostPart = parts.byName.get(part.bus.host);
  if (hostPart === undefined || !before.has(part.bus.host)) {
    const where = hostPart === undefined ? 'in devices:' : 'before this device';
    sink.report('machine-unknown-part', part.bus.hostSpan, { what: 'the bus', name: q(part.bus.host), where, hint: '' });
    return undefined;
  }
  if (parts.unknown.has(hostPart)) return undefined;
  const host = hostPart.kind === 'device' ? parts.devices.get(hostPart)?.device : undefined;
  const buses = (host?.buses ?? []).filter((b) => b.busKind === device.bus);
  const hostName = q(hostPart.name ?? hostPart.type);
  if (buses.length === 0) {
    sink.report('machine-bus', part.bus.hostSpan, { type, detail: `cannot sit behind ${hostName} (${q(hostPart.type)}): it has no ${device.bus.toUpperCase()} bus` });
    return undefined;
  }
  const name = part.bus.name ?? (buses.length === 1 ? buses[0]!.name : undefined);
  if (name === undefined || !buses.some((b) => b.name === name)) {
    const list = buses.map((b) => q(b.name)).join(', ');
    const detail = name === undefined ? `needs \`name:\`: ${hostName} has the ${device.bus.toUpperCase()} buses ${list}` : `cannot sit on bus ${q(name)}: the ${device.bus.toUpperCase()} buses of ${hostName} are ${list}`;
    sink.report('machine-bus', part.bus.span, { type, detail });
    return undefined;
  }
  return { host: part.bus.host, name };
}
