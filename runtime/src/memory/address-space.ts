/**
 * Address spaces: a sorted, non-overlapping map of regions with binary-search lookup, single
 * accesses (what a CPU load/store does) and byte-buffer accesses that split exactly like QEMU's
 * address_space_read/write (flatview_read_continue / flatview_write_continue), which is what
 * qtest's readb/readl/read/write commands go through.
 *
 * Mappings may overlap at different priorities (QEMU subregion priorities): the space keeps a
 * flat view of which region answers where, like QEMU's FlatView, and every access goes
 * through it. Addresses are JS numbers (exact up to 2^53); anything not mapped is unassigned
 * memory.
 */
import type { AccessValue } from '../contract/types.ts';
import { nullGuestLog, type RuntimeLog } from '../log/guest-log.ts';
import { dispatchRead, dispatchWrite, invalidAccessMessage, memoryAccessSize } from './dispatch.ts';
import type { MemoryRegion, MemoryRegionOps, RamRegion } from './memory-region.ts';

/** Byte order of the guest (target) or of a device. */
export type Endianness = 'little' | 'big';

/** A region placed in an address space. */
export interface Mapping {
  /** Address of the region's offset 0. */
  readonly base: number;
  /** First address after the region. */
  readonly end: number;
  readonly region: MemoryRegion;
  /**
   * QEMU's subregion priority: where mappings overlap, the higher priority answers (0xcf9's
   * reset control register, priority 1, over the PCI configuration index at 0xcf8-0xcfb).
   */
  readonly priority: number;
}

/**
 * One piece of the flat view (QEMU's FlatRange): addresses [start, end) answered by `region`,
 * whose offset 0 is at `base` (so an address's region offset is `addr - base`).
 */
export interface FlatRange {
  readonly start: number;
  readonly end: number;
  readonly base: number;
  readonly region: MemoryRegion;
}

/**
 * A flat range with what a single access needs precomputed at rebuild: the sizes that go
 * straight to the device (valid, no widening or splitting, no byte swap for the target; none
 * for RAM, whose accesses may straddle the range), whether any alignment is valid, and the
 * region's ops. The hot path is then one range check, one mask test and the device's call,
 * small enough for the engine to inline into the caller together with the device.
 */
interface HotRange extends FlatRange {
  readonly direct: number;
  readonly anyAlign: boolean;
  readonly ops: MemoryRegionOps;
}

/** Thrown when a mapping would overlap another one of the same priority: a machine-configuration bug, not a guest error. */
export class MemoryMapOverlapError extends Error {
  constructor(
    readonly region: string,
    readonly base: number,
    readonly size: number,
    readonly existing: string,
    readonly existingBase: number,
    readonly existingSize: number,
  ) {
    super(
      `region '${region}' [0x${base.toString(16)}, 0x${(base + size).toString(16)}) overlaps region '${existing}' ` +
        `[0x${existingBase.toString(16)}, 0x${(existingBase + existingSize).toString(16)}) at the same priority`,
    );
    this.name = 'MemoryMapOverlapError';
  }
}

/** Thrown for a mapping at an impossible address (negative, not an integer, beyond 2^53). */
export class MemoryMapAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryMapAddressError';
  }
}

/** Options of {@link createAddressSpace}. */
export interface AddressSpaceOptions {
  readonly name?: string;
  /** Target byte order: what `native` regions use and what single accesses return. Default little. */
  readonly endianness?: Endianness;
  /** Where invalid and unassigned accesses are reported (LOG_INVALID_MEM). */
  readonly log?: RuntimeLog;
  /**
   * What an access nothing is mapped at does: `rejected` (default, the system memory): logged
   * under LOG_INVALID_MEM, reads 0; `all-ones` (an I/O port space, QEMU's unassigned_io_ops):
   * reads all ones, writes are dropped, nothing is logged.
   */
  readonly unassigned?: 'rejected' | 'all-ones';
  /**
   * Size of the space, for a space smaller than the address range (QEMU's 64 KiB `io`): a
   * chunk at or past it is outside every region and reads 0, like QEMU's unassigned memory
   * behind the space. Default: unbounded.
   */
  readonly size?: number;
}

/** Region name QEMU prints for unassigned memory (its io_mem_unassigned has no name). */
const UNASSIGNED_NAME = '(null)';

