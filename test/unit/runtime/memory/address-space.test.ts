import { describe, expect, it } from 'vitest';
import type { AccessValue, RegionInfo } from '../../../../runtime/src/contract/types.ts';
import { createGuestLog } from '../../../../runtime/src/log/index.ts';
import {
  MemoryMapOverlapError,
  createAddressSpace,
  createMmioRegion,
  createRamRegion,
  dispatchRead,
  dispatchWrite,
  memoryAccessSize,
  type MemoryRegionOps,
} from '../../../../runtime/src/memory/index.ts';

interface Call {
  op: 'r' | 'w';
  offset: number;
  size: number;
  value?: AccessValue;
}

/** A 0x1000-byte device whose 32-bit registers read as (offset>>2)*0x01010101 + 0x11 unless written. */
function recordingDevice(info: Partial<RegionInfo> = {}) {
  const calls: Call[] = [];
  const regs = new Map<number, number>();
  const ops: MemoryRegionOps = {
    read(offset, size) {
      calls.push({ op: 'r', offset, size });
      const idx = offset >> 2;
      return regs.get(idx) ?? ((idx * 0x01010101 + 0x11) >>> 0);
    },
    write(offset, size, value) {
      calls.push({ op: 'w', offset, size, value });
      regs.set(offset >> 2, Number(value));
    },
  };
  const full: RegionInfo = {
    name: 'dev',
    size: 0x1000,
    endianness: 'native',
    valid: { min: 0, max: 0, unaligned: false },
    impl: { min: 4, max: 4, unaligned: false },
    ...info,
  };
  return { calls, regs, region: createMmioRegion(full, ops, 'test-dev') };
}

function setup(info: Partial<RegionInfo> = {}) {
  const log = createGuestLog();
  const as = createAddressSpace({ log });
  const dev = recordingDevice(info);
  as.map(0x09000000, dev.region);
  return { log, as, ...dev };
}

const le32 = (b: Uint8Array, o = 0) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

