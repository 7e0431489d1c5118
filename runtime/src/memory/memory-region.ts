/**
 * Memory regions: MMIO regions backed by device callbacks (QEMU MemoryRegionOps) and sparse RAM.
 * A region precomputes what the access path needs (normalised valid/impl windows and the set
 * of access sizes that can go straight to the device), so dispatch does no per-access setup.
 */
import type { AccessValue, AccessWindow, RegionInfo } from '../contract/types.ts';

/** Device callbacks of an MMIO region. Offsets are relative to the region start. */
export interface MemoryRegionOps {
  /** Reads `size` bytes at `offset`: a number for sizes ≤ 4, a bigint for 8. */
  read(offset: number, size: number): AccessValue;
  /** Writes `value` (number for sizes ≤ 4, bigint for 8) of `size` bytes at `offset`. */
  write(offset: number, size: number, value: AccessValue): void;
}

/** A region as the address space sees it. */
export interface MemoryRegion {
  readonly kind: 'mmio' | 'ram';
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Name of the owning device or machine part (for messages). */
  readonly owner: string;
  readonly info: RegionInfo;
  readonly ops: MemoryRegionOps;
  /** Valid window with QEMU defaults applied (max 0 = "any size" stays 0; see accessValid). */
  readonly validMin: number;
  readonly validMax: number;
  readonly validUnaligned: boolean;
  /** Implemented window with QEMU defaults applied (min 0 → 1, max 0 → 4). */
  readonly implMin: number;
  readonly implMax: number;
  readonly implUnaligned: boolean;
  /**
   * Bit `s` set when an access of size `s` (≤ 4) is valid and needs no widening or splitting,
   * so it can call ops directly (the fast path).
   */
  readonly directSizes: number;
}

/** A sparse RAM region: pages are allocated on first write; unwritten memory reads as 0. */
export interface RamRegion extends MemoryRegion {
  readonly kind: 'ram';
  /** Copies `out.length` bytes starting at `offset` into `out`. */
  readBytesAt(offset: number, out: Uint8Array): void;
  /** Copies `data` into the region at `offset`. */
  writeBytesAt(offset: number, data: Uint8Array): void;
  /** Number of pages allocated so far (for tests and memory accounting). */
  readonly allocatedPages: number;
}

/** Thrown for a region description that cannot work (a machine/definition bug, not a guest error). */
export class RegionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegionConfigError';
  }
}

const isPow2Size = (n: number): boolean => n === 1 || n === 2 || n === 4 || n === 8;

function checkWindow(name: string, what: string, w: AccessWindow): void {
  if ((w.min !== 0 && !isPow2Size(w.min)) || (w.max !== 0 && !isPow2Size(w.max)) || (w.max !== 0 && w.min > w.max)) {
    throw new RegionConfigError(`region '${name}': bad ${what} access window min=${w.min} max=${w.max}`);
  }
}

function directSizesOf(validMin: number, validMax: number, implMin: number, implMax: number): number {
  let bits = 0;
  for (const s of [1, 2, 4]) {
    const valid = validMax === 0 || (s >= validMin && s <= validMax);
    if (valid && s >= implMin && s <= implMax) bits |= 1 << s;
  }
  return bits;
}

/** Creates an MMIO region for `info`, dispatching to `ops`, owned by `owner`. */
export function createMmioRegion(info: RegionInfo, ops: MemoryRegionOps, owner: string): MemoryRegion {
  if (!Number.isSafeInteger(info.size) || info.size <= 0) throw new RegionConfigError(`region '${info.name}': bad size ${info.size}`);
  checkWindow(info.name, 'valid', info.valid);
  checkWindow(info.name, 'impl', info.impl);
  const implMin = info.impl.min || 1;
  const implMax = info.impl.max || 4;
  return {
    kind: 'mmio',
    name: info.name,
    size: info.size,
    owner,
    info,
    ops,
    validMin: info.valid.min,
    validMax: info.valid.max,
    validUnaligned: info.valid.unaligned,
    implMin,
    implMax,
    implUnaligned: info.impl.unaligned,
    directSizes: directSizesOf(info.valid.min, info.valid.max, implMin, implMax),
  };
}

/** Page size of sparse RAM. */
const PAGE_SHIFT = 12;
const PAGE_SIZE = 1 << PAGE_SHIFT;

/** Creates a sparse little-endian RAM region of `size` bytes (QEMU RAM: any size 1..8, unaligned ok). */
export function createRamRegion(name: string, size: number, owner = 'machine'): RamRegion {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RegionConfigError(`RAM region '${name}': bad size ${size}`);
  const pages = new Map<number, Uint8Array>();
  const window: AccessWindow = { min: 1, max: 8, unaligned: true };
  const info: RegionInfo = { name, size, endianness: 'little', valid: window, impl: window };

  const readBytesAt = (offset: number, out: Uint8Array): void => {
    let done = 0;
    while (done < out.length) {
      const a = offset + done;
      const pageNo = Math.floor(a / PAGE_SIZE);
      const inPage = a - pageNo * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - inPage, out.length - done);
      const page = pages.get(pageNo);
      if (page) out.set(page.subarray(inPage, inPage + n), done);
      else out.fill(0, done, done + n);
      done += n;
    }
  };
  const writeBytesAt = (offset: number, data: Uint8Array): void => {
    let done = 0;
    while (done < data.length) {
      const a = offset + done;
      const pageNo = Math.floor(a / PAGE_SIZE);
      const inPage = a - pageNo * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - inPage, data.length - done);
      let page = pages.get(pageNo);
      if (!page) {
        page = new Uint8Array(PAGE_SIZE);
        pages.set(pageNo, page);
      }
      page.set(data.subarray(done, done + n), inPage);
      done += n;
    }
  };
  const scratch = new Uint8Array(8);
  const ops: MemoryRegionOps = {
    read(offset, sz) {
      const buf = scratch.subarray(0, sz);
      readBytesAt(offset, buf);
      let v = 0n;
      for (let i = sz - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[i]!);
      return sz === 8 ? v : Number(v);
    },
    write(offset, sz, value) {
      let v = BigInt(value);
      const buf = new Uint8Array(sz);
      for (let i = 0; i < sz; i++) {
        buf[i] = Number(v & 0xffn);
        v >>= 8n;
      }
      writeBytesAt(offset, buf);
    },
  };
  return {
    kind: 'ram',
    name,
    size,
    owner,
    info,
    ops,
    validMin: 1,
    validMax: 8,
    validUnaligned: true,
    implMin: 1,
    implMax: 8,
    implUnaligned: true,
    directSizes: (1 << 1) | (1 << 2) | (1 << 4),
    readBytesAt,
    writeBytesAt,
    get allocatedPages() {
      return pages.size;
    },
  };
}
