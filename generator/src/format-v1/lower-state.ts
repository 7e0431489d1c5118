/**
 * Lowering of the device's values: qdev properties (typed defaults, ranges, the properties a
 * bus parent implies) and state fields (scalars, struct arrays, timers, bitbang-i2c engines,
 * instance-only state).
 */
import type { DeviceBus, PropertyIR, PropertyType, ScalarType, StateFieldIR } from '../ir/ir.ts';
import type { DeviceDef, StateFieldDef } from '../schema/device.schema.ts';
import { scalarSlot, SLOTS } from '../schema/slots.ts';
import { q } from '../diagnostics/diagnostic.ts';
import type { ValuePath } from './definition-value.ts';
import type { LowerContext } from './lower-context.ts';

/** Lowers a `properties:` entry. */
export function lowerProperty(lc: LowerContext, p: NonNullable<DeviceDef['properties']>[number], path: ValuePath): PropertyIR {
  const type = p.type as PropertyType;
  let dflt: PropertyIR['default'];
  const dpath = [...path, 'default'];
  if (p.default !== undefined) {
    const bad = (expected: string) => lc.sink.report('property-default', lc.span(dpath), { name: q(p.name), expected }, lc.ctx(path));
    if (type === 'chardev') bad('absent: chardev properties have no default');
    else if (type === 'bool') {
      if (typeof p.default === 'boolean') dflt = p.default;
      else bad('true or false');
    } else if (type === 'string') {
      if (typeof p.default === 'string') dflt = p.default;
      else bad('a string');
    } else if (typeof p.default === 'boolean') bad(`a ${type} number`);
    else dflt = lc.num(dpath, scalarSlot(type, `a ${type} property`));
  }
  const limit = (key: 'min' | 'max'): bigint | undefined => {
    if (p[key] === undefined) return undefined;
    if (type === 'bool' || type === 'string' || type === 'chardev') {
      lc.sink.report('property-range-type', lc.span([...path, key]), { name: q(p.name), type }, lc.ctx(path));
      return undefined;
    }
    return lc.num([...path, key], scalarSlot(type, `a ${type} property`));
  };
  return {
    kind: 'property',
    name: p.name,
    type,
    default: dflt,
    min: limit('min'),
    max: limit('max'),
    outOfRange: p['out-of-range'] ?? 'error',
    inherited: false,
    description: p.description ?? '',
    span: lc.span(path),
  };
}

/** Lowers a `state:` entry or a struct field. */
export function lowerStateField(lc: LowerContext, s: StateFieldDef, path: ValuePath): StateFieldIR {
  const length = s.length === undefined ? undefined : lc.int([...path, 'length'], SLOTS.stateLength, 1);
  const base = { kind: 'state-field', name: s.name, length, description: s.description ?? '', span: lc.span(path) } as const;
  const migrate = s.migrate ?? true;
  if (s.type === 'bitbang-i2c') return bitbangField(lc, s, path, base);
  if (s.bus !== undefined) lc.sink.report('bus-not-bitbang', lc.span([...path, 'bus']), { name: q(s.name) }, lc.ctx(path));
  if (s.struct !== undefined || s.type === 'timer') {
    // Struct and timer fields hold objects: no reset value; a timer needs its callback.
    if (s.reset !== undefined) lc.sink.report('state-reset-type', lc.span([...path, 'reset']), { name: q(s.name), expected: `absent for a ${s.struct !== undefined ? 'struct' : 'timer'} field` }, lc.ctx(path));
    if (s.type === 'timer' && s.callback === undefined) lc.sink.report('timer-callback', lc.span(path), { name: q(s.name) }, lc.ctx(path));
    if (s.type !== 'timer' && s.callback !== undefined) lc.sink.report('callback-not-timer', lc.span([...path, 'callback']), { name: q(s.name) }, lc.ctx(path));
    if (s.type !== 'timer') notTimerClock(lc, s, path);
    const timerClock = s.type === 'timer' ? (s.clock ?? 'virtual') : undefined;
    return { ...base, type: s.struct !== undefined ? 'struct' : 'timer', struct: s.struct, callback: s.callback, timerClock, bus: undefined, migrate, reset: undefined };
  }
  if (s.callback !== undefined) lc.sink.report('callback-not-timer', lc.span([...path, 'callback']), { name: q(s.name) }, lc.ctx(path));
  notTimerClock(lc, s, path);
  const type = s.type as ScalarType;
  let reset: bigint | undefined;
  if (typeof s.reset === 'boolean') {
    if (type === 'bool') reset = s.reset ? 1n : 0n;
    else lc.sink.report('state-reset-type', lc.span([...path, 'reset']), { name: q(s.name), expected: `a ${type} number` }, lc.ctx(path));
  } else if (s.reset !== undefined) {
    if (type === 'bool') lc.sink.report('state-reset-type', lc.span([...path, 'reset']), { name: q(s.name), expected: 'true or false' }, lc.ctx(path));
    else reset = lc.num([...path, 'reset'], scalarSlot(type, `${type} state`));
  }
  return { ...base, type, struct: undefined, callback: undefined, timerClock: undefined, bus: undefined, migrate, reset };
}

