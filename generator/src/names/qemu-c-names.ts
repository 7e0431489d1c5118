/**
 * The C names of a device in a QEMU tree: the type macro, the state struct and its members,
 * registerfields.h stems, record struct types, and the C function name of every hook the
 * behaviour implements. The qemu-c emitter spells C only through this module, and the
 * behaviour check (sema/check-qemu-behavior.ts) asks it which functions the hand-written C
 * must define and where that C lives, so both always agree.
 *
 * The definition's `qemu:` section fixes the names other QEMU code already uses (the struct,
 * the cast macro, the function prefix); everything else is derived here.
 */
import type { DeviceIR, QemuPlacementIR, RegisterBlockIR, RegisterIR, ScalarType, Span, StateFieldIR, StructIR, VariantIR } from '../ir/ir.ts';
import {
  CHARDEV_HOOKS, VMSTATE_HOOKS, deviceHookName, gpioInHookName, hookBindings, i2cHookName, identPart, pascalCase, regionHookName, registerHookName, type HookBinding,
} from './device-names.ts';

/** A definition name as a C identifier in snake case: `postWriteLCR_H` → `post_write_lcr_h`, `migrate-clk` → `migrate_clk`. */
export function cSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

/** A definition name as an upper-case C identifier part: `PeriphID` → `PERIPHID`, `LCR_H` stays. */
export function cUpper(name: string): string {
  return identPart(name).toUpperCase();
}

/** C type of a scalar state field, property or VMState entry. */
export const C_SCALAR: Readonly<Record<ScalarType, string>> = {
  bool: 'bool', u8: 'uint8_t', u16: 'uint16_t', u32: 'uint32_t', u64: 'uint64_t',
  i8: 'int8_t', i16: 'int16_t', i32: 'int32_t', i64: 'int64_t',
};

/** The device-wide C names. */
export interface QemuCNames {
  /** The `qemu:` facts the names come from. */
  readonly placement: QemuPlacementIR;
  /** State struct type, e.g. `PL011State`. */
  readonly struct: string;
  /** QOM cast macro, e.g. `PL011`. */
  readonly cast: string;
  /** Type-name macro, e.g. `TYPE_PL011`. */
  readonly typeMacro: string;
  /** Function prefix, e.g. `pl011`. */
  readonly prefix: string;
  /** Upper-case prefix of register and other constants, e.g. `PL011`. */
  readonly constPrefix: string;
  /** Include guard of the generated header, from its QEMU path (`include/hw/char/pl011.h` → `HW_CHAR_PL011_H`). */
  readonly headerGuard: string;
  /** `#include` spelling of the generated header (`hw/char/pl011.h`). */
  readonly headerInclude: string;
  /** `#include` spelling of the behaviour header, when the device has one. */
  readonly behaviorHeaderInclude: string | undefined;
  /** The VMState description variable (`vmstate_pl011`). */
  readonly vmstate: string;
  /** The properties array (`pl011_properties`). */
  readonly properties: string;
  /** The MemoryRegionOps variable of a region. */
  readonly ops: (region: string, regionCount: number) => string;
  /** The MemoryRegion member of a region (`iomem` when the device has one region). */
  readonly regionMember: (region: string, regionCount: number) => string;
}

/** The hand-written C files of a device, beside its definition: `<stem>.behavior.c` and `.h`. */
export function qemuBehaviorFiles(device: Pick<DeviceIR, 'defFile'>): { source: string; header: string } {
  const slash = device.defFile.lastIndexOf('/');
  const dir = slash < 0 ? '' : device.defFile.slice(0, slash + 1);
  const stem = device.defFile.slice(slash + 1).replace(/\.device\.(?:ya?ml|ts)$/, '');
  return { source: `${dir}${stem}.behavior.c`, header: `${dir}${stem}.behavior.h` };
}

/** The QEMU tree path as an include spelling: headers under `include/` are included without it. */
function includeSpelling(path: string): string {
  return path.startsWith('include/') ? path.slice('include/'.length) : path;
}

/** The C names of a device with a `qemu:` section. */
export function qemuCNames(device: DeviceIR & { readonly qemu: QemuPlacementIR }): QemuCNames {
  const q = device.qemu;
  const headerInclude = includeSpelling(q.header);
  const prefix = q.prefix;
  return {
    placement: q,
    struct: q.struct,
    cast: q.cast,
    typeMacro: `TYPE_${q.cast}`,
    prefix,
    constPrefix: prefix.toUpperCase(),
    headerGuard: headerInclude.replace(/[^A-Za-z0-9]/g, '_').toUpperCase(),
    headerInclude,
    behaviorHeaderInclude: q.behaviorHeader === undefined ? undefined : includeSpelling(q.behaviorHeader),
    vmstate: `vmstate_${prefix}`,
    properties: `${prefix}_properties`,
    ops: (region, n) => (n === 1 ? `${prefix}_ops` : `${prefix}_${cSnake(region)}_ops`),
    regionMember: (region, n) => (n === 1 ? 'iomem' : `${cSnake(region)}_iomem`),
  };
}

