/**
 * View model of the generated QEMU header `generated/<dev>/qemu/<dev>.h`: the register map as
 * registerfields.h declarations, the QOM declarations, the record structs and the state
 * struct, and the prototypes of the hooks the hand-written C behaviour defines.
 */
import type { RegisterBlockIR, RegisterIR, StateFieldIR, StructIR } from '../../ir/ir.ts';
import {
  C_RECORD_OWNER, C_SCALAR, cBlockStem, cEnumConst, cHooks, cMember, cRegisterStem, cRepeatConsts, cStructType, cVariantMember, cVariantNames, qemuCNames, variantRegisterSet,
  type CHook, type QemuCNames,
} from '../../names/qemu-c-names.ts';
import { namedHook } from '../../names/device-names.ts';
import { bannerText } from '../emitter.ts';
import { resetValueFns } from './mmio.c-view.ts';
import { cBanner, cDocComment, cHex, cString, prototypeLines, QEMU_C_EMITTER, type QemuDevice } from './c-literals.ts';

export { cDocComment, prototypeLines, QEMU_C_EMITTER, type QemuDevice } from './c-literals.ts';

/** The registerfields.h lines of one register (`REG32(...)`, its fields and enum values). */
function registerLines(names: QemuCNames, r: RegisterIR, block: RegisterBlockIR | undefined): string[] {
  const stem = cRegisterStem(names, r, block);
  const out = [`REG${r.width}(${stem}, ${cHex(r.offset, 3)})`];
  for (const f of r.fields) {
    if (f.implicit) continue;
    out.push(`    FIELD(${stem}, ${f.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}, ${f.lsb}, ${f.msb - f.lsb + 1})`);
  }
  if (r.array !== undefined) {
    const c = cRepeatConsts(stem);
    out.push(`#define ${c.count} ${r.array.count}`, `#define ${c.stride} ${cHex(r.array.stride)}`);
  }
  for (const f of r.fields) for (const e of f.enums) out.push(`#define ${cEnumConst(stem, f.name, e.name)} ${cHex(e.value)}`);
  return out;
}

/** The register map: registers of every region, then each block's constants and registers. */
function registerMap(names: QemuCNames, device: QemuDevice): string[] {
  const out: string[] = [];
  for (const r of device.registers) out.push(...registerLines(names, r, undefined));
  for (const b of device.blocks) {
    const c = cRepeatConsts(cBlockStem(names, b));
    out.push('', ...cDocComment(`Block ${b.name}: ${b.description} Register offsets are relative to an element.`, ''));
    out.push(`#define ${c.offset} ${cHex(b.offset, 3)}`, `#define ${c.stride} ${cHex(b.stride)}`, `#define ${c.count} ${b.count}`);
    for (const r of b.registers) out.push(...registerLines(names, r, b));
  }
  return out;
}

/** C declaration of a state or struct field (without the description). */
export function fieldDecl(names: QemuCNames, device: QemuDevice, f: StateFieldIR): string {
  const member = cMember(f.name);
  const dim = f.length === undefined ? '' : `[${cLengthConst(names, f)}]`;
  switch (f.type) {
    case 'timer':
      return `QEMUTimer *${member}${dim};`;
    case 'bitbang-i2c':
      return `bitbang_i2c_interface ${member};`;
    case 'struct': {
      const st = device.structs.find((s) => s.name === f.struct);
      return `${cStructType(names, device, st ?? { name: f.struct ?? '' })} ${member}${dim};`;
    }
    default:
      return `${C_SCALAR[f.type]} ${member}${dim};`;
  }
}

/** The constant holding the length of an array state field (`PL011_READ_FIFO_LENGTH`). */
export function cLengthConst(names: QemuCNames, f: Pick<StateFieldIR, 'name'>): string {
  return `${names.constPrefix}_${cMember(f.name).toUpperCase()}_LENGTH`;
}

/** `#define`s of the lengths of the device's array state fields (behaviour sizes loops by them). */
function lengthLines(names: QemuCNames, device: QemuDevice): string[] {
  return device.state.filter((f) => f.length !== undefined).map((f) => `#define ${cLengthConst(names, f)} ${f.length}`);
}

/** Natural alignment of a field's C type on a 64-bit host. */
function alignOf(f: StateFieldIR): number {
  switch (f.type) {
    case 'timer': case 'u64': case 'i64': case 'struct': case 'bitbang-i2c': return 8;
    case 'u32': case 'i32': return 4;
    case 'u16': case 'i16': return 2;
    default: return 1;
  }
}

/** Whether a record struct owns a timer (then its elements point back at the device). */
export function recordHasTimer(st: StructIR): boolean {
  return st.fields.some((f) => f.type === 'timer');
}

/**
 * A record struct. Members are ordered by alignment (stable), so the record has no padding it
 * can avoid: its size is a fact of the migration stream's description (QEMU's dump records
 * it), and the definition's field order is a wire order the VMState keeps anyway.
 */
