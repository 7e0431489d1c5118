/**
 * Hooks bound by name when the device class is defined: every missing hook reported at once
 * with its kind and definition line (register hooks included, so a missing read hook never
 * surfaces at the first access), internal consistency of the type's hook list, VMState hooks
 * bound into the migration engine's description, and bit-bang I2C engines from the state
 * factory.
 */
import { describe, expect, it } from 'vitest';
import type { BitbangI2cEngine } from '../../../../runtime/src/contract/context.ts';
import type { DeviceTypeInfo } from '../../../../runtime/src/contract/types.ts';
import { createVirtualClock } from '../../../../runtime/src/clock/index.ts';
import { BitbangI2c, I2cBus, type I2cEvent } from '../../../../runtime/src/i2c/index.ts';
import { defineDevice, type AnyDeviceContext } from '../../../../runtime/src/device/index.ts';
import { createGuestLog } from '../../../../runtime/src/log/index.ts';
import { Machine } from '../../../../runtime/src/machine/index.ts';
import { dumpVmStateEntry } from '../../../../runtime/src/migration/index.ts';
import { createFakeDevice, fakeInfo, type FakeHooks } from './fake-device.ts';

const without = (...names: (keyof FakeHooks)[]): FakeHooks => {
  const h = { ...createFakeDevice().hooks } as Partial<FakeHooks>;
  for (const n of names) delete h[n];
  return h as FakeHooks;
};
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
};

describe('missing hooks', () => {
  it('are all reported at define time with their kind and definition line', () => {
    const msg = messageOf(() => defineDevice(fakeInfo, without('readData', 'writeWin', 'postWriteChCfg', 'gpioInSetLevel', 'chardevReceive', 'reset', 'vmPreSave')));
    expect(msg).toBe(
      "device 'fakedev' (defs/fake/fake.device.yaml): hooks missing: "
      + 'readData (register read hook, defs/fake/fake.device.yaml:20), '
      + 'writeWin (register write hook, defs/fake/fake.device.yaml:40), '
      + 'postWriteChCfg (register post-write hook, defs/fake/fake.device.yaml:50), '
      + 'gpioInSetLevel (GPIO input hook, defs/fake/fake.device.yaml:70), '
      + 'chardevReceive (chardev hook, defs/fake/fake.device.yaml:75), '
      + 'reset (device hook, defs/fake/fake.device.yaml:5), '
      + 'vmPreSave (vmstate hook, defs/fake/fake.device.yaml:80)',
    );
  });

  it('a missing register read hook fails the class definition, not the first access', () => {
    expect(() => defineDevice(fakeInfo, without('readChCnt'))).toThrow('hooks missing: readChCnt (register read hook, defs/fake/fake.device.yaml:52)');
    const notAFunction = { ...createFakeDevice().hooks, readData: 42 } as unknown as FakeHooks;
    expect(() => defineDevice(fakeInfo, notAFunction)).toThrow('hooks missing: readData (register read hook');
  });

  it('a complete behaviour defines fine', () => {
    expect(() => defineDevice(fakeInfo, createFakeDevice().hooks)).not.toThrow();
  });
});

describe('hook list consistency (internal errors)', () => {
  const hooks = createFakeDevice().hooks;
  const listedWithout = (name: string) => ({ ...fakeInfo, hooks: fakeInfo.hooks.filter((h) => h.name !== name) });

  it.each([
    ['readChCnt', 'register CH.CNT read names hook \'readChCnt\''],
    ['writeWin', 'register WIN write names hook \'writeWin\''],
    ['gpioInSetLevel', 'GPIO input group set-level names hook \'gpioInSetLevel\''],
    ['chardevEvent', 'chardev event names hook \'chardevEvent\''],
    ['realize', 'device realize names hook \'realize\''],
    ['vmPreSave', 'vmstate fakedev pre-save names hook \'vmPreSave\''],
    ['extraNeeded', 'vmstate fakedev/extra needed names hook \'extraNeeded\''],
    ['checkCounter', 'vmstate fakedev check counter ok names hook \'checkCounter\''],
  ])('a site naming %s, which the list lacks, is an internal error', (name, site) => {
    expect(messageOf(() => defineDevice(listedWithout(name), hooks))).toBe(`device 'fakedev' (defs/fake/fake.device.yaml): internal error: ${site}, which the type's hook list lacks`);
  });

  it('checks timer callbacks and engine buses by building a state record', () => {
    const info = { ...fakeInfo, createState: (rt: Parameters<typeof fakeInfo.createState>[0]) => ({ ...fakeInfo.createState(rt), t: rt.timer('tick', 2), e: rt.bitbangI2c('nobus') }) };
    expect(messageOf(() => defineDevice(info, hooks))).toBe(
      "device 'fakedev' (defs/fake/fake.device.yaml): internal error: a bitbang-i2c engine drives bus 'nobus', which the type does not declare; "
      + "timer 2 names hook 'tick', which the type's hook list lacks",
    );
  });
});

