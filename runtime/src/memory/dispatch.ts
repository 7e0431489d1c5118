/**
 * One access to one region, with QEMU 10.0 memory-core semantics:
 *   1. validity (memory_region_access_valid): size within valid.min..max (max 0 = any size),
 *      aligned unless valid.unaligned; an invalid access is logged under LOG_INVALID_MEM in
 *      QEMU's words and reads 0 / drops the write;
 *   2. access_with_adjusted_size: the device is called with access_size = clamp(size, impl.min,
 *      impl.max), once per access_size step, with the *original* (possibly unaligned) offset
 *      plus the step. Widened reads keep every byte the device returned (a byte read of a
 *      4-byte-only register yields the whole register); callers that store fewer bytes narrow it.
 * Values are in the device's byte order; the address space swaps for the target when needed.
 */
import type { AccessValue } from '../contract/types.ts';
import type { RuntimeLog } from '../log/guest-log.ts';
import type { MemoryRegion } from './memory-region.ts';

const hex = (n: number): string => n.toString(16).toUpperCase();

/** QEMU's "Invalid read/write at addr ..." message. `regionName` is '(null)' for unassigned memory. */
export function invalidAccessMessage(isWrite: boolean, addr: number, size: number, regionName: string, reason: string): string {
  return `Invalid ${isWrite ? 'write' : 'read'} at addr 0x${hex(addr)}, size ${size}, region '${regionName}', reason: ${reason}`;
}

/** memory_region_access_valid: logs and returns false for an access the region does not accept. */
export function accessValid(r: MemoryRegion, addr: number, size: number, isWrite: boolean, log: RuntimeLog): boolean {
  if (!r.validUnaligned && (addr & (size - 1)) !== 0) {
    log.invalidMem(invalidAccessMessage(isWrite, addr, size, r.name, 'unaligned'));
    return false;
  }
  // valid.max 0 is QEMU's compatibility "everything is valid".
  if (r.validMax !== 0 && (size > r.validMax || size < r.validMin)) {
    log.invalidMem(invalidAccessMessage(isWrite, addr, size, r.name, `invalid size (min:${r.validMin} max:${r.validMax})`));
    return false;
  }
  return true;
}

function toBig(v: AccessValue): bigint {
  return typeof v === 'bigint' ? v : BigInt(v >>> 0);
}

/** access_with_adjusted_size for reads; returns bigint (the slow, general path). */
function adjustedRead(r: MemoryRegion, addr: number, size: number): bigint {
  const accessSize = Math.max(Math.min(size, r.implMax), r.implMin);
  const mask = (1n << BigInt(accessSize * 8)) - 1n;
  const big = r.info.endianness === 'big';
  let value = 0n;
  for (let i = 0; i < size; i += accessSize) {
    const tmp = toBig(r.ops.read(addr + i, accessSize)) & mask;
    const shift = big ? (size - accessSize - i) * 8 : i * 8;
    value |= shift >= 0 ? tmp << BigInt(shift) : tmp >> BigInt(-shift);
  }
  return value;
}

/** access_with_adjusted_size for writes. */
function adjustedWrite(r: MemoryRegion, addr: number, size: number, value: bigint): void {
  const accessSize = Math.max(Math.min(size, r.implMax), r.implMin);
  const mask = (1n << BigInt(accessSize * 8)) - 1n;
  const big = r.info.endianness === 'big';
  for (let i = 0; i < size; i += accessSize) {
    const shift = big ? (size - accessSize - i) * 8 : i * 8;
    const part = (shift >= 0 ? value >> BigInt(shift) : value << BigInt(-shift)) & mask;
    r.ops.write(addr + i, accessSize, accessSize === 8 ? part : Number(part));
  }
}

/**
 * memory_region_dispatch_read without the endianness adjustment: the value in the device's
 * byte order. Sizes ≤ 4 give a number (possibly wider than `size` after widening, never wider
 * than 32 bits); size 8 gives a bigint. Invalid accesses are logged and read 0.
 */
export function dispatchRead(r: MemoryRegion, addr: number, size: number, log: RuntimeLog): AccessValue {
  if (size <= 4 && ((r.directSizes >> size) & 1) !== 0 && (r.validUnaligned || (addr & (size - 1)) === 0)) {
    // Fast path: valid, needs neither widening nor splitting. No allocation.
    const v = r.ops.read(addr, size);
    const n = typeof v === 'number' ? v : Number(BigInt.asUintN(32, v));
    return size === 4 ? n >>> 0 : n & ((1 << (size * 8)) - 1);
  }
  if (!accessValid(r, addr, size, false, log)) return size === 8 ? 0n : 0;
  if (size < 8 && r.implMin <= 4) {
    const accessSize = Math.max(Math.min(size, r.implMax), r.implMin);
    if (accessSize >= size && accessSize <= 4) {
      // One device call of ≤ 4 bytes (a narrow read widened): adjustedRead's result, in numbers.
      const raw = r.ops.read(addr, accessSize);
      let n = typeof raw === 'number' ? raw >>> 0 : Number(BigInt.asUintN(32, raw));
      if (accessSize < 4) n &= (1 << (accessSize * 8)) - 1;
      return r.info.endianness === 'big' && accessSize > size ? n >>> ((accessSize - size) * 8) : n;
    }
  }
  const v = adjustedRead(r, addr, size);
  return size === 8 ? BigInt.asUintN(64, v) : Number(BigInt.asUintN(32, v));
}

/** memory_region_dispatch_write (device byte order). Invalid accesses are logged and dropped. */
export function dispatchWrite(r: MemoryRegion, addr: number, size: number, value: AccessValue, log: RuntimeLog): void {
  if (size <= 4 && typeof value === 'number' && ((r.directSizes >> size) & 1) !== 0 && (r.validUnaligned || (addr & (size - 1)) === 0)) {
    r.ops.write(addr, size, size === 4 ? value >>> 0 : value & ((1 << (size * 8)) - 1));
    return;
  }
  if (!accessValid(r, addr, size, true, log)) return;
  adjustedWrite(r, addr, size, BigInt.asUintN(size * 8, toBig(value)));
}

/**
 * memory_access_size: the size of the next chunk of a multi-byte buffer access at region
 * offset `addr` with `l` bytes left: at most valid.max (0 means 4), bounded by the offset's
 * alignment unless impl.unaligned, rounded down to a power of two.
 * `r` undefined means unassigned memory (valid.max 0, impl.unaligned false).
 */
export function memoryAccessSize(r: MemoryRegion | undefined, l: number, addr: number): number {
  let max = r === undefined || r.validMax === 0 ? 4 : r.validMax;
  if (r === undefined || !r.implUnaligned) {
    // Lowest set bit of the address; addresses can exceed 2^31, so avoid 32-bit `&`.
    const low = addr % 8 === 0 ? 8 : addr % 4 === 0 ? 4 : addr % 2 === 0 ? 2 : 1;
    if (low < max) max = low;
  }
  if (l > max) l = max;
  // pow2floor
  return l >= 8 ? 8 : l >= 4 ? 4 : l >= 2 ? 2 : 1;
}
