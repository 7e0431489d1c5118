/** The QOM type registry, property text parsing and the composition tree. */
import { describe, expect, it } from 'vitest';
import { TypeRegistry } from '../../../../runtime/src/device/type-registry.ts';
import { QomError, QomTree, parseQemuInteger } from '../../../../runtime/src/qom/index.ts';
import { defineDevice } from '../../../../runtime/src/device/index.ts';
import { createVirtualClock } from '../../../../runtime/src/clock/index.ts';
import { nullGuestLog } from '../../../../runtime/src/log/index.ts';
import { createFakeDevice, fakeInfo } from '../device/fake-device.ts';

const env = { clock: createVirtualClock(), log: nullGuestLog };

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof QomError ? e.kind : 'other';
  }
  return undefined;
}

describe('TypeRegistry', () => {
  it('has the built-in abstract chain', () => {
    const r = new TypeRegistry();
    expect(r.ancestors('sys-bus-device')).toEqual(['sys-bus-device', 'device', 'object']);
    expect(r.ancestors('i2c-slave')).toEqual(['i2c-slave', 'device', 'object']);
    expect(r.ancestors('pci-device')).toEqual(['pci-device', 'device', 'object']);
    expect(r.isA('i2c-slave', 'sys-bus-device')).toBe(false);
    expect(r.list('object')).toEqual([]);
    expect(r.list('device', true)).toEqual(['device', 'i2c-slave', 'pci-device', 'sys-bus-device']);
  });

  it('registers device classes and answers isA along the parent chain', () => {
    const r = new TypeRegistry();
    r.register(createFakeDevice().cls);
    expect(r.isA('fakedev', 'sys-bus-device')).toBe(true);
    expect(r.isA('fakedev', 'object')).toBe(true);
    expect(r.isA('fakedev', 'i2c-slave')).toBe(false);
    expect(r.isA('nope', 'object')).toBe(false);
    expect(r.list('sys-bus-device')).toEqual(['fakedev']);
  });

  it('rejects duplicates, unknown parents and non-device parents', () => {
    const r = new TypeRegistry();
    r.register(createFakeDevice().cls);
    expect(kindOf(() => r.register(createFakeDevice().cls))).toBe('duplicate-type');
    const { hooks } = createFakeDevice();
    expect(kindOf(() => r.register(defineDevice({ ...fakeInfo, name: 'x', parent: 'nope' }, hooks)))).toBe('bad-parent');
    expect(kindOf(() => r.register(defineDevice({ ...fakeInfo, name: 'y', parent: 'object' }, hooks)))).toBe('bad-parent');
    r.registerAbstract('my-bus-device', 'device');
    r.register(defineDevice({ ...fakeInfo, name: 'z', parent: 'my-bus-device' }, hooks));
    expect(r.ancestors('z')).toEqual(['z', 'my-bus-device', 'device', 'object']);
  });

  it('creates concrete types only', () => {
    const r = new TypeRegistry();
    r.register(createFakeDevice().cls);
    const d = r.create('fakedev', { env, props: { level: '7' } });
    expect(d.realized).toBe(false);
    expect(d.context.props.level).toBe(7);
    expect(kindOf(() => r.create('device', { env }))).toBe('abstract-type');
    expect(kindOf(() => r.create('nope', { env }))).toBe('unknown-type');
    expect(() => r.create('nope', { env })).toThrow("'nope' is not a valid device model name");
  });
});

describe('integer text', () => {
  it('follows base 0 (decimal, hex, octal)', () => {
    expect(parseQemuInteger('42')).toBe(42n);
    expect(parseQemuInteger('0x2A')).toBe(42n);
    expect(parseQemuInteger('052')).toBe(42n);
    expect(parseQemuInteger('-7')).toBe(-7n);
    expect(parseQemuInteger('0')).toBe(0n);
    for (const bad of ['', '0x', '08', '1k', ' 1', '1.0', '--1']) expect(parseQemuInteger(bad)).toBeUndefined();
  });
});

describe('QomTree', () => {
  it('numbers "device[*]" children with the smallest free index', () => {
    const t = new QomTree();
    t.ensureContainer('/machine/unattached');
    expect(t.addChild('/machine/unattached', 'device[*]', 'a', 'A').path).toBe('/machine/unattached/device[0]');
    t.add('/machine/unattached/device[1]', 'gic', 'GIC');
    expect(t.addChild('/machine/unattached', 'device[*]', 'b', 'B').path).toBe('/machine/unattached/device[2]');
    t.remove('/machine/unattached/device[0]');
    expect(t.addChild('/machine/unattached', 'device[*]', 'c', 'C').path).toBe('/machine/unattached/device[0]');
  });

  it('resolves absolute and unique partial paths', () => {
    const t = new QomTree();
    t.ensureContainer('/machine/peripheral');
    t.ensureContainer('/machine/unattached');
    t.add('/machine/peripheral/uart0', 'pl011', 'U0');
    t.add('/machine/unattached/uart0', 'pl011', 'U1');
    t.add('/machine/unattached/gpio', 'x', 'G');
    expect(t.resolvePath('/machine/peripheral/uart0')).toBe('U0');
    expect(t.resolvePath('gpio')).toBe('G');
    expect(t.resolvePath('unattached/uart0')).toBe('U1');
    expect(t.resolvePath('uart0')).toBeUndefined();
    expect(t.resolvePath('/machine/nope')).toBeUndefined();
    expect(t.resolveNode('/machine')?.typeName).toBe('container');
  });

  it('rejects duplicate names and missing parents', () => {
    const t = new QomTree();
    t.ensureContainer('/machine');
    t.add('/machine/x', 't', 1);
    expect(kindOf(() => t.add('/machine/x', 't', 2))).toBe('duplicate-path');
    expect(kindOf(() => t.add('/nope/x', 't', 2))).toBe('bad-path');
    expect(kindOf(() => t.addChild('/machine', 'a/b', 't', 2))).toBe('bad-path');
  });
});
