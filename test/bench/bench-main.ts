/**
 * `npm run bench`: each number as a ratio against a baseline measured in the same run (never as
 * a timed test):
 * 1. generated pl011 dispatch (compiled tables + hooks) vs a hand-written switch-based pl011;
 * 2. register accesses per second through the virt machine's address space (both the median
 *    of fresh processes, dispatch.bench.ts);
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
import { benchDispatch } from './dispatch.bench.ts';
import { benchHpetTimers } from './hpet-timers.bench.ts';
import { benchSvdImport } from './svd-import.bench.ts';
import { benchQtestThroughput } from './qtest-throughput.bench.ts';
import { benchBigDevices } from './big-device.bench.ts';
import { buildDir, hasQemu, stockBuildDir } from '../../scripts/qemu-check/qemu-dirs.ts';
import { compareThroughput } from '../../scripts/qemu-check/throughput.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

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

// 1–2. Generated dispatch vs hand-written switch, and accesses through the address space:
// medians over fresh processes (see dispatch.bench.ts).
const verdict = (ok: boolean): string => (ok ? 'met' : 'not met');
const dispatch = benchDispatch(7);
console.log(`pl011 dispatch, median of ${dispatch.ratios.length} processes: generated ${dispatch.generatedNs.toFixed(1)} ns/access, hand-written switch ${dispatch.baselineNs.toFixed(1)} ns/access, ratio ${dispatch.ratio.toFixed(3)}x (each: ${dispatch.ratios.map((r) => r.toFixed(3)).join(', ')}; target <= 1.0x: ${verdict(dispatch.ratio <= 1.0)})`);
const [slowest, fastest] = dispatch.addressSpaceRange;
console.log(`address space, median of ${dispatch.ratios.length} processes: ${dispatch.addressSpaceMps.toFixed(1)} M register accesses/s (${slowest.toFixed(0)}–${fastest.toFixed(0)}; FR reads and IBRD writes at 0x09000000; target >= 130 M/s: ${verdict(dispatch.addressSpaceMps >= 130)})`);

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