describe('single accesses', () => {
  it('a 4-byte access within impl calls the device once with the same offset and size', () => {
    const { as, calls } = setup();
    expect(as.read(0x09000008, 4)).toBe(0x02020213);
    expect(calls).toEqual([{ op: 'r', offset: 8, size: 4 }]);
  });

  it('a byte read of a 4-byte-impl region is widened with the original unaligned offset (pl011 readb 0xfe1)', () => {
    const { as, calls } = setup();
    const bytes = as.readBytes(0x09000fe1, 1);
    expect(calls).toEqual([{ op: 'r', offset: 0xfe1, size: 4 }]);
    // The whole register comes back from the device; the 1-byte store keeps its low byte.
    const whole = (0x3f8 * 0x01010101 + 0x11) >>> 0;
    expect(bytes[0]).toBe(whole & 0xff);
  });

  it('a halfword write is widened: the device sees size 4 and the value masked to 32 bits', () => {
    const { as, calls } = setup();
    as.write(0x09000032, 2, 0x1234);
    expect(calls).toEqual([{ op: 'w', offset: 0x32, size: 4, value: 0x1234 }]);
  });

  it('an 8-byte single access to a 4-byte-impl region is split into two little-endian halves', () => {
    const { as, calls } = setup();
    expect(as.read(0x09000000, 8)).toBe((0x01010112n << 32n) | 0x11n);
    expect(calls.map((c) => c.offset)).toEqual([0, 4]);
    as.write(0x09000010, 8, 0xaabbccdd11223344n);
    expect(calls.slice(2)).toEqual([
      { op: 'w', offset: 0x10, size: 4, value: 0x11223344 },
      { op: 'w', offset: 0x14, size: 4, value: 0xaabbccdd },
    ]);
  });

  it('sizes outside valid are rejected with QEMU\'s message and read 0 / drop the write', () => {
    const { as, calls, log } = setup({ valid: { min: 4, max: 4, unaligned: false } });
    expect(as.read(0x09000004, 2)).toBe(0);
    as.write(0x09000004, 1, 5);
    expect(calls).toEqual([]);
    expect(log.entries()).toEqual([
      { kind: 'invalid-mem', message: "Invalid read at addr 0x4, size 2, region 'dev', reason: invalid size (min:4 max:4)" },
      { kind: 'invalid-mem', message: "Invalid write at addr 0x4, size 1, region 'dev', reason: invalid size (min:4 max:4)" },
    ]);
  });

  it('unaligned accesses are rejected unless valid.unaligned', () => {
    const a = setup({ valid: { min: 1, max: 4, unaligned: false } });
    expect(a.as.read(0x09000fe2, 4)).toBe(0);
    expect(a.calls).toEqual([]);
    expect(a.log.entries()[0]!.message).toBe("Invalid read at addr 0xFE2, size 4, region 'dev', reason: unaligned");
    const b = setup({ valid: { min: 1, max: 4, unaligned: true } });
    b.as.read(0x09000fe2, 4);
    expect(b.calls).toEqual([{ op: 'r', offset: 0xfe2, size: 4 }]);
    expect(b.log.entries()).toEqual([]);
  });

  it('narrowing impl splits a wide access into impl-sized device calls (impl.max 1)', () => {
    const { as, calls } = setup({ impl: { min: 1, max: 1, unaligned: false } });
    as.read(0x09000004, 4);
    expect(calls.map((c) => [c.offset, c.size])).toEqual([
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
    ]);
  });

  it('big-endian regions are assembled most-significant first and swapped for a little-endian target', () => {
    const log = createGuestLog();
    const as = createAddressSpace({ log });
    const bytes = [0x12, 0x34, 0x56, 0x78];
    as.map(0, createMmioRegion(
      { name: 'be', size: 4, endianness: 'big', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 1, max: 1, unaligned: false } },
      { read: (o) => bytes[o]!, write() {} },
      'be',
    ));
    // Device value (big-endian assembly) is 0x12345678; the LE target sees it byte-swapped.
    expect(as.read(0, 4)).toBe(0x78563412);
    expect(Array.from(as.readBytes(0, 4))).toEqual([0x12, 0x34, 0x56, 0x78]);
  });
});

/** `v`'s low `size` bytes in the other byte order. */
function swapped(v: number, size: number): number {
  let r = 0;
  for (let i = 0; i < size; i++) r = r * 256 + ((v >>> (8 * i)) & 0xff);
  return r;
}