/** Stem of a register's registerfields.h names: `PL011_DR`, `HPET_T_CONF` (block T, register CONF). */
export function cRegisterStem(names: Pick<QemuCNames, 'constPrefix'>, register: Pick<RegisterIR, 'name'>, block?: Pick<RegisterBlockIR, 'name'>): string {
  return `${names.constPrefix}_${block ? `${cUpper(block.name)}_` : ''}${cUpper(register.name)}`;
}

/** Constants of a register array (`PL011_PERIPHID_COUNT`, `..._STRIDE`) or a block (`HPET_T_OFFSET`, `..._STRIDE`, `..._COUNT`). */
export function cRepeatConsts(stem: string): { offset: string; count: string; stride: string } {
  return { offset: `${stem}_OFFSET`, count: `${stem}_COUNT`, stride: `${stem}_STRIDE` };
}

/** Block stem: `HPET_T`. */
export function cBlockStem(names: Pick<QemuCNames, 'constPrefix'>, block: Pick<RegisterBlockIR, 'name'>): string {
  return `${names.constPrefix}_${cUpper(block.name)}`;
}

/**
 * The generated function giving a register's reset value computed from properties (a
 * `reset: {expr}`), e.g. `hpet_gcap_id_reset_value`; behaviour reads it instead of restating
 * the expression.
 */
export function cResetValueFn(names: Pick<QemuCNames, 'prefix'>, register: Pick<RegisterIR, 'name'>, block?: Pick<RegisterBlockIR, 'name'>): string {
  return `${names.prefix}_${block ? `${cSnake(block.name)}_` : ''}${cSnake(register.name)}_reset_value`;
}

/**
 * The C names of a device variant (`pl011_luminary`): its type macro (`TYPE_PL011_LUMINARY`),
 * TypeInfo and instance_init, and the table of each register it changes
 * (`pl011_luminary_periphid_values`).
 */
export function cVariantNames(variant: Pick<VariantIR, 'name'>): { typeMacro: string; info: string; init: string; table: (register: Pick<RegisterIR, 'name'>) => string } {
  const v = cSnake(variant.name);
  return { typeMacro: `TYPE_${v.toUpperCase()}`, info: `${v}_info`, init: `${v}_instance_init`, table: (r) => `${v}_${cUpper(r.name).toLowerCase()}_values` };
}

/**
 * The table of a constant register array's values (`pl011_periphid_values`), and of a register
 * the device's variants change: the device's own values.
 */
export function cValuesTable(names: Pick<QemuCNames, 'constPrefix'>, register: Pick<RegisterIR, 'name'>): string {
  return `${cRegisterStem(names, register).toLowerCase()}_values`;
}

/** The state member pointing at the values an instance's type gives a register its variants change (`periphid_values`). */
export function cVariantMember(register: Pick<RegisterIR, 'name'>): string {
  return `${cUpper(register.name).toLowerCase()}_values`;
}

/** Enum constant of a field value: `PL011_LCR_H_WLEN_BITS8`. */
export function cEnumConst(stem: string, field: string, value: string): string {
  return `${stem}_${cUpper(field)}_${cUpper(value)}`;
}

