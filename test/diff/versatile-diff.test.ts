/**
 * Differential tests of the versatilepb board and its I2C controller: every
 * test/diff/cases/versatile-*.qtest case runs on real QEMU 10.0 (`-M versatilepb`) and on
 * devgen, and every answer line (async IRQ lines included) must match. The cases cover the
 * SB_CONTROLS/SB_CONTROLC register semantics and complete bit-banged transactions to
 * addresses nobody answers (the NACK pattern read back on SDA). QEMU missing is a failure,
 * not a skip. A second test runs the official ../shared/oracle/qtest-diff script on the same
 * cases through the real CLI (`node bin/devgen.js qtest`).
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
const caseFiles = readdirSync(casesDir).filter((f) => f.startsWith('versatile-') && f.endsWith('.qtest')).sort();
const sharedOracle = resolve(root, '../shared/oracle');

describe('versatilepb / versatile_i2c against QEMU 10.0 (in-process devgen)', () => {
  it('has at least 10 cases, all on versatilepb', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(10);
    for (const f of caseFiles) expect(parseCase(join(casesDir, f)).header.machine, f).toBe('versatilepb');
  });

  for (const file of caseFiles) {
    it(file, async () => {
      const c = parseCase(join(casesDir, file));
      expect(c.commands.length).toBeGreaterThan(0);
      const want = await runOnQemu(c, 60_000);
      const got = runInProcess(c);
      const diffs = diffRuns(c, want, got);
      expect(diffs, `${file}: ${diffs.length} differences\n  ${diffs.join('\n  ')}`).toEqual([]);
    }, 90_000);
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

describe('official qtest-diff through the devgen CLI (versatilepb)', () => {
  it('passes every versatile case', async () => {
    const all = caseFiles.map((f) => join(casesDir, f));
    const groups = Array.from({ length: 6 }, (_, g) => all.filter((_, i) => i % 6 === g)).filter((g) => g.length > 0);
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
