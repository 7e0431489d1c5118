/**
 * 64-bit registers (`WideRegisterEntry`): reached whole by 8-byte accesses and as 32-bit lanes
 * at +0 and +4, the way QEMU devices with 64-bit registers decode them (hpet: `shift =
 * (addr & 4) * 8; addr &= ~4`, then an exact match; read `reg >> shift`; write
 * `deposit64(old, shift, min(size * 8, 64 - shift), value)`). Any other offset inside the
 * register is a bad offset.
 *
 * Kept apart from the ≤32-bit dispatch so that path stays number-only: these closures use
 * bigint and are reached through their slots (the specialiser calls them opaquely).
 */
import type { GuestLog } from '../codegen/v1/context.ts';
import type { AccessValue, WideRegisterEntry } from '../codegen/v1/types.ts';
import type { MmioReadFn, MmioWriteFn } from './mmio-dispatch.ts';

/** Reader of a 64-bit register: bigint for 8-byte accesses, number otherwise. */
export type WideReadFn = (offset: number, size: number) => AccessValue;
/** Writer of a 64-bit register: the value as bigint or number. */
export type WideWriteFn = (offset: number, size: number, value: AccessValue) => void;

/** The compiled accessors of one 64-bit register. */
export interface CompiledWide {
  readonly read: WideReadFn;
  readonly write: WideWriteFn;
  /** Number-only views for the ≤32-bit API (`CompiledDispatch.read/write`): 4-byte lane semantics. */
  readonly readNumber: MmioReadFn;
  readonly writeNumber: MmioWriteFn;
}

const ALL64 = (1n << 64n) - 1n;
const hex = (v: number | bigint): string => (typeof v === 'bigint' ? BigInt.asUintN(64, v) : v >>> 0).toString(16);

/** Compiles one 64-bit register bound to `ctx`. */
export function compileWideRegister<C>(
  e: WideRegisterEntry<C>,
  ctx: C,
  log: GuestLog,
  typeName: string,
  badRead: MmioReadFn,
  badWrite: MmioWriteFn,
): CompiledWide {
  const readMask = BigInt.asUintN(64, e.readMask);
  const m = (x: bigint | undefined): bigint => BigInt.asUintN(64, x ?? 0n);
  const rc = m(e.rcMask);
  const rs = m(e.rsMask);

  /** The whole register value a read sees (side effects of clear/set-on-read applied). */
  const value = (offset: number): bigint | undefined => {
    if (e.read !== undefined) return BigInt.asUintN(64, e.read(ctx));
    if (e.writeOnly === true) {
      log.guestError(`${typeName}: read of write-only register ${e.name} (offset 0x${hex(offset)})`);
      return undefined;
    }
    if (e.get === undefined) return e.reset & readMask;
    const v = BigInt.asUintN(64, e.get(ctx));
    if ((rc | rs) !== 0n && e.set !== undefined) e.set(ctx, (v & ~rc) | rs);
    return v & readMask;
  };

  const read: WideReadFn = (offset, size) => {
    const rel = offset - e.offset;
    if (rel !== 0 && rel !== 4) return size === 8 ? BigInt(badRead(offset, size)) : badRead(offset, size);
    const v = value(offset);
    if (v === undefined) return size === 8 ? 0n : 0;
    const lane = v >> BigInt(rel * 8);
    return size === 8 ? lane : Number(lane & 0xffff_ffffn);
  };

  const wm = m(e.writeMask);
  const w1c = m(e.w1cMask), w1s = m(e.w1sMask), w1t = m(e.w1tMask);
  const w0c = m(e.w0cMask), w0s = m(e.w0sMask), w0t = m(e.w0tMask);
  const wc = m(e.wcMask), ws = m(e.wsMask);
  const noEffect = e.write === undefined && (e.readOnly === true || e.get === undefined || e.set === undefined);

  const write: WideWriteFn = (offset, size, raw) => {
    const rel = offset - e.offset;
    if (rel !== 0 && rel !== 4) {
      badWrite(offset, size, typeof raw === 'bigint' ? Number(BigInt.asUintN(32, raw)) : raw);
      return;
    }
    const shift = rel * 8;
    const len = Math.min(size * 8, 64 - shift);
    const lane = ((1n << BigInt(len)) - 1n) << BigInt(shift);
    const v = ((typeof raw === 'bigint' ? BigInt.asUintN(64, raw) : BigInt(raw >>> 0)) << BigInt(shift)) & lane;
    if (e.write !== undefined) {
      e.write(ctx, v, lane);
      return;
    }
    if (noEffect) {
      if (e.ignoreWrites !== true) log.guestError(`${typeName}: write to read-only register ${e.name} (offset 0x${hex(offset)}, value 0x${hex(raw)})`);
      return;
    }
    // The RegisterEntry write formula restricted to the written lane: bits outside keep their value.
    const old = BigInt.asUintN(64, e.get!(ctx));
    const inv = ~v & lane;
    let nv = (old & ~(wm & lane)) | (v & wm);
    nv &= ~(v & w1c);
    nv |= v & w1s;
    nv ^= v & w1t;
    nv &= ~(inv & w0c);
    nv |= inv & w0s;
    nv ^= inv & w0t;
    nv &= ~(wc & lane);
    nv |= ws & lane;
    nv &= ALL64;
    e.set!(ctx, nv);
    e.postWrite?.(ctx, old, nv);
  };

  return {
    read,
    write,
    readNumber: (offset, size) => {
      const r = read(offset, size);
      return typeof r === 'bigint' ? Number(r & 0xffff_ffffn) : r;
    },
    writeNumber: (offset, size, v) => write(offset, size, v),
  };
}
