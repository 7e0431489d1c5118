/**
 * HPET differential tests: every test/diff/cases/hpet-*.qtest case runs on real QEMU 10.0
 * (`-M pc`, stopped, so time stands still there) and on devgen in-process; every answer line,
 * async IRQ lines included, must match. A second test runs the official ../shared/oracle/qtest-diff
 * script over the shared HPET samples and our cases through the real CLI.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { qemuOracleDir } from '../support/qemu-oracle.ts';
import { diffRuns, parseCase, runInProcess, runOnQemu } from './qtest-case.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const casesDir = join(here, 'cases');
const caseFiles = readdirSync(casesDir).filter((f) => f.startsWith('hpet-') && f.endsWith('.qtest')).sort();
const sharedOracle = resolve(root, '../shared/oracle');

describe('hpet against QEMU 10.0 (in-process devgen, machine pc)', () => {
  it('has at least 20 cases of its own, all on pc', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(20);
    for (const f of caseFiles) expect(parseCase(join(casesDir, f)).header.machine, f).toBe('pc');
  });

  for (const file of caseFiles) {
    it(file, async () => {
      const c = parseCase(join(casesDir, file));
      expect(c.commands.length).toBeGreaterThan(0);
      const want = await runOnQemu(c);
      const got = runInProcess(c);
      const diffs = diffRuns(c, want, got);
      expect(diffs, `${file}: ${diffs.length} differences\n  ${diffs.join('\n  ')}`).toEqual([]);
    });
  }
});

/** Runs the oracle script on `cases`; resolves to its output and exit status. */
function runOracle(cases: readonly string[]): Promise<{ out: string; status: number | null }> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(
      'python3',
      [join(sharedOracle, 'qtest-diff'), '--project-cmd', `node ${join(root, 'bin/devgen.js')} qtest`, '--qemu-dir', qemuOracleDir(), ...cases],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.on('error', reject);
    proc.on('close', (status) => resolvePromise({ out, status }));
  });
}

describe('official qtest-diff through the devgen CLI (hpet)', () => {
  it('passes every hpet case (shared samples and ours)', async () => {
    const shared = readdirSync(join(sharedOracle, 'cases'))
      .filter((f) => f.startsWith('hpet-') && f.endsWith('.qtest'))
      .map((f) => join(sharedOracle, 'cases', f));
    expect(shared.length).toBeGreaterThan(0);
    const all = [...shared, ...caseFiles.map((f) => join(casesDir, f))];
    // The script waits for QEMU to exit after each case, so run it on groups in parallel.
    const groups = Array.from({ length: 8 }, (_, g) => all.filter((_, i) => i % 8 === g)).filter((g) => g.length > 0);
    const results = await Promise.all(groups.map((g) => runOracle(g)));
    let passed = 0;
    let failed = 0;
    for (const r of results) {
      const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.out);
      expect(m, r.out).not.toBeNull();
      passed += Number(m![1]);
      failed += Number(m![2]);
      expect(r.status, r.out).toBe(0);
    }
    expect(`${passed} passed, ${failed} failed`).toBe(`${all.length} passed, 0 failed`);
  }, 300_000);
});
