/**
 * What a placed device answers, predicted from its definition: guest accesses go through the
 * runtime's statement of QEMU's memory core (`devgen/runtime`: a longer access is chunked per
 * memory_access_size, a chunk outside the region's `valid` window answers 0 and is dropped, a
 * valid one reaches the device in `impl`-sized accesses), then to the element the decode rule
 * picks, whose value follows its masks (ir/access-semantics.ts) and the register formulas the
 * runtime states once as steps. Only the device side is the definition's: no dispatcher, no
 * behaviour.
 *
 * What the definition does not promise is `undefined`: the answer of a read hook, and every
 * value a write hook may have changed. The case planner leaves such accesses out.
 */
import {
  READ_SIDE_EFFECTS, WRITE_FORMULA, applyBigint, bigintSteps, createMmioRegion, dispatchRead, dispatchWrite, laneMask, memoryAccessSize, nullGuestLog,
  type AccessValue, type MemoryRegion, type RegisterAccessMasks,
} from 'devgen/runtime';
import { MASK_ORDER } from '../ir/access-semantics.ts';
import { elementAt, type PlacedDevice, type PlacedElement } from './placed-device.ts';

/** All bits of a `size`-byte value. */
export const sizeMask = (size: number): bigint => (1n << BigInt(size * 8)) - 1n;

/** The masks of an element in the runtime formulas' shape. */
function formulaMasks(e: PlacedElement): RegisterAccessMasks<bigint> {
  const m: Record<string, bigint> = { readMask: e.masks.readMask, writeMask: e.masks.writeMask };
  for (const name of MASK_ORDER) m[`${name}Mask`] = e.masks.extra.get(name) ?? 0n;
  return m as unknown as RegisterAccessMasks<bigint>;
}

/** Elements an access reached, for the planner's choice of accesses. */
export interface Touched {
  readonly elements: Set<PlacedElement>;
}

const toBig = (v: AccessValue): bigint => (typeof v === 'bigint' ? v : BigInt(v >>> 0));

/** The predicted device: storage cells keyed like the elements' storage, changed by modelled writes. */
export class ExpectedDevice {
  private readonly cells = new Map<string, bigint | undefined>();
  private readonly region: MemoryRegion;
  /** Set while an access reached something the definition does not promise. */
  private unpredicted = false;
  private touched: Touched | undefined;

  constructor(readonly placed: PlacedDevice) {
    for (const e of placed.elements) {
      if (e.storage !== undefined && !this.cells.has(e.storage)) this.cells.set(e.storage, e.resetByHook ? undefined : e.initial);
    }
    const r = placed.region;
    const info = {
      name: r.name, size: r.size, endianness: r.endianness, valid: r.valid, impl: r.impl,
      ...(r.badOffsetRead === undefined ? {} : { badOffsetRead: Number(r.badOffsetRead) }),
    };
    // A region with an `offset-mask` hands the device `offset & mask` (QEMU devices that decode
    // only some address bits, or none), so its offsets alias the registers they mask to.
    const mask = r.offsetMask;
    const at = (offset: number): number => (mask === undefined ? offset : offset & mask);
    this.region = createMmioRegion(info, {
      read: (offset, size) => {
        const v = this.deviceRead(at(offset), size);
        if (v === undefined) this.unpredicted = true;
        const value = (v ?? 0n) & sizeMask(size);
        return size === 8 ? value : Number(value);
      },
      write: (offset, size, value) => this.deviceWrite(at(offset), size, toBig(value) & sizeMask(size)),
    }, placed.device.name);
  }

  /** A copy with the same cell values (to try an access without committing it). */
  clone(): ExpectedDevice {
    const c = new ExpectedDevice(this.placed);
    for (const [k, v] of this.cells) c.cells.set(k, v);
    return c;
  }

