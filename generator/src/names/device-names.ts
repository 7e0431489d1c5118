/**
 * The names module: every identifier devgen derives from a definition is spelled here and
 * nowhere else — file stems, exported values and types, property keys, hook method names of
 * every kind, struct type names and register/field constants. Sema checks clashes over the
 * full list (`generatedIdentifiers`), every emitter spells names through it, lint asks it which
 * hook a behaviour must define, and the runtime receives the finished names through the
 * generated type info (it derives none).
 */
import type { HookKind } from 'devgen/runtime';
import type {
  DeviceHookName, DeviceIR, FieldIR, I2cHookName, RegionHookName, RegionIR, RegisterBlockIR, RegisterHookName, RegisterIR, Span, StateFieldIR,
} from '../ir/ir.ts';

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

/** `migrate-clk` → `migrateClk`, `read_count` → `readCount`, `foo_bar` and `foo-bar` → `fooBar`. */
export function camelCase(name: string): string {
  return words(name).map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

/** `pl011` → `Pl011`, `versatile-i2c` → `VersatileI2c`. */
export function pascalCase(name: string): string {
  return words(name).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** A register or group name made safe as part of an identifier (`LCR_H` stays, `a.b` → `a_b`). */
export function identPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_$]/g, '_');
}

/** Names every emitter uses for one device. */
export interface DeviceNames {
  /** File stem and folder under generated/ (the QOM type name). */
  readonly stem: string;
  /** Prefix of exported values, e.g. `pl011` (`pl011TypeInfo`). */
  readonly value: string;
  /** Prefix of exported types, e.g. `Pl011` (`Pl011Hooks`). */
  readonly type: string;
  /** Exported values of the generated files. */
  readonly mmio: string;
  readonly vmstate: string;
  readonly typeInfo: string;
  readonly define: string;
  /** The device class a behaviour file exports (`pl011Class`). */
  readonly deviceClass: string;
}

/** Derives the generated names of a device. */
export function deviceNames(device: Pick<DeviceIR, 'name'>): DeviceNames {
  const value = camelCase(device.name);
  const type = pascalCase(device.name);
  return { stem: device.name, value, type, mmio: `${value}Mmio`, vmstate: `${value}VmState`, typeInfo: `${value}TypeInfo`, define: `define${type}`, deviceClass: `${value}Class` };
}

/** Exported value of a board's generated descriptor (`versatilepb` → `versatilepbMachine`). */
export function machineValueName(machine: string): string {
  return `${camelCase(machine)}Machine`;
}

/** Variable of the description of a `vmstate.structs` entry (`hpet_timer` → `hpetTimerVm`). */
export function vmStructVariable(name: string): string {
  return `${camelCase(name)}Vm`;
}

/** Key of a property on the context's `props` record (`migrate-clk` → `migrateClk`). */
export function propertyKey(name: string): string {
  return camelCase(name);
}

/** Interface name of a struct: PascalCase, prefixed with the device type unless it already starts with it (`hpet_timer` → `HpetTimer`). */
export function structTypeName(device: Pick<DeviceIR, 'name'>, struct: string): string {
  const t = deviceNames(device).type;
  const p = pascalCase(struct);
  return p.startsWith(t) ? p : `${t}${p}`;
}

const REGISTER_HOOK_PREFIX: Record<RegisterHookName, string> = { read: 'read', write: 'write', 'post-write': 'postWrite' };

/** Name of a register hook method, e.g. `readDR`, `postWriteLCR_H`, `writeT_CONF` (register CONF of block T). */
export function registerHookName(register: Pick<RegisterIR, 'name'>, hook: RegisterHookName, block?: Pick<RegisterBlockIR, 'name'>): string {
  return `${REGISTER_HOOK_PREFIX[hook]}${block ? `${identPart(block.name)}_` : ''}${identPart(register.name)}`;
}

const REGION_HOOK_PREFIX: Record<RegionHookName, string> = { 'post-write': 'regionPostWrite' };

/** Name of a region hook method: the hook, then the region name (`regionPostWriteArmSbconI2c` for region arm_sbcon_i2c). */
export function regionHookName(region: Pick<RegionIR, 'name'>, hook: RegionHookName): string {
  return `${REGION_HOOK_PREFIX[hook]}${pascalCase(region.name)}`;
}

/** Name of the hook handling an input GPIO group, e.g. `gpioInLegacy` for group `legacy`. */
export function gpioInHookName(group: string): string {
  return `gpioIn${pascalCase(group)}`;
}

