/**
 * The one board interpreter (runtime/src/board) on small descriptors over devgen's generated
 * device classes: creation order and QOM placement, properties, serial binding, fan-out order,
 * buses, named parts; descriptors that do not fit their parts are refused with a `bad-board`
 * QomError; an unknown device type names the types that were loaded, in process and through
 * `devgen qtest`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boardPart, defineMachines, mmioBase, type MachineDescriptor, type PartDescriptor, type WireDescriptor } from '../../runtime/src/board/index.ts';
import { createMemoryChardev } from '../../runtime/src/chardev/index.ts';
import { Machine, MachineRegistry, buildMachine } from '../../runtime/src/machine/index.ts';
import { QomError } from '../../runtime/src/qom/index.ts';
import type { GpioStandIn } from '../../runtime/src/qtest/index.ts';
import type { DeviceInstance } from '../../runtime/src/device/index.ts';
import type { MachineBuildOptions } from '../../runtime/src/machine/index.ts';
import { deviceClasses } from '../../generated/devices.ts';

const ROOT = join(import.meta.dirname, '../..');
const AT = '/machine/unattached/device[*]';

function board(parts: PartDescriptor[], wires: WireDescriptor[] = []): MachineDescriptor {
  return { name: 'test', description: 'test board', source: 'test.machine.yaml:1', ram: [{ name: 'ram', base: 0, size: 0x1000 }], parts, wires };
}

function build(desc: MachineDescriptor, options: MachineBuildOptions = {}): Machine {
  const registry = new MachineRegistry();
  for (const def of Object.values(defineMachines([desc], deviceClasses))) registry.register(def);
  return buildMachine(registry, desc.name, options);
}

const standIn = (name: string, inputs: number, at = AT): PartDescriptor => ({ kind: 'stand-in', type: `${name}-type`, name, at, gpios: [{ name: null, inputs, outputs: 0 }] });
const pic = (name: string): PartDescriptor => ({ kind: 'device', type: 'isa-i8259', name, at: AT, props: {}, mmio: [] });
const wire = (from: string, group: string | null, to: string, toGroup: string | null, index = 0, count = 1): WireDescriptor => ({
  from: { part: from, group, index: 0 }, to: { part: to, group: toGroup, index }, count,
});

/** Device part `name` of a built board. */
const dev = (m: Machine, name: string): DeviceInstance => m.parts.get(name) as DeviceInstance;

function badBoard(desc: MachineDescriptor): string {
  try {
    build(desc);
  } catch (e) {
    expect(e).toBeInstanceOf(QomError);
    expect((e as QomError).kind).toBe('bad-board');
    return (e as QomError).message;
  }
  throw new Error('the board was built');
}

