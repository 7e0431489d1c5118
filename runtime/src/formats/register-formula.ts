/**
 * The access-kind formulas of registers as data: which steps a generic write, a generic read
 * and its side effects apply, in which order (the meaning of each step is in
 * runtime/src/device/register-semantics.ts, which evaluates them). Dependency-free, so the
 * compiler's C emitter spells the same steps in C from this one table.
 */

/** The mask fields of a register's access masks a formula step reads. */
export type MaskName = 'writeMask' | 'readMask' | 'w1cMask' | 'w1sMask' | 'w1tMask' | 'w0cMask' | 'w0sMask' | 'w0tMask' | 'wcMask' | 'wsMask' | 'rcMask' | 'rsMask';
/** What a step does with its operand (runtime/src/device/register-semantics.ts says what each means). */
export type StepOp = 'replace' | 'clear' | 'set' | 'toggle' | 'keep';
/** Which bits a step's operand is made of (runtime/src/device/register-semantics.ts says what each means). */
export type StepOperand = 'ones' | 'zeros' | 'every';

/** One step of a formula: an operation on the register value with one of its masks. */
export interface FormulaStep {
  readonly mask: MaskName;
  readonly op: StepOp;
  readonly operand: StepOperand;
}

/**
 * A generic write to a storage-backed register, old → new (the formula in types.ts):
 * plain writable bits, then write-1/write-0 clear/set/toggle, then write-clear/write-set.
 */
export const WRITE_FORMULA: readonly FormulaStep[] = [
  { mask: 'writeMask', op: 'replace', operand: 'ones' },
  { mask: 'w1cMask', op: 'clear', operand: 'ones' },
  { mask: 'w1sMask', op: 'set', operand: 'ones' },
  { mask: 'w1tMask', op: 'toggle', operand: 'ones' },
  { mask: 'w0cMask', op: 'clear', operand: 'zeros' },
  { mask: 'w0sMask', op: 'set', operand: 'zeros' },
  { mask: 'w0tMask', op: 'toggle', operand: 'zeros' },
  { mask: 'wcMask', op: 'clear', operand: 'every' },
  { mask: 'wsMask', op: 'set', operand: 'every' },
];

/** What a generic read returns: the stored value restricted to the readable bits. */
export const READ_VALUE: readonly FormulaStep[] = [{ mask: 'readMask', op: 'keep', operand: 'every' }];

/** What a generic read leaves in storage: clear-on-read bits cleared, set-on-read bits set. */
export const READ_SIDE_EFFECTS: readonly FormulaStep[] = [
  { mask: 'rcMask', op: 'clear', operand: 'every' },
  { mask: 'rsMask', op: 'set', operand: 'every' },
];

