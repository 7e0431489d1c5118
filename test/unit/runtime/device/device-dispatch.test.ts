/**
 * The compiled MMIO dispatcher driven through a machine's address space: every register shape
 * of the fake device, guest-error logging, narrow and unaligned accesses, register arrays.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { bindDevice, compileMmioDispatch, type AnyDeviceTypeInfo, type RegisterLayout } from '../../../../runtime/src/device/index.ts';
import { createGuestLog, type RecordingGuestLog } from '../../../../runtime/src/log/index.ts';
import { Machine } from '../../../../runtime/src/machine/index.ts';
import type { DeviceInstance } from '../../../../runtime/src/device/index.ts';
import type { MmioTable } from '../../../../runtime/src/codegen/v1/index.ts';
import { ARR_VALUES, R, createFakeDevice, fakeInfo, type FakeCalls, type FakeContext, type FakeHooks } from './fake-device.ts';

const BASE = 0x1000_0000;
const BYTES = 0x2000_0000;

let m: Machine;
let dev: DeviceInstance;
let log: RecordingGuestLog;
let calls: FakeCalls;
let ctx: FakeContext;

const rd = (off: number, size = 4): number => Number(m.memory.read(BASE + off, size));
const wr = (off: number, value: number, size = 4): void => m.memory.write(BASE + off, size, value);
const guestErrors = (): string[] => log.entries().filter((e) => e.kind === 'guest-error').map((e) => e.message);
/** The fake's tables expanded and bound to `hooks` (what defineDevice does once per class). */
const layoutsOf = (hooks: FakeHooks, mmio: readonly MmioTable<FakeContext, FakeHooks>[] = fakeInfo.mmio) =>
  bindDevice({ ...fakeInfo, mmio } as unknown as AnyDeviceTypeInfo, hooks).layouts as unknown as readonly RegisterLayout<FakeContext>[];

beforeEach(() => {
  const fake = createFakeDevice();
  calls = fake.calls;
  log = createGuestLog();
  m = new Machine({ types: [fake.cls], log });
  dev = m.createDevice('fakedev');
  m.mapMmio(dev, 0, BASE);
  m.mapMmio(dev, 1, BYTES);
  ctx = dev.context as unknown as FakeContext;
  log.clear();
  calls.log.length = 0;
});

describe('storage registers', () => {
  it('applies writeMask and readMask and calls postWrite with old and new values', () => {
    expect(rd(R.CTRL)).toBe(0x5);
    wr(R.CTRL, 0xabcd_1234);
    expect(ctx.state.ctrl).toBe(0x34);
    expect(rd(R.CTRL)).toBe(0x34);
    expect(calls.log).toEqual(['postWriteCtrl 5->34']);
    ctx.state.ctrl = 0x1ff;
    expect(rd(R.CTRL)).toBe(0xff);
  });

  it('write-1-to-clear bits clear only where the value has ones; plain bits follow writeMask', () => {
    expect(rd(R.STATUS)).toBe(0xf0);
    ctx.state.status = 0x0f;
    wr(R.STATUS, 0xa005);
    expect(ctx.state.status).toBe(0xa00a);
  });

  it('clear-on-read and set-on-read act after the value is returned', () => {
    ctx.state.rc = 0x3f;
    expect(rd(R.EVT)).toBe(0x3f);
    expect(ctx.state.rc).toBe(0x130);
    expect(rd(R.EVT)).toBe(0x30);
  });

  it('write-clears and write-sets apply whatever the value', () => {
    ctx.state.wc = 0x7;
    wr(R.WC, 0);
    expect(ctx.state.wc).toBe(0x14);
    wr(R.WC, 0xffff_ffff);
    expect(ctx.state.wc).toBe(0x14);
  });

  it('implements the full write formula of the descriptor masks for mixed masks', () => {
    const entry = fakeInfo.mmio[0]!.registers.find((r) => r.name === 'MIX')!;
    if (entry.wide === true) throw new Error('MIX is a 32-bit register');
    let seed = 12345;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 200; i++) {
      const old = rnd();
      const v = rnd();
      ctx.state.mix = old;
      wr(R.MIX, v);
      let n = (old & ~entry.writeMask) | (v & entry.writeMask);
      n &= ~(v & (entry.w1cMask ?? 0));
      n |= v & (entry.w1sMask ?? 0);
      n ^= v & (entry.w1tMask ?? 0);
      n &= ~(~v & (entry.w0cMask ?? 0));
      n |= ~v & (entry.w0sMask ?? 0);
      n ^= ~v & (entry.w0tMask ?? 0);
      expect(ctx.state.mix).toBe(n >>> 0);
    }
  });
});

