/**
 * The access-kind formulas of register-semantics.ts: every step against a table of expected
 * old/value → new values, in every form the dispatchers use (numbers, bigint lanes of a 64-bit
 * register, the normal forms derived from them, generated source text), and the forms against
 * each other on random masks.
 */
import { describe, expect, it } from 'vitest';
import type { RegisterAccessMasks } from '../../../../runtime/src/contract/types.ts';
import {
  READ_SIDE_EFFECTS,
  READ_VALUE,
  WRITE_FORMULA,
  applyBigint,
  applyNumber,
  bigintFormula,
  bigintSteps,
  formulaSource,
  laneMask,
  numberFormula,
  numberSteps,
  type FormulaStep,
} from '../../../../runtime/src/device/register-semantics.ts';

type Masks = Partial<RegisterAccessMasks<number>>;

/** One access kind: its masks, the stored value, the written value and the expected result. */
interface KindCase {
  readonly kind: string;
  readonly formula: readonly FormulaStep[];
  readonly masks: Masks;
  readonly old: number;
  readonly value: number;
  readonly expected: number;
}

const CASES: readonly KindCase[] = [
  { kind: 'rw (writeMask)', formula: WRITE_FORMULA, masks: { writeMask: 0x0f }, old: 0xa5, value: 0x3c, expected: 0xac },
  { kind: 'rw, every bit', formula: WRITE_FORMULA, masks: { writeMask: 0xffff_ffff }, old: 0xa5, value: 0x8000_003c, expected: 0x8000_003c },
  { kind: 'w1c', formula: WRITE_FORMULA, masks: { w1cMask: 0xff }, old: 0xf0, value: 0x30, expected: 0xc0 },
  { kind: 'w1s', formula: WRITE_FORMULA, masks: { w1sMask: 0xff }, old: 0x01, value: 0x30, expected: 0x31 },
  { kind: 'w1t', formula: WRITE_FORMULA, masks: { w1tMask: 0xff }, old: 0x11, value: 0x30, expected: 0x21 },
  { kind: 'w0c', formula: WRITE_FORMULA, masks: { w0cMask: 0x0f }, old: 0xff, value: 0x05, expected: 0xf5 },
  { kind: 'w0s', formula: WRITE_FORMULA, masks: { w0sMask: 0x0f }, old: 0x00, value: 0x05, expected: 0x0a },
  { kind: 'w0t', formula: WRITE_FORMULA, masks: { w0tMask: 0x0f }, old: 0x03, value: 0x05, expected: 0x09 },
  { kind: 'wc', formula: WRITE_FORMULA, masks: { wcMask: 0x0f }, old: 0xff, value: 0x0f, expected: 0xf0 },
  { kind: 'ws', formula: WRITE_FORMULA, masks: { wsMask: 0x0f }, old: 0x00, value: 0x00, expected: 0x0f },
  { kind: 'rw then w1c in one write', formula: WRITE_FORMULA, masks: { writeMask: 0xf0, w1cMask: 0x0f }, old: 0x0f, value: 0x53, expected: 0x5c },
  { kind: 'read value (readMask)', formula: READ_VALUE, masks: { readMask: 0x0f }, old: 0xab, value: 0, expected: 0x0b },
  { kind: 'rc', formula: READ_SIDE_EFFECTS, masks: { rcMask: 0x0f }, old: 0xff, value: 0, expected: 0xf0 },
  { kind: 'rs', formula: READ_SIDE_EFFECTS, masks: { rsMask: 0x100 }, old: 0x01, value: 0, expected: 0x101 },
];

/** Masks with the defaults a register without those kinds has (nothing writable, everything readable). */
const full = (m: Masks): RegisterAccessMasks<number> => ({ readMask: 0xffff_ffff, writeMask: 0, ...m });
/** The same masks as bigint, in `lanes` (bit 0: low 32 bits, bit 1: high 32 bits). */
function wideMasks(m: Masks, lanes: number): RegisterAccessMasks<bigint> {
  const out: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(full(m))) {
    const b = BigInt((v as number) >>> 0);
    out[k] = ((lanes & 1) !== 0 ? b : 0n) | ((lanes & 2) !== 0 ? b << 32n : 0n);
  }
  // readMask: a read is never lane-restricted, so keep every bit readable outside the lanes too.
  if (m.readMask === undefined) out.readMask = (1n << 64n) - 1n;
  return out as unknown as RegisterAccessMasks<bigint>;
}
const fromSource = (src: string): ((old: number, value: number) => number) =>
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the specialiser's text is the point.
  new Function('old', 'value', `return ${src};`) as (old: number, value: number) => number;

