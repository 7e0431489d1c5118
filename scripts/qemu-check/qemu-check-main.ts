/**
 * `npm run qemu:check [-- --devices LIST]`: proves devgen's QEMU C inside QEMU 10.0.13.
 *
 * 1. takes QEMU's prepared source (`../shared/oracle/build-qemu --source-only`), refreshes a
 *    private copy of it (source-mirror.ts: only what changed, so ninja rebuilds little) and
 *    installs the devices into the copy with the code of `devgen qemu install`;
 * 2. builds the copy for aarch64 and x86_64 (`build-qemu --build COPY OUT`);
 * 3. against that QEMU: (a) every differential case of the devices, answer by answer against
 *    stock QEMU; (b) their `-dump-vmstate` entries; (c) their migration sections after each
 *    case; (d) the throughput of the 100 000-command pl011 script, as a ratio to stock.
 *
 * Everything under ~/.cache/devgen-qemu-check is used under one lock (flock on its `lock`
 * file), so several people can share the one build. `--devices none` installs nothing: the
 * copy is then stock QEMU, and every comparison must still pass. Ends with `qemu-dir: PATH`
 * and `N passed, N failed`; exits 1 when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { formatDiagnostics } from '../../generator/src/diagnostics/render.ts';
import { planQemuInstall, writeQemuInstall } from '../../generator/src/cli/qemu-install.ts';
import { refreshMirror } from './source-mirror.ts';
import { CHECKED_DEVICES, PROJECT_ROOT, SHARED_ORACLE, TARGETS, buildDir, checkDir, copyDir, hasQemu, lockFile, mirrorState, stockBuildDir } from './qemu-dirs.ts';
import { checkCases, compareCases } from './qtest-compare.ts';
import { compareDumps } from './vmstate-compare.ts';
import { compareSections } from './section-compare.ts';
import { compareThroughput } from './throughput.ts';

const LOCKED = 'DEVGEN_QEMU_CHECK_LOCKED';
/** flock's exit status for a lock another process holds (never one this script uses). */
const LOCK_BUSY = 75;
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Runs this script again under `flock` on the shared lock, unless it already holds it. */
function relockedExit(): number | undefined {
  if (process.env[LOCKED] === '1') return undefined;
  mkdirSync(checkDir(), { recursive: true });
  const self = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const env = { ...process.env, [LOCKED]: '1' };
  const quick = spawnSync('flock', ['-n', '-E', String(LOCK_BUSY), lockFile(), ...self], { stdio: 'inherit', env });
  if (quick.status !== LOCK_BUSY || quick.error !== undefined) return quick.status ?? 1;
  say(`qemu:check: waiting for ${lockFile()} (another build or check is using ${checkDir()})`);
  return spawnSync('flock', [lockFile(), ...self], { stdio: 'inherit', env }).status ?? 1;
}

/** The devices to install: `--devices a,b`, `--devices none`, or all four. */
function selectedDevices(argv: readonly string[]): string[] {
  const at = argv.indexOf('--devices');
  if (at < 0) return [...CHECKED_DEVICES];
  const list = argv[at + 1] ?? '';
  return list === 'none' ? [] : list.split(',').filter((d) => d !== '');
}

/** Runs build-qemu with `args`; the folder it prints, or undefined (its error went to stderr). */
function buildQemu(args: readonly string[]): string | undefined {
  const r = spawnSync(`${SHARED_ORACLE}/build-qemu`, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) return undefined;
  return r.stdout.trim().split('\n').at(-1);
}