function structLines(names: QemuCNames, device: QemuDevice, st: StructIR): string[] {
  const type = cStructType(names, device, st);
  const fields = st.fields.map((f, i) => ({ f, i })).sort((a, b) => alignOf(b.f) - alignOf(a.f) || a.i - b.i);
  const out = [...cDocComment(st.description, ''), `typedef struct ${type} {`];
  if (recordHasTimer(st)) out.push(`    ${names.struct} *${C_RECORD_OWNER};`);
  for (const { f } of fields) out.push(...cDocComment(f.description, '    '), `    ${fieldDecl(names, device, f)}`);
  out.push(`} ${type};`);
  return out;
}

/** Members of the state struct after the parent object. */
function stateMembers(names: QemuCNames, device: QemuDevice): string[] {
  const out: string[] = [];
  const n = device.regions.length;
  for (const r of device.regions) out.push(`    MemoryRegion ${names.regionMember(r.name, n)};`);
  for (const f of device.state) out.push(...cDocComment(f.description, '    '), `    ${fieldDecl(names, device, f)}`);
  if (device.chardev !== undefined) out.push('    CharBackend chr;');
  for (const g of device.gpios.filter((x) => x.direction === 'out')) {
    out.push(`    qemu_irq ${cMember(g.name)}${g.count === 1 ? '' : `[${g.count}]`};`);
  }
  for (const c of device.clocks) out.push(`    Clock *${cMember(c.name)};`);
  for (const b of device.buses) out.push(`    I2CBus *${cMember(b.name)};`);
  for (const r of variantRegisterSet(device)) {
    out.push(...cDocComment(`Values of ${r.name} for this instance's type (the device's or a variant's).`, '    '), `    const ${r.width > 32 ? 'uint64_t' : 'uint32_t'} *${cVariantMember(r)};`);
  }
  const props = device.properties.filter((p) => !p.inherited && p.type !== 'chardev');
  if (props.length > 0) out.push('', '    /* Properties */');
  for (const p of props) out.push(`    ${p.type === 'string' || p.type === 'chardev' ? 'char *' : `${C_SCALAR[p.type]} `}${cMember(p.name)};`);
  return out;
}

/** The C return type and parameters of a hook (after the state pointer). */
export function hookSignature(device: QemuDevice, hook: CHook): { ret: string; params: string[] } {
  const b = hook.binding;
  const v = (b.register?.width ?? 32) > 32 ? 'uint64_t' : 'uint32_t';
  const index = b.register?.array !== undefined || b.block !== undefined ? ['unsigned index'] : [];
  switch (b.kind) {
    case 'register-read': return { ret: v, params: index };
    case 'register-write': return { ret: 'void', params: v === 'uint64_t' ? [...index, 'uint64_t value', 'uint64_t mask'] : [...index, `${v} value`] };
    case 'register-post-write': return { ret: 'void', params: [...index, `${v} old_value`, `${v} new_value`] };
    case 'region-post-write': return { ret: 'void', params: ['hwaddr offset', 'unsigned size'] };
    case 'gpio-in': return { ret: 'void', params: ['int n', 'int level'] };
    case 'chardev':
      if (b.which === 'canReceive') return { ret: 'int', params: [] };
      if (b.which === 'receive') return { ret: 'void', params: ['const uint8_t *buf', 'int size'] };
      return { ret: 'void', params: ['QEMUChrEvent event'] };
    case 'timer': {
      const inStruct = device.structs.some((st) => st.fields.some((f) => f.type === 'timer' && f.callback !== undefined && namedHook(f.callback) === b.name));
      return { ret: 'void', params: inStruct ? ['unsigned index'] : [] };
    }
    case 'vmstate':
      if (b.which === 'preSave') return { ret: 'int', params: [] };
      if (b.which === 'postLoad') return { ret: 'int', params: ['int version_id'] };
      if (b.which === 'validate') return { ret: 'bool', params: ['int version_id'] };
      return { ret: 'bool', params: [] };
    case 'i2c':
      if (b.which === 'event') return { ret: 'int', params: ['enum i2c_event event'] };
      if (b.which === 'recv') return { ret: 'uint8_t', params: [] };
      return { ret: 'int', params: ['uint8_t data'] };
    case 'device':
      return { ret: 'void', params: b.which === 'realize' ? ['Error **errp'] : [] };
  }
}