describe('the direct path of single accesses', () => {
  // Every window shape and byte order a region can have, on both targets: a read or write that
  // takes the address space's direct path must answer, call the device and log exactly as one
  // dispatched through memory_region_dispatch_read/write with the target's byte swap does.
  const valids = [
    { min: 0, max: 0, unaligned: false },
    { min: 1, max: 4, unaligned: false },
    { min: 1, max: 4, unaligned: true },
    { min: 4, max: 4, unaligned: false },
    { min: 2, max: 2, unaligned: false },
  ];
  const impls = [
    { min: 1, max: 1, unaligned: false },
    { min: 4, max: 4, unaligned: false },
    { min: 1, max: 4, unaligned: false },
    { min: 2, max: 4, unaligned: true },
  ];
  const orders = ['native', 'little', 'big'] as const;
  const cases = valids.flatMap((valid) => impls.flatMap((impl) => orders.flatMap((endianness) => (['little', 'big'] as const).map((target) => ({ valid, impl, endianness, target })))));

  it.each(cases)('valid $valid.min-$valid.max/$valid.unaligned, impl $impl.min-$impl.max, $endianness device, $target target', ({ valid, impl, endianness, target }) => {
    const log = createGuestLog();
    const as = createAddressSpace({ log, endianness: target });
    const dev = recordingDevice({ valid, impl, endianness });
    const twin = recordingDevice({ valid, impl, endianness });
    const twinLog = createGuestLog();
    as.map(0x1000, dev.region);
    const deviceBig = endianness === 'big' || (endianness === 'native' && target === 'big');
    for (const size of [1, 2, 4]) {
      for (let off = 0; off < 8; off++) {
        const got = as.read(0x1000 + off, size);
        const raw = Number(dispatchRead(twin.region, off, size, twinLog));
        const narrow = size === 4 ? raw >>> 0 : raw & ((1 << (size * 8)) - 1);
        expect(got, `read size ${size} at ${off}`).toBe(size > 1 && deviceBig !== (target === 'big') ? swapped(narrow, size) : narrow);
        const value = (0x8badf00d + off * 0x01010101 + size) >>> 0;
        const v = size === 4 ? value : value & ((1 << (size * 8)) - 1);
        as.write(0x1000 + off, size, v);
        dispatchWrite(twin.region, off, size, size > 1 && deviceBig !== (target === 'big') ? swapped(v, size) : v, twinLog);
      }
    }
    expect(dev.calls).toEqual(twin.calls);
    expect(log.entries()).toEqual(twinLog.entries());
  });

  it('a range cut by a higher-priority mapping keeps the lower region answering where it shows', () => {
    const log = createGuestLog();
    const as = createAddressSpace({ log });
    const low = recordingDevice();
    const high = recordingDevice({ size: 4 });
    as.map(0, low.region);
    as.map(8, high.region, 1);
    expect(as.read(4, 4)).toBe(0x01010112);
    expect(as.read(8, 4)).toBe(0x11);
    expect(as.read(12, 4)).toBe(0x03030314);
    expect(low.calls.map((c) => c.offset)).toEqual([4, 12]);
    expect(high.calls.map((c) => c.offset)).toEqual([0]);
  });

  it('a device answering a bigint for a narrow read is narrowed to a number', () => {
    const as = createAddressSpace();
    as.map(0, createMmioRegion(
      { name: 'wide', size: 8, endianness: 'little', valid: { min: 1, max: 8, unaligned: false }, impl: { min: 1, max: 8, unaligned: false } },
      { read: () => 0x1_2345_6789n, write() {} },
      'wide',
    ));
    expect(as.read(0, 4)).toBe(0x23456789);
    expect(as.read(0, 2)).toBe(0x6789);
    expect(as.readValue(0, 1)).toBe(0x89);
  });

  it('RAM accesses that cross the end of a flat range still take the bytes of both sides', () => {
    const as = createAddressSpace();
    const a = createRamRegion('a', 0x10);
    const b = createRamRegion('b', 0x10);
    as.map(0, a);
    as.map(0x10, b);
    as.write(0xe, 4, 0xaabbccdd);
    expect(as.read(0xe, 4)).toBe(0xaabbccdd);
    const out = new Uint8Array(2);
    b.readBytesAt(0, out);
    expect(Array.from(out)).toEqual([0xbb, 0xaa]);
  });
});

