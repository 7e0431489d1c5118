/**
 * What each canonical access kind means, once: whether a field's bits read back, whether they
 * take the written value, and which special masks (write-1-to-clear, clear-on-read, …) they
 * join. The emitters turn this into a register's masks, lint asks it which fields are
 * writable or have read side effects, and the runtime applies the masks with its one
 * register-semantics module.
 */
import type { AccessKind, RegisterIR } from './ir.ts';

/** Special masks of a register (the `<name>Mask` entries of a generated register). */
export type MaskName = 'w1c' | 'w1s' | 'w1t' | 'w0c' | 'w0s' | 'w0t' | 'wc' | 'ws' | 'rc' | 'rs';

/** Generic semantics of one access kind. */
export interface AccessSemantics {
  /** Bits are returned by reads. */
  readonly read: boolean;
  /** Bits take the written value. */
  readonly write: boolean;
  readonly masks: readonly MaskName[];
}

/**
 * UVM access kinds → generic read/write semantics (register-description-tools.md §2a).
 * Write-once kinds (W1, WO1) are modelled as plain writable bits: "once" needs per-instance
 * memory the generic path does not keep; a behaviour hook can enforce it.
 */
export const ACCESS: Readonly<Record<AccessKind, AccessSemantics>> = {
  RO: { read: true, write: false, masks: [] },
  RW: { read: true, write: true, masks: [] },
  WO: { read: false, write: true, masks: [] },
  W1: { read: true, write: true, masks: [] },
  WO1: { read: false, write: true, masks: [] },
  RC: { read: true, write: false, masks: ['rc'] },
  RS: { read: true, write: false, masks: ['rs'] },
  W1C: { read: true, write: false, masks: ['w1c'] },
  W1S: { read: true, write: false, masks: ['w1s'] },
  W1T: { read: true, write: false, masks: ['w1t'] },
  W0C: { read: true, write: false, masks: ['w0c'] },
  W0S: { read: true, write: false, masks: ['w0s'] },
  W0T: { read: true, write: false, masks: ['w0t'] },
  WC: { read: true, write: false, masks: ['wc'] },
  WS: { read: true, write: false, masks: ['ws'] },
  WRC: { read: true, write: true, masks: ['rc'] },
  WRS: { read: true, write: true, masks: ['rs'] },
  WSRC: { read: true, write: false, masks: ['ws', 'rc'] },
  WCRS: { read: true, write: false, masks: ['wc', 'rs'] },
  W1SRC: { read: true, write: false, masks: ['w1s', 'rc'] },
  W1CRS: { read: true, write: false, masks: ['w1c', 'rs'] },
  W0SRC: { read: true, write: false, masks: ['w0s', 'rc'] },
  W0CRS: { read: true, write: false, masks: ['w0c', 'rs'] },
  WOC: { read: false, write: false, masks: ['wc'] },
  WOS: { read: false, write: false, masks: ['ws'] },
};

/** Masks in the order generated registers list them. */
export const MASK_ORDER: readonly MaskName[] = ['w1c', 'w1s', 'w1t', 'w0c', 'w0s', 'w0t', 'wc', 'ws', 'rc', 'rs'];

/** Masks through which a write changes the stored value. */
export const WRITE_EFFECT_MASKS: ReadonlySet<MaskName> = new Set<MaskName>(['w1c', 'w1s', 'w1t', 'w0c', 'w0s', 'w0t', 'wc', 'ws']);

/** True when software writes can change the field. */
export function isWritable(access: AccessKind): boolean {
  const s = ACCESS[access];
  return s.write || s.masks.some((m) => WRITE_EFFECT_MASKS.has(m));
}

/** True when the field is read-only to software (RO, RC, RS). */
export function isReadOnly(access: AccessKind): boolean {
  return !isWritable(access);
}

/** True when the field cannot be read back. */
export function isWriteOnly(access: AccessKind): boolean {
  return !ACCESS[access].read;
}

/** True when reading the field has a side effect (clear or set on read). */
export function hasReadEffect(access: AccessKind): boolean {
  return ACCESS[access].masks.some((m) => m === 'rc' || m === 'rs');
}

/** Masks of a register computed from its fields (bits outside every field read 0, ignore writes). */
export interface RegisterMasks {
  readonly readMask: bigint;
  readonly writeMask: bigint;
  readonly extra: ReadonlyMap<MaskName, bigint>;
}

/** Bits `lsb..msb` as a mask. */
export function fieldMask(lsb: number, msb: number): bigint {
  return ((1n << BigInt(msb - lsb + 1)) - 1n) << BigInt(lsb);
}

/** Computes a register's masks from the access kinds of its fields. */
export function registerMasks(reg: Pick<RegisterIR, 'fields'>): RegisterMasks {
  let readMask = 0n;
  let writeMask = 0n;
  const extra = new Map<MaskName, bigint>();
  for (const f of reg.fields) {
    const bits = fieldMask(f.lsb, f.msb);
    const sem = ACCESS[f.access];
    if (sem.read) readMask |= bits;
    if (sem.write) writeMask |= bits;
    for (const m of sem.masks) extra.set(m, (extra.get(m) ?? 0n) | bits);
  }
  return { readMask, writeMask, extra };
}

/** Whether a write to a register with these masks can change its stored value. */
export function hasWriteEffect(masks: RegisterMasks): boolean {
  return masks.writeMask !== 0n || [...masks.extra].some(([m, bits]) => WRITE_EFFECT_MASKS.has(m) && bits !== 0n);
}