async function main(): Promise<number> {
  const relocked = relockedExit();
  if (relocked !== undefined) return relocked;
  let passed = 0;
  let failed = 0;
  const count = (ok: boolean): void => void (ok ? passed++ : failed++);
  const finish = (): number => {
    say(`qemu-dir: ${buildDir()}`);
    say(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  };

  const devices = selectedDevices(process.argv.slice(2));
  say(`::: QEMU 10.0.13 source (build-qemu --source-only)`);
  const stockSrc = buildQemu(['--source-only']);
  if (stockSrc === undefined) return count(false), finish();

  say(`::: install ${devices.length === 0 ? 'no device (stock sources)' : devices.join(', ')} into ${copyDir()}`);
  const plan = planQemuInstall({ projectRoot: PROJECT_ROOT, qemuSrc: copyDir(), base: stockSrc, devices });
  if (plan.diagnostics.length > 0) {
    process.stderr.write(formatDiagnostics(plan.diagnostics, plan.sources));
    say('install: FAILED (nothing was built)');
    return count(false), finish();
  }
  const mirror = refreshMirror(stockSrc, copyDir(), new Set(plan.files.map((f) => f.path)), mirrorState());
  const installed = writeQemuInstall(plan, copyDir());
  say(`copy: ${mirror.copied.length} of ${mirror.total} files refreshed, ${mirror.removed.length} removed; install: ${installed.written.length} written, ${installed.unchanged.length} unchanged`);

  say(`::: build ${TARGETS.join(',')} in ${buildDir()}`);
  const fresh = !existsSync(`${buildDir()}/build.ninja`);
  const t0 = Date.now();
  const built = buildQemu(['--build', copyDir(), buildDir(), '--targets', TARGETS.join(',')]);
  const buildMs = Date.now() - t0;
  say(`build: ${built === undefined ? 'FAILED' : 'ok'} in ${seconds(buildMs)} (${fresh ? 'fresh' : 'incremental'})`);
  count(built !== undefined);
  if (built === undefined) return finish();

  if (!hasQemu(stockBuildDir(), 'aarch64')) {
    say(`::: stock QEMU with pcf8574 (build-qemu, default mode) in ${stockBuildDir()}`);
    if (buildQemu([]) === undefined) return count(false), finish();
  }

  const cases = checkCases();
  const byDevice = (xs: readonly { device: string; ok: boolean }[], d: string): string => {
    const mine = xs.filter((x) => x.device === d);
    return `${mine.filter((x) => x.ok).length}/${mine.length}`;
  };

  say(`::: (a) ${cases.length} differential cases, built QEMU vs stock QEMU 10.0 (qtest-diff)`);
  const a = await compareCases(buildDir(), cases);
  for (const v of a) {
    count(v.ok);
    if (!v.ok || v.detail !== '') say(`${v.ok ? 'ok  ' : 'FAIL'} ${v.path}\n  ${v.detail.split('\n').join('\n  ')}`);
  }

  say('::: (b) -dump-vmstate entries, built vs stock');
  const b = compareDumps(buildDir());
  for (const v of b) {
    count(v.ok);
    say(`${v.ok ? 'ok  ' : 'FAIL'} ${v.device}: ${v.detail}`);
  }

  say(`::: (c) migration sections after each case, built vs stock`);
  const c = await compareSections(buildDir(), cases);
  for (const v of c) {
    count(v.ok);
    if (!v.ok) say(`FAIL ${v.path}\n  ${v.detail.split('\n').join('\n  ')}`);
  }
  const sectionNames = [...new Set(c.flatMap((v) => v.sections.map((s) => s.split(' ')[0])))].sort();

  say('::: (d) throughput of the pl011 script, built vs stock (same source, same flags)');
  try {
    const d = await compareThroughput(buildDir(), stockBuildDir());
    count(d.sameAnswers);
    say(`${d.sameAnswers ? 'ok  ' : 'FAIL'} ${d.commands} commands, best of ${d.runs} alternating runs: built ${d.built.cpuMs.toFixed(0)} ms CPU (${d.built.ms.toFixed(0)} ms wall), stock ${d.stock.cpuMs.toFixed(0)} ms CPU (${d.stock.ms.toFixed(0)} ms wall)${d.sameAnswers ? '' : ': the answers differ'}`);
    say(`throughput ratio built/stock: ${d.ratio.toFixed(3)} CPU (target <= 1.05), ${d.wallRatio.toFixed(3)} wall`);
  } catch (e) {
    count(false);
    say(`FAIL throughput: ${(e as Error).message}`);
  }

  say('::: summary');
  say(`installed: ${devices.length === 0 ? 'none (stock sources)' : devices.join(', ')}`);
  for (const d of CHECKED_DEVICES) {
    const dump = b.find((v) => v.device === d);
    say(`  ${d.padEnd(14)} cases ${byDevice(a, d).padEnd(7)} dump ${dump?.ok === true ? 'equal' : 'DIFFERENT'}   sections after its cases ${byDevice(c, d)}`);
  }
  say(`  sections compared: ${sectionNames.join(', ')}`);
  return finish();
}

process.exitCode = await main();
