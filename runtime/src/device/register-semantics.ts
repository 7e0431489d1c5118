/**
 * Register semantics: the access-kind formulas of codegen v1 registers, stated once as tables
 * of steps, and the read/write function types every dispatcher shares.
 *
 * Why one table: the same formula runs three ways — over numbers (the closure dispatcher),
 * over bigint lanes (64-bit registers) and as source text (the specialised dispatcher). Each
 * is derived from the steps below (the first two through the formula's normal form), so they
 * cannot disagree; a unit test checks every step against a table of expected values in all
 * three forms.
 *
 * A step takes the register's value `n` and the written value `v` and one mask `m`:
 * - operand `x`: `ones` = v & m (bits written as 1), `zeros` = ~v & m (bits written as 0),
 *   `every` = m (whatever was written);
 * - op: `replace` n = (n & ~m) | x, `clear` n &= ~x, `set` n |= x, `toggle` n ^= x,
 *   `keep` n &= x.
 * A step whose mask makes it the identity (zero mask; all-ones for `keep`) is left out.
 * For a 32-bit lane of a 64-bit register every mask is first restricted to the lane; the
 * formula is then the same, so bits outside the lane keep their value.
 */
import type { AccessValue, RegisterAccessMasks } from '../contract/types.ts';

/** A compiled register reader: offset inside the region and access size in bytes. */
export type MmioReadFn = (offset: number, size: number) => number;
/** A compiled register writer. */
export type MmioWriteFn = (offset: number, size: number, value: number) => void;
/** Reader of a 64-bit register: bigint for 8-byte accesses, number otherwise. */
export type WideReadFn = (offset: number, size: number) => AccessValue;
/** Writer of a 64-bit register: the value as bigint or number. */
export type WideWriteFn = (offset: number, size: number, value: AccessValue) => void;

export { READ_SIDE_EFFECTS, READ_VALUE, WRITE_FORMULA } from '../formats/register-formula.ts';
export type { FormulaStep, MaskName, StepOp, StepOperand } from '../formats/register-formula.ts';
import { READ_SIDE_EFFECTS, READ_VALUE, WRITE_FORMULA, type FormulaStep, type MaskName, type StepOp, type StepOperand } from '../formats/register-formula.ts';

/** The formula table names exactly the mask fields of {@link RegisterAccessMasks} (a compile-time check). */
type MaskFields = Exclude<keyof RegisterAccessMasks<number>, 'writeOnly' | 'readOnly' | 'ignoreWrites'>;
const maskNamesMatch: [MaskName] extends [MaskFields] ? ([MaskFields] extends [MaskName] ? true : never) : never = true;
void maskNamesMatch;

/** A step with its mask value for one register (identity steps already left out). */
export interface ActiveStep<V extends number | bigint> {
  readonly op: StepOp;
  readonly operand: StepOperand;
  readonly mask: V;
}

const ALL32 = 0xffff_ffff;
/** All 64 bits. */
export const ALL64 = (1n << 64n) - 1n;

/** The steps of `formula` that change something for a ≤32-bit register with `masks`. */
export function numberSteps(formula: readonly FormulaStep[], masks: RegisterAccessMasks<number>): ActiveStep<number>[] {
  const out: ActiveStep<number>[] = [];
  for (const s of formula) {
    const mask = (masks[s.mask] ?? 0) >>> 0;
    if (s.op === 'keep' ? mask !== ALL32 : mask !== 0) out.push({ op: s.op, operand: s.operand, mask });
  }
  return out;
}

/** The steps of `formula` for a 64-bit register, every mask restricted to `lane` (all 64 bits by default). */
export function bigintSteps(formula: readonly FormulaStep[], masks: RegisterAccessMasks<bigint>, lane: bigint = ALL64): ActiveStep<bigint>[] {
  const out: ActiveStep<bigint>[] = [];
  for (const s of formula) {
    const mask = BigInt.asUintN(64, masks[s.mask] ?? 0n) & lane;
    if (s.op === 'keep' ? mask !== ALL64 : mask !== 0n) out.push({ op: s.op, operand: s.operand, mask });
  }
  return out;
}

/**
 * The operands and operations of the module comment, each as an evaluation and as source
 * text side by side. Evaluation serves numbers and bigints alike: both types share the
 * bitwise operators with the same meaning on a register's bits (bigint operands and masks are
 * non-negative, so results stay within 64 bits); the number types only satisfy the checker.
 */