function swap(value: AccessValue, size: number): AccessValue {
  if (size === 8) {
    let v = BigInt.asUintN(64, BigInt(value));
    let r = 0n;
    for (let i = 0; i < 8; i++) {
      r = (r << 8n) | (v & 0xffn);
      v >>= 8n;
    }
    return r;
  }
  const n = Number(value);
  if (size === 4) return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | ((n >>> 24) & 0xff)) >>> 0;
  if (size === 2) return ((n & 0xff) << 8) | ((n >>> 8) & 0xff);
  return n & 0xff;
}

/** A direct access's read (see HotRange): what dispatchRead's direct path does, without its checks. */
function directRead(m: HotRange, off: number, size: number): number {
  const v = m.ops.read(off, size);
  const n = typeof v === 'number' ? v : Number(BigInt.asUintN(32, v));
  return size === 4 ? n >>> 0 : n & ((1 << (size << 3)) - 1);
}

/** A direct access's write of a number value. */
function directWrite(m: HotRange, off: number, size: number, value: number): void {
  m.ops.write(off, size, size === 4 ? value >>> 0 : value & ((1 << (size << 3)) - 1));
}

/** A guest physical address space. */
export class AddressSpace {
  readonly name: string;
  readonly endianness: Endianness;
  private readonly log: RuntimeLog;
  private readonly allOnes: boolean;
  private readonly size: number;
  /** Every mapping, in the order they were made. */
  private readonly placed: Mapping[] = [];
  /** The flat view: non-overlapping ranges in address order, and their starts for the search. */
  private flat: HotRange[] = [];
  private starts: number[] = [];
  /** Set by map/unmap: the flat view is rebuilt at the next lookup, once per board build rather than per mapping. */
  private stale = false;
  private last: HotRange | undefined;

  /** Buffers of {@link readValue} and {@link writeValue} when they take the chunked path. */
  private readonly scratch = { 1: new Uint8Array(1), 2: new Uint8Array(2), 4: new Uint8Array(4) } as const;

