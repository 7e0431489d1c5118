/**
 * devgen as a package, end to end, as a device author meets it: `npm pack` of this checkout,
 * then, in a new folder outside it and without network, install the tarball, `devgen init`,
 * `devgen new device pl031`, fill in QEMU's PL031 RTC from test/fixtures/pl031 (definition,
 * behaviour, a `virt` board with the RTC at 0x09010000), generate, type-check, lint, and run the
 * fixture's qtest cases against QEMU 10.0's virt through the official qtest-diff. The checkout
 * must come out of it unchanged.
 *
 * The installs run with `--offline`: the npm cache must hold the registry metadata and tarballs
 * they resolve to, which test/package/fill-npm-cache.sh provides (.ci/run calls it). QEMU
 * missing is a failure, not a skip.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qemuBinary, qemuOracleDir } from '../support/qemu-oracle.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(ROOT, 'test/fixtures/pl031');
const CASES = readdirSync(join(FIXTURE, 'cases')).filter((f) => f.endsWith('.qtest')).sort().map((f) => join(FIXTURE, 'cases', f));
const QTEST_DIFF = resolve(ROOT, '../shared/oracle/qtest-diff');
/** The RTC's MMIO base on virt. */
const RTC = 0x0901_0000;
/** Parallel qtest-diff runs: each case spends most of its time waiting for QEMU to exit. */
const DIFF_GROUPS = 4;
/** Each step may compile or start several processes on a loaded machine. */
const STEP_TIMEOUT = 240_000;

/** Environment of every command run in the user project: npm never reaches the network. */
const OFFLINE_ENV = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };

