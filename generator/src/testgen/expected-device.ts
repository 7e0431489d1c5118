/**
 * What a placed device answers, predicted from its definition: guest accesses go through the
 * memory rules QEMU applies to every region (an access is split to the region's largest valid
 * size and the address's alignment; a piece outside the `valid` window answers 0 and is
 * dropped; a valid piece reaches the device in `impl`-sized accesses), then to the element the
 * decode rule picks, whose value follows its masks and the register formulas (`devgen/runtime`
 * states them once as steps; the masks come from ir/access-semantics.ts).
 *
 * What the definition does not promise is `undefined`: the answer of a read hook, and every
 * value a write hook may have changed. The case planner leaves such accesses out.
 */
import { READ_SIDE_EFFECTS, WRITE_FORMULA, applyBigint, bigintSteps, laneMask, type RegisterAccessMasks } from 'devgen/runtime';
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

/** Largest power of two not above `n` (n ≥ 1). */
function pow2floor(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** Elements an access reached, for the planner's choice of accesses. */
export interface Touched {
  readonly elements: Set<PlacedElement>;
}

/** The predicted device: storage cells keyed like the elements' storage, changed by modelled writes. */
export class ExpectedDevice {
  private readonly cells = new Map<string, bigint | undefined>();

  constructor(readonly placed: PlacedDevice) {
    for (const e of placed.elements) if (e.storage !== undefined && !this.cells.has(e.storage)) this.cells.set(e.storage, e.initial);
  }

  /** A copy with the same cell values (to try an access without committing it). */
  clone(): ExpectedDevice {
    const c = new ExpectedDevice(this.placed);
    for (const [k, v] of this.cells) c.cells.set(k, v);
    return c;
  }

  /** The value `size` bytes at region offset `offset` read now (and its side effects), or undefined if not promised. */
  read(offset: number, size: number, touched?: Touched): bigint | undefined {
    let value = 0n;
    for (const [pos, len] of this.pieces(offset, size)) {
      const v = this.dispatchRead(pos, len, touched);
      if (v === undefined) return undefined;
      value |= v << BigInt((pos - offset) * 8);
    }
    return value;
  }

  /** Applies a guest write of `value` (`size` bytes) at `offset`. */
  write(offset: number, size: number, value: bigint, touched?: Touched): void {
    for (const [pos, len] of this.pieces(offset, size)) {
      this.dispatchWrite(pos, len, (value >> BigInt((pos - offset) * 8)) & sizeMask(len), touched);
    }
  }

  /** The pieces the bus splits an access into: the largest valid size the address's alignment allows. */
  private pieces(offset: number, size: number): [number, number][] {
    const r = this.placed.region;
    const out: [number, number][] = [];
    let pos = offset;
    let left = size;
    while (left > 0) {
      let max = r.valid.max;
      if (!r.impl.unaligned) {
        const align = pos & -pos;
        if (align !== 0 && align < max) max = align;
      }
      const len = pow2floor(Math.min(left, max));
      out.push([pos, len]);
      pos += len;
      left -= len;
    }
    return out;
  }

  private valid(offset: number, size: number): boolean {
    const v = this.placed.region.valid;
    return size >= v.min && size <= v.max && (v.unaligned || (offset & (size - 1)) === 0);
  }

  private implSize(size: number): number {
    const impl = this.placed.region.impl;
    return Math.max(Math.min(size, impl.max), impl.min);
  }

  private dispatchRead(offset: number, size: number, touched?: Touched): bigint | undefined {
    if (!this.valid(offset, size)) return 0n;
    const acc = this.implSize(size);
    let value = 0n;
    for (let i = 0; i < size; i += acc) {
      const v = this.deviceRead(offset + i, acc, touched);
      if (v === undefined) return undefined;
      value |= (v & sizeMask(acc)) << BigInt(i * 8);
    }
    return value & sizeMask(size);
  }

  private dispatchWrite(offset: number, size: number, value: bigint, touched?: Touched): void {
    if (!this.valid(offset, size)) return;
    const acc = this.implSize(size);
    for (let i = 0; i < size; i += acc) this.deviceWrite(offset + i, acc, (value >> BigInt(i * 8)) & sizeMask(acc), touched);
  }

  /** Byte position of an access inside a 64-bit element's lanes (0 or 4), or 0 for narrower ones. */
  private static lane(e: PlacedElement, offset: number): number {
    return e.wide ? (offset - e.offset >= 4 ? 4 : 0) : 0;
  }

  private deviceRead(offset: number, size: number, touched?: Touched): bigint | undefined {
    const e = elementAt(this.placed, offset);
    if (e === undefined) return (this.placed.region.badOffsetRead ?? 0n) & sizeMask(size);
    touched?.elements.add(e);
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

  private deviceWrite(offset: number, size: number, value: bigint, touched?: Touched): void {
    const e = elementAt(this.placed, offset);
    if (e === undefined) return;
    touched?.elements.add(e);
    if (e.writeHook) {
      // The behaviour owns this write: every cell may have changed.
      for (const k of this.cells.keys()) this.cells.set(k, undefined);
      return;
    }
    if (e.readOnly || e.storage === undefined) return;
    const cell = this.cells.get(e.storage);
    if (cell === undefined) return;
    const rel = ExpectedDevice.lane(e, offset);
    const lane = e.wide ? laneMask(rel, size) : sizeMask(e.size);
    const steps = bigintSteps(WRITE_FORMULA, formulaMasks(e), lane);
    this.cells.set(e.storage, BigInt.asUintN(e.storageBits, applyBigint(steps, cell, value << BigInt(rel * 8))));
  }
}