/** What a hook is for, in a sentence (the prototype's comment). */
function hookPurpose(h: CHook): string {
  const b = h.binding;
  const reg = b.register ? `${b.block ? `${b.block.name}.` : ''}${b.register.name}` : '';
  switch (b.kind) {
    case 'register-read': return `Value a guest read of ${reg} returns.`;
    case 'register-write': return `Takes a guest write to ${reg} (it stores the value itself).`;
    case 'register-post-write': return `Runs after a guest write to ${reg} was stored, with the old and new stored values.`;
    case 'region-post-write': return `Runs after every guest write to region ${b.region?.name ?? ''}, whatever the offset decoded to (registers and bad offsets alike).`;
    case 'gpio-in': return `Input line n of ${b.what} changed to level.`;
    case 'chardev':
      if (b.which === 'canReceive') return 'How many bytes the character back end may deliver now.';
      if (b.which === 'receive') return 'Bytes from the character back end.';
      return 'An event of the character back end.';
    case 'timer': return `Expiry of ${b.what}.`;
    case 'vmstate':
      if (b.which === 'preSave') return 'Before the state is saved; returns 0 or a negative errno.';
      if (b.which === 'postLoad') return 'After the state was loaded; returns 0 or a negative errno.';
      if (b.which === 'validate') return `Migration ${b.what}: false rejects the incoming stream.`;
      return `Whether ${b.what} is sent.`;
    case 'i2c':
      if (b.which === 'event') return 'An I2C bus event addressed to the device; non-zero NACKs it.';
      if (b.which === 'recv') return 'The byte the device answers an I2C read with.';
      return 'A byte the bus master sent; non-zero NACKs it.';
    case 'device':
      if (b.which === 'realize') return 'At realize, after the generated set-up; sets errp on failure.';
      if (b.which === 'pre-reset') return 'First step of a reset, before registers and state take their reset values.';
      return 'Last step of a reset, after registers and state took their reset values.';
  }
}

/** Every hook prototype, each with the comment saying what it is for and which definition line asks for it. */
function hookLines(names: QemuCNames, device: QemuDevice): string[] {
  const out: string[] = [];
  for (const h of cHooks(device)) {
    const { ret, params } = hookSignature(device, h);
    out.push('', ...cDocComment(`${hookPurpose(h)} (${h.binding.span.file.split('/').pop()}:${h.binding.span.line})`, ''));
    out.push(...prototypeLines(ret, h.name, [`${names.struct} *s`, ...params]));
  }
  return out;
}

/** The includes a header of this device needs, in QEMU's usual order. */
function includes(device: QemuDevice): string[] {
  const inc = new Set<string>();
  if (device.bus === 'i2c') inc.add('hw/i2c/i2c.h');
  else inc.add('hw/sysbus.h');
  if (device.registers.length > 0 || device.blocks.length > 0) inc.add('hw/registerfields.h');
  if (device.chardev !== undefined) inc.add('chardev/char-fe.h');
  if (device.clocks.length > 0) inc.add('hw/clock.h');
  const all = [...device.state, ...device.structs.flatMap((s) => s.fields)];
  if (all.some((f) => f.type === 'timer')) inc.add('qemu/timer.h');
  if (all.some((f) => f.type === 'bitbang-i2c')) inc.add('hw/i2c/bitbang_i2c.h');
  if (device.buses.length > 0) inc.add('hw/i2c/i2c.h');
  inc.add('qom/object.h');
  return [...inc];
}

/** The header's view. */
export interface QemuHeaderView {
  readonly banner: string;
  readonly guard: string;
  readonly includes: readonly string[];
  readonly typeMacro: string;
  readonly typeName: string;
  /** `#define TYPE_<VARIANT> "<name>"` lines of the device's variants. */
  readonly variantTypes: readonly string[];
  readonly struct: string;
  readonly cast: string;
  readonly registers: readonly string[];
  /** Lengths of array state fields. */
  readonly lengths: readonly string[];
  readonly records: readonly string[];
  readonly parent: string;
  readonly members: readonly string[];
  readonly hooks: readonly string[];
  /** Prototypes of the generated reset-value functions (registers with a reset expression). */
  readonly resetValues: readonly string[];
  /** `#include` spelling of the behaviour header, or '' when the device has none. */
  readonly behaviorHeader: string;
}

/** Builds the header view of a device with a `qemu:` section. */
export function buildQemuHeaderView(device: QemuDevice): QemuHeaderView {
  const names = qemuCNames(device);
  return {
    banner: cBanner(bannerText(QEMU_C_EMITTER, device.defFile), device.description),
    guard: names.headerGuard,
    includes: includes(device),
    typeMacro: names.typeMacro,
    typeName: cString(device.name),
    variantTypes: device.variants.map((v) => `#define ${cVariantNames(v).typeMacro} ${cString(v.name)}`),
    struct: names.struct,
    cast: names.cast,
    registers: registerMap(names, device),
    lengths: lengthLines(names, device),
    records: device.structs.flatMap((st) => ['', ...structLines(names, device, st)]),
    parent: device.bus === 'i2c' ? 'I2CSlave' : 'SysBusDevice',
    members: stateMembers(names, device),
    hooks: hookLines(names, device),
    resetValues: resetValueFns(device).proto,
    behaviorHeader: names.behaviorHeaderInclude ?? '',
  };
}