/** Method names of a device's chardev receive hooks. */
export const CHARDEV_HOOKS = { canReceive: 'chardevCanReceive', receive: 'chardevReceive', event: 'chardevEvent' } as const;

/** Method name of an I2C slave callback (`recv` → `i2cRecv`). */
export function i2cHookName(hook: I2cHookName): string {
  return `i2c${pascalCase(hook)}`;
}

/** Method name of a device-level hook (`pre-reset` → `preReset`). */
export function deviceHookName(hook: DeviceHookName): string {
  return camelCase(hook);
}

/** Method names of the VMState's own hooks. */
export const VMSTATE_HOOKS = { preSave: 'vmstatePreSave', postLoad: 'vmstatePostLoad' } as const;

/**
 * Method name of a subsection's post-load hook: `vmstatePostLoad` and the subsection's own name
 * after its device prefix ("pl031/tick-offset" → vmstatePostLoadTickOffset).
 */
export function subsectionPostLoadHookName(subsection: string): string {
  const own = subsection.slice(subsection.lastIndexOf('/') + 1);
  return `${VMSTATE_HOOKS.postLoad}${pascalCase(own)}`;
}

/** Name of a hook the definition names itself (`needed: {hook}`, `validate:`, timer `callback:`). */
export function namedHook(hook: string): string {
  return camelCase(hook);
}

/** Element name of an array register or block register in messages and tables: `PeriphID[0]`, `T[2].CONF`. */
export function elementName(register: Pick<RegisterIR, 'name'>, index: number, block?: Pick<RegisterBlockIR, 'name'>): string {
  return block ? `${block.name}[${index}].${register.name}` : `${register.name}[${index}]`;
}

// ---- register and field constants -----------------------------------------------------------

/** Stem of a register's constants: `FR`, `T_CONF` (block T, register CONF). */
export function registerConstStem(register: Pick<RegisterIR, 'name'>, block?: Pick<RegisterBlockIR, 'name'>): string {
  return block ? `${identPart(block.name)}_${identPart(register.name)}` : identPart(register.name);
}

/** Constant names of one register: `A_FR` (offset), `FR_WIDTH`, `FR_RESET`. */
export function registerConstNames(register: Pick<RegisterIR, 'name'>, block?: Pick<RegisterBlockIR, 'name'>): { offset: string; width: string; reset: string } {
  const s = registerConstStem(register, block);
  return { offset: `A_${s}`, width: `${s}_WIDTH`, reset: `${s}_RESET` };
}

/** Constant names of one field: `FR_RXFE` (mask), `FR_RXFE_SHIFT`, `FR_RXFE_WIDTH`. */
export function fieldConstNames(register: Pick<RegisterIR, 'name'>, field: Pick<FieldIR, 'name'>, block?: Pick<RegisterBlockIR, 'name'>): { mask: string; shift: string; width: string } {
  const s = `${registerConstStem(register, block)}_${identPart(field.name)}`;
  return { mask: s, shift: `${s}_SHIFT`, width: `${s}_WIDTH` };
}

/** Constant name of an enum value of a field: `LCR_H_WLEN_8BIT` (the unshifted value). */
export function enumConstName(register: Pick<RegisterIR, 'name'>, field: Pick<FieldIR, 'name'>, value: string, block?: Pick<RegisterBlockIR, 'name'>): string {
  return `${registerConstStem(register, block)}_${identPart(field.name)}_${identPart(value)}`;
}

/** Constant names of a block: `T_OFFSET`, `T_STRIDE`, `T_COUNT`. */
export function blockConstNames(block: Pick<RegisterBlockIR, 'name'>): { offset: string; stride: string; count: string } {
  const s = identPart(block.name);
  return { offset: `${s}_OFFSET`, stride: `${s}_STRIDE`, count: `${s}_COUNT` };
}

/** Constant names of a register array: `PeriphID_COUNT`, `PeriphID_STRIDE`. */
export function arrayConstNames(register: Pick<RegisterIR, 'name'>, block?: Pick<RegisterBlockIR, 'name'>): { count: string; stride: string } {
  const s = registerConstStem(register, block);
  return { count: `${s}_COUNT`, stride: `${s}_STRIDE` };
}

// ---- hooks ---------------------------------------------------------------------------------

/** What a hook is for: the runtime's own type, so the kinds the type info lists are the ones it knows. */
export type { HookKind } from 'devgen/runtime';