/** Runs a command; its exit status and everything it printed. */
function run(cwd: string, cmd: string, args: readonly string[], input?: string): { status: number | null; stdout: string; out: string } {
  const r = spawnSync(cmd, args, { cwd, env: OFFLINE_ENV, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** Runs a command that must succeed; returns its standard output. */
function runOk(cwd: string, cmd: string, args: readonly string[], input?: string): string {
  const r = run(cwd, cmd, args, input);
  expect(r.status, `${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.out}`).toBe(0);
  return r.stdout;
}

/** `git status --porcelain` of the checkout, untracked files included. */
function checkoutStatus(): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' });
}

/** Runs the official qtest-diff on `cases` from `cwd`; resolves to its output and exit status. */
function qtestDiff(cwd: string, cases: readonly string[]): Promise<{ out: string; status: number | null }> {
  return new Promise((done, fail) => {
    const proc = spawn('python3', [QTEST_DIFF, '--project-cmd', 'npx devgen qtest', '--qemu-dir', qemuOracleDir(), ...cases], {
      cwd,
      env: OFFLINE_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.on('error', fail);
    proc.on('close', (status) => done({ out, status }));
  });
}

/** qtest answers, one list of lines per command (asynchronous IRQ lines come before the OK). */
function answers(stdout: string): string[][] {
  const out: string[][] = [[]];
  for (const line of stdout.split('\n').filter(Boolean)) {
    out.at(-1)!.push(line);
    if (/^(OK|FAIL|ERR)\b/.test(line)) out.push([]);
  }
  return out.slice(0, -1);
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const reg = (offset: number): string => hex(RTC + offset);

describe('devgen as a package: a pl031 in its own project, from the tarball to QEMU', () => {
  let statusBefore = '';
  let work = '';
  let project = '';
  let tarball = '';

  beforeAll(() => {
    qemuBinary('aarch64');
    statusBefore = checkoutStatus();
    work = mkdtempSync(join(tmpdir(), 'devgen-pack-'));
    project = join(work, 'rtc-project');
    mkdirSync(project);
  });

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('npm pack builds the tarball', () => {
    expect(relative(ROOT, work).startsWith('..'), `${work} must be outside the checkout`).toBe(true);
    const out = run(ROOT, 'npm', ['pack', '--json', '--pack-destination', work]);
    expect(out.status, out.out).toBe(0);
    // Standard output holds the build's progress line, then the JSON report.
    const packed = JSON.parse(out.stdout.slice(out.stdout.indexOf('[\n'))) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
    tarball = join(work, packed[0]!.filename);
    const size = statSync(tarball).size;
    expect(size).toBe(packed[0]!.size);
    console.log(`devgen tarball: ${packed[0]!.filename}, ${(size / 1024).toFixed(1)} KiB packed, ${(packed[0]!.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${packed[0]!.entryCount} files`);
  }, STEP_TIMEOUT);

  it('installs the tarball without network and starts a project with init', () => {
    runOk(project, 'npm', ['install', '--offline', '--no-audit', '--no-fund', tarball]);
    expect(runOk(project, 'npx', ['devgen', '--version']).trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    runOk(project, 'npx', ['devgen', 'init']);
    // init adds the project's own tools (typescript for `tsc --noEmit`) to package.json.
    runOk(project, 'npm', ['install', '--offline', '--no-audit', '--no-fund']);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    expect(Object.keys(pkg.devDependencies ?? {})).toContain('typescript');
  }, STEP_TIMEOUT);

  it('new device pl031, filled in from the fixtures, generates, type-checks and lints clean', () => {
    runOk(project, 'npx', ['devgen', 'new', 'device', 'pl031']);
    for (const f of ['pl031.device.yaml', 'pl031.behavior.ts']) cpSync(join(FIXTURE, f), join(project, 'defs/pl031', f));
    cpSync(join(FIXTURE, 'virt.machine.yaml'), join(project, 'defs/machines/virt.machine.yaml'));
    runOk(project, 'npx', ['devgen', 'generate']);
    expect(readdirSync(join(project, 'generated/pl031')).sort()).toEqual(
      ['pl031.hooks.ts', 'pl031.md', 'pl031.mmio.ts', 'pl031.qom.ts', 'pl031.registers.ts', 'pl031.vmstate.ts'],
    );
    const tsc = runOk(project, 'npx', ['tsc', '--noEmit', '--listFilesOnly']);
    expect(tsc, 'tsc checks the behaviour against the installed devgen/runtime').toContain(join(project, 'defs/pl031/pl031.behavior.ts'));
    expect(tsc).toContain(join(project, 'node_modules/devgen/dist/runtime/src/codegen/v1/index.d.ts'));
    runOk(project, 'npx', ['tsc', '--noEmit']);
    const lint = runOk(project, 'npx', ['devgen', 'lint', '--no-color']);
    expect(lint).toMatch(/no problems/);
  }, STEP_TIMEOUT);

  it(`answers all ${CASES.length} pl031 cases like QEMU 10.0's virt (official qtest-diff, npx devgen qtest)`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(7);
    const groups = Array.from({ length: DIFF_GROUPS }, (_, g) => CASES.filter((_, i) => i % DIFF_GROUPS === g)).filter((g) => g.length > 0);
    const results = await Promise.all(groups.map((g) => qtestDiff(project, g)));
    results.forEach((r, i) => {
      expect(r.status, r.out).toBe(0);
      expect(r.out.trim().split('\n').at(-1), r.out).toBe(`${groups[i]!.length} passed, 0 failed`);
    });
  }, STEP_TIMEOUT);

  it('migrates as QEMU 10.0 describes "pl031" (devgen dump-vmstate against qemu -dump-vmstate)', () => {
    runOk(project, 'npx', ['devgen', 'dump-vmstate', 'devgen.vmstate.json']);
    runOk(work, qemuBinary('aarch64'), ['-M', 'virt', '-nodefaults', '-display', 'none', '-dump-vmstate', join(work, 'qemu.vmstate.json')]);
    const ours = JSON.parse(readFileSync(join(project, 'devgen.vmstate.json'), 'utf8')) as Record<string, unknown>;
    const qemu = JSON.parse(readFileSync(join(work, 'qemu.vmstate.json'), 'utf8')) as Record<string, unknown>;
    expect(qemu.pl031).toBeDefined();
    expect(ours.pl031).toEqual(qemu.pl031);
  }, STEP_TIMEOUT);

  it('counts seconds on the virtual clock and raises the match interrupt when the counter reaches MR', () => {
    // QEMU's counter follows the host clock, so the cases cannot compare it; devgen's follows
    // the virtual clock, which only clock_step moves.
    const commands = [
      'irq_intercept_in /machine/unattached/device[1]',
      `writel ${reg(0x08)} 0x100`,
      `readl ${reg(0x00)}`,
      `writel ${reg(0x10)} 1`,
      `writel ${reg(0x04)} 0x105`,
      'clock_step 4000000000',
      `readl ${reg(0x00)}`,
      `readl ${reg(0x14)}`,
      'clock_step 1000000000',
      `readl ${reg(0x00)}`,
      `readl ${reg(0x18)}`,
      `writel ${reg(0x1c)} 1`,
    ];
    const got = answers(runOk(project, 'npx', ['devgen', 'qtest', '--machine', 'virt'], commands.map((c) => `${c}\n`).join('')));
    expect(got).toEqual([
      ['OK'],
      ['OK'],
      ['OK 0x0000000000000100'],
      ['OK'],
      ['OK'],
      ['OK 4000000000'],
      ['OK 0x0000000000000104'],
      ['OK 0x0000000000000000'],
      ['IRQ raise 2', 'OK 5000000000'],
      ['OK 0x0000000000000105'],
      ['OK 0x0000000000000001'],
      ['IRQ lower 2', 'OK'],
    ]);
  }, STEP_TIMEOUT);

  it('leaves every file of the checkout as it was', () => {
    expect(checkoutStatus()).toBe(statusBefore);
  });
});
