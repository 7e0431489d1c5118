/**
 * 64-bit registers (lanes, masks, hooks), register blocks with a property limit (inclusive or
 * not), computed reset values, reset-keeps, clamped properties, and struct-array / timer /
 * validate VMState fields, on a small hand-written device type (no generator involved).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Timer } from '../../../../runtime/src/contract/context.ts';
import type { DeviceTypeInfo, MmioTable, VmStateDescription } from '../../../../runtime/src/contract/types.ts';
import { compileMmioDispatch, defineDevice, hooksLookup, layoutMmioTable, type AnyDeviceContext, type DeviceInstance } from '../../../../runtime/src/device/index.ts';
import { createVirtualClock, type VirtualClock } from '../../../../runtime/src/clock/index.ts';
import { createGuestLog, type RecordingGuestLog } from '../../../../runtime/src/log/index.ts';
import { dumpVmStateEntry } from '../../../../runtime/src/migration/index.ts';

interface Elem { cfg: bigint; fsb: bigint; readonly t: Timer }
interface State { gen: bigint; isr: bigint; readonly el: Elem[] }
interface Props { readonly count: number; readonly cap: number }
type Ctx = AnyDeviceContext & { state: State; props: Props & Record<string, number> };

const calls: string[] = [];
const hooks = {
  writeISR: (c: Ctx, v: bigint, m: bigint) => {
    calls.push(`isr ${v.toString(16)} ${m.toString(16)}`);
    c.state.isr &= ~(v & m);
  },
  fired: (_c: Ctx, i: number) => calls.push(`fired ${i}`),
  check: (c: Ctx) => (c.state.gen === 0xbadn ? 'gen is bad' : undefined),
};

const ALL64 = (1n << 64n) - 1n;

function makeInfo(inclusive: boolean): DeviceTypeInfo<State, Ctx, typeof hooks> {
  const elVm: VmStateDescription<Elem> = {
    name: 'elem', version: 1, minimumVersion: 1, subsections: [],
    fields: [
      { kind: 'scalar', name: 'cfg', type: 'u64', since: 0, get: (e) => e.cfg, set: (e, v) => { e.cfg = v as bigint; } },
      { kind: 'timer', name: 't', since: 0, get: (e) => e.t, compatSize: 8 },
    ],
  };
  return {
    name: 'widedev', parent: 'sys-bus-device', description: '', source: 'test',
    properties: [
      { name: 'count', key: 'count', type: 'u8', default: 2, min: 2, max: 4, outOfRange: 'clamp' },
      { name: 'cap', key: 'cap', type: 'u32', default: 0x104 },
    ],
    gpios: [], clocks: [], chardev: undefined, traceEvents: [],
    createState: (rt) => ({ gen: 0n, isr: 0n, el: Array.from({ length: 4 }, (_, i) => ({ cfg: 0n, fsb: 0n, t: rt.timer('fired', i) })) }),
    resetState: () => {},
    mmio: [{
      region: { name: 'r', size: 0x200, endianness: 'little', valid: { min: 4, max: 8, unaligned: false }, impl: { min: 4, max: 8, unaligned: false } },
      registers: [
        { wide: true, name: 'GEN', offset: 0x10, size: 8, reset: 0n, readMask: ALL64, writeMask: 0x3n, w1cMask: 0xf0n, storage: 'gen' },
        { wide: true, name: 'ISR', offset: 0x20, size: 8, reset: 0n, readMask: ALL64, writeMask: 0n, storage: 'isr', hooks: { write: 'writeISR' } },
        { name: 'NARROW', offset: 0x30, size: 4, reset: 0x11, readMask: 0xff, writeMask: 0 },
      ],
      blocks: [{
        name: 'E', offset: 0x100, count: 4, stride: 0x20, state: 'el', limit: (c) => c.props.count, inclusive,
        registers: [
          {
            wide: true, name: 'CFG', offset: 0, size: 8, reset: 0n, resetFn: (c) => (BigInt(c.props.cap) << 32n) | 0x30n,
            readMask: 0xffff_ffff_0000_007en, writeMask: 0x4en, storage: 'cfg',
          },
          { wide: true, name: 'FSB', offset: 0x10, size: 8, reset: 0n, resetKeeps: true, readMask: ALL64, writeMask: ALL64, storage: 'fsb' },
        ],
      }],
    }],
    vmstate: {
      name: 'widedev', version: 1, minimumVersion: 1, subsections: [],
      fields: [
        { kind: 'scalar', name: 'gen', type: 'u64', since: 0, get: (c) => c.state.gen, set: (c, v) => { c.state.gen = v as bigint; } },
        { kind: 'validate', name: 'gen ok', since: 0, check: 'check' },
        { kind: 'struct-array', name: 'el', since: 0, struct: elVm as VmStateDescription<unknown>, get: (c) => c.state.el, length: (c) => c.props.count, compatSize: 48 },
      ],
    },
    deviceHooks: {},
    hooks: [
      { name: 'writeISR', kind: 'register-write', source: 'test:1' },
      { name: 'fired', kind: 'timer', source: 'test:2' },
      { name: 'check', kind: 'vmstate', source: 'test:3' },
    ],
  };
}

let log: RecordingGuestLog;
let clock: VirtualClock;
let dev: DeviceInstance;
let ctx: Ctx;

function create(inclusive: boolean, props: Record<string, number> = {}): void {
  log = createGuestLog();
  clock = createVirtualClock();
  dev = defineDevice(makeInfo(inclusive), hooks).instantiate({ env: { clock, log }, props });
  dev.realize();
  dev.reset();
  ctx = dev.context as Ctx;
  calls.length = 0;
}
const rd = (off: number, size = 4) => dev.mmio(0).ops.read(off, size);
const wr = (off: number, v: number | bigint, size = 4) => dev.mmio(0).ops.write(off, size, v);

describe('64-bit registers', () => {
  beforeEach(() => create(false));

  it('answers 32-bit lanes at +0 and +4 and whole bigint 8-byte reads', () => {
    ctx.state.gen = 0x1122_3344_5566_7788n;
    expect(rd(0x10)).toBe(0x5566_7788);
    expect(rd(0x14)).toBe(0x1122_3344);
    expect(rd(0x10, 8)).toBe(0x1122_3344_5566_7788n);
    expect(rd(0x14, 8)).toBe(0x1122_3344n);
  });

  it('treats other offsets inside a 64-bit register as bad offsets', () => {
    ctx.state.gen = 0xffn;
    expect(rd(0x12)).toBe(0);
    wr(0x12, 0xffff);
    expect(ctx.state.gen).toBe(0xffn);
    expect(log.entries().map((e) => e.message)).toEqual(['widedev: bad offset 0x12', 'widedev: bad offset 0x12']);
  });

  it('merges only the written lane and applies W1C to it', () => {
    ctx.state.gen = 0xaaaa_0000_0000_00f2n;
    wr(0x14, 0xffff_ffff); // high lane: no writable bits there
    expect(ctx.state.gen).toBe(0xaaaa_0000_0000_00f2n);
    wr(0x10, 0x31); // RW bits 1:0, W1C bits 7:4 -> clear bit 4 and 5
    expect(ctx.state.gen).toBe(0xaaaa_0000_0000_00c1n);
    wr(0x10, 0xffff_ffff_ffff_fff0n, 8);
    expect(ctx.state.gen).toBe(0xaaaa_0000_0000_0000n);
  });

  it('hands write hooks the value shifted into its lane and the lane mask', () => {
    wr(0x24, 0x5);
    wr(0x20, 0x6);
    wr(0x20, 0x1_0000_0007n, 8);
    expect(calls).toEqual(['isr 500000000 ffffffff00000000', 'isr 6 ffffffff', 'isr 100000007 ffffffffffffffff']);
  });

  it('keeps ≤32-bit registers working in the same region (8-byte reads widen to bigint)', () => {
    expect(rd(0x30)).toBe(0x11);
    expect(rd(0x30, 8)).toBe(0x11n);
  });
});

describe('blocks with a limit', () => {
  it('exclusive: elements at index >= limit are bad offsets; computed resets apply below it', () => {
    create(false);
    expect(rd(0x100)).toBe(0x30);
    expect(rd(0x104)).toBe(0x104);
    expect(rd(0x120)).toBe(0x30);
    expect(rd(0x140)).toBe(0);
    expect(log.entries().map((e) => e.message)).toEqual(['widedev: bad offset 0x140']);
  });

  it('inclusive: the element at index == limit is reachable but not reset (QEMU hpet)', () => {
    create(true);
    expect(rd(0x140)).toBe(0);
    wr(0x140, 0xffff_ffff);
    expect(rd(0x140)).toBe(0x4e);
    expect(rd(0x160)).toBe(0);
    expect(log.entries().map((e) => e.message)).toEqual(['widedev: bad offset 0x160']);
  });

  it('reset-keeps registers keep their value over a reset', () => {
    create(false);
    wr(0x110, 0x1234);
    wr(0x100, 0x4);
    dev.reset();
    expect(rd(0x110)).toBe(0x1234);
    expect(rd(0x100)).toBe(0x30);
  });

  it('clamps a property declared out-of-range: clamp at realize', () => {
    create(false, { count: 9 });
    expect(ctx.props.count).toBe(4);
    expect(rd(0x160)).toBe(0x30);
  });
});

describe('a block whose reset covers records without an address (resetCount)', () => {
  /** The fake block with 2 addressable elements over its 4 records, all 4 reset below the limit. */
  function createUnaddressed(count: number): void {
    const base = makeInfo(false);
    const t = base.mmio[0]!;
    const info = { ...base, mmio: [{ ...t, blocks: [{ ...t.blocks![0]!, count: 2, resetCount: 4 }] }] };
    log = createGuestLog();
    clock = createVirtualClock();
    dev = defineDevice(info, hooks).instantiate({ env: { clock, log }, props: { count } });
    dev.realize();
    ctx = dev.context as Ctx;
    for (const e of ctx.state.el) e.cfg = 0xdeadn;
    dev.reset();
  }

  it('resets the records beyond count that lie below the limit, and only those', () => {
    createUnaddressed(3);
    expect(ctx.state.el.map((e) => e.cfg)).toEqual([0x104_0000_0030n, 0x104_0000_0030n, 0x104_0000_0030n, 0xdeadn]);
    createUnaddressed(4);
    expect(ctx.state.el.map((e) => e.cfg)).toEqual(Array(4).fill(0x104_0000_0030n));
  });

  it('gives the records beyond count no address', () => {
    createUnaddressed(4);
    expect(rd(0x120)).toBe(0x30);
    expect(rd(0x140)).toBe(0);
    expect(log.entries().map((e) => e.message)).toEqual(['widedev: bad offset 0x140']);
  });
});