/** C member of a state or struct field, a property or a GPIO group (`migrate-clk` → `migrate_clk`, `nINT` → `nint`). */
export function cMember(name: string): string {
  const s = cSnake(name);
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

/**
 * C type of a record struct: the state struct's name without `State`, then the struct name
 * without a leading device word (`HPETState` + `hpet_timer` → `HPETTimer`).
 */
export function cStructType(names: Pick<QemuCNames, 'struct' | 'prefix'>, device: Pick<DeviceIR, 'name'>, struct: Pick<StructIR, 'name'>): string {
  const base = names.struct.replace(/State$/, '');
  const lead = new RegExp(`^(?:${device.name}|${names.prefix})[_-]`, 'i');
  return `${base}${pascalCase(struct.name.replace(lead, ''))}`;
}

/** The VMState description variable of a subsection or struct description (`vmstate_pl011_clock`, `vmstate_hpet_timer`). */
export function cVmstateVar(names: Pick<QemuCNames, 'prefix'>, name: string): string {
  const s = cSnake(name.replace(/^[^/]*\//, ''));
  const own = s.startsWith(`${names.prefix}_`) || s === names.prefix;
  return `vmstate_${own ? s : `${names.prefix}_${s}`}`;
}

/** Member of a record struct holding the device state, in records that own a timer (the timer callback needs the device). */
export const C_RECORD_OWNER = 'owner';

/** A hook of the behaviour with its C function name. */
export interface CHook {
  readonly binding: HookBinding;
  /** C function the hand-written behaviour defines, e.g. `pl011_read_dr`. */
  readonly name: string;
}

/** The C function name of one hook: `<prefix>_<hook in snake case>`. */
export function cHookName(names: Pick<QemuCNames, 'prefix'>, binding: Pick<HookBinding, 'name'>): string {
  return `${names.prefix}_${cSnake(binding.name)}`;
}

/** Every hook the C behaviour must define, in the order the generated header declares them. */
export function cHooks(device: DeviceIR & { readonly qemu: QemuPlacementIR }): CHook[] {
  const names = qemuCNames(device);
  return hookBindings(device).map((binding) => ({ binding, name: cHookName(names, binding) }));
}

/**
 * Every C function name that would be a hook of this device under some definition of it: the
 * read, write and post-write hooks of each of its registers, the post-write hook of each of its
 * regions, the handler of each input GPIO
 * group, the chardev, VMState, I2C and device hooks. A behaviour function with one of these
 * names that the definition does not ask for is a mistake the behaviour check reports (the
 * generated source never calls it); other functions are the behaviour's own helpers.
 */
export function possibleCHookNames(device: DeviceIR & { readonly qemu: QemuPlacementIR }): Set<string> {
  const names = qemuCNames(device);
  const out = new Set<string>();
  const add = (hook: string): void => void out.add(cHookName(names, { name: hook }));
  const regs = [...device.registers.map((r) => ({ r, b: undefined as RegisterBlockIR | undefined })), ...device.blocks.flatMap((b) => b.registers.map((r) => ({ r, b })))];
  for (const { r, b } of regs) for (const h of ['read', 'write', 'post-write'] as const) add(registerHookName(r, h, b));
  for (const r of device.regions) add(regionHookName(r, 'post-write'));
  for (const g of device.gpios) add(gpioInHookName(g.name));
  for (const h of Object.values(CHARDEV_HOOKS)) add(h);
  for (const h of Object.values(VMSTATE_HOOKS)) add(h);
  for (const h of ['event', 'recv', 'send'] as const) add(i2cHookName(h));
  for (const h of ['realize', 'pre-reset', 'reset'] as const) add(deviceHookName(h));
  return out;
}

/** The registers some variant of the device changes, in register order (each once). */
export function variantRegisterSet(device: Pick<DeviceIR, 'registers' | 'variants'>): RegisterIR[] {
  const names = new Set(device.variants.flatMap((v) => v.resets.map((r) => r.register)));
  return device.registers.filter((r) => names.has(r.name));
}

/** The C declaration name of a timer field's callback. */
export function cTimerFields(device: DeviceIR): { field: StateFieldIR; owner: StructIR | undefined }[] {
  return [
    ...device.state.filter((f) => f.type === 'timer').map((field) => ({ field, owner: undefined })),
    ...device.structs.flatMap((st) => st.fields.filter((f) => f.type === 'timer').map((field) => ({ field, owner: st }))),
  ];
}

/** C keywords (C11 and the GNU ones QEMU builds with), which no generated member may be. */
const C_KEYWORDS = new Set(('auto break case char const continue default do double else enum extern float for goto if inline int long '
  + 'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex '
  + '_Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local asm typeof bool true false').split(' '));

/** Whether `name` is a C keyword. */
export function isCKeyword(name: string): boolean {
  return C_KEYWORDS.has(name);
}

/** One member of the generated state struct and the definition element it comes from. */
export interface CStateMember {
  readonly member: string;
  readonly what: string;
  readonly name: string;
  readonly span: Span;
}

/**
 * The members of the generated state struct, in declaration order, with their causes: the
 * parent object, the MemoryRegions, the state fields, the CharBackend, output lines, clocks,
 * child buses and properties (names/qemu-c-names.ts spells each, header.view.ts declares them).
 */
export function cStateMembers(device: DeviceIR & { readonly qemu: QemuPlacementIR }): CStateMember[] {
  const names = qemuCNames(device);
  const out: CStateMember[] = [{ member: 'parent_obj', what: 'the parent object', name: device.parent, span: device.span }];
  for (const r of device.regions) out.push({ member: names.regionMember(r.name, device.regions.length), what: 'region', name: r.name, span: r.span });
  for (const f of device.state) out.push({ member: cMember(f.name), what: 'state field', name: f.name, span: f.span });
  if (device.chardev !== undefined) out.push({ member: 'chr', what: 'the character back end', name: device.chardev.property, span: device.chardev.span });
  for (const g of device.gpios.filter((x) => x.direction === 'out')) out.push({ member: cMember(g.name), what: 'gpio', name: g.name, span: g.span });
  for (const c of device.clocks) out.push({ member: cMember(c.name), what: 'clock', name: c.name, span: c.span });
  for (const b of device.buses) out.push({ member: cMember(b.name), what: 'bus', name: b.name, span: b.span });
  for (const r of variantRegisterSet(device)) out.push({ member: cVariantMember(r), what: 'variant values of register', name: r.name, span: r.span });
  for (const p of device.properties.filter((x) => !x.inherited && x.type !== 'chardev')) out.push({ member: cMember(p.name), what: 'property', name: p.name, span: p.span });
  return out;
}
