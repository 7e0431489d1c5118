/**
 * The register-access figures of `npm run bench`: the generated pl011 (compiled tables and its
 * hooks) against a hand-written switch-based pl011, and accesses per second through the virt
 * machine's address space.
 *
 * Each measurement runs in a fresh process, several times, and the figure is the median: within
 * one process the ratio is stable, but which functions V8 inlines into which (decided on
 * background threads, at moments that vary) changes from process to process by several per
 * cent either way, so a single process is one draw, not the figure. bench-main.ts calls
 * {@link benchDispatch}; `node --conditions=devgen-source --import tsx test/bench/dispatch.bench.ts`
 * prints one process's measurement as JSON.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMachine } from '../../defs/machines/index.ts';
import type { IrqInputs } from '../../runtime/src/machine/index.ts';
import { createIrqLine, type IrqOutput as IrqLine } from '../../runtime/src/irq/index.ts';
import { Pl011SwitchBaseline } from './pl011-switch.baseline.ts';

/** The guest's access mix: [isWrite, offset, value]. Status polling, IRQ mask/clear, TX, IDs. */
export const MIX: readonly (readonly [boolean, number, number])[] = [
  [true, 0x030, 0x301], // CR: UART and TX enabled (a disabled UART logs a guest error per byte)
  [false, 0x018, 0], // FR
  [true, 0x038, 0x20], // IMSC
  [true, 0x000, 0x41], // DR (TX)
  [false, 0x03c, 0], // RIS
  [false, 0x040, 0], // MIS
  [true, 0x044, 0x20], // ICR
  [false, 0xfe0, 0], // PeriphID0
  [true, 0x024, 0x1234], // IBRD
  [false, 0x024, 0], // IBRD
  [false, 0x030, 0], // CR
  [true, 0x02c, 0x60], // LCR_H
  [false, 0x004, 0], // RSR
];

/** The register accesses of one side of the comparison. */
export interface Ops {
  read(offset: number, size: number): unknown;
  write(offset: number, size: number, value: number): void;
}

/** Runs `rounds` rounds of the mix on `ops`; returns a value the engine cannot drop. */
type MixRunner = (ops: Ops, rounds: number) => number;

const RUN_MIX_SOURCE = `return function runMix(ops, rounds) {
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < MIX.length; i++) {
      const m = MIX[i];
      if (m[0]) ops.write(m[1], 4, m[2]);
      else sink ^= ops.read(m[1], 4);
    }
  }
  return sink;
};`;

/**
 * A loop over the mix of its own: each side of a comparison gets one, compiled from the same
 * text, so neither pays for a call site the engine also saw calling the other (a shared loop
 * would time how V8 handles two targets at one site).
 */
function mixRunner(): MixRunner {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- one loop per side, same text.
  return new Function('MIX', RUN_MIX_SOURCE)(MIX) as MixRunner;
}

/** Nanoseconds per access of one run of `rounds` rounds of the mix. */
function nsPerAccess(run: MixRunner, ops: Ops, rounds: number): number {
  const start = process.hrtime.bigint();
  run(ops, rounds);
  return Number(process.hrtime.bigint() - start) / (rounds * MIX.length);
}

const BASE = 0x0900_0000;

/**
 * `n` accesses through `space`, FR reads and IBRD writes alternating. A function of its own, so
 * the engine compiles this loop by itself, not as part of a larger function.
 */
function accessLoop(space: ReturnType<typeof createMachine>['memory'], n: number): void {
  for (let i = 0; i < n; i++) {
    if (i & 1) space.write(BASE + 0x024, 4, i & 0xffff);
    else space.read(BASE + 0x018, 4);
  }
}

/** One process's measurement. */
export interface DispatchSample {
  /** Best ns per access of the generated pl011 and of the hand-written one (interleaved trials). */
  readonly generatedNs: number;
  readonly baselineNs: number;
  /** Best rate through the address space, in millions of accesses per second. */
  readonly addressSpaceMps: number;
}

