/**
 * The generated QEMU device source `generated/<dev>/qemu/<dev>.c`: the MMIO dispatch
 * (mmio.c-view.ts), the glue that hands QEMU's callbacks (GPIO inputs, chardev, timers, I2C
 * slave) to the behaviour hooks, the qdev properties, the VMState (vmstate.c-view.ts),
 * reset as a Resettable hold phase, instance_init / realize / class_init and the TypeInfo.
 */
import type { PropertyIR, StateFieldIR } from '../../ir/ir.ts';
import { resetRecords } from '../../ir/block-records.ts';
import { CHARDEV_HOOKS, deviceHookName, gpioInHookName, i2cHookName, namedHook } from '../../names/device-names.ts';
import {
  C_RECORD_OWNER, cHookName, cMember, cStructType, cTimerFields, cValuesTable, cVariantMember, cVariantNames, qemuCNames, variantRegisterSet, type QemuCNames,
} from '../../names/qemu-c-names.ts';
import { variantRegisters } from '../../ir/variants.ts';
import type { EmitContext } from '../emitter.ts';
import { bannerText } from '../emitter.ts';
import { cBanner, cDocComment, cHex, cString, cUnsigned, wrapCLine } from './c-literals.ts';
import { prototypeLines, QEMU_C_EMITTER, type QemuDevice } from './c-literals.ts';
import { recordHasTimer } from './header.view.ts';
import { badOffsetC, regionC, resetValueC, resetValueFns, storageC } from './mmio.c-view.ts';
import { vmstateC } from './vmstate.c-view.ts';

const indent = (lines: readonly string[], by = '    '): string[] => lines.map((l) => (l === '' ? '' : `${by}${l}`));

/** Internal names of the QOM functions and glue of a device. */
export function glueNames(names: QemuCNames) {
  const p = names.prefix;
  return {
    init: `${p}_instance_init`,
    realize: `${p}_device_realize`,
    resetHold: `${p}_reset_hold`,
    classInit: `${p}_class_init`,
    registerTypes: `${p}_register_types`,
    info: `${p}_info`,
    gpioIn: (group: string) => `${p}_gpio_in_${cMember(group)}_handler`,
    chardev: (which: string) => `${p}_chardev_${which === 'canReceive' ? 'can_receive' : which}_handler`,
    timer: (field: StateFieldIR, owner: string | undefined) => `${p}_${owner === undefined ? '' : `${cMember(owner).replace(new RegExp(`^${p}_`), '')}_`}${cMember(field.name)}_handler`,
    i2c: (hook: string) => `${p}_i2c_${hook}_handler`,
  };
}

/** QEMU's DEFINE_PROP_* of one property (undefined when QEMU has no macro for its type). */
function propertyEntry(names: QemuCNames, p: PropertyIR): string | undefined {
  const S = names.struct;
  const n = cString(p.name);
  const m = cMember(p.name);
  switch (p.type) {
    case 'chardev': return `DEFINE_PROP_CHR(${n}, ${S}, chr),`;
    case 'string': return `DEFINE_PROP_STRING(${n}, ${S}, ${m}),`;
    case 'bool': return `DEFINE_PROP_BOOL(${n}, ${S}, ${m}, ${p.default === true ? 'true' : 'false'}),`;
    case 'i8': case 'i16': return undefined;
    default: {
      const macro = { u8: 'UINT8', u16: 'UINT16', u32: 'UINT32', u64: 'UINT64', i32: 'INT32', i64: 'INT64' }[p.type];
      const d = typeof p.default === 'bigint' ? p.default : 0n;
      return `DEFINE_PROP_${macro}(${n}, ${S}, ${m}, ${d < 0n ? String(d) : cHex(d)}),`;
    }
  }
}

/** The includes of the source, in QEMU's order (osdep first). */
function includes(names: QemuCNames, device: QemuDevice): string[] {
  const inc = ['qemu/osdep.h', 'qemu/log.h', 'qemu/module.h', 'qapi/error.h', names.headerInclude, 'hw/qdev-properties.h'];
  if (device.chardev !== undefined) inc.push('hw/qdev-properties-system.h');
  if (device.clocks.length > 0) inc.push('hw/qdev-clock.h');
  if (device.gpios.length > 0) inc.push('hw/irq.h');
  if (device.vmstate !== undefined) inc.push('migration/vmstate.h');
  if (device.regions.some((r) => r.trace !== undefined)) inc.push('trace.h');
  return inc;
}

