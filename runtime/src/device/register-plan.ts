/**
 * Register plans: the one place that decides, from a RegisterEntry's shape, how the register
 * is read and written. Both the closure dispatcher (mmio-dispatch.ts) and the code specialiser
 * (mmio-specialize.ts) follow these plans, so the two cannot drift apart.
 */
import type { RegisterEntry } from '../codegen/v1/types.ts';

/** The full write formula of RegisterEntry (types.ts), for registers with special bits. */
export interface WriteMasks {
  readonly keep: number;
  readonly wm: number;
  readonly w1c: number;
  readonly w1s: number;
  readonly w1t: number;
  readonly w0c: number;
  readonly w0s: number;
  readonly w0t: number;
  readonly wc: number;
  readonly ws: number;
}

/**
 * How a register is read, decided once. `closure` means "use the generic closure" (rare
 * shapes: write-only logging, clear/set-on-read); the other kinds are also emitted inline by
 * the specialiser (mmio-specialize.ts).
 */
export type ReadPlan<C> =
  | { readonly kind: 'hook'; readonly read: (ctx: C) => number }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'storage'; readonly get: (ctx: C) => number; readonly mask: number }
  | { readonly kind: 'closure' };

/** How a register is written, decided once (see {@link ReadPlan}). */
export type WritePlan<C> =
  | { readonly kind: 'hook'; readonly write: (ctx: C, v: number) => void }
  | { readonly kind: 'ignore' }
  | {
      readonly kind: 'storage';
      readonly get: (ctx: C) => number;
      readonly set: (ctx: C, v: number) => void;
      readonly mask: number;
      readonly post: ((ctx: C, oldValue: number, newValue: number) => void) | undefined;
    }
  | { readonly kind: 'closure' };

export function writeMasks<C>(e: RegisterEntry<C>): WriteMasks {
  return {
    keep: ~e.writeMask,
    wm: e.writeMask >>> 0,
    w1c: (e.w1cMask ?? 0) >>> 0,
    w1s: (e.w1sMask ?? 0) >>> 0,
    w1t: (e.w1tMask ?? 0) >>> 0,
    w0c: (e.w0cMask ?? 0) >>> 0,
    w0s: (e.w0sMask ?? 0) >>> 0,
    w0t: (e.w0tMask ?? 0) >>> 0,
    wc: (e.wcMask ?? 0) >>> 0,
    ws: (e.wsMask ?? 0) >>> 0,
  };
}

/** Whether any special write bits (w1c, w1s, ...) are set. */
export const hasSpecialBits = (m: WriteMasks): boolean => (m.w1c | m.w1s | m.w1t | m.w0c | m.w0s | m.w0t | m.wc | m.ws) !== 0;

/** The read plan of `e`. */
export function readPlanOf<C>(e: RegisterEntry<C>): ReadPlan<C> {
  if (e.read !== undefined) return { kind: 'hook', read: e.read };
  if (e.writeOnly === true) return { kind: 'closure' };
  const mask = e.readMask >>> 0;
  if (e.get === undefined) return { kind: 'const', value: (e.reset & mask) >>> 0 };
  if (((e.rcMask ?? 0) !== 0 || (e.rsMask ?? 0) !== 0) && e.set !== undefined) return { kind: 'closure' };
  return { kind: 'storage', get: e.get, mask };
}

/** The write plan of `e`. */
export function writePlanOf<C>(e: RegisterEntry<C>): WritePlan<C> {
  if (e.write !== undefined) return e.postWrite === undefined ? { kind: 'hook', write: e.write } : { kind: 'closure' };
  if (e.readOnly === true || e.get === undefined || e.set === undefined) {
    return e.ignoreWrites === true ? { kind: 'ignore' } : { kind: 'closure' };
  }
  const m = writeMasks(e);
  if (hasSpecialBits(m)) return { kind: 'closure' };
  return { kind: 'storage', get: e.get, set: e.set, mask: m.wm, post: e.postWrite };
}