/** One hook a device's behaviour must implement. */
export interface HookBinding {
  readonly name: string;
  readonly kind: HookKind;
  /** The region a region hook belongs to. */
  readonly region?: RegionIR;
  /** The register (and block) a register hook belongs to. */
  readonly register?: RegisterIR;
  readonly block?: RegisterBlockIR;
  readonly hook?: RegisterHookName;
  /**
   * Which hook of its kind: `canReceive`/`receive`/`event` (chardev), `preSave`/`postLoad`/
   * `validate`/`needed` (vmstate), the I2C callback or the device hook name.
   */
  readonly which?: string;
  /** Human description of the element asking for it (`gpio "legacy"`, `timer field "qemu_timer" of struct "hpet_timer"`). */
  readonly what?: string;
  /** The definition element that asks for the hook. */
  readonly span: Span;
}

const REGISTER_HOOK_ORDER: readonly RegisterHookName[] = ['read', 'write', 'post-write'];
const REGISTER_HOOK_KIND: Record<RegisterHookName, HookKind> = { read: 'register-read', write: 'register-write', 'post-write': 'register-post-write' };

/** Timer fields of the device state and of its structs (owner = struct name). */
export function timerFields(device: DeviceIR): { field: StateFieldIR; owner: string | undefined }[] {
  return [
    ...device.state.filter((f) => f.type === 'timer').map((field) => ({ field, owner: undefined })),
    ...device.structs.flatMap((st) => st.fields.filter((f) => f.type === 'timer').map((field) => ({ field, owner: st.name }))),
  ];
}

/**
 * Every hook the device's behaviour must implement, in the order the hooks interface declares
 * them; a name shared by several sites (one validate hook used twice) appears once.
 */
export function hookBindings(device: DeviceIR): HookBinding[] {
  const out: HookBinding[] = [];
  const seen = new Set<string>();
  const add = (b: HookBinding): void => {
    if (seen.has(b.name)) return;
    seen.add(b.name);
    out.push(b);
  };
  const regs = [
    ...device.registers.map((register) => ({ register, block: undefined as RegisterBlockIR | undefined })),
    ...device.blocks.flatMap((block) => block.registers.map((register) => ({ register, block }))),
  ];
  for (const { register, block } of regs) {
    for (const hook of REGISTER_HOOK_ORDER.filter((h) => register.hooks.includes(h))) {
      add({ name: registerHookName(register, hook, block), kind: REGISTER_HOOK_KIND[hook], register, block, hook, span: register.span });
    }
  }
  for (const region of device.regions) {
    if (region.hooks.includes('post-write')) add({ name: regionHookName(region, 'post-write'), kind: 'region-post-write', region, span: region.span });
  }
  for (const g of device.gpios.filter((x) => x.direction === 'in')) {
    add({ name: gpioInHookName(g.name), kind: 'gpio-in', what: `gpio "${g.name}"`, span: g.span });
  }
  const cd = device.chardev;
  if (cd?.receive) for (const [which, name] of Object.entries(CHARDEV_HOOKS)) add({ name, kind: 'chardev', which, span: cd.span });
  for (const { field, owner } of timerFields(device)) {
    const what = owner ? `timer field "${field.name}" of struct "${owner}"` : `timer field "${field.name}"`;
    if (field.callback !== undefined) add({ name: namedHook(field.callback), kind: 'timer', what, span: field.span });
  }
  const vm = device.vmstate;
  if (vm?.preSave) add({ name: VMSTATE_HOOKS.preSave, kind: 'vmstate', which: 'preSave', span: vm.span });
  if (vm?.postLoad) add({ name: VMSTATE_HOOKS.postLoad, kind: 'vmstate', which: 'postLoad', span: vm.span });
  const vmFields = [...(vm?.fields ?? []), ...(vm?.subsections ?? []).flatMap((x) => x.fields), ...(vm?.structs ?? []).flatMap((x) => x.fields)];
  for (const f of vmFields) {
    if (f.source.kind === 'validate') add({ name: namedHook(f.source.hook), kind: 'vmstate', which: 'validate', what: `check "${f.name}"`, span: f.span });
  }
  for (const sub of vm?.subsections ?? []) {
    if (sub.needed.kind === 'hook') add({ name: namedHook(sub.needed.hook), kind: 'vmstate', which: 'needed', what: `subsection "${sub.name}"`, span: sub.needed.span });
    if (sub.postLoad) add({ name: subsectionPostLoadHookName(sub.name), kind: 'vmstate', which: 'postLoad', what: `subsection "${sub.name}"`, span: sub.span });
  }
  for (const h of device.i2c?.hooks ?? []) add({ name: i2cHookName(h), kind: 'i2c', which: h, span: device.i2c!.span });
  for (const h of device.hooks) add({ name: deviceHookName(h), kind: 'device', which: h, span: device.span });
  return out;
}
