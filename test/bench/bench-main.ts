/**
 * `npm run bench`: each number as a ratio against a baseline measured in the same run (never as
 * a timed test):
 * 1. generated pl011 dispatch (compiled tables + hooks) vs a hand-written switch-based pl011;
 * 2. register accesses per second through the virt machine's address space;
 * 3. start-up of the compiled `devgen` (dist/, rebuilt first) vs a bare `node -e 0`, the median
 *    of interleaved runs: `generate` with nothing to write, `lint`, and `qtest` answering one
 *    command;
 * 4. the HPET timer load;
 * 5. `devgen import svd` of a real-size vendor SVD (target < 2 s), against parsing it alone;
 * 6. qtest throughput against QEMU 10.0 on a 100 000-command pl011 script, start-up included;
 * 7. generating, linting and checking devices of 1 000 and 10 000 registers;
 * 8. when `npm run qemu:check` has built QEMU with devgen's devices: the 100 000-command pl011
 *    qtest script on that QEMU vs stock QEMU built from the same source (scripts/qemu-check/throughput.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildDist } from '../../scripts/build.mjs';
import { createMachine } from '../../defs/machines/index.ts';
import type { IrqInputs } from '../../runtime/src/machine/index.ts';
import { createIrqLine } from '../../runtime/src/irq/index.ts';
import { Pl011SwitchBaseline } from './pl011-switch.baseline.ts';
import { benchHpetTimers } from './hpet-timers.bench.ts';
import { benchSvdImport } from './svd-import.bench.ts';
import { benchQtestThroughput } from './qtest-throughput.bench.ts';
import { benchBigDevices } from './big-device.bench.ts';
import { buildDir, hasQemu, stockBuildDir } from '../../scripts/qemu-check/qemu-dirs.ts';
import { compareThroughput } from '../../scripts/qemu-check/throughput.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The guest's access mix: [isWrite, offset, value]. Status polling, IRQ mask/clear, TX, IDs. */
const MIX: readonly (readonly [boolean, number, number])[] = [
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

interface Ops {
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
 * would time how V8 handles two targets at one site, which changes from run to run).
 */
function mixRunner(): MixRunner {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- one loop per side, same text.
  return new Function('MIX', RUN_MIX_SOURCE)(MIX) as MixRunner;
}

/** Best-of-N nanoseconds per access of `run` on `ops`, running `rounds` rounds of the mix. */
function nsPerAccess(run: MixRunner, ops: Ops, rounds: number, trials: number): number {
  let best = Infinity;
  for (let t = 0; t < trials; t++) {
    const start = process.hrtime.bigint();
    run(ops, rounds);
    const ns = Number(process.hrtime.bigint() - start);
    best = Math.min(best, ns / (rounds * MIX.length));
  }
  return best;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** A process to time: arguments of `node`, and what it reads on standard input. */
interface Timed {
  readonly label: string;
  readonly args: readonly string[];
  readonly input?: string;
  /** Extra environment (DEVGEN_NO_CACHE=1: a full run, no replay of the last output). */
  readonly env?: Readonly<Record<string, string>>;
  /** Start-up target, as a multiple of `node -e 0`. */
  readonly target?: number;
}

/** Wall-clock milliseconds of one run of `node ARGS` (it must exit 0). */
function wallMs(t: Timed): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...t.args], { cwd: root, input: t.input ?? '', stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, ...t.env } });
  if (r.status !== 0) throw new Error(`node ${t.args.join(' ')} exited with ${r.status}: ${String(r.stderr)}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median milliseconds of each process over `runs` interleaved rounds, after one warm-up run each. */
function medianStartMs(list: readonly Timed[], runs: number): number[] {
  for (const t of list) wallMs(t);
  const times = list.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) list.forEach((t, j) => times[j]!.push(wallMs(t)));
  return times.map(median);
}

// 1. Generated dispatch vs hand-written switch, same process, interleaved trials.
const machine = createMachine('virt', { serial: 'null' });
const uart = machine.devices.find((d) => d.typeName === 'pl011');
if (!uart) throw new Error('virt has no pl011');
const generated = uart.mmio(0).ops as Ops;
const baselineLines = Array.from({ length: 6 }, () => createIrqLine());
// Wire the baseline's combined line to the same interrupt controller stand-in (another input),
// so both sides pay for delivering UARTINTR, and give it the generated side's character back
// end, so both pay the same for a transmitted byte: the ratio is the dispatch's and the hooks'.
const gic = machine.parts.get('gic') as IrqInputs;
baselineLines[0]!.connect(gic.input(2));
const baseline = new Pl011SwitchBaseline(baselineLines, uart.context.chardev, uart.context.trace as never);
const baselineOps: Ops = { read: (o, s) => baseline.read(o, s), write: (o, s, v) => baseline.write(o, v, s) };

const ROUNDS = 200_000;
const runGenerated = mixRunner();
const runBaseline = mixRunner();
runGenerated(generated, ROUNDS); // warm both up before measuring
runBaseline(baselineOps, ROUNDS);
let gen = Infinity;
let base = Infinity;
for (let i = 0; i < 9; i++) {
  gen = Math.min(gen, nsPerAccess(runGenerated, generated, ROUNDS, 1));
  base = Math.min(base, nsPerAccess(runBaseline, baselineOps, ROUNDS, 1));
}
const verdict = (ok: boolean): string => (ok ? 'met' : 'not met');
console.log(`pl011 dispatch: generated ${gen.toFixed(1)} ns/access, hand-written switch ${base.toFixed(1)} ns/access, ratio ${(gen / base).toFixed(3)}x (target <= 1.0x: ${verdict(gen / base <= 1.0)})`);

// 2. Accesses per second through the address space (bus lookup + access rules + device).
const BASE = 0x0900_0000;
/**
 * `n` accesses through `space`, FR reads and IBRD writes alternating. A function of its own, so
 * the engine compiles this loop by itself, not as part of the module's top level (whose one
 * compilation would also hold every loop above).
 */
function accessLoop(space: typeof machine.memory, n: number): void {
  for (let i = 0; i < n; i++) {
    if (i & 1) space.write(BASE + 0x024, 4, i & 0xffff);
    else space.read(BASE + 0x018, 4);
  }
}
const as = machine.memory;
const N = 2_000_000;
accessLoop(as, N); // warm up
let best = Infinity;
for (let t = 0; t < 5; t++) {
  const start = process.hrtime.bigint();
  accessLoop(as, N);
  best = Math.min(best, Number(process.hrtime.bigint() - start));
}
const perSecond = (N / best) * 1e3;
console.log(`address space: ${perSecond.toFixed(1)} M register accesses/s (FR reads and IBRD writes at 0x09000000; target >= 130 M/s: ${verdict(perSecond >= 130)})`);

// 3. Start-up of the compiled command (rebuilt first: a stale dist/ would time old code) vs bare node.
await buildDist({ declarations: false });
const RUNS = 9;
const STARTS: readonly Timed[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'devgen generate (nothing to write)', args: ['bin/devgen.js', 'generate'], target: 2.5 },
  { label: 'devgen lint', args: ['bin/devgen.js', 'lint'], target: 2.5 },
  { label: "devgen qtest --machine virt ('readl 0x09000fe0')", args: ['bin/devgen.js', 'qtest', '--machine', 'virt'], input: 'readl 0x09000fe0\n', target: 3 },
  // The same two commands run in full (what a run after an edit costs): no target, for the record.
  { label: 'devgen generate, full run (DEVGEN_NO_CACHE=1)', args: ['bin/devgen.js', 'generate'], env: { DEVGEN_NO_CACHE: '1' } },
  { label: 'devgen lint, full run (DEVGEN_NO_CACHE=1)', args: ['bin/devgen.js', 'lint'], env: { DEVGEN_NO_CACHE: '1' } },
];
const [nodeMs, ...commandMs] = medianStartMs(STARTS, RUNS);
console.log(`start-up, median of ${RUNS} interleaved runs: node -e 0 ${nodeMs!.toFixed(0)} ms`);
STARTS.slice(1).forEach((t, i) => {
  const ms = commandMs[i]!;
  console.log(`  ${t.label}: ${ms.toFixed(0)} ms, ratio ${(ms / nodeMs!).toFixed(2)}x${t.target === undefined ? '' : ` (target <= ${t.target}x)`}`);
});

// 4. HPET timer load: 3 periodic timers at a 1 µs period over 1 simulated second.
const hpet = benchHpetTimers();
console.log(`${hpet.summary} (target >= 0.9 simulated s per wall s: ${verdict(hpet.simulatedPerWallSecond >= 0.9)})`);

// 5. SVD import of a real-size vendor file (hundreds of peripherals, tens of thousands of fields).
console.log(benchSvdImport(root));

// 6. qtest throughput: devgen against the QEMU oracle on the same script and pipe.
console.log(await benchQtestThroughput());

// 7. Large devices: generate, lint and generate --check with nothing cached.
console.log(benchBigDevices());

// 8. QEMU with devgen's generated pl011 vs stock QEMU, same script through the same pipe.
if (hasQemu(buildDir(), 'aarch64') && hasQemu(stockBuildDir(), 'aarch64')) {
  const t = await compareThroughput(buildDir(), stockBuildDir());
  console.log(`QEMU pl011 qtest throughput (${t.commands} commands, best of ${t.runs}): built ${t.built.cpuMs.toFixed(0)} ms CPU, stock ${t.stock.cpuMs.toFixed(0)} ms CPU, ratio ${t.ratio.toFixed(3)}x (target <= 1.05x; wall ${t.wallRatio.toFixed(3)}x)${t.sameAnswers ? '' : ' — THE ANSWERS DIFFER'}`);
} else {
  console.log(`QEMU pl011 qtest throughput: no QEMU built with devgen's devices in ${buildDir()} (npm run qemu:check builds it)`);
}