describe('hooks and constants', () => {
  it('routes hook registers to the behaviour', () => {
    wr(R.DATA, 0x41);
    expect(calls.log).toEqual(['writeData 41']);
    expect(rd(R.DATA)).toBe(0x42);
    expect(dev.gpioOut('irq', 0).level).toBe(true);
  });

  it('reads constants from reset & readMask and logs writes to read-only registers', () => {
    expect(rd(R.ID)).toBe(0xabcd);
    wr(R.ID, 1);
    expect(rd(R.ID)).toBe(0xabcd);
    expect(guestErrors()).toEqual(['fakedev: write to read-only register ID (offset 0xc, value 0x1)']);
  });

  it('logs writes to read-only storage unless ignoreWrites', () => {
    wr(R.RO, 5);
    wr(R.RO_IGN, 5);
    expect(ctx.state.ro).toBe(0x77);
    expect(ctx.state.roIgnore).toBe(0x99);
    expect(guestErrors()).toEqual(['fakedev: write to read-only register RO (offset 0x14, value 0x5)']);
  });

  it('logs reads of write-only registers and returns 0; writes reach the hook', () => {
    expect(rd(R.CLR)).toBe(0);
    expect(guestErrors()).toEqual(['fakedev: read of write-only register CLR (offset 0x10)']);
    wr(R.CLR, 0xf0);
    expect(calls.log).toEqual(['writeClr f0']);
  });

  it('answers 0 and logs "bad offset" for offsets without a register', () => {
    expect(rd(0x30)).toBe(0);
    wr(0x34, 9);
    expect(rd(0xfc)).toBe(0);
    expect(guestErrors()).toEqual(['fakedev: bad offset 0x30', 'fakedev: bad offset 0x34', 'fakedev: bad offset 0xfc']);
  });
});

describe('narrow, unaligned and array accesses', () => {
  it('narrow accesses on an impl-4 region reach the covering register whole, unshifted', () => {
    ctx.state.ctrl = 0xa5;
    expect(rd(R.CTRL + 1, 1)).toBe(0xa5);
    expect(rd(R.ID + 2, 2)).toBe(0xabcd);
    expect(rd(R.ID + 3, 1)).toBe(0xcd);
    wr(R.CTRL + 2, 0x3c, 1);
    expect(ctx.state.ctrl).toBe(0x3c);
  });

  it('register arrays with a stride: elements answer, holes are bad offsets', () => {
    ARR_VALUES.forEach((v, i) => {
      expect(rd(R.ARR + 8 * i)).toBe(v);
      expect(rd(R.ARR + 8 * i + 1, 1)).toBe(v);
    });
    expect(rd(R.ARR + 4)).toBe(0);
    expect(guestErrors()).toEqual(['fakedev: bad offset 0x44']);
  });

  it('a byte-granular region indexes every byte', () => {
    expect([0, 1, 2, 3].map((o) => Number(m.memory.read(BYTES + o, 1)))).toEqual([0x10, 0x11, 0x12, 0x13]);
    m.memory.write(BYTES + 2, 1, 0x99);
    expect(ctx.state.bytes[2]).toBe(0x99);
    expect(Number(m.memory.read(BYTES + 4, 2))).toBe(0x1234);
  });

  it('the compiled table uses the smallest power-of-two granule and covers unaligned offsets', () => {
    const tables = layoutsOf(createFakeDevice().hooks);
    const c = dev.context as unknown as FakeContext;
    const d0 = compileMmioDispatch(tables[0]!, c, log, 'fakedev');
    const d1 = compileMmioDispatch(tables[1]!, c, log, 'fakedev');
    expect(d0.shift).toBe(2);
    expect(d1.shift).toBe(0);
    expect(d0.readers.length).toBe(0x40);
    expect(d0.read(0x4b, 4)).toBe(ARR_VALUES[1]);
    c.state.half = 0xbeef;
    expect(d1.read(5, 1)).toBe(0xbeef);
    expect(d0.read(0x1000, 4)).toBe(0);
  });

  it('rejects overlapping registers at compile time', () => {
    const t = fakeInfo.mmio[0]!;
    const bad = { ...t, registers: [...t.registers, { ...t.registers[0]!, name: 'DUP', offset: 2, size: 2 }] } as MmioTable<FakeContext, FakeHooks>;
    const [layout] = layoutsOf(createFakeDevice().hooks, [bad]);
    expect(() => compileMmioDispatch(layout!, dev.context as unknown as FakeContext, log, 'fakedev')).toThrow(/registers CTRL and DUP overlap at offset 0x2/);
  });
});

describe('specialised vs closure dispatch', () => {
  it('the generated switch and the closure arrays answer identically on random accesses', () => {
    const mk = (specialize: boolean) => {
      const fake = createFakeDevice();
      const l = createGuestLog({ capacity: 100_000 });
      const mm = new Machine({ types: [fake.cls], log: l });
      const d = mm.createDevice('fakedev');
      const c = d.context as unknown as FakeContext;
      const ds = layoutsOf(fake.hooks).map((t) => compileMmioDispatch(t, c, l, 'fakedev', { specialize }));
      return { c, l, ds, calls: fake.calls };
    };
    const a = mk(true);
    const b = mk(false);
    expect(a.ds.every((d) => d.specialized)).toBe(true);
    expect(b.ds.some((d) => d.specialized)).toBe(false);
    let seed = 99;
    const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const sizes = fakeInfo.mmio.map((t) => t.region.size);
    for (let i = 0; i < 8000; i++) {
      const which = rnd(sizes.length);
      const size = [1, 2, 4][rnd(3)]!;
      const offset = rnd(sizes[which]! + 4);
      if (rnd(2) === 0) {
        expect(a.ds[which]!.read(offset, size)).toBe(b.ds[which]!.read(offset, size));
      } else {
        const v = (rnd(0x10000) * 0x10001) >>> 0;
        a.ds[which]!.write(offset, size, v);
        b.ds[which]!.write(offset, size, v);
      }
    }
    expect(a.c.state).toEqual(b.c.state);
    expect(a.l.entries()).toEqual(b.l.entries());
    expect(a.calls.log).toEqual(b.calls.log);
    expect(a.l.entries().length).toBeGreaterThan(100);
  });
});
