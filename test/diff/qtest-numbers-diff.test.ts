/**
 * qtest numbers against QEMU 10.0 (see differential-suite.ts): the qtest-numbers-* cases hold
 * every form QEMU's strtoull/strtoll with base 0 accepts (binary included: the oracle is
 * linked with glibc 2.41), on every command that takes numbers. What QEMU refuses it refuses
 * with an assertion that ends the process; devgen answers one FAIL line there and goes on, the
 * one intended divergence — so each refused form is checked on both sides: QEMU's process ends
 * at that command, devgen answers FAIL and the next command works.
 */
import { describe, expect, it } from 'vitest';
import { describeDifferential } from './differential-suite.ts';
import { runInProcess, runOnQemu, type QtestCase } from './qtest-case.ts';

describeDifferential({ prefix: 'qtest-numbers-', machine: 'pc', minCases: 1, title: 'qtest numbers', sharedSamples: false });

const HPET = '/machine/unattached/device[6]';

/** Commands QEMU 10.0 aborts on, each for a different reason of its number parsers. */
const REFUSED: readonly [string, string][] = [
  ['readl 0b', '"0b" with no binary digit: 0 followed by garbage'],
  ['readl 0b2', 'a binary prefix before a non-binary digit'],
  ['readl 0x', '"0x" with no hex digit'],
  ['readl 09', 'a leading-0 octal with a 9'],
  ['readl 0o7', 'no 0o prefix in C'],
  ['readl 1e3', 'no exponents'],
  ['readl 5z', 'trailing garbage'],
  ['readl 18446744073709551616', 'above 2^64 - 1 (ERANGE)'],
  ['readl -18446744073709551616', 'a negative magnitude above 2^64 - 1'],
  ['readl 0b11111111111111111111111111111111111111111111111111111111111111111', '65 binary digits'],
  ['inb 0x10000', 'a port above 0xffff'],
  ['inb -1', 'a negative port wraps above 0xffff'],
  ['outb 0x80 0x1g', 'garbage in the value'],
  ['memset 0x1000 1 0b102', 'garbage in the pattern'],
  ['write 0x1000 0b 0x00', 'garbage in the length'],
  [`set_irq_in ${HPET} unnamed-gpio-in 1 2147483648`, 'a level above INT_MAX'],
  [`set_irq_in ${HPET} unnamed-gpio-in 1 -2147483649`, 'a level below INT_MIN'],
  [`set_irq_in ${HPET} unnamed-gpio-in 1 0xffffffff`, 'a level that fits 32 bits unsigned only'],
  [`set_irq_in ${HPET} unnamed-gpio-in 0b 1`, 'a line number "0b"'],
];

describe('numbers QEMU 10.0 refuses (its process ends; devgen answers FAIL and goes on)', () => {
  for (const [command, why] of REFUSED) {
    it(`${command} — ${why}`, async () => {
      const c: QtestCase = { path: `refused: ${command}`, header: { machine: 'pc' }, commands: ['readq 0x1000', command, 'readb 0x1000'], expected: [], notes: [] };
      const qemu = await runOnQemu(c, 30_000);
      expect(qemu.answers[0]).toEqual(['OK 0x0000000000000000']);
      // QEMU's g_assert prints its "Bail out! ... assertion failed" line on stdout, then dies.
      expect(qemu.answers[1]!.at(-1)).toBe('<no answer: the process ended>');
      expect(qemu.answers[1]!.join('\n')).toMatch(/assertion failed/);
      const devgen = runInProcess(c);
      expect(devgen.answers[1]).toHaveLength(1);
      expect(devgen.answers[1]![0]).toMatch(/^FAIL /);
      expect(devgen.answers[2]).toEqual(['OK 0x0000000000000000']);
    }, 40_000);
  }
});