/** `clock:` belongs to timer fields only. */
function notTimerClock(lc: LowerContext, s: StateFieldDef, path: ValuePath): void {
  if (s.clock !== undefined) lc.sink.report('clock-not-timer', lc.span([...path, 'clock']), { name: q(s.name) }, lc.ctx(path));
}

/**
 * A bit-banged I2C engine: one run-time object of the device state driving a child bus, so no
 * length, reset or callback, and never migrated (QEMU keeps bitbang_i2c_interface out of the
 * VMState too). Which bus it names is checked in sema, where the device's buses are known.
 */
function bitbangField(lc: LowerContext, s: StateFieldDef, path: ValuePath, base: Pick<StateFieldIR, 'kind' | 'name' | 'length' | 'description' | 'span'>): StateFieldIR {
  const bad = (at: ValuePath, detail: string) => lc.sink.report('bitbang-i2c-field', lc.span(at), { name: q(s.name), detail }, lc.ctx(path));
  if (path[0] === 'structs') bad(path, 'belongs in `state:`: an engine drives one bus of the device, not one per struct element');
  if (s.length !== undefined) bad([...path, 'length'], 'cannot be an array (`length:`): declare one field per bus');
  if (s.migrate === true) bad([...path, 'migrate'], 'is never migrated (QEMU keeps a bitbang_i2c_interface out of the VMState too): drop `migrate: true`');
  if (s.reset !== undefined) lc.sink.report('state-reset-type', lc.span([...path, 'reset']), { name: q(s.name), expected: 'absent for a bitbang-i2c field' }, lc.ctx(path));
  if (s.callback !== undefined) lc.sink.report('callback-not-timer', lc.span([...path, 'callback']), { name: q(s.name) }, lc.ctx(path));
  notTimerClock(lc, s, path);
  return { ...base, type: 'bitbang-i2c', struct: undefined, callback: undefined, timerClock: undefined, bus: s.bus, migrate: false, reset: undefined };
}

/** The bus a parent type implies (QEMU: sysbus devices derive from sys-bus-device, I2C slaves from i2c-slave). */
export function busOfParent(parent: string): DeviceBus {
  if (parent === 'sys-bus-device') return 'sysbus';
  if (parent === 'i2c-slave') return 'i2c';
  if (parent === 'pci-device') return 'pci';
  return 'none';
}

/**
 * Properties a device inherits from its bus parent type: an I2C slave has QEMU I2CSlave's
 * `address` (u8, default 0) unless the definition declares it itself.
 */
export function withInherited(props: PropertyIR[], bus: DeviceBus, span: PropertyIR['span']): PropertyIR[] {
  if (bus === 'pci') {
    // QEMU PCIDevice's `addr` (devfn; -1 lets the bus choose, which boards here never do) and `multifunction`.
    const inherited: PropertyIR[] = [];
    if (!props.some((p) => p.name === 'addr')) inherited.push({ kind: 'property', name: 'addr', type: 'i32', default: -1n, min: -1n, max: 255n, outOfRange: 'error', inherited: true, description: 'Device and function number on the PCI bus, slot << 3 | function (inherited from pci-device).', span });
    if (!props.some((p) => p.name === 'multifunction')) inherited.push({ kind: 'property', name: 'multifunction', type: 'bool', default: false, min: undefined, max: undefined, outOfRange: 'error', inherited: true, description: 'Set the header type\'s multi-function bit (inherited from pci-device).', span });
    return [...inherited, ...props];
  }
  if (bus !== 'i2c' || props.some((p) => p.name === 'address')) return props;
  return [
    { kind: 'property', name: 'address', type: 'u8', default: 0n, min: undefined, max: undefined, outOfRange: 'error', inherited: true, description: 'I2C bus address (inherited from i2c-slave).', span },
    ...props,
  ];
}
