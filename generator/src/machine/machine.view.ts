/**
 * View models of the board emitter: a checked machine as the literal of the runtime's
 * MachineDescriptor (data only: one line per RAM region, part and wire, each with the
 * definition line it comes from), and the board index over every machine.
 */
import { machineValueName, propertyKey } from '../names/device-names.ts';
import { commentText, isBigScalar, moduleSpecifier, provenance, ref, tsString, docWithRef, RUNTIME_IMPORT } from '../emit/ts-literals.ts';
import type { FileView } from '../emit/render.ts';
import type { ScalarType } from '../ir/ir.ts';
import type { CheckedMachine } from './load-machine.ts';
import type { PartIR, PlacementIR, WireIR } from './machine-ir.ts';

/** A value of the descriptor literal; `Hex` prints an address in hex. */
type Literal = string | number | bigint | boolean | null | Hex | readonly Literal[] | { readonly [key: string]: Literal | undefined };

/** An address or size, printed as 0x… */
class Hex {
  constructor(readonly value: number) {}
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** TypeScript source of a literal (objects inline, keys quoted only when needed, undefined keys left out). */
export function literal(v: Literal): string {
  if (v instanceof Hex) return `0x${v.value.toString(16)}`;
  if (v === null) return 'null';
  if (typeof v === 'string') return tsString(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${(v as readonly Literal[]).map(literal).join(', ')}]`;
  const entries = Object.entries(v as Record<string, Literal | undefined>).filter((e): e is [string, Literal] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${IDENT.test(k) ? k : tsString(k)}: ${literal(x)}`).join(', ')} }`;
}

/** One line of the descriptor with the definition line it comes from. */
export interface LineView {
  readonly line: string;
  readonly ref: string;
}

/** View of generated/machines/<name>.machine.ts. */
export interface MachineFileView extends FileView {
  readonly doc: string;
  readonly constName: string;
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly ram: readonly LineView[];
  readonly parts: readonly LineView[];
  readonly wires: readonly LineView[];
}

/** Exported name of a board's descriptor: `virt` → `virtMachine`. */
export function machineConstName(name: string): string {
  return machineValueName(name);
}

/** Output path of a board's descriptor. */
export function machinePath(name: string): string {
  return `generated/machines/${name}.machine.ts`;
}

/** A region placement: its base, null, or `{ base, priority }` when the priority is not 0. */
function placementLiteral(e: PlacementIR): Literal {
  if (e.base === null) return null;
  return e.priority === 0 ? new Hex(e.base) : { base: new Hex(e.base), priority: e.priority };
}

function partLiteral(m: CheckedMachine, part: PartIR): Literal {
  const base = { type: part.type, name: part.name, at: part.at, withSerial: part.withSerial?.index };
  if (part.kind === 'stand-in') {
    return { kind: 'stand-in', ...base, gpios: part.gpios.map((g) => ({ name: g.name, inputs: g.inputs, outputs: g.outputs })) };
  }
  const r = m.devices.get(part)!;
  const props: Record<string, Literal> = {};
  for (const p of r.props) {
    props[p.name] = typeof p.value === 'bigint' && !isBigScalar(p.type as ScalarType) ? Number(p.value) : p.value;
  }
  const bus = m.buses.get(part);
  return {
    kind: 'device',
    ...base,
    id: part.id,
    props,
    mmio: part.mmio.map(placementLiteral),
    io: part.io.length === 0 ? undefined : part.io.map(placementLiteral),
    serial: part.serial === undefined ? undefined : { index: part.serial.index, property: r.chardevProperty! },
    bus: bus === undefined ? undefined : { host: bus.host, name: bus.name },
  };
}

function wireLiteral(w: WireIR): Literal {
  const end = (e: WireIR['from']) => ({ part: e.part, group: e.group, index: e.first });
  return { from: end(w.from), to: end(w.to), count: w.from.count };
}

function ramLiteral(r: CheckedMachine['ir']['ram'][number]): Literal {
  return { name: r.name, base: new Hex(r.base), size: new Hex(r.size) };
}

/** A literal as plain data (addresses as numbers): what the printed descriptor evaluates to. */
function plain(v: Literal): unknown {
  if (v instanceof Hex) return v.value;
  if (Array.isArray(v)) return (v as readonly Literal[]).map(plain);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, Literal | undefined>)) if (x !== undefined) out[k] = plain(x);
  return out;
}

/**
 * The descriptor of a checked board as data, equal to what generated/machines/<name>.machine.ts
 * evaluates to (the same literals the file prints). Typed loosely: the generator does not import
 * the runtime; the runtime's MachineDescriptor type checks the printed file.
 */
export function descriptorData(m: CheckedMachine): Record<string, unknown> {
  const { ir } = m;
  return {
    name: ir.name,
    description: ir.description,
    source: provenance(ir.span),
    ram: ir.ram.map((r) => plain(ramLiteral(r))),
    parts: ir.parts.map((p) => plain(partLiteral(m, p))),
    wires: ir.wires.map((w) => plain(wireLiteral(w))),
  };
}

/** The view of one board's descriptor file. */
export function machineFileView(m: CheckedMachine, banner: string): MachineFileView {
  const { ir } = m;
  return {
    banner,
    imports: [{ typeOnly: true, names: 'MachineDescriptor', from: moduleSpecifier(RUNTIME_IMPORT) }],
    doc: docWithRef(ir.description || `The ${ir.name} board`, ir.span),
    constName: machineConstName(ir.name),
    name: tsString(ir.name),
    description: tsString(ir.description),
    source: tsString(provenance(ir.span)),
    ram: ir.ram.map((r) => ({ line: literal(ramLiteral(r)), ref: ref(r.span) })),
    parts: ir.parts.map((p) => ({ line: literal(partLiteral(m, p)), ref: commentText(`${provenance(p.span)} → ${m.paths.get(p) ?? p.at}`) })),
    wires: ir.wires.map((w) => ({ line: literal(wireLiteral(w)), ref: ref(w.span) })),
  };
}
