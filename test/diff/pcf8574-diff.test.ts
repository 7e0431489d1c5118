/**
 * pcf8574 live: the project's pcf8574 cases (behind versatilepb's I2C controller, plugged in by
 * a `# device: pcf8574,…` header) on devgen's TypeScript model against stock QEMU 10.0 that has
 * the expander — Debian's binary leaves it out, so the comparison runs on the QEMU that
 * ../shared/oracle/build-qemu builds from source (.ci/run builds it before the tests). The
 * official qtest-diff compares them through the devgen CLI. Missing that QEMU is a failure,
 * never a skip: a skipped comparison would hide a broken expander.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasQemu, stockBuildDir } from '../../scripts/qemu-check/qemu-dirs.ts';
import { parseCase } from './qtest-case.ts';

const root = resolve(import.meta.dirname, '../..');
const sharedOracle = resolve(root, '../shared/oracle');
const ours = readdirSync(join(import.meta.dirname, 'cases')).filter((f) => f.startsWith('pcf8574-') && f.endsWith('.qtest')).sort().map((f) => join(import.meta.dirname, 'cases', f));
const shared = readdirSync(join(sharedOracle, 'cases')).filter((f) => f.startsWith('pcf8574-') && f.endsWith('.qtest')).map((f) => join(sharedOracle, 'cases', f));

/** Runs qtest-diff on `cases` with the stock source build as its QEMU; resolves to its output. */
function qtestDiff(cases: readonly string[]): Promise<{ out: string; status: number | null }> {
  return new Promise((done, reject) => {
    const proc = spawn('python3', [join(sharedOracle, 'qtest-diff'), '--qemu-dir', stockBuildDir(), '--project-cmd', `node ${join(root, 'bin/devgen.js')} qtest`, ...cases], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.on('error', reject);
    proc.on('close', (status) => done({ out, status }));
  });
}

describe('pcf8574 against stock QEMU 10.0 built with the expander (qtest-diff through the devgen CLI)', () => {
  it('has cases of its own, each on versatilepb with a pcf8574 plugged in', () => {
    expect(ours.length).toBeGreaterThanOrEqual(8);
    expect(shared.length).toBeGreaterThan(0);
    for (const f of ours) {
      const c = parseCase(f);
      expect(c.header.machine, f).toBe('versatilepb');
      expect(c.header.device, f).toMatch(/^pcf8574,address=0x[0-9a-f]+,id=gpio0$/);
    }
  });

  it('the stock QEMU with pcf8574 is built', () => {
    expect(hasQemu(stockBuildDir(), 'arm'), `no ${stockBuildDir()}/bin/qemu-system-arm: run ../shared/oracle/build-qemu (CI does this in .ci/run)`).toBe(true);
  });

  it('answers every pcf8574 case exactly as that QEMU (shared sample and ours)', async () => {
    const all = [...shared, ...ours];
    // qtest-diff waits for QEMU to end after each case: run four groups side by side.
    const groups = Array.from({ length: 4 }, (_, g) => all.filter((_, i) => i % 4 === g)).filter((g) => g.length > 0);
    const results = await Promise.all(groups.map((g) => qtestDiff(g)));
    let passed = 0;
    for (const r of results) {
      const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.out);
      expect(m, r.out).not.toBeNull();
      expect(r.status, r.out).toBe(0);
      passed += Number(m![1]);
    }
    expect(passed).toBe(all.length);
  }, 300_000);
});
