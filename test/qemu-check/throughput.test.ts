/**
 * The throughput script and its timing (no speed is asserted: `npm run bench` and qemu:check
 * report the ratio): the script has exactly the commands asked for, always the same ones, and
 * every one is a pl011 access QEMU answers; the timer counts every answer and compares QEMUs by
 * a digest of the answers.
 */
import { describe, expect, it } from 'vitest';
import { pl011ThroughputScript } from '../bench/qtest-script.ts';
import { compareThroughput, timeScript } from '../../scripts/qemu-check/throughput.ts';
import { qemuOracleDir } from '../support/qemu-oracle.ts';

describe('pl011 throughput script', () => {
  it('has the asked number of pl011 accesses, deterministically', () => {
    const script = pl011ThroughputScript(100_000);
    const lines = script.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(100_000);
    expect(script).toBe(pl011ThroughputScript(100_000));
    const pl011Access = /^(writel 0x9000[0-9a-f]{3} 0x[0-9a-f]+|read[bl] 0x9000[0-9a-f]{3})$/;
    expect(lines.filter((l) => !pl011Access.test(l))).toEqual([]);
  });

  it('is answered OK command by command by QEMU, and two runs give the same digest', async () => {
    const script = pl011ThroughputScript(5_000);
    const run = await timeScript(qemuOracleDir(), script, 5_000);
    expect(run.answers).toBe(5_000);
    expect(run.cpuMs).toBeGreaterThan(0);
    const t = await compareThroughput(qemuOracleDir(), qemuOracleDir(), 5_000, 1);
    expect(t.sameAnswers).toBe(true);
    expect(t.built.digest).toBe(run.digest);
    expect(t.ratio).toBeGreaterThan(0);
  }, 120_000);
});
