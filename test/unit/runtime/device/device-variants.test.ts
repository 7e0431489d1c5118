/**
 * Device variants (`DeviceTypeInfo.variants`): defineDevice gives the class a child class per
 * variant, bound to the same behaviour, whose own tables answer; the type registry registers
 * them under the device (QOM parent), so a variant is-a the device and `-global` on the device
 * type reaches it. Also the generated pl011_luminary: its identification bytes, pl011's
 * everywhere else. On a small hand-written type and on the generated pl011.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceTypeInfo, MmioTable } from '../../../../runtime/src/contract/types.ts';
import { defineDevice, withRegisterResets, type AnyDeviceContext } from '../../../../runtime/src/device/index.ts';
import { TypeRegistry } from '../../../../runtime/src/device/type-registry.ts';
import { createGuestLog } from '../../../../runtime/src/log/index.ts';
import { Machine } from '../../../../runtime/src/machine/index.ts';
import { pl011Class } from '../../../../defs/pl011/pl011.behavior.ts';

interface State { ctrl: number }
type Ctx = AnyDeviceContext & { state: State; props: { level: number } & Record<string, number> };

const writes: string[] = [];
const hooks = { postWriteCTRL: (c: Ctx, _o: number, n: number) => void writes.push(`${c.props.level}:${n}`) };

/** A region with a stored register (hooked) and a constant ID array, optionally with other IDs. */
const table = (ids: readonly number[]): MmioTable<Ctx, typeof hooks> => ({
  region: { name: 'r', size: 0x100, endianness: 'little', valid: { min: 4, max: 4, unaligned: false }, impl: { min: 4, max: 4, unaligned: false } },
  registers: [
    { name: 'CTRL', offset: 0x0, size: 4, reset: 0, readMask: 0xff, writeMask: 0xff, storage: 'ctrl', hooks: { postWrite: 'postWriteCTRL' } },
    { name: 'ID', offset: 0xf0, size: 4, reset: 0, readMask: 0xff, writeMask: 0, readOnly: true, array: { count: 4, stride: 4, resets: ids } },
  ],
});

const info: DeviceTypeInfo<State, Ctx, typeof hooks> = {
  name: 'base', parent: 'sys-bus-device', description: 'The base type.', source: 'test:1',
  properties: [{ name: 'level', key: 'level', type: 'u8', default: 1 }],
  gpios: [], clocks: [], chardev: undefined, traceEvents: [],
  createState: () => ({ ctrl: 0 }),
  resetState: () => {},
  mmio: [table([1, 2, 3, 4])],
  vmstate: undefined,
  deviceHooks: {},
  hooks: [{ name: 'postWriteCTRL', kind: 'register-post-write', source: 'test:2' }],
  variants: [{ name: 'base_other', description: 'Other IDs.', source: 'test:3', mmio: [table([9, 8, 7, 6])] }],
};

describe('device variants', () => {
  const cls = defineDevice(info, hooks);

  it('are child classes of the device, registered with it', () => {
    expect(cls.variants.map((v) => [v.typeName, v.parentTypeName, v.description])).toEqual([['base_other', 'base', 'Other IDs.']]);
    const reg = new TypeRegistry();
    reg.register(cls);
    expect(reg.list('base')).toEqual(['base', 'base_other']);
    expect(reg.isA('base_other', 'sys-bus-device')).toBe(true);
  });

  it('answer their own tables and share the behaviour and the globals of the device type', () => {
    const m = new Machine({ types: [cls], log: createGuestLog() });
    m.addGlobal('base.level=7');
    const a = m.createDevice('base');
    const b = m.createDevice('base_other');
    m.mapMmio(a, 0, 0x1000);
    m.mapMmio(b, 0, 0x2000);
    const ids = (base: number) => [0, 4, 8, 12].map((o) => Number(m.memory.read(base + 0xf0 + o, 4)));
    expect(ids(0x1000)).toEqual([1, 2, 3, 4]);
    expect(ids(0x2000)).toEqual([9, 8, 7, 6]);
    writes.length = 0;
    m.memory.write(0x1000, 4, 0x11);
    m.memory.write(0x2000, 4, 0x22);
    expect(writes).toEqual(['7:17', '7:34']);
  });
});

describe('pl011_luminary (generated from pl011\'s variants:)', () => {
  it('reads the Luminary PeriphID bytes and pl011\'s PCellID and registers', () => {
    const m = new Machine({ types: [pl011Class], log: createGuestLog() });
    const plain = m.createDevice('pl011');
    const lum = m.createDevice('pl011_luminary');
    m.mapMmio(plain, 0, 0x1000_0000);
    m.mapMmio(lum, 0, 0x2000_0000);
    const words = (base: number, from: number) => [0, 4, 8, 12].map((o) => Number(m.memory.read(base + from + o, 4)));
    expect(words(0x1000_0000, 0xfe0)).toEqual([0x11, 0x10, 0x14, 0x00]);
    expect(words(0x2000_0000, 0xfe0)).toEqual([0x11, 0x00, 0x18, 0x01]);
    expect(words(0x2000_0000, 0xff0)).toEqual(words(0x1000_0000, 0xff0));
    expect(Number(m.memory.read(0x2000_0000 + 0x30, 4))).toBe(Number(m.memory.read(0x1000_0000 + 0x30, 4)));
    expect(m.registry.isA('pl011_luminary', 'pl011')).toBe(true);
  });
});

describe('withRegisterResets (how generated code states a variant\'s tables)', () => {
  it('replaces the named registers\' reset values and shares every other descriptor', () => {
    const base = [table([0x11, 0x10, 0x14, 0x00])];
    const [variant] = withRegisterResets(base, { ID: [0x11, 0x00, 0x18, 0x01] });
    const id = variant!.registers.find((r) => r.name === 'ID')!;
    expect(id.array?.resets).toEqual([0x11, 0x00, 0x18, 0x01]);
    expect(id.reset).toBe(0x11);
    expect(base[0]!.registers.find((r) => r.name === 'ID')!.array?.resets).toEqual([0x11, 0x10, 0x14, 0x00]);
    expect(variant!.registers.find((r) => r.name === 'CTRL')).toBe(base[0]!.registers.find((r) => r.name === 'CTRL'));
    expect(variant!.region).toBe(base[0]!.region);
  });
});