describe('each access kind', () => {
  it.each(CASES)('$kind over numbers', (c) => {
    expect(applyNumber(numberSteps(c.formula, full(c.masks)), c.old, c.value)).toBe(c.expected);
  });

  it.each(CASES)('$kind through the normal form (closure dispatcher)', (c) => {
    expect(numberFormula(numberSteps(c.formula, full(c.masks)))(c.old, c.value)).toBe(c.expected);
    const wide = bigintFormula(bigintSteps(c.formula, wideMasks(c.masks, 2), c.formula === WRITE_FORMULA ? laneMask(4, 4) : undefined));
    expect(wide((BigInt(c.old) << 32n) | 0xffn, BigInt(c.value) << 32n) >> 32n).toBe(BigInt(c.expected));
  });

  it.each(CASES)('$kind as generated source', (c) => {
    const src = formulaSource(numberSteps(c.formula, full(c.masks)), 'old', 'value');
    expect(fromSource(src)(c.old, c.value)).toBe(c.expected);
  });

  it.each(CASES)('$kind over a bigint lane: the other lane keeps its bits', (c) => {
    const keepLow = 0x1234_5678n;
    const keepHigh = 0x9abc_def0n;
    // High lane (a 4-byte access at +4): masks in both lanes, restricted to the written one.
    const high = laneMask(4, 4);
    const hs = bigintSteps(c.formula, wideMasks(c.masks, 3), c.formula === WRITE_FORMULA ? high : undefined);
    const hOld = (BigInt(c.old) << 32n) | keepLow;
    const hGot = applyBigint(hs, hOld, BigInt(c.value) << 32n);
    const lowAfter = c.formula === WRITE_FORMULA ? keepLow : applyBigint(bigintSteps(c.formula, wideMasks(c.masks, 1)), keepLow, 0n);
    expect(hGot).toBe((BigInt(c.expected) << 32n) | lowAfter);
    // Low lane (a 4-byte access at +0).
    if (c.formula !== WRITE_FORMULA) return;
    const ls = bigintSteps(c.formula, wideMasks(c.masks, 3), laneMask(0, 4));
    expect(applyBigint(ls, (keepHigh << 32n) | BigInt(c.old), BigInt(c.value))).toBe((keepHigh << 32n) | BigInt(c.expected));
  });
});

describe('steps and lanes', () => {
  it('leaves out the steps a register cannot take (zero masks; keep with every bit)', () => {
    expect(numberSteps(WRITE_FORMULA, full({ writeMask: 0xff }))).toEqual([{ op: 'replace', operand: 'ones', mask: 0xff }]);
    expect(numberSteps(READ_VALUE, full({}))).toEqual([]);
    expect(numberSteps(READ_SIDE_EFFECTS, full({}))).toEqual([]);
    expect(bigintSteps(WRITE_FORMULA, wideMasks({ w1cMask: 0xff }, 1), laneMask(4, 4))).toEqual([]);
  });

  it('lane masks follow the access: 4 bytes at +0 or +4, 8 bytes at +0, the rest of the register at +4', () => {
    expect(laneMask(0, 4)).toBe(0xffff_ffffn);
    expect(laneMask(4, 4)).toBe(0xffff_ffff_0000_0000n);
    expect(laneMask(0, 8)).toBe((1n << 64n) - 1n);
    expect(laneMask(4, 8)).toBe(0xffff_ffff_0000_0000n);
    expect(laneMask(0, 2)).toBe(0xffffn);
  });

  it('numbers, source text and the low lane of a 64-bit register agree on random masks and values', () => {
    let seed = 7;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const names = ['writeMask', 'w1cMask', 'w1sMask', 'w1tMask', 'w0cMask', 'w0sMask', 'w0tMask', 'wcMask', 'wsMask'] as const;
    for (let i = 0; i < 300; i++) {
      const m: Record<string, number> = {};
      // Each kind owns a random subset of bits (disjoint, as the generator assigns them).
      for (let bit = 0; bit < 32; bit++) {
        const k = names[rnd() % (names.length + 2)];
        if (k !== undefined) m[k] = ((m[k] ?? 0) | (1 << bit)) >>> 0;
      }
      const steps = numberSteps(WRITE_FORMULA, full(m));
      const src = fromSource(formulaSource(steps, 'old', 'value'));
      const wide = bigintSteps(WRITE_FORMULA, wideMasks(m, 3), laneMask(0, 4));
      const old = rnd();
      const value = rnd();
      const n = applyNumber(steps, old, value);
      expect(src(old, value)).toBe(n);
      expect(numberFormula(steps)(old, value)).toBe(n);
      const wideOld = (0x5555n << 32n) | BigInt(old);
      expect(applyBigint(wide, wideOld, BigInt(value))).toBe((0x5555n << 32n) | BigInt(n));
      expect(bigintFormula(wide)(wideOld, BigInt(value))).toBe((0x5555n << 32n) | BigInt(n));
    }
  });
});