  constructor(options: AddressSpaceOptions = {}) {
    this.name = options.name ?? 'memory';
    this.endianness = options.endianness ?? 'little';
    this.log = options.log ?? nullGuestLog;
    this.allOnes = options.unassigned === 'all-ones';
    this.size = options.size ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Maps `region` at `base` with `priority` (default 0; QEMU memory_region_add_subregion_overlap).
   * Where it overlaps a mapping of another priority the higher one answers; an overlap at the
   * same priority throws MemoryMapOverlapError.
   */
  map(base: number, region: MemoryRegion, priority = 0): Mapping {
    if (!Number.isSafeInteger(base) || base < 0 || !Number.isSafeInteger(base + region.size)) {
      throw new MemoryMapAddressError(`cannot map region '${region.name}' at ${base}`);
    }
    if (!Number.isSafeInteger(priority)) throw new MemoryMapAddressError(`cannot map region '${region.name}' at priority ${priority}`);
    const end = base + region.size;
    for (const other of this.placed) {
      if (other.priority === priority && other.base < end && base < other.end) {
        throw new MemoryMapOverlapError(region.name, base, region.size, other.region.name, other.base, other.region.size);
      }
    }
    const m: Mapping = { base, end, region, priority };
    this.placed.push(m);
    this.invalidate();
    return m;
  }

  /** Removes `region`'s mapping; returns whether it was mapped. */
  unmap(region: MemoryRegion): boolean {
    const i = this.placed.findIndex((m) => m.region === region);
    if (i < 0) return false;
    this.placed.splice(i, 1);
    this.invalidate();
    return true;
  }

  /** All mappings in address order (then by priority, highest first). */
  mappings(): readonly Mapping[] {
    return this.placed.slice().sort((a, b) => a.base - b.base || b.priority - a.priority);
  }

  /** The flat view: which region answers where, with overlaps resolved by priority. */
  flatView(): readonly FlatRange[] {
    if (this.stale) this.rebuild();
    return this.flat.slice();
  }

  /** Drops the flat view (and the lookup's cached range) after a mapping change. */
  private invalidate(): void {
    this.stale = true;
    this.last = undefined;
  }

  /**
   * Recomputes the flat view (QEMU's generate_memory_topology): every stretch between two
   * mapping edges goes to the highest-priority mapping covering it; neighbouring stretches of
   * one mapping are merged. Mapping changes are rare (board build) and the view is rebuilt
   * only when next read, so this is simple.
   */
  private rebuild(): void {
    const edges = [...new Set(this.placed.flatMap((m) => [m.base, m.end]))].sort((a, b) => a - b);
    const flat: HotRange[] = [];
    const hot = (start: number, end: number, base: number, region: MemoryRegion): HotRange => {
      const swaps = this.deviceBig(region) !== (this.endianness === 'big');
      // Size 1 never swaps; RAM takes the checked path (its accesses may cross the range's end).
      const direct = region.kind === 'ram' ? 0 : swaps ? region.directSizes & (1 << 1) : region.directSizes;
      return { start, end, base, region, direct, anyAlign: region.validUnaligned, ops: region.ops };
    };
    for (let i = 0; i + 1 < edges.length; i++) {
      const start = edges[i]!;
      const end = edges[i + 1]!;
      let best: Mapping | undefined;
      for (const m of this.placed) if (m.base <= start && end <= m.end && (best === undefined || m.priority > best.priority)) best = m;
      if (best === undefined) continue;
      const prev = flat[flat.length - 1];
      if (prev !== undefined && prev.end === start && prev.region === best.region && prev.base === best.base) flat[flat.length - 1] = hot(prev.start, end, prev.base, prev.region);
      else flat.push(hot(start, end, best.base, best.region));
    }
    this.flat = flat;
    this.starts = flat.map((r) => r.start);
    this.stale = false;
  }

  /** The flat range containing `addr`, if any (binary search, with a one-entry cache for hot loops). */
  lookup(addr: number): FlatRange | undefined {
    return this.hotRange(addr);
  }

  /** {@link lookup} with the range's precomputed access facts. */
  private hotRange(addr: number): HotRange | undefined {
    const last = this.last;
    if (last !== undefined && addr >= last.start && addr < last.end) return last;
    if (this.stale) this.rebuild();
    const i = this.upperBound(addr) - 1;
    if (i < 0) return undefined;
    const m = this.flat[i]!;
    if (addr < m.end) {
      this.last = m;
      return m;
    }
    return undefined;
  }

  /** Index of the first flat range whose start is > addr. */
  private upperBound(addr: number): number {
    const b = this.starts;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]! <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private deviceBig(r: MemoryRegion): boolean {
    const e = r.info.endianness;
    return e === 'big' || (e === 'native' && this.endianness === 'big');
  }

  /**
   * One access of `size` bytes (1, 2, 4, 8) as a CPU load does it: dispatched whole to the region
   * containing `addr`, result narrowed to `size` bytes and in target byte order.
   * Unassigned: logged (LOG_INVALID_MEM, like QEMU's "rejected") and reads 0.
   */
  read(addr: number, size: number): AccessValue {
    let m = this.last;
    if (m === undefined || addr < m.start || addr >= m.end) m = this.hotRange(addr);
    if (m !== undefined && size <= 4 && ((m.direct >> size) & 1) !== 0) {
      const off = addr - m.base;
      if (m.anyAlign || (off & (size - 1)) === 0) {
        return directRead(m, off, size);
      }
    }
    return this.checkedRead(m, addr, size);
  }

  /** {@link read} of an access the direct path does not take: unassigned, RAM, swapped, widened, split or invalid. */
  private checkedRead(m: FlatRange | undefined, addr: number, size: number): AccessValue {
    if (m === undefined) {
      if (this.allOnes) return size === 8 ? (1n << 64n) - 1n : size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
      this.log.invalidMem(invalidAccessMessage(false, addr, size, UNASSIGNED_NAME, 'rejected'));
      return size === 8 ? 0n : 0;
    }
    const r = m.region;
    if (r.kind === 'ram' && addr + size > m.end) return this.fromBytes(this.readBytes(addr, size));
    return this.wholeRead(r, addr - m.base, size);
  }

  /** One read dispatched whole to `r` at `offset`, narrowed to `size` bytes, in target byte order. */
  private wholeRead(r: MemoryRegion, offset: number, size: number): AccessValue {
    let v = dispatchRead(r, offset, size, this.log);
    if (size === 8) v = BigInt.asUintN(64, BigInt(v));
    else v = size === 4 ? Number(v) >>> 0 : Number(v) & ((1 << (size * 8)) - 1);
    return size > 1 && this.deviceBig(r) !== (this.endianness === 'big') ? swap(v, size) : v;
  }

  /** One write of `value` (target byte order) dispatched whole to `r` at `offset`. */
  private wholeWrite(r: MemoryRegion, offset: number, size: number, value: AccessValue): void {
    const v = size > 1 && this.deviceBig(r) !== (this.endianness === 'big') ? swap(value, size) : value;
    dispatchWrite(r, offset, size, v, this.log);
  }

  /** One store of `size` bytes (value in target byte order) to the region containing `addr`. */
  write(addr: number, size: number, value: AccessValue): void {
    let m = this.last;
    if (m === undefined || addr < m.start || addr >= m.end) m = this.hotRange(addr);
    if (m !== undefined && size <= 4 && ((m.direct >> size) & 1) !== 0 && typeof value === 'number') {
      const off = addr - m.base;
      if (m.anyAlign || (off & (size - 1)) === 0) {
        directWrite(m, off, size, value);
        return;
      }
    }
    this.checkedWrite(m, addr, size, value);
  }

  /** {@link write} of an access the direct path does not take. */
  private checkedWrite(m: FlatRange | undefined, addr: number, size: number, value: AccessValue): void {
    if (m === undefined) {
      if (!this.allOnes) this.log.invalidMem(invalidAccessMessage(true, addr, size, UNASSIGNED_NAME, 'rejected'));
      return;
    }
    const r = m.region;
    if (r.kind === 'ram' && addr + size > m.end) {
      this.writeBytes(addr, this.toBytes(value, size));
      return;
    }
    this.wholeWrite(r, addr - m.base, size, value);
  }

  /**
   * address_space_read: `len` bytes from `addr`, split into chunks per memory_access_size and
   * dispatched one by one; each chunk stores only its own bytes, in the device's byte order,
   * so a widened read is narrowed here. RAM is copied directly. As in QEMU, a chunk is not
   * clamped to the end of an MMIO region or of an unassigned gap (only RAM clamps).
   */
  readBytes(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    this.readBytesInto(addr, out);
    return out;
  }

  /**
   * {@link readBytes} into `out` (its whole length): no allocation, for callers that reuse a
   * buffer. Bytes no region answers for are left as they are (zero them first to read 0),
   * except in a space that reads all ones there.
   */
  readBytesInto(addr: number, out: Uint8Array): void {
    const len = out.length;
    this.forEachChunk(addr, len, false, (from, to) => {
      if (this.allOnes) out.fill(0xff, from, to);
    }, (ram, off, done, l) => ram.readBytesAt(off, out.subarray(done, done + l)), (r, off, done, l) => {
      this.store(out, done, l, dispatchRead(r, off, l, this.log), this.deviceBig(r));
    });
  }

  /**
   * {@link readBytes} of 1, 2 or 4 bytes composed into one number in target byte order (what a
   * qtest readb/readw/readl answers). An access one MMIO chunk covers is dispatched directly;
   * anything else (RAM, unassigned, split accesses) takes the chunked path.
   */
  readValue(addr: number, size: 1 | 2 | 4): number {
    let m = this.last;
    if (m === undefined || addr < m.start || addr >= m.end) m = this.hotRange(addr);
    // One aligned chunk the device takes as it is (memory_access_size gives the whole size).
    if (m !== undefined && ((m.direct >> size) & 1) !== 0 && ((addr - m.base) & (size - 1)) === 0) return directRead(m, addr - m.base, size);
    return this.chunkedReadValue(m, addr, size);
  }

  /** {@link readValue} of anything but one direct chunk. */
  private chunkedReadValue(m: FlatRange | undefined, addr: number, size: 1 | 2 | 4): number {
    if (m !== undefined && m.region.kind !== 'ram') {
      const r = m.region;
      const off = addr - m.base;
      if (memoryAccessSize(r, size, off) === size) return this.wholeRead(r, off, size) as number;
    }
    const b = this.scratch[size];
    b.fill(0); // bytes no region answers for read 0
    this.readBytesInto(addr, b);
    return Number(this.load(b, 0, size, this.endianness === 'big'));
  }

  /** {@link writeBytes} of `value`'s low `size` bytes in target byte order; see {@link readValue}. */
  writeValue(addr: number, size: 1 | 2 | 4, value: number): void {
    let m = this.last;
    if (m === undefined || addr < m.start || addr >= m.end) m = this.hotRange(addr);
    if (m !== undefined && ((m.direct >> size) & 1) !== 0 && ((addr - m.base) & (size - 1)) === 0) {
      directWrite(m, addr - m.base, size, value);
      return;
    }
    this.chunkedWriteValue(m, addr, size, value);
  }

  /** {@link writeValue} of anything but one direct chunk. */
  private chunkedWriteValue(m: FlatRange | undefined, addr: number, size: 1 | 2 | 4, value: number): void {
    if (m !== undefined && m.region.kind !== 'ram') {
      const r = m.region;
      const off = addr - m.base;
      if (memoryAccessSize(r, size, off) === size) {
        this.wholeWrite(r, off, size, value);
        return;
      }
    }
    const b = this.scratch[size];
    this.store(b, 0, size, value, this.endianness === 'big');
    this.writeBytes(addr, b);
  }

  /** address_space_write: the mirror of {@link readBytes}. */
  writeBytes(addr: number, data: Uint8Array): void {
    this.forEachChunk(addr, data.length, true, () => {}, (ram, off, done, l) => ram.writeBytesAt(off, data.subarray(done, done + l)), (r, off, done, l) => {
      dispatchWrite(r, off, l, this.load(data, done, l, this.deviceBig(r)), this.log);
    });
  }

  /**
   * The chunking loop shared by readBytes and writeBytes (QEMU's flatview_read/write_continue):
   * unassigned chunks are logged (unless the space reads all ones there) and handed to
   * `onUnassigned`, RAM is clamped to its mapping, MMIO chunks follow memory_access_size and
   * are not clamped.
   */
  private forEachChunk(
    addr: number,
    len: number,
    isWrite: boolean,
    onUnassigned: (from: number, to: number) => void,
    onRam: (ram: RamRegion, offset: number, done: number, l: number) => void,
    onMmio: (region: MemoryRegion, offset: number, done: number, l: number) => void,
  ): void {
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const rem = len - done;
      const m = this.lookup(a);
      if (m === undefined) {
        const l = memoryAccessSize(undefined, rem, a);
        if (!this.allOnes) this.log.invalidMem(invalidAccessMessage(isWrite, a, l, UNASSIGNED_NAME, 'rejected'));
        // A read leaves these bytes 0 unless the space reads all ones there.
        if (a < this.size) onUnassigned(done, done + l);
        done += l;
        continue;
      }
      const r = m.region;
      const off = a - m.base;
      const l = r.kind === 'ram' ? Math.min(rem, m.end - a) : memoryAccessSize(r, rem, off);
      if (r.kind === 'ram') onRam(r as RamRegion, off, done, l);
      else onMmio(r, off, done, l);
      done += l;
    }
  }