const OPERANDS: Readonly<Record<StepOperand, { readonly value: (v: number, m: number) => number; readonly source: (v: string, m: string) => string }>> = {
  ones: { value: (v, m) => v & m, source: (v, m) => `(${v} & ${m})` },
  zeros: { value: (v, m) => ~v & m, source: (v, m) => `(~${v} & ${m})` },
  every: { value: (_v, m) => m, source: (_v, m) => m },
};
const OPS: Readonly<Record<StepOp, { readonly value: (n: number, x: number, m: number) => number; readonly source: (n: string, x: string, notM: string) => string }>> = {
  replace: { value: (n, x, m) => (n & ~m) | x, source: (n, x, notM) => `((${n} & ${notM}) | ${x})` },
  clear: { value: (n, x) => n & ~x, source: (n, x) => `(${n} & ~${x})` },
  set: { value: (n, x) => n | x, source: (n, x) => `(${n} | ${x})` },
  toggle: { value: (n, x) => n ^ x, source: (n, x) => `(${n} ^ ${x})` },
  keep: { value: (n, x) => n & x, source: (n, x) => `(${n} & ${x})` },
};

/** One step over a number or a bigint (see {@link OPS}). */
function evalStep<V extends number | bigint>(s: ActiveStep<V>, n: V, v: V): V {
  const m = s.mask as number;
  return OPS[s.op].value(n as number, OPERANDS[s.operand].value(v as number, m), m) as V;
}

/** Applies `steps` to `n` with written value `v` (unsigned 32-bit result). */
export function applyNumber(steps: readonly ActiveStep<number>[], n: number, v: number): number {
  for (let i = 0; i < steps.length; i++) n = evalStep(steps[i]!, n, v);
  return n >>> 0;
}

/** Applies `steps` to `n` with written value `v` (unsigned 64-bit result). */
export function applyBigint(steps: readonly ActiveStep<bigint>[], n: bigint, v: bigint): bigint {
  for (const s of steps) n = evalStep(s, n, v);
  return BigInt.asUintN(64, n);
}

/**
 * A formula in algebraic normal form, bit by bit: new = (n & a) ^ (v & b) ^ (n & v & c) ^ d.
 * Every step is bitwise (bit i of the result depends only on bit i of n, v and the masks), and
 * any function of two bits has this form, so four evaluations of the steps (n and v all zeros
 * or all ones) give the four masks. Dispatchers evaluate a register's formula this way, in
 * constant time whatever its access kinds, instead of interpreting the steps per access.
 */
export interface NormalForm<V extends number | bigint> {
  readonly a: V;
  readonly b: V;
  readonly c: V;
  readonly d: V;
}

/** The normal form of `steps` over 32-bit numbers. */
export function numberNormalForm(steps: readonly ActiveStep<number>[]): NormalForm<number> {
  const d = applyNumber(steps, 0, 0);
  const a = (applyNumber(steps, ALL32, 0) ^ d) >>> 0;
  const b = (applyNumber(steps, 0, ALL32) ^ d) >>> 0;
  const c = (applyNumber(steps, ALL32, ALL32) ^ a ^ b ^ d) >>> 0;
  return { a, b, c, d };
}

/** The normal form of `steps` over 64-bit bigints. */
export function bigintNormalForm(steps: readonly ActiveStep<bigint>[]): NormalForm<bigint> {
  const d = applyBigint(steps, 0n, 0n);
  const a = applyBigint(steps, ALL64, 0n) ^ d;
  const b = applyBigint(steps, 0n, ALL64) ^ d;
  const c = applyBigint(steps, ALL64, ALL64) ^ a ^ b ^ d;
  return { a, b, c, d };
}

/** `steps` over numbers as one function `(n, v) => result` (unsigned 32-bit), from the normal form. */
export function numberFormula(steps: readonly ActiveStep<number>[]): (n: number, v: number) => number {
  const { a, b, c, d } = numberNormalForm(steps);
  if (c === 0 && d === 0) return (n, v) => ((n & a) ^ (v & b)) >>> 0;
  return (n, v) => ((n & a) ^ (v & b) ^ (n & v & c) ^ d) >>> 0;
}

/** `steps` over bigints as one function `(n, v) => result` (unsigned 64-bit), from the normal form. */
export function bigintFormula(steps: readonly ActiveStep<bigint>[]): (n: bigint, v: bigint) => bigint {
  const { a, b, c, d } = bigintNormalForm(steps);
  if (c === 0n && d === 0n) return (n, v) => (n & a) ^ (v & b);
  return (n, v) => (n & a) ^ (v & b) ^ (n & v & c) ^ d;
}