/** The two sides of the comparison on one virt machine, and the lines each drives. */
export interface DispatchSides {
  readonly machine: ReturnType<typeof createMachine>;
  readonly generated: Ops;
  readonly baseline: Ops;
  /** The generated pl011's six interrupt lines and the baseline's, in sysbus order. */
  readonly generatedLines: readonly IrqLine[];
  readonly baselineLines: readonly IrqLine[];
}

/** Builds both sides: the virt machine's generated pl011 and a hand-written one beside it. */
export function dispatchSides(): DispatchSides {
  const machine = createMachine('virt', { serial: 'null' });
  const uart = machine.devices.find((d) => d.typeName === 'pl011');
  if (!uart) throw new Error('virt has no pl011');
  const baselineLines = Array.from({ length: 6 }, () => createIrqLine());
  // The baseline's combined line goes to the same interrupt controller stand-in (another input)
  // and its bytes to the generated side's character back end, so both sides pay the same for
  // delivering UARTINTR and for a transmitted byte: the ratio is the dispatch's and the hooks'.
  const gic = machine.parts.get('gic') as IrqInputs;
  baselineLines[0]!.connect(gic.input(2));
  const baseline = new Pl011SwitchBaseline(baselineLines, uart.context.chardev, uart.context.trace as never);
  return {
    machine,
    generated: uart.mmio(0).ops as Ops,
    baseline: { read: (o, s) => baseline.read(o, s), write: (o, s, v) => baseline.write(o, v, s) },
    generatedLines: (uart.context.gpio as Record<string, readonly IrqLine[]>).irq!,
    baselineLines,
  };
}

/** Measures both figures in this process. */
export function measureDispatch(): DispatchSample {
  const { machine, generated, baseline: baselineOps } = dispatchSides();

  const rounds = 200_000;
  const runGenerated = mixRunner();
  const runBaseline = mixRunner();
  runGenerated(generated, rounds); // warm both up before measuring
  runBaseline(baselineOps, rounds);
  let gen = Infinity;
  let base = Infinity;
  for (let i = 0; i < 9; i++) {
    gen = Math.min(gen, nsPerAccess(runGenerated, generated, rounds));
    base = Math.min(base, nsPerAccess(runBaseline, baselineOps, rounds));
  }

  const n = 2_000_000;
  accessLoop(machine.memory, n);
  let best = Infinity;
  for (let t = 0; t < 5; t++) {
    const start = process.hrtime.bigint();
    accessLoop(machine.memory, n);
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return { generatedNs: gen, baselineNs: base, addressSpaceMps: (n / best) * 1e3 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The figures over `runs` fresh processes: medians, with each process's ratio for the record. */
export interface DispatchFigures {
  readonly ratio: number;
  readonly ratios: readonly number[];
  readonly generatedNs: number;
  readonly baselineNs: number;
  readonly addressSpaceMps: number;
  readonly addressSpaceRange: readonly [number, number];
}

const self = fileURLToPath(import.meta.url);

/** Runs {@link measureDispatch} in `runs` fresh processes (this file, run by itself). */
export function benchDispatch(runs = 5): DispatchFigures {
  const samples: DispatchSample[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--conditions=devgen-source', '--import', 'tsx', self], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dispatch bench process exited with ${r.status}: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout) as DispatchSample);
  }
  const ratios = samples.map((s) => s.generatedNs / s.baselineNs);
  const rates = samples.map((s) => s.addressSpaceMps);
  return {
    ratio: median(ratios),
    ratios,
    generatedNs: median(samples.map((s) => s.generatedNs)),
    baselineNs: median(samples.map((s) => s.baselineNs)),
    addressSpaceMps: median(rates),
    addressSpaceRange: [Math.min(...rates), Math.max(...rates)],
  };
}

if (process.argv[1] === self) console.log(JSON.stringify(measureDispatch()));