describe('board interpreter', () => {
  it('creates parts in order, places them, maps RAM and MMIO, sets properties, names parts', () => {
    const m = build(board([
      standIn('cpu', 0),
      { kind: 'device', type: 'hpet', name: 'hpet', at: AT, props: { 'hpet-intcap': 4, timers: 4 }, mmio: [0x10000] },
      standIn('ioapic', 24, '/machine/ioapic'),
      { kind: 'device', type: 'pl011', id: 'uart9', at: '/machine/peripheral/uart9', props: {}, mmio: [null] },
    ]));
    expect(m.resolvePath('/machine/unattached/device[0]')).toBe(m.parts.get('cpu'));
    expect(m.device('/machine/unattached/device[1]')).toBe(m.parts.get('hpet'));
    expect(m.resolvePath('/machine/ioapic')).toBe(m.parts.get('ioapic'));
    expect(m.device('uart9')?.path).toBe('/machine/peripheral/uart9');
    expect(m.memory.read(0x10000 + 0x100, 8)).toBe(0x0000000400000030n); // T0 CONF: intcap 4 in the high half
    expect(Number((m.memory.read(0x10000, 8) as bigint) >> 8n) & 0x1f).toBe(3); // four timers
    m.memory.write(0x10, 4, 0x1234);
    expect(m.memory.read(0x10, 4)).toBe(0x1234); // RAM
    expect(m.memory.read(0x9000fe0, 4)).toBe(0); // the pl011 with a null base is not mapped
  });

  it('binds serial port N to the chardev property; a missing back end leaves it unconnected', () => {
    const parts: PartDescriptor[] = [{ kind: 'device', type: 'pl011', name: 'u', at: AT, props: {}, mmio: [0x20000], serial: { index: 1, property: 'chardev' } }];
    const serial = createMemoryChardev();
    const m = build(board(parts), { serial: [undefined, serial] });
    m.memory.write(0x20030, 4, 0x301);
    m.memory.write(0x20000, 4, 0x42);
    expect(serial.outputText()).toBe('B');
    expect(m.chardev('serial1')).toBe(serial);
    expect(build(board(parts)).chardev('serial1')).toBeUndefined();
  });

  it('creates a part with `withSerial` only when that serial port has a back end; later [*] paths number after it', () => {
    const parts: PartDescriptor[] = [{ ...standIn('com1', 0), withSerial: 0 }, standIn('fdc', 0)];
    const withPort = build(board(parts), { serial: [createMemoryChardev()] });
    expect(withPort.resolvePath('/machine/unattached/device[0]')).toBe(withPort.parts.get('com1'));
    expect(withPort.resolvePath('/machine/unattached/device[1]')).toBe(withPort.parts.get('fdc'));
    const without = build(board(parts), { serial: [undefined] });
    expect(without.parts.has('com1')).toBe(false);
    expect(without.resolvePath('/machine/unattached/device[0]')).toBe(without.parts.get('fdc'));
  });

  it('an output wired to several inputs drives them in the order of the wires', () => {
    const seen: string[] = [];
    const m = build(board(
      [pic('pic'), standIn('b', 4), standIn('a', 4)],
      [wire('pic', 'int', 'b', null, 3), wire('pic', 'int', 'a', null, 1)],
    ));
    for (const name of ['a', 'b']) {
      const list = (m.parts.get(name) as GpioStandIn).qtestDevice.gpioLists[0]!;
      for (let i = 0; i < 4; i++) list.interceptInput(i, (level) => seen.push(`${name}[${i}]=${Number(level)}`));
    }
    dev(m, 'pic').gpioIn('irq', 5).set(true); // a rising edge latches a request: INT goes high
    expect(seen).toEqual(['b[3]=1', 'a[1]=1']);
    expect((m.parts.get('a') as GpioStandIn).level(1)).toBe(true);
  });

  it('wires ranges line by line and cascades device to device', () => {
    const m = build(board(
      [pic('master'), pic('slave'), standIn('cpu', 1)],
      [wire('slave', 'int', 'master', 'irq', 2), wire('master', 'int', 'cpu', null)],
    ));
    dev(m, 'slave').gpioIn('irq', 0).set(true);
    expect((m.parts.get('cpu') as GpioStandIn).level(0)).toBe(true);
    const ranged = build(board([standIn('sink', 8), { kind: 'device', type: 'hpet', name: 'hpet', at: AT, props: {}, mmio: [] }], [
      { from: { part: 'hpet', group: 'irq', index: 4 }, to: { part: 'sink', group: null, index: 0 }, count: 4 },
    ]));
    dev(ranged, 'hpet').gpioOut('irq', 6).set(true);
    expect([0, 1, 2, 3].map((i) => (ranged.parts.get('sink') as GpioStandIn).level(i))).toEqual([false, false, true, false]);
  });

  it('puts an I2C slave on the named bus of an earlier part', () => {
    const m = build(board([
      { kind: 'device', type: 'versatile_i2c', name: 'i2c', at: AT, props: {}, mmio: [0x30000] },
      { kind: 'device', type: 'pcf8574', name: 'x', at: AT, props: { address: 0x27 }, mmio: [], bus: { host: 'i2c', name: 'i2c' } },
    ]));
    expect(dev(m, 'i2c').bus('i2c').children.map((s) => s.address)).toEqual([0x27]);
  });

  it('refuses a descriptor that does not fit its parts (bad-board), naming the machine and its source', () => {
    expect(badBoard(board([pic('p')], [wire('p', 'int', 'nobody', null)]))).toBe("machine 'test' (test.machine.yaml:1): a wire names part 'nobody', which the board does not have");
    expect(badBoard(board([standIn('s', 2), pic('p')], [wire('s', null, 'p', 'irq')]))).toMatch(/'s' is a stand-in: its outputs are never driven/);
    expect(badBoard(board([pic('p'), standIn('s', 2)], [wire('p', 'out', 's', null)]))).toMatch(/isa-i8259 'p' has no GPIO output group 'out' \(it has int\)/);
    expect(badBoard(board([pic('p'), standIn('s', 2)], [wire('p', 'int', 's', null, 2)]))).toMatch(/stand-in s-type 's' has no input \(unnamed\)\[2\]/);
    expect(badBoard(board([pic('p'), pic('q')], [{ from: { part: 'p', group: 'int', index: 0 }, to: { part: 'q', group: 'irq', index: 0 }, count: 9 }]))).toMatch(/'p' GPIO group 'int' has no line 1 \(it has 1\)/);
    expect(badBoard(board([{ kind: 'device', type: 'pl011', at: AT, props: {}, mmio: [0x1000, 0x2000] }]))).toMatch(/pl011 has no MMIO region 1 \(it has 1\)/);
    expect(badBoard(board([pic('p'), pic('p')]))).toMatch(/two parts are named 'p'/);
    expect(badBoard(board([standIn('s', 0), { kind: 'device', type: 'pcf8574', at: AT, props: {}, mmio: [], bus: { host: 's', name: 'i2c' } }]))).toMatch(/bus host 's' of pcf8574 is not a device built before it/);
    expect(badBoard(board([{ kind: 'stand-in', type: 'x', at: 'relative', gpios: [] }]))).toMatch(/invalid QOM path 'relative'/);
  });

  it('an unknown device type names every device type that was loaded', () => {
    let err: unknown;
    try {
      build(board([{ kind: 'device', type: 'pl041', at: AT, props: {}, mmio: [] }]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QomError);
    const loaded = deviceClasses.flatMap((c) => [c.typeName, ...c.variants.map((v) => v.typeName)]).sort().join(', ');
    expect((err as QomError).message).toBe(`'pl041' is not a valid device model name (device types loaded: ${loaded})`);
  });

  it('devgen qtest --device with an unknown type: one line naming the loaded types, exit 1, no stack trace', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'qtest', '--machine', 'virt', '--device', 'pl041'], { input: '', encoding: 'utf8' });
    expect(r.status).toBe(1);
    const loaded = deviceClasses.flatMap((c) => [c.typeName, ...c.variants.map((v) => v.typeName)]).sort().join(', ');
    expect(r.stderr).toBe(`devgen qtest: 'pl041' is not a valid device model name (device types loaded: ${loaded})\n`);
  });

  it('devgen qtest --global sets a property of the board\'s devices before they are realized (QEMU -global)', () => {
    const qtest = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'qtest', '--machine', 'pc', ...args], { input: 'readl 0xfed00000\n', encoding: 'utf8' });
    // GCAP_ID bits 12:8 count the timers minus one.
    expect(qtest().stdout).toBe('OK 0x000000008086a201\n');
    expect(qtest('--global', 'hpet.timers=32').stdout).toBe('OK 0x000000008086bf01\n');
    const bad = qtest('--global', 'hpet.timers');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe("devgen qtest: Invalid -global 'hpet.timers': expected TYPE.PROP=VALUE\n");
  });

  it('looks facts up in descriptors and refuses names they do not have', () => {
    const desc = board([{ kind: 'device', type: 'pl011', name: 'u', at: AT, props: {}, mmio: [0x5000] }, standIn('s', 1)]);
    expect(mmioBase(desc, 'u')).toBe(0x5000);
    expect(boardPart(desc, 's').kind).toBe('stand-in');
    expect(() => mmioBase(desc, 'u', 1)).toThrow("machine 'test': part 'u' maps no MMIO region 1");
    expect(() => boardPart(desc, 'nope')).toThrow("machine 'test' has no part named 'nope'");
    expect(() => defineMachines([desc, desc], deviceClasses)).toThrow("machine type 'test' is defined twice");
  });
});