describe('VMState hooks', () => {
  const setup = () => {
    const fake = createFakeDevice();
    const m = new Machine({ types: [fake.cls], log: createGuestLog() });
    const dev = m.createDevice('fakedev');
    return { dev, calls: fake.calls, hooks: fake.hooks, ctx: dev.context as unknown as { state: { counter: number; extra: number } } };
  };

  it('pre-save runs on the hooks object before the fields are written', () => {
    const { dev, calls, hooks } = setup();
    calls.log.length = 0;
    dev.save();
    expect(calls.log).toEqual(['vmPreSave 7']);
    expect([...calls.receivers]).toEqual([hooks]);
  });

  it('a subsection is sent when its named needed hook says so, and loads back', () => {
    const { dev, calls, ctx } = setup();
    const plain = dev.save();
    calls.extraNeeded = true;
    ctx.state.extra = 0x5a;
    const withExtra = dev.save();
    expect(withExtra.length).toBe(plain.length + 1 + 1 + 'fakedev/extra'.length + 4 + 1);
    ctx.state.extra = 0;
    expect(dev.load(withExtra)).toEqual({ ok: true });
    expect(ctx.state.extra).toBe(0x5a);
  });

  it('a named validate check rejects a load with its message', () => {
    const { dev, ctx } = setup();
    ctx.state.counter = 666;
    const bad = dev.save();
    ctx.state.counter = 1;
    expect(dev.load(bad)).toEqual({ ok: false, error: 'fakedev: counter ok: counter is cursed' });
    expect(ctx.state.counter).toBe(1);
  });

  it('dumps the generated descriptor exactly as the bound description (hooks play no part in the dump)', () => {
    const { dev } = setup();
    const entry = dumpVmStateEntry('fakedev', fakeInfo.vmstate!);
    expect(entry).toEqual(dumpVmStateEntry('fakedev', dev.vmstate));
    expect(entry.Description.Fields?.map((f) => f.field)).toEqual(['ctrl', 'status', 'counter']);
    expect(entry.Description.Subsections?.map((s) => s.name)).toEqual(['fakedev/extra']);
  });

  it('a subsection predicate given as a closure is used as it is', () => {
    const info = {
      ...fakeInfo,
      name: 'fakedev2',
      vmstate: { ...fakeInfo.vmstate!, subsections: [{ ...fakeInfo.vmstate!.subsections[0]!, needed: () => true }] },
      hooks: fakeInfo.hooks.filter((h) => h.name !== 'extraNeeded'),
    };
    const dev = defineDevice(info, createFakeDevice().hooks).instantiate({ env: { clock: createVirtualClock(), log: createGuestLog() } });
    expect(dev.vmstate.subsections[0]!.needed(dev.context as never)).toBe(true);
  });
});

describe('bit-bang I2C engines from the state factory', () => {
  interface S { engine: BitbangI2cEngine; level: number }
  type Ctx = AnyDeviceContext & { state: S };
  const hooks = {
    writeLines: (c: Ctx, v: number) => {
      c.state.engine.set('scl', (v & 1) as 0 | 1);
      c.state.level = c.state.engine.set('sda', ((v >> 1) & 1) as 0 | 1);
    },
  };
  const info: DeviceTypeInfo<S, Ctx, typeof hooks> = {
    name: 'bbdev', parent: 'sys-bus-device', description: '', source: 'defs/bb.device.yaml',
    properties: [], gpios: [], clocks: [], chardev: undefined, traceEvents: [],
    createState: (rt) => ({ engine: rt.bitbangI2c('i2c'), level: 1 }),
    resetState: () => {},
    mmio: [{
      region: { name: 'bb', size: 0x10, endianness: 'little', valid: { min: 4, max: 4, unaligned: false }, impl: { min: 4, max: 4, unaligned: false } },
      registers: [{ name: 'LINES', offset: 0, size: 4, reset: 0, readMask: 0, writeMask: 0x3, writeOnly: true, hooks: { write: 'writeLines' } }],
    }],
    vmstate: undefined,
    deviceHooks: {},
    hooks: [{ name: 'writeLines', kind: 'register-write', source: 'defs/bb.device.yaml:9' }],
    buses: [{ name: 'i2c', kind: 'i2c' }],
  };

  it('drives the device\'s own child bus, per instance', () => {
    const cls = defineDevice(info, hooks);
    const env = { clock: createVirtualClock(), log: createGuestLog() };
    const a = cls.instantiate({ env });
    const b = cls.instantiate({ env });
    const sa = (a.context as Ctx).state;
    expect(sa.engine).toBeInstanceOf(BitbangI2c);
    expect((sa.engine as BitbangI2c).bus).toBe(a.bus('i2c'));
    expect((sa.engine as BitbangI2c).bus).toBeInstanceOf(I2cBus);
    expect(sa.engine).not.toBe((b.context as Ctx).state.engine);

    const events: I2cEvent[] = [];
    a.bus('i2c').attach({ address: 0x50, event: (e) => (events.push(e), 0) });
    a.realize();
    const w = (scl: number, sda: number) => a.mmio(0).ops.write(0, 4, scl | (sda << 1));
    // START (SDA falls while SCL is high), then address 0x50 for a write: 0b1010_0000, then the ACK slot.
    w(1, 1);
    w(1, 0);
    for (const bit of [1, 0, 1, 0, 0, 0, 0, 0]) {
      w(0, bit);
      w(1, bit);
    }
    w(0, 1);
    w(1, 1);
    expect(events).toEqual(['start-send']);
    expect(sa.level).toBe(0);
  });
});
