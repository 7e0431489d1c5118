/**
 * The differential suite every device family runs: each test/diff/cases/<prefix>*.qtest case
 * (or another folder's, e.g. the cases `devgen testgen` wrote) runs on real QEMU 10.0 and on
 * devgen in-process, and every answer line (async IRQ lines included) and the serial bytes must
 * match; a case that states its expected answers (`# => …` lines) must get them from both
 * sides. Then the official ../shared/oracle/qtest-diff script runs the shared samples with that
 * prefix and our cases through the real CLI (`node bin/devgen.js qtest`). QEMU missing is a
 * failure, not a skip (qemuBinary throws).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { qemuOracleDir } from '../support/qemu-oracle.ts';
import { diffRuns, expectationFailures, parseCase, runInProcess, runOnQemu } from './qtest-case.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const defaultCasesDir = join(here, 'cases');
const sharedOracle = resolve(root, '../shared/oracle');

/** What one family's differential suite covers. */
export interface DifferentialSuite {
  /** Case-file prefix, e.g. "pl011-". */
  readonly prefix: string;
  /** Machine every case must declare in its `# machine:` header. */
  readonly machine: string;
  /** Least number of cases of our own the family must have. */
  readonly minCases: number;
  /** What the suite is about, for test titles. */
  readonly title: string;
  /** Whether ../shared/oracle/cases must hold samples with this prefix. */
  readonly sharedSamples: boolean;
  /** Folder of the cases (default test/diff/cases). */
  readonly casesDir?: string;
  /** Whether the official-script run includes the shared samples with the prefix (default true). */
  readonly includeShared?: boolean;
  /**
   * Whether the official qtest-diff script can run the machine (default true); it knows virt,
   * pc and versatilepb only, so the cases of another board run in process only.
   */
  readonly officialScript?: boolean;
}

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

/** Declares the in-process and the official-script differential tests of one family. */
export function describeDifferential(suite: DifferentialSuite): void {
  const casesDir = suite.casesDir ?? defaultCasesDir;
  const caseFiles = readdirSync(casesDir).filter((f) => f.startsWith(suite.prefix) && f.endsWith('.qtest')).sort();

  describe(`${suite.title} against QEMU 10.0 (in-process devgen, machine ${suite.machine})`, () => {
    it(`has at least ${suite.minCases} cases of its own, all on ${suite.machine}`, () => {
      expect(caseFiles.length).toBeGreaterThanOrEqual(suite.minCases);
      for (const f of caseFiles) expect(parseCase(join(casesDir, f)).header.machine, f).toBe(suite.machine);
    });

    for (const file of caseFiles) {
      it(file, async () => {
        const c = parseCase(join(casesDir, file));
        expect(c.commands.length).toBeGreaterThan(0);
        const want = await runOnQemu(c, 60_000);
        const got = runInProcess(c);
        const diffs = diffRuns(c, want, got);
        expect(diffs, `${file}: ${diffs.length} differences\n  ${diffs.join('\n  ')}`).toEqual([]);
        const unmet = [...expectationFailures(c, want, 'qemu'), ...expectationFailures(c, got, 'devgen')];
        expect(unmet, `${file}: ${unmet.length} answers differ from the case's expected ones\n  ${unmet.join('\n  ')}`).toEqual([]);
      }, 90_000);
    }
  });

  if (suite.officialScript === false) return;
  describe(`official qtest-diff through the devgen CLI (${suite.title})`, () => {
    it(`passes every ${suite.prefix}* case (shared samples and ours)`, async () => {
      const shared = suite.includeShared === false ? [] : readdirSync(join(sharedOracle, 'cases'))
        .filter((f) => f.startsWith(suite.prefix) && f.endsWith('.qtest'))
        .map((f) => join(sharedOracle, 'cases', f));
      if (suite.sharedSamples) expect(shared.length).toBeGreaterThan(0);
      // The script passes no -rtc and no -global: a case that fixes the RTC clock source (`# rtc:`)
      // or sets global properties (`# global:`) runs in process only.
      const ours = caseFiles.filter((f) => {
        const h = parseCase(join(casesDir, f)).header;
        return h.rtc === undefined && h.global === undefined;
      });
      const all = [...shared, ...ours.map((f) => join(casesDir, f))];
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
}