describe('struct arrays, timers and validate in VMState', () => {
  beforeEach(() => create(false));

  it('saves count elements with timers as absolute expiry or all ones, and reloads them', () => {
    ctx.state.el[0]!.cfg = 0x5n;
    ctx.state.el[1]!.t.modNs(1234n);
    const bytes = dev.save();
    expect(bytes.length).toBe(8 + 2 * 16);
    expect(Buffer.from(bytes.slice(16, 24)).toString('hex')).toBe('ffffffffffffffff');
    expect(Buffer.from(bytes.slice(32, 40)).toString('hex')).toBe('00000000000004d2');
    ctx.state.el[1]!.t.del();
    ctx.state.el[0]!.t.modNs(99n);
    expect(dev.load(bytes)).toEqual({ ok: true });
    expect(ctx.state.el[0]!.t.pending).toBe(false);
    expect(ctx.state.el[1]!.t.expireNs).toBe(1234n);
    clock.step(2000n);
    expect(calls).toEqual(['fired 1']);
  });

  it('a failing validate rejects the load and restores state and timers', () => {
    const good = dev.save();
    ctx.state.gen = 0xbadn;
    const bad = dev.save();
    ctx.state.gen = 0n;
    ctx.state.el[0]!.t.modNs(50n);
    const r = dev.load(bad);
    expect(r).toEqual({ ok: false, error: 'widedev: gen ok: gen is bad' });
    expect(ctx.state.gen).toBe(0n);
    expect(ctx.state.el[0]!.t.expireNs).toBe(50n);
    expect(dev.load(good)).toEqual({ ok: true });
  });

  it('dumps a variable-length struct array without num and skips validate entries', () => {
    const fields = dumpVmStateEntry('widedev', dev.vmstate).Description.Fields ?? [];
    expect(fields.map((f) => f.field)).toEqual(['gen', 'el']);
    expect(fields[1]).toMatchObject({ field: 'el', size: 48 });
    expect(fields[1]!.num).toBeUndefined();
    expect(fields[1]!.Description!.Fields?.[1]).toEqual({ field: 't', version_id: 0, field_exists: false, size: 8 });
  });
});