  /** The value `size` bytes at region offset `offset` read now (and its side effects), or undefined if not promised. */
  read(offset: number, size: number, touched?: Touched): bigint | undefined {
    this.touched = touched;
    this.unpredicted = false;
    let value = 0n;
    for (let done = 0; done < size;) {
      // Each chunk keeps only its own bytes (a widened device access may return more).
      const len = memoryAccessSize(this.region, size - done, offset + done);
      value |= (toBig(dispatchRead(this.region, offset + done, len, nullGuestLog)) & sizeMask(len)) << BigInt(done * 8);
      done += len;
    }
    this.touched = undefined;
    return this.unpredicted ? undefined : value;
  }

  /** Applies a guest write of `value` (`size` bytes) at `offset`. */
  write(offset: number, size: number, value: bigint, touched?: Touched): void {
    this.touched = touched;
    for (let done = 0; done < size;) {
      const len = memoryAccessSize(this.region, size - done, offset + done);
      const part = (value >> BigInt(done * 8)) & sizeMask(len);
      dispatchWrite(this.region, offset + done, len, len === 8 ? part : Number(part), nullGuestLog);
      done += len;
    }
    this.touched = undefined;
  }

  /** Byte position of an access inside a 64-bit element's lanes (0 or 4), or 0 for narrower ones. */
  private static lane(e: PlacedElement, offset: number): number {
    return e.wide ? (offset - e.offset >= 4 ? 4 : 0) : 0;
  }

  /** The element of the region's `default-register`: it answers offsets no element has. */
  private get fallback(): PlacedElement | undefined {
    const name = this.placed.region.defaultRegister?.name;
    return name === undefined ? undefined : this.placed.elements.find((e) => e.reg.name === name && e.block === undefined);
  }

  private deviceRead(offset: number, size: number): bigint | undefined {
    const e = elementAt(this.placed, offset) ?? this.fallback;
    if (e === undefined) return (this.placed.region.badOffsetRead ?? 0n) & sizeMask(size);
    this.touched?.elements.add(e);
    if (e.readHook) return undefined;
    if (e.writeOnly) return 0n;
    const masks = formulaMasks(e);
    let whole: bigint | undefined;
    if (e.storage === undefined) whole = e.initial & e.masks.readMask;
    else {
      const cell = this.cells.get(e.storage);
      if (cell === undefined) return undefined;
      whole = cell & e.masks.readMask;
      this.cells.set(e.storage, BigInt.asUintN(e.storageBits, applyBigint(bigintSteps(READ_SIDE_EFFECTS, masks), cell, 0n)));
    }
    return whole >> BigInt(ExpectedDevice.lane(e, offset) * 8);
  }

  private deviceWrite(offset: number, size: number, value: bigint): void {
    const e = elementAt(this.placed, offset) ?? this.fallback;
    if (e === undefined) return;
    // `partial-writes: ignore`: only a write of the whole register at its own offset reaches it.
    if (e.reg.partialWrites === 'ignore' && !e.wide && (offset !== e.offset || size !== e.size)) return;
    this.touched?.elements.add(e);
    if (e.writeHook) {
      // The behaviour owns this write: every cell may have changed.
      for (const k of this.cells.keys()) this.cells.set(k, undefined);
      return;
    }
    if (e.readOnly || e.storage === undefined) return;
    const cell = this.cells.get(e.storage);
    const rel = ExpectedDevice.lane(e, offset);
    const lane = e.wide ? laneMask(rel, size) : sizeMask(e.size);
    const steps = bigintSteps(WRITE_FORMULA, formulaMasks(e), lane);
    const after = (old: bigint): bigint => BigInt.asUintN(e.storageBits, applyBigint(steps, old, value << BigInt(rel * 8)));
    if (cell !== undefined) {
      this.cells.set(e.storage, after(cell));
      return;
    }
    // An unknown value becomes known when the write sets every bit whatever it held: the
    // formula works bit by bit, so agreeing from all zeros and all ones means agreeing from any.
    const fromZero = after(0n);
    if (fromZero === after((1n << BigInt(e.storageBits)) - 1n)) this.cells.set(e.storage, fromZero);
  }
}