/** The statements of the reset hold phase: hooks, register and state reset values. */
function resetBody(names: QemuCNames, device: QemuDevice): string[] {
  const out: string[] = [];
  const hook = (h: 'pre-reset' | 'reset'): string[] => (device.hooks.includes(h) ? [`${cHookName(names, { name: deviceHookName(h) })}(s);`] : []);
  out.push(...hook('pre-reset'));
  for (const r of device.registers) {
    if (r.resetKeeps || r.storage === undefined) continue;
    if (r.array === undefined) out.push(`${storageC(r, undefined, '')} = ${resetValueC(device, r, 0)};`);
    else for (let i = 0; i < r.array.count; i++) out.push(`${storageC(r, undefined, String(i))} = ${resetValueC(device, r, i)};`);
  }
  for (const b of device.blocks) {
    const regs = b.registers.filter((r) => !r.resetKeeps && r.storage !== undefined);
    if (regs.length === 0) continue;
    // Only elements below the limit reset (an inclusive limit still leaves the last one alone);
    // with reset-unaddressed, records beyond the addressable ones too.
    const records = resetRecords(device, b);
    const bound = b.limit === undefined ? String(records) : `MIN(s->${cMember(b.limit.property)}, ${records})`;
    out.push(`for (i = 0; i < ${bound}; i++) {`, ...regs.map((r) => `    ${storageC(r, b, 'i')} = ${resetValueC(device, r, 0, b)};`), '}');
  }
  for (const f of device.state) {
    if (f.reset === undefined) continue;
    const v = cResetLiteral(f);
    if (f.length === undefined) out.push(`s->${cMember(f.name)} = ${v};`);
    else out.push(`for (i = 0; i < ${f.length}; i++) {`, `    s->${cMember(f.name)}[i] = ${v};`, '}');
  }
  for (const f of device.state.filter((x) => x.type === 'struct')) {
    const st = device.structs.find((x) => x.name === f.struct);
    const fields = (st?.fields ?? []).filter((x) => x.reset !== undefined);
    if (fields.length === 0) continue;
    out.push(`for (i = 0; i < ${f.length ?? 1}; i++) {`, ...fields.map((x) => `    s->${cMember(f.name)}[i].${cMember(x.name)} = ${cResetLiteral(x)};`), '}');
  }
  out.push(...hook('reset'));
  return out;
}

/** The C literal of a state field's reset value. */
function cResetLiteral(f: StateFieldIR): string {
  const v = f.reset ?? 0n;
  if (f.type === 'bool') return v === 0n ? 'false' : 'true';
  if (f.type.startsWith('i')) return String(v);
  return cUnsigned(v, f.type === 'u64' ? 64 : 32);
}

