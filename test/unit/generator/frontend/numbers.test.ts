/** Number rules of format v1 (schema/numbers.ts), through the YAML reader so source text is real. */
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../../../generator/src/diagnostics/diagnostic.ts';
import { readYaml } from '../../../../generator/src/frontends/yaml/read.ts';
import { parseNumberLiteral, unsignedSlot, type NumberSlot } from '../../../../generator/src/schema/numbers.ts';

function parse(src: string, slot: NumberSlot = unsignedSlot('a value')) {
  const read = readYaml('t.yaml', `v: ${src}\n`, new DiagnosticSink());
  const lit = read.literalAt(['v']);
  if (!lit) throw new Error('no scalar');
  return parseNumberLiteral(lit, slot);
}

describe('accepted spellings', () => {
  it.each([
    ['42', 42n], ['0', 0n], ['0x2a', 42n], ['0x0900abcd', 0x0900abcdn], ['"0x0900_0000"', 0x09000000n],
    ["'0x0900_0000'", 0x09000000n], ['"0b1010_0101"', 0xa5n], ['"1_000_000"', 1000000n], ['"0"', 0n],
    ['0xffffffffffffffff', 0xffffffffffffffffn], ['"0xffff_ffff_ffff_ffff"', 0xffffffffffffffffn],
  ])('%s → %s', (src, want) => {
    expect(parse(src)).toEqual({ ok: true, value: want });
  });

  it('accepts negative decimals only for signed slots', () => {
    const signed: NumberSlot = { what: 'i32 state', min: -(1n << 31n), max: (1n << 31n) - 1n };
    expect(parse('-1', signed)).toEqual({ ok: true, value: -1n });
    expect(parse('"-2_000"', signed)).toEqual({ ok: true, value: -2000n });
    expect(parse('-1')).toMatchObject({ ok: false, id: 'number-negative' });
  });
});

describe('rejected spellings', () => {
  it.each([
    ['1.5', 'number-float'], ['4.0', 'number-float'], ['1e3', 'number-float'], ['.inf', 'number-float'], ['"1.5"', 'number-float'],
    ['0755', 'number-leading-zero'], ['"0755"', 'number-leading-zero'], ['00', 'number-leading-zero'],
    ['0o17', 'number-octal'], ['"0o17"', 'number-octal'],
    ['0x0900_0000', 'number-unquoted-underscore'], ['1_000', 'number-unquoted-underscore'],
    ['0b101', 'number-unquoted-binary'],
    ['"0x__1"', 'number-syntax'], ['"0x1_"', 'number-syntax'], ['"_1"', 'number-syntax'], ['"0X10"', 'number-syntax'],
    ['"0xg"', 'number-syntax'], ['abc', 'number-syntax'], ['+5', 'number-syntax'], ['"0b102"', 'number-syntax'],
    ['0x10000000000000000', 'number-range'],
  ])('%s → %s', (src, id) => {
    expect(parse(src)).toMatchObject({ ok: false, id });
  });

  it('checks the slot range', () => {
    expect(parse('256', unsignedSlot('a u8', 8))).toMatchObject({ ok: false, id: 'number-range' });
    expect(parse('255', unsignedSlot('a u8', 8))).toEqual({ ok: true, value: 255n });
  });

  it('keeps 64-bit values exact', () => {
    expect(parse('0x8000000000000001')).toEqual({ ok: true, value: 0x8000000000000001n });
  });
});