describe('buffer accesses (address_space_read/write)', () => {
  it('an 8-byte read of a valid.max=4 region is two 4-byte device calls, assembled little-endian', () => {
    const { as, calls } = setup({ valid: { min: 1, max: 4, unaligned: false } });
    const b = as.readBytes(0x09000fe0, 8);
    expect(calls).toEqual([
      { op: 'r', offset: 0xfe0, size: 4 },
      { op: 'r', offset: 0xfe4, size: 4 },
    ]);
    expect(le32(b, 0)).toBe((0x3f8 * 0x01010101 + 0x11) >>> 0);
    expect(le32(b, 4)).toBe((0x3f9 * 0x01010101 + 0x11) >>> 0);
  });

  it('chunks are bounded by address alignment (QEMU readl 0x09000fe2 on pl011 = two 2-byte chunks)', () => {
    const { as, calls } = setup();
    const b = as.readBytes(0x09000fe2, 4);
    // Each 2-byte chunk is widened to a 4-byte device read at the chunk's own offset.
    expect(calls).toEqual([
      { op: 'r', offset: 0xfe2, size: 4 },
      { op: 'r', offset: 0xfe4, size: 4 },
    ]);
    const r0 = (0x3f8 * 0x01010101 + 0x11) >>> 0;
    const r1 = (0x3f9 * 0x01010101 + 0x11) >>> 0;
    expect(le32(b)).toBe(((r0 & 0xffff) | ((r1 & 0xffff) << 16)) >>> 0);
  });

  it('writeBytes of 8 bytes is two 4-byte writes with the little-endian halves', () => {
    const { as, calls } = setup();
    as.writeBytes(0x09000000, Uint8Array.of(0x48, 0x47, 0x46, 0x45, 0x44, 0x43, 0x42, 0x41));
    expect(calls).toEqual([
      { op: 'w', offset: 0, size: 4, value: 0x45464748 },
      { op: 'w', offset: 4, size: 4, value: 0x41424344 },
    ]);
  });

  it('memoryAccessSize follows valid.max (0 = 4), alignment unless impl.unaligned, and pow2floor', () => {
    const { region } = recordingDevice({ valid: { min: 1, max: 8, unaligned: false } });
    expect(memoryAccessSize(region, 8, 0)).toBe(8);
    expect(memoryAccessSize(region, 8, 4)).toBe(4);
    expect(memoryAccessSize(region, 7, 0)).toBe(4);
    expect(memoryAccessSize(region, 3, 1)).toBe(1);
    expect(memoryAccessSize(undefined, 8, 0x1000)).toBe(4);
    const { region: un } = recordingDevice({ valid: { min: 1, max: 8, unaligned: true }, impl: { min: 1, max: 8, unaligned: true } });
    expect(memoryAccessSize(un, 8, 3)).toBe(8);
  });

  it('a read running off the end of an MMIO region continues into unassigned memory', () => {
    const { as, calls, log } = setup();
    const b = as.readBytes(0x09000ffe, 4);
    expect(calls).toEqual([{ op: 'r', offset: 0xffe, size: 4 }]);
    const r = (0x3ff * 0x01010101 + 0x11) >>> 0;
    expect(Array.from(b)).toEqual([r & 0xff, (r >>> 8) & 0xff, 0, 0]);
    expect(log.entries().map((e) => e.message)).toEqual(["Invalid read at addr 0x9001000, size 2, region '(null)', reason: rejected"]);
  });
});