/** The C source of a device with a `qemu:` section. */
export function buildQemuSource(device: QemuDevice, ctx: EmitContext): string {
  const names = qemuCNames(device);
  const g = glueNames(names);
  const S = names.struct;
  const out: string[] = [cBanner(bannerText(QEMU_C_EMITTER, device.defFile), device.description), ''];
  out.push(...includes(names, device).map((i) => `#include "${i}"`), '');

  // Parts the C back end has no form for yet are refused at their position, never emitted wrong.
  for (const r of device.regions) {
    if (r.defaultRegister !== undefined) ctx.report('qemu-c-unsupported', r.defaultRegister.span, { what: `a region's default-register (${r.defaultRegister.name})` });
  }
  if (device.pci !== undefined) ctx.report('qemu-c-unsupported', device.pci.span, { what: 'a PCI function (a pci: configuration header)' });

  out.push(...resetValueFns(device).body);
  if (device.regions.length > 0) out.push(...badOffsetC(names, device));
  for (const r of device.regions) out.push(...regionC(names, device, r));

  // Glue from QEMU's callbacks to the behaviour hooks.
  for (const gp of device.gpios.filter((x) => x.direction === 'in')) {
    out.push(...prototypeLines('static void', g.gpioIn(gp.name), ['void *opaque', 'int n', 'int level'], ''), '{', `    ${cHookName(names, { name: gpioInHookName(gp.name) })}(opaque, n, level);`, '}', '');
  }
  if (device.chardev?.receive === true) {
    const h = (w: keyof typeof CHARDEV_HOOKS): string => cHookName(names, { name: CHARDEV_HOOKS[w] });
    out.push(`static int ${g.chardev('canReceive')}(void *opaque)`, '{', `    return ${h('canReceive')}(opaque);`, '}', '');
    out.push(...prototypeLines('static void', g.chardev('receive'), ['void *opaque', 'const uint8_t *buf', 'int size'], ''), '{', `    ${h('receive')}(opaque, buf, size);`, '}', '');
    out.push(...prototypeLines('static void', g.chardev('event'), ['void *opaque', 'QEMUChrEvent event'], ''), '{', `    ${h('event')}(opaque, event);`, '}', '');
  }
  const timers = cTimerFields(device);
  for (const { field, owner } of timers) {
    if (field.callback === undefined) continue;
    const hook = cHookName(names, { name: namedHook(field.callback) });
    if (owner === undefined) {
      out.push(`static void ${g.timer(field, undefined)}(void *opaque)`, '{', `    ${hook}(opaque);`, '}', '');
      continue;
    }
    const type = cStructType(names, device, owner);
    const holder = device.state.find((f) => f.type === 'struct' && f.struct === owner.name);
    out.push(`static void ${g.timer(field, owner.name)}(void *opaque)`, '{', `    ${type} *t = opaque;`, '',
      `    ${hook}(t->${C_RECORD_OWNER}, t - t->${C_RECORD_OWNER}->${cMember(holder?.name ?? '')});`, '}', '');
  }
  for (const h of device.i2c?.hooks ?? []) {
    const hook = cHookName(names, { name: i2cHookName(h) });
    if (h === 'event') out.push(...prototypeLines('static int', g.i2c(h), ['I2CSlave *i2c', 'enum i2c_event event'], ''), '{', `    return ${hook}(${names.cast}(i2c), event);`, '}', '');
    if (h === 'recv') out.push(`static uint8_t ${g.i2c(h)}(I2CSlave *i2c)`, '{', `    return ${hook}(${names.cast}(i2c));`, '}', '');
    if (h === 'send') out.push(`static int ${g.i2c(h)}(I2CSlave *i2c, uint8_t data)`, '{', `    return ${hook}(${names.cast}(i2c), data);`, '}', '');
  }

  if (device.vmstate !== undefined) out.push(...vmstateC(names, device, device.vmstate, ctx));

  const props = device.properties.filter((p) => !p.inherited);
  const propLines: string[] = [];
  for (const p of props) {
    const e = propertyEntry(names, p);
    if (e === undefined) ctx.report('qemu-c-unsupported', p.span, { what: `a ${p.type} property (QEMU has no such qdev property type)` });
    else propLines.push(`    ${e}`);
  }
  if (propLines.length > 0) out.push(`static const Property ${names.properties}[] = {`, ...propLines, '};', '');

  // Reset: the runtime's order (pre-reset hook, register resets, state resets, reset hook).
  // A device without reset values or hooks has no reset handler (as QEMU devices without one).
  const reset = resetBody(names, device);
  const loops = reset.some((l) => l.startsWith('for (i'));
  if (reset.length > 0) out.push(`static void ${g.resetHold}(Object *obj, ResetType type)`, '{', `    ${S} *s = ${names.cast}(obj);`, ...(loops ? ['    unsigned i;'] : []), '', ...indent(reset), '}', '');

  // instance_init: regions, lines, clocks, child buses; what boards wire before realize.
  const init: string[] = [];
  const n = device.regions.length;
  for (const r of device.regions) {
    init.push(`memory_region_init_io(&s->${names.regionMember(r.name, n)}, obj, &${names.ops(r.name, n)}, s,`, `                      ${cString(r.name)}, ${cHex(r.size)});`,
      `sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->${names.regionMember(r.name, n)});`);
  }
  for (const gp of device.gpios) {
    const m = cMember(gp.name);
    const ref = gp.count === 1 ? `&s->${m}` : `s->${m}`;
    if (gp.direction === 'out' && gp.sysbus) {
      init.push(gp.count === 1 ? `sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->${m});` : `for (i = 0; i < ${gp.count}; i++) {`);
      if (gp.count > 1) init.push(`    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->${m}[i]);`, '}');
    } else if (gp.direction === 'out') {
      init.push(gp.qemuUnnamed ? `qdev_init_gpio_out(DEVICE(obj), ${ref}, ${gp.count});` : `qdev_init_gpio_out_named(DEVICE(obj), ${ref}, ${cString(gp.name)}, ${gp.count});`);
    } else {
      init.push(gp.qemuUnnamed ? `qdev_init_gpio_in(DEVICE(obj), ${g.gpioIn(gp.name)}, ${gp.count});` : `qdev_init_gpio_in_named(DEVICE(obj), ${g.gpioIn(gp.name)}, ${cString(gp.name)}, ${gp.count});`);
    }
  }
  for (const c of device.clocks) {
    init.push(c.direction === 'in'
      ? `s->${cMember(c.name)} = qdev_init_clock_in(DEVICE(obj), ${cString(c.name)}, NULL, NULL, 0);`
      : `s->${cMember(c.name)} = qdev_init_clock_out(DEVICE(obj), ${cString(c.name)});`);
  }
  for (const b of device.buses) init.push(`s->${cMember(b.name)} = i2c_init_bus(DEVICE(obj), ${cString(b.name)});`);
  for (const f of device.state.filter((x) => x.type === 'bitbang-i2c')) init.push(`bitbang_i2c_init(&s->${cMember(f.name)}, s->${cMember(f.bus ?? '')});`);
  for (const f of device.state.filter((x) => x.type === 'struct')) {
    const st = device.structs.find((x) => x.name === f.struct);
    if (st !== undefined && recordHasTimer(st)) init.push(`for (i = 0; i < ${f.length ?? 1}; i++) {`, `    s->${cMember(f.name)}[i].${C_RECORD_OWNER} = s;`, '}');
  }
  // The values of the registers variants change: the device's own here, a variant's in its
  // instance_init, which QOM runs after this one.
  const varying = variantRegisterSet(device);
  for (const r of varying) init.push(`s->${cVariantMember(r)} = ${cValuesTable(names, r)};`);
  const initLoops = init.some((l) => l.startsWith('for (i'));
  out.push(`static void ${g.init}(Object *obj)`, '{', `    ${S} *s = ${names.cast}(obj);`, ...(initLoops ? ['    unsigned i;'] : []), '', ...indent(init), '}', '');

  // realize: clamp or check properties, make timers, attach the chardev, then the hook.
  const realize: string[] = [];
  for (const p of props) {
    if (p.min === undefined && p.max === undefined) continue;
    if (p.type === 'string' || p.type === 'chardev') continue;
    const m = `s->${cMember(p.name)}`;
    // A bound the type already implies is left out (QEMU builds with -Wtype-limits).
    const unsigned = p.type.startsWith('u') || p.type === 'bool';
    const lo = p.min === undefined || (unsigned && p.min <= 0n) ? undefined : String(p.min);
    const hi = p.max === undefined ? undefined : String(p.max);
    if (p.outOfRange === 'clamp') {
      if (lo !== undefined) realize.push(`if (${m} < ${lo}) {`, `    ${m} = ${lo};`, '}');
      if (hi !== undefined) realize.push(`if (${m} > ${hi}) {`, `    ${m} = ${hi};`, '}');
    } else {
      const cond = [lo === undefined ? undefined : `${m} < ${lo}`, hi === undefined ? undefined : `${m} > ${hi}`].filter((x) => x !== undefined).join(' || ');
      realize.push(`if (${cond}) {`, `    error_setg(errp, "%s: property '%s' is out of range", ${cString(device.name)}, ${cString(p.name)});`, '    return;', '}');
    }
  }
  for (const { field, owner } of timers) {
    if (owner === undefined) {
      realize.push(`s->${cMember(field.name)} = timer_new_ns(QEMU_CLOCK_VIRTUAL, ${g.timer(field, undefined)}, s);`);
      continue;
    }
    const holder = device.state.find((f) => f.type === 'struct' && f.struct === owner.name);
    if (holder === undefined) continue;
    const h = cMember(holder.name);
    realize.push(`for (i = 0; i < ${holder.length ?? 1}; i++) {`, `    s->${h}[i].${cMember(field.name)} =`, `        timer_new_ns(QEMU_CLOCK_VIRTUAL, ${g.timer(field, owner.name)}, &s->${h}[i]);`, '}');
  }
  if (device.chardev?.receive === true) {
    realize.push(...prototypeLines('', 'qemu_chr_fe_set_handlers', ['&s->chr', g.chardev('canReceive'), g.chardev('receive'), g.chardev('event'), 'NULL', 's', 'NULL', 'true']));
  }
  if (device.hooks.includes('realize')) realize.push(`${cHookName(names, { name: deviceHookName('realize') })}(s, errp);`);
  const realizeLoops = realize.some((l) => l.startsWith('for (i'));
  const hasRealize = realize.length > 0;
  if (hasRealize) {
    out.push(`static void ${g.realize}(DeviceState *dev, Error **errp)`, '{', `    ${S} *s = ${names.cast}(dev);`, ...(realizeLoops ? ['    unsigned i;'] : []), '', ...indent(realize), '}', '');
  }

  // class_init: realize, reset, migration, properties, I2C callbacks.
  const cls: string[] = [];
  if (hasRealize) cls.push(`dc->realize = ${g.realize};`);
  if (reset.length > 0) cls.push(`rc->phases.hold = ${g.resetHold};`);
  if (device.vmstate !== undefined) cls.push(`dc->vmsd = &${names.vmstate};`);
  if (propLines.length > 0) cls.push(`device_class_set_props(dc, ${names.properties});`);
  for (const h of device.i2c?.hooks ?? []) cls.push(`sc->${h} = ${g.i2c(h)};`);
  const locals: string[] = [];
  if (cls.some((l) => l.startsWith('dc->') || l.startsWith('device_class_set_props(dc'))) locals.push('DeviceClass *dc = DEVICE_CLASS(klass);');
  if (reset.length > 0) locals.push('ResettableClass *rc = RESETTABLE_CLASS(klass);');
  if ((device.i2c?.hooks ?? []).length > 0) locals.push('I2CSlaveClass *sc = I2C_SLAVE_CLASS(klass);');
  if (cls.length > 0) out.push(`static void ${g.classInit}(ObjectClass *klass, void *data)`, '{', ...indent(locals), '', ...indent(cls), '}', '');

  const parent = device.parent === 'sys-bus-device' ? 'TYPE_SYS_BUS_DEVICE' : device.parent === 'i2c-slave' ? 'TYPE_I2C_SLAVE' : cString(device.parent);
  out.push(`static const TypeInfo ${g.info} = {`, `    .name = ${names.typeMacro},`, `    .parent = ${parent},`, `    .instance_size = sizeof(${S}),`,
    `    .instance_init = ${g.init},`, ...(cls.length > 0 ? [`    .class_init = ${g.classInit},`] : []), '};', '');
  for (const v of device.variants) {
    const vn = cVariantNames(v);
    const sets = variantRegisters(device, v).map(({ register }) => `    s->${cVariantMember(register)} = ${vn.table(register)};`);
    out.push(...cDocComment(`${v.name}: ${v.description}`, ''), `static void ${vn.init}(Object *obj)`, '{', `    ${S} *s = ${names.cast}(obj);`, '', ...sets, '}', '');
    out.push(`static const TypeInfo ${vn.info} = {`, `    .name = ${vn.typeMacro},`, `    .parent = ${names.typeMacro},`, `    .instance_init = ${vn.init},`, '};', '');
  }
  out.push(`static void ${g.registerTypes}(void)`, '{', `    type_register_static(&${g.info});`,
    ...device.variants.map((v) => `    type_register_static(&${cVariantNames(v).info});`), '}', '', `type_init(${g.registerTypes})`);
  return `${out.flatMap((l) => wrapCLine(l)).join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
