/**
 * Tables as descriptors: register arrays and blocks declared once and expanded by the runtime
 * (offsets, element names, per-element resets, limits), storage named once for scalar, array
 * and block registers, exact and covering decode side by side in one region, and postWrite on
 * 64-bit and block registers — through both dispatchers.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceTypeInfo, MmioTable } from '../../../../runtime/src/contract/types.ts';
import { createVirtualClock } from '../../../../runtime/src/clock/index.ts';
import {
  compileMmioDispatch,
  defineDevice,
  elementPresent,
  hooksLookup,
  layoutMmioTable,
  type AnyDeviceContext,
} from '../../../../runtime/src/device/index.ts';
import { createGuestLog, type RecordingGuestLog } from '../../../../runtime/src/log/index.ts';
import { Machine } from '../../../../runtime/src/machine/index.ts';
import { ID_VALUES, R, createFakeDevice, fakeInfo, type FakeCalls, type FakeContext } from './fake-device.ts';

describe('expansion of arrays and blocks', () => {
  const layout = layoutMmioTable(fakeInfo.mmio[0]!, createFakeDevice().hooks, hooksLookup(createFakeDevice().hooks, 'fakedev'));
  const byName = (n: string) => layout.registers.find((r) => r.name === n)!;

  it('places array elements stride apart with their own resets, storage element and index', () => {
    const win = layout.registers.filter((r) => r.name.startsWith('WIN'));
    expect(win.map((r) => [r.name, r.offset, r.reset, r.index, r.storage])).toEqual([
      ['WIN[0]', 0x60, 1, 0, ['win', 0]],
      ['WIN[1]', 0x64, 2, 1, ['win', 1]],
      ['WIN[2]', 0x68, 3, 2, ['win', 2]],
      ['WIN[3]', 0x6c, 4, 3, ['win', 3]],
    ]);
    expect(layout.registers.filter((r) => r.name.startsWith('ARR')).map((r) => [r.name, r.offset, r.reset, r.storage])).toEqual([
      ['ARR[0]', 0x40, 0x11, undefined], ['ARR[1]', 0x48, 0x22, undefined], ['ARR[2]', 0x50, 0x33, undefined], ['ARR[3]', 0x58, 0x44, undefined],
    ]);
  });

  it('places block registers per element at offset + i * stride + register offset, backed by the element record', () => {
    const ch = layout.registers.filter((r) => r.name.startsWith('CH'));
    expect(ch.map((r) => [r.name, r.offset, r.storage])).toEqual([
      ['CH[0].CFG', 0x80, ['ch', 0, 'cfg']], ['CH[0].CNT', 0x84, ['ch', 0, 'cnt']],
      ['CH[1].CFG', 0x90, ['ch', 1, 'cfg']], ['CH[1].CNT', 0x94, ['ch', 1, 'cnt']],
      ['CH[2].CFG', 0xa0, ['ch', 2, 'cfg']], ['CH[2].CNT', 0xa4, ['ch', 2, 'cnt']],
      ['CH[3].CFG', 0xb0, ['ch', 3, 'cfg']], ['CH[3].CNT', 0xb4, ['ch', 3, 'cnt']],
    ]);
    expect(ch.every((r) => r.index === r.element!.index)).toBe(true);
  });

  it('evaluates the limit per instance: below it (exclusive) or up to it (inclusive)', () => {
    const ctx = { props: { channels: 2 } } as unknown as FakeContext;
    expect(['CH[1].CFG', 'CH[2].CFG'].map((n) => elementPresent(byName(n), ctx))).toEqual([true, false]);
    const inclusive = layoutMmioTable({ ...fakeInfo.mmio[0]!, blocks: [{ ...fakeInfo.mmio[0]!.blocks![0]!, inclusive: true }] }, createFakeDevice().hooks, hooksLookup(createFakeDevice().hooks, 'x'));
    const inc = (n: string) => elementPresent(inclusive.registers.find((r) => r.name === n)!, ctx);
    expect([inc('CH[2].CFG'), inc('CH[3].CFG')]).toEqual([true, false]);
  });

  it('rejects a block register naming storage when the block has no state field', () => {
    const t: MmioTable<FakeContext> = { ...fakeInfo.mmio[0]!, blocks: [{ ...fakeInfo.mmio[0]!.blocks![0]!, state: undefined }] } as MmioTable<FakeContext>;
    expect(() => layoutMmioTable(t, {}, hooksLookup(createFakeDevice().hooks, 'x'))).toThrow('block CH: register CFG names storage but the block has no state field');
  });
});

for (const specialize of [true, false]) {
  describe(`storage named once and mixed decode (${specialize ? 'specialised' : 'closure'} dispatch)`, () => {
    let ctx: FakeContext;
    let calls: FakeCalls;
    let log: RecordingGuestLog;
    let ds: ReturnType<typeof compileMmioDispatch>[];
    const errors = (): string[] => log.entries().map((e) => e.message);

    beforeEach(() => {
      const fake = createFakeDevice();
      calls = fake.calls;
      log = createGuestLog();
      const dev = new Machine({ types: [fake.cls], log }).createDevice('fakedev');
      ctx = dev.context as unknown as FakeContext;
      ds = fake.cls.info.mmio.map((t) => compileMmioDispatch(layoutMmioTable(t, fake.hooks, hooksLookup(fake.hooks, 'fakedev')), dev.context, log, 'fakedev', { specialize }));
      expect(ds.every((d) => d.specialized === specialize)).toBe(true);
      log.clear();
      calls.log.length = 0;
    });

    it('scalar storage: the named field of ctx.state', () => {
      ds[0]!.write(R.STATUS, 4, 0xa005);
      expect(ctx.state.status).toBe(0xa0f0);
    });

    it('array storage: element i of the named array; write and post-write hooks get the index', () => {
      ds[0]!.write(R.WIN + 8, 4, 0x1234);
      expect(calls.log).toEqual(['writeWin 2 1234']);
      expect(Array.from(ctx.state.win)).toEqual([1, 2, 0x12cb, 4]);
      ctx.state.win[3] = 0xabcd_ef01;
      expect(ds[0]!.read(R.WIN + 12, 4)).toBe(0xef01);
      ds[1]!.write(2, 1, 0x7f);
      expect(Array.from(ctx.state.bytes)).toEqual([0x10, 0x11, 0x7f, 0x13]);
      expect(calls.log.at(-1)).toBe('postWriteB 2 12->7f');
      expect(calls.receivers.size).toBe(1);
    });

    it('block storage: the named field of element i; hooks get the index; postWrite sees old and new after the masks', () => {
      ctx.state.ch[1]!.cfg = 0xf01;
      ds[0]!.write(R.CH + 0x10, 4, 0x3ab);
      expect(ctx.state.ch[1]!.cfg).toBe(0xcab);
      expect(calls.log).toEqual(['postWriteChCfg 1 f01->cab']);
      ctx.state.ch[2]!.cnt = 0x42;
      expect(ds[0]!.read(R.CH + 0x24, 4)).toBe(0x242);
      ds[0]!.write(R.CH + 0x24, 4, 0xffff_0001);
      expect(ctx.state.ch[2]!.cnt).toBe(0x1);
      ds[0]!.write(R.CH + 0x24, 4, 0x2);
      expect(ctx.state.ch[2]!.cnt).toBe(0x1_0002);
    });

    it('elements at or beyond the limit are bad offsets', () => {
      expect(ds[0]!.read(R.CH + 0x30, 4)).toBe(0);
      ds[0]!.write(R.CH + 0x34, 4, 1);
      expect(ctx.state.ch[3]).toEqual({ cfg: 0, cnt: 0 });
      expect(errors()).toEqual(['fakedev: bad offset 0xb0', 'fakedev: bad offset 0xb4']);
    });

    it('exact registers answer only at their offset; the covering ID window answers at every byte, in one region', () => {
      const d = ds[2]!;
      expect(d.shift).toBe(0);
      expect(d.read(0x00, 4)).toBe(0x5);
      expect(d.read(0x01, 1)).toBe(0xffff_ffff);
      expect(d.read(0x03, 1)).toBe(0xffff_ffff);
      d.write(0x09, 1, 0xff);
      expect(ctx.state.cntl).toBe(0);
      d.write(0x08, 4, 0xa1);
      expect(ctx.state.cntl).toBe(0xa1);
      ID_VALUES.forEach((v, i) => {
        for (let b = 0; b < 4; b++) expect(d.read(0x20 + 4 * i + b, 1)).toBe(v);
      });
      expect(d.read(0x30, 4)).toBe(0xffff_ffff);
      expect(errors()).toEqual(['fakedev: bad offset 0x1', 'fakedev: bad offset 0x3', 'fakedev: bad offset 0x9', 'fakedev: bad offset 0x30']);
    });
  });
}

describe('postWrite on 64-bit registers', () => {
  interface T { conf: bigint; hits: number }
  interface S { gen: bigint; mirror: bigint; t: T[] }
  type Ctx = AnyDeviceContext & { state: S };
  const seen: string[] = [];
  const hooks = {
    postGen: (_c: Ctx, o: bigint, n: bigint) => void seen.push(`gen ${o.toString(16)}->${n.toString(16)}`),
    writeMirror: (c: Ctx, v: bigint, m: bigint) => void (c.state.mirror = (c.state.mirror & ~m) | (v & m & 0xffn)),
    postMirror: (_c: Ctx, o: bigint, n: bigint) => void seen.push(`mirror ${o.toString(16)}->${n.toString(16)}`),
    postConf: (_c: Ctx, i: number, o: bigint, n: bigint) => void seen.push(`conf ${i} ${o.toString(16)}->${n.toString(16)}`),
  };
  const ALL64 = (1n << 64n) - 1n;
  const info: DeviceTypeInfo<S, Ctx, typeof hooks> = {
    name: 'postwide', parent: 'sys-bus-device', description: '', source: 'defs/postwide.device.yaml',
    properties: [], gpios: [], clocks: [], chardev: undefined, traceEvents: [],
    createState: () => ({ gen: 0n, mirror: 0n, t: [{ conf: 0n, hits: 0 }, { conf: 0n, hits: 0 }] }),
    resetState: () => {},
    mmio: [{
      region: { name: 'r', size: 0x100, endianness: 'little', valid: { min: 4, max: 8, unaligned: false }, impl: { min: 4, max: 8, unaligned: false } },
      registers: [
        { wide: true, name: 'GEN', offset: 0, size: 8, reset: 0n, readMask: ALL64, writeMask: 0xffn, w1cMask: 0xff00_0000_0000n, storage: 'gen', hooks: { postWrite: 'postGen' } },
        { wide: true, name: 'MIRROR', offset: 8, size: 8, reset: 0n, readMask: ALL64, writeMask: ALL64, storage: 'mirror', hooks: { write: 'writeMirror', postWrite: 'postMirror' } },
      ],
      blocks: [{
        name: 'T', offset: 0x80, count: 2, stride: 0x20, state: 't',
        registers: [{ wide: true, name: 'CONF', offset: 0, size: 8, reset: 0n, readMask: ALL64, writeMask: 0xf_0000_000fn, storage: 'conf', hooks: { postWrite: 'postConf' } }],
      }],
    }],
    vmstate: undefined,
    deviceHooks: {},
    hooks: [
      { name: 'postGen', kind: 'register-post-write', source: 'defs/postwide.device.yaml:10' },
      { name: 'writeMirror', kind: 'register-write', source: 'defs/postwide.device.yaml:12' },
      { name: 'postMirror', kind: 'register-post-write', source: 'defs/postwide.device.yaml:12' },
      { name: 'postConf', kind: 'register-post-write', source: 'defs/postwide.device.yaml:20' },
    ],
  };
  const make = () => {
    const dev = defineDevice(info, hooks).instantiate({ env: { clock: createVirtualClock(), log: createGuestLog() } });
    dev.realize();
    dev.reset();
    seen.length = 0;
    return { ops: dev.mmio(0).ops, state: (dev.context as Ctx).state };
  };

  it('runs after a lane write with the formula applied to that lane only', () => {
    const { ops, state } = make();
    state.gen = 0x1100_0000_0011n;
    ops.write(4, 4, 0x0100);
    ops.write(0, 4, 0xffff_ff42);
    expect(state.gen).toBe(0x1000_0000_0042n);
    expect(seen).toEqual(['gen 110000000011->100000000011', 'gen 100000000011->100000000042']);
  });

  it('runs after a write hook with the stored value before and after it', () => {
    const { ops, state } = make();
    ops.write(8, 8, 0x1234n);
    expect(state.mirror).toBe(0x34n);
    expect(seen).toEqual(['mirror 0->34']);
  });

  it('runs for block elements with the element index after ctx', () => {
    const { ops, state } = make();
    ops.write(0xa4, 4, 0xffff_ffff);
    ops.write(0x80, 8, 0xffn);
    expect(state.t.map((e) => e.conf)).toEqual([0xfn, 0xf_0000_0000n]);
    expect(seen).toEqual(['conf 1 0->f00000000', 'conf 0 0->f']);
  });
});
