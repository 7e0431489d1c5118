/**
 * The register formulas of the runtime (runtime/src/formats/register-formula.ts: the write
 * steps, the read value, the read side effects) spelled as C statements over a local value,
 * with the masks the compiler's access table gives (ir/access-semantics.ts). The C device
 * therefore applies every access kind exactly as the TypeScript runtime does: same steps, same
 * order, same identity steps left out.
 */
import { READ_SIDE_EFFECTS, READ_VALUE, WRITE_FORMULA, type FormulaStep, type MaskName } from '../../../../runtime/src/formats/register-formula.ts';
import { registerMasks } from '../../ir/access-semantics.ts';
import type { RegisterIR } from '../../ir/ir.ts';
import { cUnsigned } from './c-literals.ts';

export { READ_SIDE_EFFECTS, READ_VALUE, WRITE_FORMULA };

/** The mask values of a register by the formula table's mask names. */
export function formulaMasks(reg: Pick<RegisterIR, 'fields'>): Readonly<Record<MaskName, bigint>> {
  const m = registerMasks(reg);
  const x = (k: Parameters<typeof m.extra.get>[0]): bigint => m.extra.get(k) ?? 0n;
  return {
    readMask: m.readMask, writeMask: m.writeMask,
    w1cMask: x('w1c'), w1sMask: x('w1s'), w1tMask: x('w1t'), w0cMask: x('w0c'), w0sMask: x('w0s'), w0tMask: x('w0t'),
    wcMask: x('wc'), wsMask: x('ws'), rcMask: x('rc'), rsMask: x('rs'),
  };
}

const ALL32 = 0xffff_ffffn;
const ALL64 = (1n << 64n) - 1n;

/**
 * C statements applying `formula` to the lvalue `n` with written value `v` (an expression),
 * for a register of `width` bits. `lane` (a C expression) restricts every mask to the bits an
 * access of a 64-bit register writes; without it the masks are constants. Steps whose mask
 * makes them the identity are left out, as the runtime leaves them out.
 */
export function formulaStatements(formula: readonly FormulaStep[], masks: Readonly<Record<MaskName, bigint>>, width: number, n: string, v: string, lane?: string): string[] {
  const wide = width > 32;
  const all = wide ? ALL64 : ALL32;
  const out: string[] = [];
  for (const s of formula) {
    const raw = BigInt.asUintN(wide ? 64 : 32, masks[s.mask]);
    if (s.op === 'keep' ? raw === all && lane === undefined : raw === 0n) continue;
    const c = cUnsigned(raw, wide ? 64 : 32);
    const m = lane === undefined ? c : raw === all ? lane : `(${c} & ${lane})`;
    // With a lane, the written value is already restricted to it: its ones need only the mask.
    const ones = lane === undefined || raw === all ? m : c;
    const x = s.operand === 'ones' ? `(${v} & ${ones})` : s.operand === 'zeros' ? `(~${v} & ${m})` : m;
    switch (s.op) {
      case 'replace':
        out.push(raw === all && lane === undefined && s.operand === 'ones' ? `${n} = ${v};` : `${n} = (${n} & ~${m}) | ${x};`);
        break;
      case 'clear': out.push(`${n} &= ~${x};`); break;
      case 'set': out.push(`${n} |= ${x};`); break;
      case 'toggle': out.push(`${n} ^= ${x};`); break;
      case 'keep': out.push(`${n} &= ${x};`); break;
    }
  }
  return out;
}

/** Whether the read side-effect steps of a register change anything. */
export function hasReadSideEffects(masks: Readonly<Record<MaskName, bigint>>): boolean {
  return READ_SIDE_EFFECTS.some((s) => masks[s.mask] !== 0n);
}

/** The readable bits of a register value as a C expression. */
export function readValueExpr(masks: Readonly<Record<MaskName, bigint>>, width: number, value: string): string {
  const wide = width > 32;
  const step = READ_VALUE[0]!;
  const m = BigInt.asUintN(wide ? 64 : 32, masks[step.mask]);
  if (m === (wide ? ALL64 : ALL32)) return value;
  return `${value} & ${cUnsigned(m, wide ? 64 : 32)}`;
}
