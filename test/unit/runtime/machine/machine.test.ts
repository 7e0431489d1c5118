/** The generic machine: device creation and QOM placement, MMIO mapping, IRQ sinks, globals, reset, board registry. */
import { describe, expect, it } from 'vitest';
import { createGuestLog } from '../../../../runtime/src/log/index.ts';
import { Machine, MachineRegistry, UnknownMachineError, buildMachine } from '../../../../runtime/src/machine/index.ts';
import { QomError } from '../../../../runtime/src/qom/index.ts';
import { R, createFakeDevice, type FakeContext } from '../device/fake-device.ts';

function machine(): Machine {
  return new Machine({ types: [createFakeDevice().cls], log: createGuestLog() });
}

describe('Machine', () => {
  it('places devices: unattached in creation order, peripheral by id, explicit containers', () => {
    const m = machine();
    const sink = m.addIrqSink('/machine/unattached/device[1]', 4);
    const a = m.createDevice('fakedev');
    const b = m.createDevice('fakedev');
    const c = m.createDevice('fakedev', { id: 'uart0' });
    m.qom.ensureContainer('/machine/soc');
    const d = m.createDevice('fakedev', { parentPath: '/machine/soc', name: 'uart[*]' });
    expect([a.path, b.path, c.path, d.path]).toEqual([
      '/machine/unattached/device[0]',
      '/machine/unattached/device[2]',
      '/machine/peripheral/uart0',
      '/machine/soc/uart[0]',
    ]);
    expect(m.resolvePath('/machine/unattached/device[1]')).toBe(sink);
    expect(m.device('uart0')).toBe(c);
    expect(m.device('/machine/unattached/device[2]')).toBe(b);
    expect(m.device('soc/uart[0]')).toBe(d);
    expect(m.devices).toEqual([a, b, c, d]);
    expect(a.context.path).toBe('/machine/unattached/device[0]');
  });

  it('rejects duplicate and malformed ids without leaving a half-created device', () => {
    const m = machine();
    m.createDevice('fakedev', { id: 'x' });
    expect(() => m.createDevice('fakedev', { id: 'x' })).toThrow("Duplicate ID 'x' for device");
    expect(() => m.createDevice('fakedev', { id: '1x' })).toThrow(QomError);
    expect(() => m.createDevice('fakedev', { props: { level: 'zz' } })).toThrow("Parameter 'level' expects integer");
    expect(m.devices.length).toBe(1);
    expect(m.createDevice('fakedev').path).toBe('/machine/unattached/device[0]');
  });

  it('maps MMIO into the system address space and wires IRQs to a sink', () => {
    const m = machine();
    const sink = m.addIrqSink('/machine/unattached/device[0]', 8);
    const dev = m.createDevice('fakedev');
    m.mapMmio(dev, 0, 0x0900_0000);
    m.connectSysbusIrq(dev, 0, sink, 5);
    expect(Number(m.memory.read(0x0900_0000 + R.ID, 4))).toBe(0xabcd);
    m.memory.write(0x0900_0000 + R.DATA, 4, 1);
    expect(sink.level(5)).toBe(true);
    expect(() => m.mapMmio(dev, 0, 0x0900_0080)).toThrow(/overlaps/);
    expect(() => m.mapMmio(dev, 7, 0)).toThrow(RangeError);
  });

  it('applies -global settings to later devices of the type, before their own props', () => {
    const m = machine();
    m.addGlobal('fakedev.level=0x10');
    m.addGlobal('device', 'enable-x', false);
    const a = m.createDevice('fakedev');
    const b = m.createDevice('fakedev', { props: { level: '1' } });
    expect(a.context.props).toMatchObject({ level: 16, enableX: false });
    expect(b.context.props.level).toBe(1);
    m.addGlobal('fakedev.level=300');
    expect(() => m.createDevice('fakedev')).toThrow("can't apply global fakedev.level=300: Parameter 'level' expects uint8_t");
  });

  it('reset() resets every device', () => {
    const m = machine();
    const devs = [m.createDevice('fakedev'), m.createDevice('fakedev')];
    for (const d of devs) (d.context as unknown as FakeContext).state.ctrl = 0x77;
    m.reset();
    expect(devs.map((d) => (d.context as unknown as FakeContext).state.ctrl)).toEqual([5, 5]);
  });
});

describe('MachineRegistry', () => {
  it('builds a registered board and resets it', () => {
    const reg = new MachineRegistry();
    const { cls } = createFakeDevice();
    reg.register({
      name: 'tiny',
      description: 'test board',
      build: (m) => {
        m.registry.register(cls);
        const d = m.createDevice('fakedev');
        m.mapMmio(d, 0, 0x1000);
        (d.context as unknown as FakeContext).state.ctrl = 0x44;
      },
    });
    const m = buildMachine(reg, 'tiny');
    expect(Number(m.memory.read(0x1000 + R.CTRL, 4))).toBe(5);
    expect(reg.list()).toEqual(['tiny']);
    expect(() => reg.register({ name: 'tiny', description: '', build: () => {} })).toThrow(/already registered/);
    expect(() => buildMachine(reg, 'big')).toThrow(UnknownMachineError);
  });
});