describe('property ranges', () => {
  it('rejects an out-of-range value when the property does not clamp', () => {
    const info = makeInfo(false);
    const strict = { ...info, properties: info.properties.map((p) => (p.name === 'count' ? { ...p, outOfRange: 'error' as const } : p)) };
    const make = (count: number) => defineDevice(strict, hooks).instantiate({ env: { clock: createVirtualClock(), log: createGuestLog() }, props: { count } });
    expect(() => make(9)).toThrow("Property widedev.count doesn't take value 9 (minimum: 2, maximum: 4)");
    expect(() => make(4)).not.toThrow();
  });
});

describe('exact decode and bad-offset read value', () => {
  it('answers an exact register only at its own offset and returns badOffsetRead elsewhere (logged)', () => {
    const glog = createGuestLog();
    const st = { a: 0x5 };
    const table: MmioTable<{ state: typeof st }> = {
      region: { name: 'r', size: 0x1000, endianness: 'native', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 1, max: 4, unaligned: false }, badOffsetRead: 0xffff_ffff },
      registers: [{ name: 'A', offset: 0, size: 4, reset: 0, readMask: 0xff, writeMask: 0xff, storage: 'a', decode: 'exact' }],
    };
    const layout = layoutMmioTable(table, {}, hooksLookup({}, 'exact'));
    for (const specialize of [true, false]) {
      glog.clear();
      const d = compileMmioDispatch(layout, { state: st }, glog, 'exact', { specialize });
      expect(d.read(0, 4)).toBe(0x5);
      expect(d.read(1, 1)).toBe(0xffff_ffff);
      expect(d.read(8, 4)).toBe(0xffff_ffff);
      d.write(2, 1, 0x7);
      expect(st.a).toBe(0x5);
      expect(glog.entries().map((e) => e.message)).toEqual(['exact: bad offset 0x1', 'exact: bad offset 0x8', 'exact: bad offset 0x2']);
    }
  });
});
