/**
 * 64-bit registers: reached whole by 8-byte accesses and as 32-bit lanes at +0 and +4, the
 * way QEMU devices with 64-bit registers decode them (hpet: `shift = (addr & 4) * 8; addr &=
 * ~4`, then an exact match; read `reg >> shift`; write `deposit64(old, shift, min(size * 8,
 * 64 - shift), value)`). Any other offset inside the register is a bad offset.
 *
 * Kept apart from the ≤32-bit dispatch so that path stays number-only: these closures use
 * bigint and are reached through their slots (the specialiser calls them opaquely). The
 * formulas are register-semantics.ts's, with every mask restricted to the written lane.
 */
import type { GuestLog } from '../contract/context.ts';
import type { RegisterAccessMasks } from '../contract/types.ts';
import { bindRegister, resetValueOf, shapeOf, type PlacedRegister } from './register-layout.ts';
import {
  WRITE_FORMULA,
  applyBigint,
  bigintFormula,
  bigintSteps,
  bigintStepsOf,
  laneMask,
  readPlanOf,
  writePlanOf,
  type MmioReadFn,
  type MmioWriteFn,
  type WideReadFn,
  type WideWriteFn,
} from './register-semantics.ts';

/** The compiled accessors of one 64-bit register. */
export interface CompiledWide {
  readonly read: WideReadFn;
  readonly write: WideWriteFn;
  /** Number-only views for the ≤32-bit API (`CompiledDispatch.read/write`): 4-byte lane semantics. */
  readonly readNumber: MmioReadFn;
  readonly writeNumber: MmioWriteFn;
}

const hex = (v: number | bigint): string => (typeof v === 'bigint' ? BigInt.asUintN(64, v) : v >>> 0).toString(16);

/** Compiles one 64-bit register bound to `ctx`; hooks are called on `self`. */
export function compileWideRegister<C extends { readonly state: unknown }>(
  r: PlacedRegister<C>,
  ctx: C,
  self: unknown,
  log: GuestLog,
  typeName: string,
  badRead: MmioReadFn,
  badWrite: MmioWriteFn,
): CompiledWide {
  const masks = r.desc as RegisterAccessMasks<bigint>;
  const b = bindRegister<C, bigint>(r, ctx, self);
  const shape = shapeOf(r);
  const rp = readPlanOf(masks, shape, resetValueOf(r, ctx) as bigint, bigintStepsOf(masks), (s, n) => applyBigint(s, n, 0n));
  const wp = writePlanOf(masks, shape, bigintStepsOf(masks));
  const get = b.storage?.get;
  const set = b.storage?.set;
  const readValue = rp.kind === 'storage' ? bigintFormula(rp.value) : undefined;
  const sideEffect = rp.kind === 'storage' && rp.sideEffects.length > 0 ? bigintFormula(rp.sideEffects) : undefined;

  /** The whole register value a read sees (side effects of clear/set-on-read applied). */
  const value = (offset: number): bigint | undefined => {
    switch (rp.kind) {
      case 'hook':
        return BigInt.asUintN(64, b.read!());
      case 'write-only':
        log.guestError(`${typeName}: read of write-only register ${r.name} (offset 0x${hex(offset)})`);
        return undefined;
      case 'const':
        return rp.value;
      case 'storage': {
        const v = BigInt.asUintN(64, get!());
        if (sideEffect !== undefined) set!(sideEffect(v, 0n));
        return readValue!(v, 0n);
      }
    }
  };

  const read: WideReadFn = (offset, size) => {
    const rel = offset - r.offset;
    if (rel !== 0 && rel !== 4) return size === 8 ? BigInt(badRead(offset, size)) : badRead(offset, size);
    const v = value(offset);
    if (v === undefined) return size === 8 ? 0n : 0;
    const lane = v >> BigInt(rel * 8);
    return size === 8 ? lane : Number(lane & 0xffff_ffffn);
  };

  // The write formula per lane, made on first use: (byte 0 or 4) × access size.
  type LaneWrite = { readonly lane: bigint; readonly formula: (n: bigint, v: bigint) => bigint };
  const lanes = new Map<number, LaneWrite>();
  const laneWrite = (rel: number, size: number): LaneWrite => {
    const key = rel * 16 + size;
    let w = lanes.get(key);
    if (w === undefined) {
      const lane = laneMask(rel, size);
      w = { lane, formula: bigintFormula(bigintSteps(WRITE_FORMULA, masks, lane)) };
      lanes.set(key, w);
    }
    return w;
  };

  const write: WideWriteFn = (offset, size, raw) => {
    const rel = offset - r.offset;
    if (rel !== 0 && rel !== 4) {
      badWrite(offset, size, typeof raw === 'bigint' ? Number(BigInt.asUintN(32, raw)) : raw);
      return;
    }
    const { lane, formula } = laneWrite(rel, size);
    const v = ((typeof raw === 'bigint' ? BigInt.asUintN(64, raw) : BigInt(raw >>> 0)) << BigInt(rel * 8)) & lane;
    switch (wp.kind) {
      case 'hook': {
        if (!wp.post) {
          b.write!(v, lane);
          return;
        }
        const old = get === undefined ? 0n : BigInt.asUintN(64, get());
        b.write!(v, lane);
        b.post!(old, get === undefined ? v : BigInt.asUintN(64, get()));
        return;
      }
      case 'ignore':
        return;
      case 'read-only':
        log.guestError(`${typeName}: write to read-only register ${r.name} (offset 0x${hex(offset)}, value 0x${hex(raw)})`);
        return;
      case 'storage': {
        const old = BigInt.asUintN(64, get!());
        const nv = formula(old, v);
        set!(nv);
        if (wp.post) b.post!(old, nv);
      }
    }
  };

  return {
    read,
    write,
    readNumber: (offset, size) => {
      const v = read(offset, size);
      return typeof v === 'bigint' ? Number(v & 0xffff_ffffn) : v;
    },
    writeNumber: (offset, size, v) => write(offset, size, v),
  };
}