describe('unassigned memory', () => {
  it('reads 0, ignores writes and logs each chunk like QEMU', () => {
    const log = createGuestLog();
    const as = createAddressSpace({ log });
    expect(as.read(0x1000, 4)).toBe(0);
    expect(as.read(0x1000, 8)).toBe(0n);
    as.write(0x1000, 4, 1);
    expect(Array.from(as.readBytes(0x9001000, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(log.entries().map((e) => e.message)).toEqual([
      "Invalid read at addr 0x1000, size 4, region '(null)', reason: rejected",
      "Invalid read at addr 0x1000, size 8, region '(null)', reason: rejected",
      "Invalid write at addr 0x1000, size 4, region '(null)', reason: rejected",
      "Invalid read at addr 0x9001000, size 4, region '(null)', reason: rejected",
      "Invalid read at addr 0x9001004, size 4, region '(null)', reason: rejected",
    ]);
    expect(log.entries().every((e) => e.kind === 'invalid-mem')).toBe(true);
  });
});

describe('the map', () => {
  it('rejects overlapping mappings with a typed error and keeps the map unchanged', () => {
    const as = createAddressSpace();
    const a = recordingDevice({ name: 'a' }).region;
    const b = recordingDevice({ name: 'b' }).region;
    as.map(0x1000, a);
    expect(() => as.map(0x1800, b)).toThrow(MemoryMapOverlapError);
    expect(() => as.map(0x0800, b)).toThrow(/overlaps region 'a'/);
    expect(as.mappings().length).toBe(1);
    as.map(0x2000, b); // adjacent is fine
    as.map(0x0, recordingDevice({ name: 'c' }).region);
    expect(as.mappings().map((m) => m.region.name)).toEqual(['c', 'a', 'b']);
  });

  it('lets a higher priority answer where it overlaps, as QEMU\'s flat view does (0xcf9 over 0xcf8-0xcfb)', () => {
    const as = createAddressSpace({ unassigned: 'all-ones', size: 0x10000 });
    const idx = recordingDevice({ name: 'idx', size: 4, impl: { min: 1, max: 4, unaligned: false } });
    const rcr = recordingDevice({ name: 'rcr', size: 1, impl: { min: 1, max: 1, unaligned: false } });
    as.map(0xcf8, idx.region);
    as.map(0xcf9, rcr.region, 1);
    expect(() => as.map(0xcfa, recordingDevice({ name: 'clash', size: 1 }).region)).toThrow(/at the same priority/);
    expect(as.flatView().map((r) => [r.region.name, r.start, r.end, r.base])).toEqual([
      ['idx', 0xcf8, 0xcf9, 0xcf8], ['rcr', 0xcf9, 0xcfa, 0xcf9], ['idx', 0xcfa, 0xcfc, 0xcf8],
    ]);
    // A 4-byte access at 0xcf8 goes whole to the index region (MMIO chunks are not clamped).
    as.readValue(0xcf8, 4);
    expect(idx.calls).toEqual([{ op: 'r', offset: 0, size: 4 }]);
    // Byte 0xcf9 is the reset control register; 0xcfa is the index region at offset 2.
    as.readValue(0xcf9, 1);
    as.readValue(0xcfa, 2);
    expect(rcr.calls).toEqual([{ op: 'r', offset: 0, size: 1 }]);
    expect(idx.calls[1]).toEqual({ op: 'r', offset: 2, size: 2 });
    expect(as.unmap(rcr.region)).toBe(true);
    expect(as.flatView().map((r) => r.region.name)).toEqual(['idx']);
  });

  it('finds the right region among many, and nothing in the gaps', () => {
    const as = createAddressSpace();
    const order = Array.from({ length: 200 }, (_, i) => (i * 73) % 200);
    for (const i of order) {
      const r = recordingDevice({ name: `r${i}`, size: 0x100 }).region;
      as.map(0x10000 + i * 0x1000, r);
    }
    for (let i = 0; i < 200; i++) {
      const base = 0x10000 + i * 0x1000;
      expect(as.lookup(base)?.region.name).toBe(`r${i}`);
      expect(as.lookup(base + 0xff)?.region.name).toBe(`r${i}`);
      expect(as.lookup(base + 0x100)).toBeUndefined();
      expect(as.lookup(base - 1)).toBeUndefined();
    }
    expect(as.lookup(0)).toBeUndefined();
  });

  it('unmap removes a region', () => {
    const as = createAddressSpace();
    const r = recordingDevice().region;
    as.map(0, r);
    expect(as.lookup(4)).toBeDefined();
    expect(as.unmap(r)).toBe(true);
    expect(as.lookup(4)).toBeUndefined();
  });
});

describe('RAM', () => {
  it('reads 0 until written, allocates pages lazily, and spans pages', () => {
    const as = createAddressSpace();
    const ram = createRamRegion('ram', 1 << 30);
    as.map(0x40000000, ram);
    expect(as.read(0x40000000 + 0x123456, 4)).toBe(0);
    expect(ram.allocatedPages).toBe(0);
    as.write(0x40000ffe, 4, 0xdeadbeef); // crosses a page boundary
    expect(ram.allocatedPages).toBe(2);
    expect(as.read(0x40000ffe, 4)).toBe(0xdeadbeef);
    expect(as.read(0x40000fff, 2)).toBe(0xadbe);
    as.writeBytes(0x40002000, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(as.read(0x40002000, 8)).toBe(0x0807060504030201n);
    expect(Array.from(as.readBytes(0x40001fff, 4))).toEqual([0, 1, 2, 3]);
  });
});