/** A 32-bit constant as source text (signed form, so literals stay small integers). */
export const literal = (n: number): string => `(${n | 0})`;

/** One step as a source expression over the expressions `n` and `v` (see {@link OPS}). */
function stepSource(s: ActiveStep<number>, n: string, v: string): string {
  // A full-mask replace makes the old value irrelevant: the value is what was written.
  if (s.op === 'replace' && s.operand === 'ones' && s.mask === ALL32) return v;
  const m = literal(s.mask);
  return OPS[s.op].source(n, OPERANDS[s.operand].source(v, m), literal(~s.mask));
}

/**
 * `steps` as one source expression (unsigned 32-bit) over the expressions `n` (the register
 * value, evaluated once) and `v` (the written value, a plain identifier).
 */
export function formulaSource(steps: readonly ActiveStep<number>[], n: string, v: string): string {
  let e = n;
  for (const s of steps) e = stepSource(s, e, v);
  return `(${e} >>> 0)`;
}

/** Mask of the bits a `size`-byte access at byte `rel` (0 or 4) of a 64-bit register writes. */
export function laneMask(rel: number, size: number): bigint {
  const shift = rel * 8;
  const len = Math.min(size * 8, 64 - shift);
  return ((1n << BigInt(len)) - 1n) << BigInt(shift);
}

/** What a register has besides its masks, as far as the access formulas care. */
export interface RegisterShape {
  readonly readHook: boolean;
  readonly writeHook: boolean;
  readonly postWrite: boolean;
  readonly storage: boolean;
}

/**
 * How a register is read, decided once: its read hook, a logged write-only read, a constant
 * (the reset value's readable bits), or storage (value steps, then side-effect steps).
 */
export type ReadPlan<V extends number | bigint> =
  | { readonly kind: 'hook' }
  | { readonly kind: 'write-only' }
  | { readonly kind: 'const'; readonly value: V }
  | { readonly kind: 'storage'; readonly value: readonly ActiveStep<V>[]; readonly sideEffects: readonly ActiveStep<V>[] };

/**
 * How a register is written, decided once: its write hook (then postWrite, if any, with the
 * old and new stored values), dropped silently, logged as read-only, or the write formula
 * applied to storage (then postWrite).
 */
export type WritePlan<V extends number | bigint> =
  | { readonly kind: 'hook'; readonly post: boolean }
  | { readonly kind: 'ignore' }
  | { readonly kind: 'read-only' }
  | { readonly kind: 'storage'; readonly steps: readonly ActiveStep<V>[]; readonly post: boolean };

/** The steps of a formula for one register, in its value type. */
export type StepsOf<V extends number | bigint> = (formula: readonly FormulaStep[]) => ActiveStep<V>[];

/** The steps function of a ≤32-bit register. */
export const numberStepsOf = (masks: RegisterAccessMasks<number>): StepsOf<number> => (f) => numberSteps(f, masks);
/** The steps function of a 64-bit register (whole register; lanes restrict further). */
export const bigintStepsOf = (masks: RegisterAccessMasks<bigint>): StepsOf<bigint> => (f) => bigintSteps(f, masks);

/** The read plan of a register; `reset` is its reset value for this instance. */
export function readPlanOf<V extends number | bigint>(
  masks: RegisterAccessMasks<V>, shape: RegisterShape, reset: V, steps: StepsOf<V>, apply: (s: readonly ActiveStep<V>[], n: V) => V,
): ReadPlan<V> {
  if (shape.readHook) return { kind: 'hook' };
  if (masks.writeOnly === true) return { kind: 'write-only' };
  if (!shape.storage) return { kind: 'const', value: apply(steps(READ_VALUE), reset) };
  return { kind: 'storage', value: steps(READ_VALUE), sideEffects: steps(READ_SIDE_EFFECTS) };
}

/** The write plan of a register. */
export function writePlanOf<V extends number | bigint>(masks: RegisterAccessMasks<V>, shape: RegisterShape, steps: StepsOf<V>): WritePlan<V> {
  if (shape.writeHook) return { kind: 'hook', post: shape.postWrite };
  if (masks.readOnly === true || !shape.storage) return masks.ignoreWrites === true ? { kind: 'ignore' } : { kind: 'read-only' };
  return { kind: 'storage', steps: steps(WRITE_FORMULA), post: shape.postWrite };
}
