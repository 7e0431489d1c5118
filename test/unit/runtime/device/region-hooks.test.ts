/**
 * The region post-write hook (`MmioTable.hooks.postWrite`): it follows every write the region's
 * handler takes — a register's (after the store and the register's own post-write hook), a
 * reserved or unclaimed offset's (after the guest error is logged), each part of an access the
 * bus splits, a 64-bit register's lanes — with the offset and size the handler saw; reads and
 * accesses the bus rejects never reach it. Both dispatchers (specialised and closure arrays)
 * behave alike. On a small hand-written device type (no generator involved).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceTypeInfo, MmioTable } from '../../../../runtime/src/contract/types.ts';
import { bindDevice, compileMmioDispatch, defineDevice, type AnyDeviceContext, type AnyDeviceTypeInfo, type RegisterLayout } from '../../../../runtime/src/device/index.ts';
import { createGuestLog, type RecordingGuestLog } from '../../../../runtime/src/log/index.ts';
import { Machine } from '../../../../runtime/src/machine/index.ts';

interface State { set: number; wide: bigint }
type Ctx = AnyDeviceContext & { state: State };

const BASE = 0x2000_0000;
const events: string[] = [];
const hooks = {
  postWriteSET: (_c: Ctx, oldValue: number, newValue: number) => void events.push(`SET ${oldValue}->${newValue}`),
  regionPostWriteLines: (c: Ctx, offset: number, size: number) => void events.push(`region 0x${offset.toString(16)}/${size} set=${c.state.set}`),
};

/** A region with an exact-offset register, a read-only one, a 64-bit one and a reserved range. */
const table: MmioTable<Ctx, typeof hooks> = {
  region: { name: 'lines', size: 0x100, endianness: 'little', valid: { min: 2, max: 8, unaligned: false }, impl: { min: 2, max: 4, unaligned: false } },
  registers: [
    { name: 'SET', offset: 0x0, size: 4, reset: 0, readMask: 0xff, writeMask: 0xff, decode: 'exact', storage: 'set', hooks: { postWrite: 'postWriteSET' } },
    { name: 'ID', offset: 0x4, size: 4, reset: 0x42, readMask: 0xff, writeMask: 0, readOnly: true },
    { wide: true, name: 'WIDE', offset: 0x10, size: 8, reset: 0n, readMask: (1n << 64n) - 1n, writeMask: (1n << 64n) - 1n, storage: 'wide' },
  ],
  hooks: { postWrite: 'regionPostWriteLines' },
};

const info: DeviceTypeInfo<State, Ctx, typeof hooks> = {
  name: 'linesdev', parent: 'sys-bus-device', description: '', source: 'test',
  properties: [], gpios: [], clocks: [], chardev: undefined, traceEvents: [],
  createState: () => ({ set: 0, wide: 0n }),
  resetState: () => {},
  mmio: [table],
  vmstate: undefined,
  deviceHooks: {},
  hooks: [
    { name: 'postWriteSET', kind: 'register-post-write', source: 'test:1' },
    { name: 'regionPostWriteLines', kind: 'region-post-write', source: 'test:2' },
  ],
};

let m: Machine;
let log: RecordingGuestLog;
let ctx: Ctx;

beforeEach(() => {
  log = createGuestLog();
  m = new Machine({ types: [defineDevice(info, hooks)], log });
  const dev = m.createDevice('linesdev');
  m.mapMmio(dev, 0, BASE);
  ctx = dev.context as Ctx;
  events.length = 0;
  log.clear();
});

const wr = (off: number, value: number | bigint, size = 4): void => m.memory.write(BASE + off, size, value);
const guestErrors = (): string[] => log.entries().filter((e) => e.kind === 'guest-error').map((e) => e.message);

describe('region post-write hook', () => {
  it('runs after a register write, its store and its own post-write hook', () => {
    wr(0x0, 0x1ab);
    expect(events).toEqual(['SET 0->171', 'region 0x0/4 set=171']);
  });

  it('runs after a write to a read-only register, an offset inside an exact register and a reserved offset, each logged first', () => {
    wr(0x4, 0x7);
    wr(0x2, 0x7, 2);
    wr(0x80, 0x7);
    expect(events).toEqual(['region 0x4/4 set=0', 'region 0x2/2 set=0', 'region 0x80/4 set=0']);
    expect(guestErrors()).toEqual([
      'linesdev: write to read-only register ID (offset 0x4, value 0x7)',
      'linesdev: bad offset 0x2',
      'linesdev: bad offset 0x80',
    ]);
    expect(ctx.state.set).toBe(0);
  });

  it('runs once per part of an access the bus splits to the implemented size', () => {
    wr(0x0, 0x0000_0003_0000_0005n, 8);
    expect(events).toEqual(['SET 0->5', 'region 0x0/4 set=5', 'region 0x4/4 set=5']);
  });

  it('never runs for reads or for accesses outside the valid sizes', () => {
    m.memory.read(BASE, 4);
    m.memory.read(BASE + 0x80, 4);
    wr(0x0, 0x1, 1);
    expect(events).toEqual([]);
    expect(ctx.state.set).toBe(0);
  });

  it('behaves the same on the closure-array dispatcher', () => {
    const layout = bindDevice(info as unknown as AnyDeviceTypeInfo, hooks).layouts[0] as unknown as RegisterLayout<Ctx>;
    const generic = compileMmioDispatch(layout, ctx, log, 'linesdev', { specialize: false });
    expect(generic.specialized).toBe(false);
    generic.write(0x0, 4, 0x9);
    generic.write(0x40, 4, 0x1);
    generic.writeAccess(0x10, 4, 0x1234);
    expect(events).toEqual(['SET 0->9', 'region 0x0/4 set=9', 'region 0x40/4 set=9', 'region 0x10/4 set=9']);
    expect(ctx.state.wide).toBe(0x1234n);
  });

  it('is a hook the behaviour must supply, reported with its kind', () => {
    const { regionPostWriteLines: _, ...partial } = hooks;
    expect(() => bindDevice(info as unknown as AnyDeviceTypeInfo, partial)).toThrow(/regionPostWriteLines \(region post-write hook, test:2\)/);
  });
});
