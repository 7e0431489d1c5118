/**
 * Lowering of a shape-checked board definition to the machine IR: the number rules (with each
 * scalar's source text), which keys each kind of part takes, the wire-end syntax, and the
 * defaults (QOM placement, a qdev id as the part's name). Every problem of the stage is
 * reported; the checks against the device definitions run afterwards (check-machine.ts).
 */
import { q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { contextOf, type DefinitionValue, type ValuePath } from '../format-v1/definition-value.ts';
import { indexSlot, parseNumberLiteral, type NumberSlot } from '../schema/numbers.ts';
import type { DevicePartIR, EndpointIR, MachineIR, PartIR, PlacementIR, RamIR, StandInGpioIR, StandInPartIR, WireIR } from './machine-ir.ts';
import { DEVICE_ONLY_KEYS, MACHINE_LABELS, STAND_IN_ONLY_KEYS, type MachineDef, type PartDef } from './machine.schema.ts';
import { parseEndpoint } from './wire-endpoint.ts';

/** Where parts go unless the definition says otherwise (QEMU's qdev_new → /machine/unattached). */
export const DEFAULT_PART_AT = '/machine/unattached/device[*]';

/** Subregion priorities: QEMU takes an int; a board needs only a few levels. */
const PRIORITY: NumberSlot = indexSlot('a mapping priority', 0n, 0x7fffffffn);

/** Addresses and sizes end up as JS numbers (the runtime's address space). */
const ADDRESS = (what: string): NumberSlot => indexSlot(what);

/** Lowers `def` to the IR; `defFile` is the display path used in spans. */
export function lowerMachine(read: DefinitionValue, def: MachineDef, defFile: string, sink: DiagnosticSink): MachineIR {
  return new MachineLowerer(read, sink).machine(def, defFile);
}

class MachineLowerer {
  constructor(private readonly read: DefinitionValue, private readonly sink: DiagnosticSink) {}

  private span(path: ValuePath) {
    return this.read.spanOf(path);
  }

  private ctx(path: ValuePath): string | undefined {
    return contextOf(this.read.value, path, MACHINE_LABELS);
  }

  /** A number slot as a JS number, or `fallback` (with a diagnostic) when it breaks the number rules. */
  private int(path: ValuePath, slot: NumberSlot, fallback: number): number {
    const lit = this.read.literalAt(path);
    if (!lit) {
      this.sink.report('number-syntax', this.span(path), { text: 'this value' }, this.ctx(path));
      return fallback;
    }
    const r = parseNumberLiteral(lit, slot);
    if (r.ok) return Number(r.value);
    this.sink.report(r.id, this.span(path), r.args as never, this.ctx(path));
    return fallback;
  }

  machine(def: MachineDef, defFile: string): MachineIR {
    const version = this.int(['devgen'], indexSlot('the format version'), 1);
    if (version !== 1 && this.read.literalAt(['devgen'])) this.sink.report('format-version', this.span(['devgen']), { version });
    return {
      kind: 'machine',
      name: def.machine.name,
      description: def.machine.description ?? '',
      defFile,
      ram: (def.ram ?? []).map((r, i): RamIR => ({
        kind: 'ram',
        name: r.name,
        base: this.int(['ram', i, 'base'], ADDRESS('a RAM base address'), 0),
        size: this.int(['ram', i, 'size'], indexSlot('a RAM size', 1n), 1),
        span: this.span(['ram', i]),
      })),
      parts: (def.devices ?? []).flatMap((p, i) => this.part(p, ['devices', i]) ?? []),
      wires: (def.wires ?? []).flatMap((w, i) => this.wire(w, ['wires', i]) ?? []),
      span: this.span(['machine']),
    };
  }

  private part(p: PartDef, path: ValuePath): PartIR | undefined {
    const hasDevice = p.device !== undefined;
    const hasStandIn = p['stand-in'] !== undefined;
    if (hasDevice === hasStandIn) {
      const detail = hasDevice ? 'names both `device:` and `stand-in:`; a part is one or the other' : 'names neither `device:` (a device devgen defines) nor `stand-in:` (a part it does not model)';
      this.sink.report('machine-part-kind', this.span(path), { detail }, this.ctx(path));
      return undefined;
    }
    const wrongKeys = (hasDevice ? STAND_IN_ONLY_KEYS : DEVICE_ONLY_KEYS).filter((k) => (p as Record<string, unknown>)[k] !== undefined);
    for (const key of wrongKeys) {
      const detail = hasDevice
        ? `is a device: its GPIOs come from its definition (${q(key)} is for stand-ins)`
        : `is a stand-in: ${q(key)} applies to devices only (a stand-in has a type, a name, a QOM path and GPIO lists)`;
      this.sink.report('machine-part-kind', this.read.keySpanOf([...path, key]), { detail }, this.ctx(path));
    }
    if (wrongKeys.length > 0) return undefined;
    const typeKey = hasDevice ? 'device' : 'stand-in';
    const id = hasDevice ? p.id : undefined;
    const base = {
      type: (hasDevice ? p.device : p['stand-in'])!,
      typeSpan: this.span([...path, typeKey]),
      name: p.name ?? id,
      nameSpan: this.span([...path, p.name !== undefined ? 'name' : id !== undefined ? 'id' : typeKey]),
      at: p.at ?? (id !== undefined ? `/machine/peripheral/${id}` : DEFAULT_PART_AT),
      atSpan: this.span([...path, p.at !== undefined ? 'at' : typeKey]),
      description: p.description ?? '',
      withSerial: p['with-serial'] === undefined ? undefined : { index: this.int([...path, 'with-serial'], indexSlot('a serial port index', 0n, 255n), 0), span: this.span([...path, 'with-serial']) },
      span: this.span(path),
    };
    return hasDevice ? this.devicePart(p, path, base, id) : this.standIn(p, path, base);
  }

  private devicePart(p: PartDef, path: ValuePath, base: Omit<DevicePartIR, 'kind' | 'id' | 'properties' | 'mmio' | 'io' | 'serial' | 'bus'>, id: string | undefined): DevicePartIR {
    return {
      kind: 'device',
      ...base,
      id,
      properties: Object.entries(p.properties ?? {}).map(([name, value]) => {
        const at = [...path, 'properties', name];
        return { name, value, literal: this.read.literalAt(at), keySpan: this.read.keySpanOf(at), span: this.span(at) };
      }),
      mmio: (p.mmio ?? []).map((b, i) => this.placement(b, [...path, 'mmio', i], ADDRESS('an MMIO base address'))),
      io: (p.io ?? []).map((b, i) => this.placement(b, [...path, 'io', i], indexSlot('an I/O port', 0n, 0xffffn))),
      serial: p.serial === undefined ? undefined : { index: this.int([...path, 'serial'], indexSlot('a serial port index', 0n, 255n), 0), span: this.span([...path, 'serial']) },
      bus: p.bus === undefined ? undefined : { host: p.bus.host, hostSpan: this.span([...path, 'bus', 'host']), name: p.bus.name, span: this.span([...path, 'bus']) },
    };
  }

  /** One `mmio:`/`io:` entry: a base, null, or `{ base, priority }`. */
  private placement(entry: unknown, at: ValuePath, slot: NumberSlot): PlacementIR {
    if (entry === null) return { base: null, priority: 0, span: this.span(at) };
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry) && typeof entry !== 'bigint') {
      return {
        base: this.int([...at, 'base'], slot, 0),
        priority: this.int([...at, 'priority'], PRIORITY, 0),
        span: this.span(at),
      };
    }
    return { base: this.int(at, slot, 0), priority: 0, span: this.span(at) };
  }

  private standIn(p: PartDef, path: ValuePath, base: Omit<StandInPartIR, 'kind' | 'gpios'>): StandInPartIR {
    return {
      kind: 'stand-in',
      ...base,
      gpios: (p.gpios ?? []).map((g, i): StandInGpioIR => {
        const at = [...path, 'gpios', i];
        const count = (key: 'inputs' | 'outputs') => (g[key] === undefined ? 0 : this.int([...at, key], indexSlot(`a number of ${key}`, 0n, 4096n), 0));
        return { name: g.name ?? null, inputs: count('inputs'), outputs: count('outputs'), span: this.span(at) };
      }),
    };
  }

  private wire(w: { from: string; to: string }, path: ValuePath): WireIR | undefined {
    const end = (key: 'from' | 'to'): EndpointIR | undefined => {
      const at = [...path, key];
      const parsed = parseEndpoint(w[key], this.span(at));
      if (parsed.ok) return parsed.end;
      this.sink.report('machine-wire-syntax', this.span(at), { text: q(w[key]), detail: parsed.detail }, this.ctx(path));
      return undefined;
    };
    const from = end('from');
    const to = end('to');
    if (from === undefined || to === undefined) return undefined;
    if (from.count !== to.count) {
      this.sink.report('machine-wire-count', this.span(path), { from: from.count, to: to.count }, this.ctx(path));
      return undefined;
    }
    return { kind: 'wire', from, to, span: this.span(path) };
  }
}