  /** Stores the low `l` bytes of `v` at out[pos..], big- or little-endian. */
  private store(out: Uint8Array, pos: number, l: number, v: AccessValue, big: boolean): void {
    if (typeof v === 'number') {
      for (let i = 0; i < l; i++) out[pos + (big ? l - 1 - i : i)] = (v >>> (8 * i)) & 0xff;
      return;
    }
    for (let i = 0; i < l; i++) out[pos + (big ? l - 1 - i : i)] = Number((v >> BigInt(8 * i)) & 0xffn);
  }

  /** Reads an `l`-byte value from data[pos..] (number for l ≤ 4, bigint for 8). */
  private load(data: Uint8Array, pos: number, l: number, big: boolean): AccessValue {
    // The common sizes by shifts; the loop below is for odd chunk sizes.
    if (l === 1) return data[pos]!;
    if (l === 2) return big ? (data[pos]! << 8) | data[pos + 1]! : data[pos]! | (data[pos + 1]! << 8);
    if (l === 4) {
      return (big
        ? (data[pos]! << 24) | (data[pos + 1]! << 16) | (data[pos + 2]! << 8) | data[pos + 3]!
        : data[pos]! | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
    }
    if (l === 8) {
      let v = 0n;
      for (let i = 0; i < 8; i++) v |= BigInt(data[pos + (big ? 7 - i : i)]!) << BigInt(8 * i);
      return v;
    }
    let v = 0;
    for (let i = 0; i < l; i++) v += data[pos + (big ? l - 1 - i : i)]! * 2 ** (8 * i);
    return v;
  }

  private fromBytes(bytes: Uint8Array): AccessValue {
    return this.load(bytes, 0, bytes.length, this.endianness === 'big');
  }

  private toBytes(value: AccessValue, size: number): Uint8Array {
    const out = new Uint8Array(size);
    this.store(out, 0, size, value, this.endianness === 'big');
    return out;
  }
}

/** Creates an empty address space (little-endian target unless told otherwise). */
export function createAddressSpace(options: AddressSpaceOptions = {}): AddressSpace {
  return new AddressSpace(options);
}
