/** qtest number parsing: strtoull/strtoll with base 0 as glibc 2.41 has them (binary included). */
import { describe, expect, it } from 'vitest';
import { parseI64, parseU64 } from '../../../../runtime/src/qtest/qtest-parse.ts';

describe('qtest numbers', () => {
  it('accepts decimal, hex, octal and binary, with a sign and leading white space', () => {
    const cases: [string, bigint][] = [
      ['42', 42n], ['0x2a', 42n], ['0X2A', 42n], ['052', 42n], ['0b101010', 42n], ['0B101010', 42n],
      ['+42', 42n], ['\t42', 42n], ['0', 0n], ['00', 0n], ['-1', (1n << 64n) - 1n], ['-0b1', (1n << 64n) - 1n],
      ['0b' + '1'.repeat(64), (1n << 64n) - 1n], ['-18446744073709551615', 1n],
    ];
    for (const [text, want] of cases) expect(parseU64(text), text).toBe(want);
    expect(parseI64('-0b10')).toBe(-2n);
    expect(parseI64('0b' + '1'.repeat(63))).toBe((1n << 63n) - 1n);
  });

  it('refuses a prefix without digits, digits of another base, garbage and overflow', () => {
    for (const text of ['', '0b', '0B', '0b2', '0x', '0xg', '09', '0o7', '1e3', '5z', '0b' + '1'.repeat(65), '18446744073709551616', '-18446744073709551616']) {
      expect(parseU64(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(parseI64('0b1' + '0'.repeat(63))).toBeUndefined();
  });
});
