/**
 * THE schema of definition format v1, written once in zod 4. It yields the TypeScript types of
 * a parsed definition (z.infer), the shape check the pipeline runs, and the JSON Schema
 * published for editors (buildDeviceJsonSchema).
 *
 * Numbers are deliberately loose for zod (any scalar): the exact number rules need the source
 * spelling of each scalar, so lowering applies them (numbers.ts, slots.ts). The JSON Schema
 * states the same slot ranges, and adds what JSON Schema can say of the checks devgen makes
 * later with positioned rule ids (which keys go with which type, hook combinations, exactly-one
 * choices): an editor rejects what devgen rejects, except what needs the source text, other
 * entries or the disk (test/unit/generator/frontend/json-schema.test.ts lists those).
 */
import * as z from 'zod';
import { ACCESS_KINDS, MACHINE_REQUESTS, type ScalarType } from '../ir/ir.ts';
import { absent, exactlyOneKey, keyIs, numberJson, when, type JsonSchema } from './json-numbers.ts';
import type { NumberSlot } from './numbers.ts';
import { ACCESS_SIZES, FORMAT_VERSION, REGISTER_WIDTHS, SLOTS, scalarSlot } from './slots.ts';

/** JSON Schema fragments that replace zod's rendering of particular schemas. */
const jsonOverrides = new WeakMap<object, JsonSchema>();
/** JSON Schema conditions added to zod's rendering of particular schemas (under `allOf`). */
const jsonConditions = new WeakMap<object, readonly JsonSchema[]>();

/** Adds JSON-only conditions to a schema (zod leaves these checks to lowering and sema). */
function withConditions<S extends z.ZodType>(schema: S, conditions: readonly JsonSchema[]): S {
  jsonConditions.set(schema, [...(jsonConditions.get(schema) ?? []), ...conditions]);
  return schema;
}

/** A number in any of the format's spellings: a YAML integer or a quoted 0x/0b/decimal string. */
export type NumberLiteral = bigint | number | string;

/** A number slot; `description` feeds editor hovers, `values` lists the only values allowed. */
function num(slot: NumberSlot, description: string, values?: readonly number[]) {
  const s = z
    .custom<NumberLiteral>((v) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string', { message: 'expected a number' })
    .meta({ description });
  jsonOverrides.set(s, numberJson(slot, description, values));
  return s;
}

/** A list of hook names, each listed once. */
function hookList<const H extends readonly [string, ...string[]]>(hooks: H) {
  const s = z.array(z.enum(hooks));
  jsonOverrides.set(s, { type: 'array', items: { enum: [...hooks] }, uniqueItems: true });
  return s;
}

/** A non-empty string. */
const str = (description: string) => z.string().min(1).meta({ description });
/** A description (may be long; required text for people and generated JSDoc). */
const desc = z.string().meta({ description: 'Human description; copied into generated JSDoc.' });

const scalarTypes = ['bool', 'u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64'] as const;
/** Scalar types of state, properties and trace arguments. */
export const ScalarTypeSchema = z.enum(scalarTypes);
const accessSchema = z.enum(ACCESS_KINDS as unknown as [string, ...string[]]).meta({ description: 'Access semantics (UVM names).' });

const INTEGER_TYPES = scalarTypes.filter((t) => t !== 'bool');
/** Any value of an integer type (the widest range); conditions narrow it per type. */
const ANY_INTEGER: NumberSlot = { what: 'an integer', min: scalarSlot('i64', '').min, max: scalarSlot('u64', '').max };

const bitsSchema = z
  .custom<NumberLiteral>((v) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string', { message: 'expected "msb:lsb" or a bit index' })
  .meta({ description: 'Bit range "msb:lsb" or a single bit index.' });
{
  // Any bit index, largest first; inside "msb:lsb" lowering reads leading zeros too, a lone index as a number.
  const { min, max } = SLOTS.bitIndex;
  const bit = `(?:${Array.from({ length: Number(max - min) + 1 }, (_, i) => String(max - BigInt(i))).join('|')})`;
  jsonOverrides.set(bitsSchema, {
    anyOf: [
      { type: 'integer', minimum: Number(SLOTS.bitIndex.min), maximum: Number(SLOTS.bitIndex.max) },
      { type: 'string', pattern: `^\\s*(?:0*${bit}\\s*:\\s*0*${bit}|${bit})\\s*$` },
    ],
    description: 'Bit range "msb:lsb" or a single bit index.',
  });
}

const accessWindow = z.strictObject({
  min: num(SLOTS.accessSize, 'Smallest access size in bytes (1, 2, 4, 8).', ACCESS_SIZES).optional(),
  max: num(SLOTS.accessSize, 'Largest access size in bytes (1, 2, 4, 8).', ACCESS_SIZES).optional(),
  unaligned: z.boolean().optional(),
});

const enumValue = z.strictObject({ name: str('Enum value name.'), value: num(SLOTS.enumValue, 'Field value.'), description: desc.optional() });

const field = z.strictObject({
  name: str('Field name (a TS identifier).'),
  bits: bitsSchema,
  access: accessSchema.optional(),
  description: desc.optional(),
  enum: z.array(enumValue).optional(),
});

/** A value computed at generation time from integers and `${property}` references. */
const exprText = z.string().min(1).meta({ description: 'Expression: integers, ${property} references, | & ^ ~ << >> + - * and parentheses.' });
// The tokens of value-expr.ts (spaces, ${name}, number words, operators); the grammar is devgen's.
jsonOverrides.set(exprText, {
  type: 'string',
  minLength: 1,
  pattern: '^(?:\\s|\\$\\{\\s*[A-Za-z_][A-Za-z0-9_-]*\\s*\\}|[0-9][0-9A-Za-z_]*|<<|>>|[|&^~+*()-])+$',
  description: 'Expression: integers, ${property} references, | & ^ ~ << >> + - * and parentheses.',
});
const valueExpr = z.strictObject({ expr: exprText });

/** Offset decode rule of a register, an array or a block. */
const decodeSchema = z.enum(['exact', 'covering']).meta({
  description: 'exact: the register answers only at its own offset (other bytes it covers are bad offsets); covering: it answers at every byte it covers. Default: the region\'s `exact-offsets` (true: exact), or the block\'s `decode:` for a block register.',
});

/** Register rules on words and key presence (register-no-access, field-no-access, hook-without-storage, hook-conflict). */
const REGISTER_CONDITIONS: readonly JsonSchema[] = [
  { anyOf: [{ required: ['access'] }, { required: ['fields'], properties: { fields: { type: 'array', minItems: 1, items: { type: 'object', required: ['access'] } } } }] },
  when(
    { properties: { hooks: { type: 'array', contains: { const: 'post-write' } } }, required: ['hooks'] },
    { required: ['storage'], properties: { hooks: { not: { type: 'array', contains: { const: 'write' } } } } },
  ),
];

const register = withConditions(z.strictObject({
  name: str('Register name (a TS identifier; used in hook names such as readDR).'),
  region: str('Region the register lives in (default: the first region).').optional(),
  offset: num(SLOTS.registerOffset, 'Byte offset inside the region.'),
  width: num(SLOTS.registerWidth, 'Width in bits: 8, 16, 32 or 64 (default 32).', REGISTER_WIDTHS).optional(),
  reset: z.union([num(SLOTS.registerReset, 'Reset value.'), z.array(num(SLOTS.registerReset, 'Reset value of one array element.')), valueExpr], { error: 'expected a number, a list of numbers or { expr: "..." }' }).optional(),
  'reset-keeps': z.boolean().meta({ description: 'Leave the storage alone at reset.' }).optional(),
  description: desc.optional(),
  array: z.strictObject({ count: num(SLOTS.arrayCount, 'Number of elements.'), stride: num(SLOTS.arrayStride, 'Bytes between elements.') }).optional(),
  storage: str('State field holding the value.').optional(),
  decode: decodeSchema.optional(),
  hooks: hookList(['read', 'write', 'post-write']).optional(),
  access: accessSchema.optional(),
  'ignore-writes': z.boolean().optional(),
  'partial-writes': z.enum(['apply', 'ignore']).meta({ description: 'apply (default): a write narrower than the register, or inside it, reaches it with the access\'s value; ignore: only a write of the whole register at its own offset does, others are dropped silently (QEMU devices that check `addr == 0 && len == 4`, like the PCI configuration index).' }).optional(),
  fields: z.array(field).optional(),
}), REGISTER_CONDITIONS);

const region = z.strictObject({
  name: str('Region name.'),
  size: num(SLOTS.regionSize, 'Size in bytes.'),
  endianness: z.enum(['native', 'little', 'big']).optional(),
  valid: accessWindow.optional(),
  impl: accessWindow.optional(),
  'exact-offsets': z.boolean().meta({ description: 'Registers answer only at their own offset (offsets inside a register are bad offsets).' }).optional(),
  'bad-offset-read': num(SLOTS.badOffsetRead, 'Value a bad-offset read returns (default 0).').optional(),
  'offset-mask': num(SLOTS.offsetMask, 'The device decodes only these address bits (QEMU `addr &= mask`; 0: it ignores the address): an offset is masked before it is decoded, so the device calls a widened access makes past the region end land where QEMU\'s device answers them.').optional(),
  'default-register': str('The register answering every offset no other register of the region has, past the region end included (QEMU\'s `addr == 0 ? ... : ...` or `switch` `default:` decode): the per-byte calls of an access wider than the region reach it.').optional(),
  trace: z.strictObject({
    read: str('Trace event fired after every read (arguments: offset, value, register name).').optional(),
    write: str('Trace event fired before every write (arguments: offset, value, register name).').optional(),
  }).meta({ description: 'Trace events for every guest access to the region.' }).optional(),
  reserved: z.array(z.strictObject({
    offset: num(SLOTS.reservedOffset, 'Byte offset of the reserved range.'),
    size: num(SLOTS.reservedSize, 'Size of the reserved range in bytes.'),
    description: desc.optional(),
  })).meta({ description: 'Ranges with no register on purpose (reserved in the datasheet); accesses there are bad offsets.' }).optional(),
  // post-write: after every write the region takes (registers, reserved ranges and bad offsets
  // alike, after their own handling), like code after the switch of a QEMU write handler.
  hooks: hookList(['post-write']).optional(),
  description: desc.optional(),
});

/** Which default and range each property type takes (property-default, property-range-type, number-range). */
const PROPERTY_CONDITIONS: readonly JsonSchema[] = [
  ...INTEGER_TYPES.map((t) => {
    const n = numberJson(scalarSlot(t, ''));
    return when(keyIs('type', t), { properties: { default: n, min: n, max: n } });
  }),
  when(keyIs('type', 'bool'), { properties: { default: { type: 'boolean' }, min: false, max: false } }),
  when(keyIs('type', 'string'), { properties: { default: { type: 'string' }, min: false, max: false } }),
  when(keyIs('type', 'chardev'), absent('default', 'min', 'max')),
];

const property = withConditions(z.strictObject({
  name: str('qdev property name (kebab-case allowed; becomes a camelCase key).'),
  type: z.enum([...scalarTypes, 'string', 'chardev']),
  default: z.union([z.boolean(), num(ANY_INTEGER, 'Default value.'), z.string()], { error: 'expected a boolean, a number or a string' }).optional(),
  min: num(ANY_INTEGER, 'Smallest allowed value.').optional(),
  max: num(ANY_INTEGER, 'Largest allowed value.').optional(),
  'out-of-range': z.enum(['error', 'clamp']).meta({ description: 'error: setting an out-of-range value fails (default); clamp: it is clamped at realize.' }).optional(),
  description: desc.optional(),
}), PROPERTY_CONDITIONS);

const gpio = z.strictObject({
  name: str('GPIO group name.'),
  direction: z.enum(['in', 'out']),
  count: num(SLOTS.gpioCount, 'Number of lines (default 1).').optional(),
  sysbus: z.boolean().optional(),
  'qemu-unnamed': z.boolean().optional(),
  lines: z.array(str('Line name.')).optional(),
  description: desc.optional(),
});

const clock = z.strictObject({ name: str('Clock name.'), direction: z.enum(['in', 'out']), description: desc.optional() });

const traceEvent = z.strictObject({
  name: str('Trace event name.'),
  args: z.record(z.string(), z.enum([...scalarTypes, 'string'])).optional(),
  format: z.string(),
});

/**
 * Which keys go with which kind of state field (state-reset-type, timer-callback,
 * callback-not-timer, clock-not-timer, timer-outside-struct-array, struct-state-length, bitbang-i2c-field,
 * bitbang-i2c-bus for a missing bus, bus-not-bitbang), and the reset range of each scalar type.
 */
const STATE_CONDITIONS: readonly JsonSchema[] = [
  ...INTEGER_TYPES.map((t) => when(keyIs('type', t), { properties: { reset: numberJson(scalarSlot(t, '')) } })),
  when(keyIs('type', 'bool'), { properties: { reset: { type: 'boolean' } } }),
  when(keyIs('type', 'timer'), { required: ['callback'], ...absent('length', 'reset') }),
  when(keyIs('type', 'bitbang-i2c'), { required: ['bus'], properties: { length: false, reset: false, migrate: { const: false } } }),
  when({ required: ['struct'] }, { required: ['length'], ...absent('reset') }),
  when({ not: keyIs('type', 'timer') }, absent('callback', 'clock')),
  when({ not: keyIs('type', 'bitbang-i2c') }, absent('bus')),
];

const stateField = z
  .strictObject({
    name: str('State field name (a TS property name).'),
    type: z.enum([...scalarTypes, 'timer', 'bitbang-i2c']).meta({ description: 'Scalar type, timer (a virtual-clock timer) or bitbang-i2c (a bit-banged I2C engine driving a child bus, never migrated).' }).optional(),
    struct: str('Struct (from `structs:`) of each element.').optional(),
    callback: str('Hook called on timer expiry, with the element index.').optional(),
    clock: z.enum(['virtual', 'rtc']).meta({ description: "Clock a timer runs on: virtual (the machine's virtual clock, the default) or rtc (the RTC clock `-rtc clock=` picks, as QEMU's timer_new_ns(rtc_clock, ...))." }).optional(),
    bus: str('Child bus (a `buses:` entry of kind i2c) a bitbang-i2c field drives.').optional(),
    migrate: z.boolean().meta({ description: 'false: instance state the device keeps but never migrates (the VMState may not name it). Default true.' }).optional(),
    length: num(SLOTS.stateLength, 'Array length.').optional(),
    reset: z.union([z.boolean(), num(ANY_INTEGER, 'Reset value.')], { error: 'expected a number or a boolean' }).optional(),
    description: desc.optional(),
  })
  .superRefine((obj, ctx) => exactlyOne<Record<string, unknown>>(['type', 'struct'])(obj, ctx));
withConditions(stateField, [exactlyOneKey(['type', 'struct']), ...STATE_CONDITIONS]);

/** A struct field: a state field, but a bitbang-i2c engine belongs to the device state (bitbang-i2c-field). */
const structField = withConditions(stateField.meta({ description: 'A field of each struct element.' }), [
  exactlyOneKey(['type', 'struct']),
  ...STATE_CONDITIONS,
  { not: keyIs('type', 'bitbang-i2c') },
]);

const struct = z.strictObject({
  name: str('Struct name.'),
  description: desc.optional(),
  fields: z.array(structField),
});

const block = z.strictObject({
  name: str('Block name (prefix of its hook names, e.g. writeT_CONF).'),
  region: str('Region the block lives in (default: the first region).').optional(),
  offset: num(SLOTS.blockOffset, 'Byte offset of element 0 inside the region.'),
  count: num(SLOTS.blockCount, 'Number of elements.'),
  stride: num(SLOTS.blockStride, 'Bytes between elements.'),
  state: str('Struct-array state field holding one element per block element.').optional(),
  decode: decodeSchema.optional(),
  limit: z.strictObject({
    property: str('Property whose value is the number of elements that exist.'),
    inclusive: z.boolean().meta({ description: 'The element at index == limit exists too (QEMU hpet `id > num_timers`).' }).optional(),
  }).optional(),
  'reset-unaddressed': z.boolean().meta({ description: 'The reset gives the block registers\' reset values to every record of the state array below the limit, also those beyond `count` that have no address (QEMU hpet resets num_timers timers, up to 32, but decodes 24 blocks).' }).optional(),
  description: desc.optional(),
  registers: z.array(register),
});

/** Exactly one of `keys` must be present in an object. */
function exactlyOne<T extends Record<string, unknown>>(keys: readonly string[]) {
  return (obj: T, ctx: z.RefinementCtx) => {
    const present = keys.filter((k) => obj[k] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: present.length === 0 ? `expected one of ${keys.map((k) => `'${k}'`).join(', ')}` : `only one of ${present.map((k) => `'${k}'`).join(', ')} may be given`,
      });
    }
  };
}

/** What a vmstate field migrates: exactly one of these keys. */
const VM_FIELD_SOURCES = ['field', 'unused', 'clock', 'validate', 'parent'] as const;

const vmField = z
  .strictObject({
    field: str('State field to migrate.').optional(),
    // At least one byte: lowering reads any size so that sema can report unused-size.
    unused: num({ ...SLOTS.unusedSize, min: 1n }, 'Bytes of padding.').optional(),
    clock: str('Clock to migrate.').optional(),
    validate: str('Check hook run at this point of a load (QEMU VMSTATE_VALIDATE); no bytes on the wire.').optional(),
    parent: str('Parent-class state migrated as a struct field of this name (e.g. i2c).').optional(),
    name: str('Name of a validate entry (shown in errors).').optional(),
    length: z.union([
      num(SLOTS.vmLength, 'Fixed number of elements.'),
      z.strictObject({ property: str('Property giving the number of elements.') }),
      z.strictObject({ field: str('Integer state field giving the number of elements (QEMU VMSTATE_VARRAY over a struct member).') }),
    ], { error: 'expected a number, { property: name } or { field: name }' }).optional(),
    vmstate: str('Description of each element (a `vmstate.structs` name) or of the parent state (I2CSlave).').optional(),
    since: num(SLOTS.version, 'Version that added the field.').optional(),
    compat: z.strictObject({ size: num(SLOTS.cSize, 'C-side size in bytes that QEMU records.').optional() }).optional(),
  })
  .superRefine(exactlyOne(VM_FIELD_SOURCES));
withConditions(vmField, [exactlyOneKey(VM_FIELD_SOURCES)]);

/** When a subsection is sent: exactly one of these keys. */
const NEEDED_CONDITIONS = ['property', 'nonzero', 'hook'] as const;

const needed = z
  .strictObject({
    property: str('Bool property that enables the subsection.').optional(),
    nonzero: str('State field; the subsection is sent when it is non-zero.').optional(),
    hook: str('Behaviour hook deciding it.').optional(),
  })
  .superRefine(exactlyOne(NEEDED_CONDITIONS));
withConditions(needed, [exactlyOneKey(NEEDED_CONDITIONS)]);

const subsection = z.strictObject({
  name: str('Subsection name.'),
  version: num(SLOTS.version, 'Version id.'),
  'minimum-version': num(SLOTS.version, 'Minimum accepted version id.').optional(),
  needed,
  'post-load': z.boolean().meta({ description: "The behaviour's vmstatePostLoad<Name> hook runs once this subsection's fields are loaded, before the description's own post-load (QEMU's subsection .post_load)." }).optional(),
  fields: z.array(vmField),
});

const vmStruct = z.strictObject({
  name: str('VMStateDescription name.'),
  struct: str('Struct (from `structs:`) the description reads.'),
  version: num(SLOTS.version, 'Version id.'),
  'minimum-version': num(SLOTS.version, 'Minimum accepted version id (default: version).').optional(),
  fields: z.array(vmField),
});

const vmstate = z.strictObject({
  name: str('VMStateDescription name.'),
  version: num(SLOTS.version, 'Version id.'),
  'minimum-version': num(SLOTS.version, 'Minimum accepted version id (default: version).').optional(),
  'pre-save': z.boolean().optional(),
  'post-load': z.boolean().optional(),
  fields: z.array(vmField),
  subsections: z.array(subsection).optional(),
  structs: z.array(vmStruct).optional(),
});

/** A path inside a QEMU source tree: relative, posix, no segment starting with a dot (so no `.` or `..`). */
const qemuPath = (description: string, ext: string) =>
  z.string().regex(new RegExp(`^(?:[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/)*[A-Za-z0-9_+-][A-Za-z0-9_.+-]*\\${ext}$`), `a relative path ending in ${ext}`).meta({ description });

/** Where the device lives in QEMU's source tree and what its C declarations are called there. */
const qemuPlacement = z.strictObject({
  targets: z.array(z.string().regex(/^[a-z0-9_]+-softmmu$/, 'a QEMU target such as aarch64-softmmu')).min(1).meta({ description: 'QEMU targets whose build contains the device, e.g. aarch64-softmmu.' }),
  header: qemuPath('Public header of the device in the QEMU tree (e.g. include/hw/char/pl011.h); the generated header lands there.', '.h'),
  source: qemuPath('Source file of the device in the QEMU tree (e.g. hw/char/pl011.c); the generated source lands there, and meson.build and trace-events of its folder are edited.', '.c'),
  behavior: qemuPath('Where the hand-written C behaviour (<definition stem>.behavior.c beside the definition) lands in the QEMU tree.', '.c'),
  'behavior-header': qemuPath('Where the hand-written C header fragment (<definition stem>.behavior.h) lands; the generated header includes it last.', '.h').optional(),
  config: z.string().regex(/^CONFIG_[A-Z0-9_]+$/, 'a Kconfig symbol CONFIG_…').meta({ description: 'Kconfig symbol that builds the device (meson `when:`), e.g. CONFIG_PL011_C.' }),
  struct: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a C identifier').meta({ description: 'C type of the device state, e.g. PL011State.' }),
  cast: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an upper-case C identifier').meta({ description: 'QOM cast macro, e.g. PL011 (the type-name macro is TYPE_<cast>).' }),
  prefix: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case C identifier').meta({ description: 'Prefix of the C functions (hooks are <prefix>_<hook>), e.g. pl011.' }),
});

/**
 * A variant: a subtype QEMU registers beside the device (pl011_luminary beside pl011) that
 * shares its state, behaviour and migration and differs only in the values of constant
 * registers (identification bytes): `resets` gives those registers their own values.
 */
const variant = z.strictObject({
  name: str('QOM type name of the variant; its parent is the device.'),
  description: desc.optional(),
  resets: z.record(z.string(), z.union([num(SLOTS.registerReset, 'Value of the register in this variant.'), z.array(num(SLOTS.registerReset, 'Value of one array element in this variant.'))]))
    .meta({ description: 'Register name → its value in this variant (a list for a register array); only constant registers (no storage, no read hook, no computed reset) can differ.' }),
});

/** The whole definition file. */
export const DeviceDefSchema = z.strictObject({
  devgen: num(SLOTS.formatVersion, 'Format version; must be 1.', [FORMAT_VERSION]),
  device: z.strictObject({
    name: str('QOM type name.'),
    parent: str('QOM parent type.'),
    description: desc.optional(),
    behavior: str('Hand-written behaviour file, relative to this file.').optional(),
    hooks: hookList(['realize', 'pre-reset', 'reset']).optional(),
    bus: z.enum(['sysbus', 'i2c', 'pci', 'none']).meta({ description: 'Bus the device sits on (default: from the parent type).' }).optional(),
    requests: z.array(z.enum(MACHINE_REQUESTS)).meta({ description: 'What the device may ask of the machine: system-reset (its behaviour calls ctx.requestSystemReset(), as QEMU devices call qemu_system_reset_request).' }).optional(),
  }),
  properties: z.array(property).optional(),
  clocks: z.array(clock).optional(),
  chardev: z.strictObject({ property: str('chardev property.'), receive: z.boolean().optional() }).optional(),
  gpios: z.array(gpio).optional(),
  trace: z.array(traceEvent).optional(),
  state: z.array(stateField).optional(),
  structs: z.array(struct).optional(),
  i2c: z.strictObject({ hooks: hookList(['event', 'recv', 'send']).optional() }).meta({ description: 'I2C slave callbacks (parent i2c-slave).' }).optional(),
  buses: z.array(z.strictObject({ name: str('Bus name.'), kind: z.enum(['i2c', 'pci']), description: desc.optional() })).optional(),
  pci: z.strictObject({
    'vendor-id': num(SLOTS.pciWord, 'Vendor ID (configuration offset 0x00).'),
    'device-id': num(SLOTS.pciWord, 'Device ID (0x02).'),
    revision: num(SLOTS.pciByte, 'Revision ID (0x08; default 0).').optional(),
    class: num(SLOTS.pciWord, 'Class and subclass (0x0a-0x0b), e.g. 0x0600 for a host bridge.'),
    'prog-if': num(SLOTS.pciByte, 'Programming interface (0x09; default 0).').optional(),
    status: num(SLOTS.pciWord, 'Status bits the function sets (0x06), e.g. 0x0200 DEVSEL medium (default 0).').optional(),
    'header-type': num(SLOTS.pciByte, 'Header type without the multi-function bit, which the `multifunction` property sets (0x0e; default 0).').optional(),
    'subsystem-vendor-id': num(SLOTS.pciWord, 'Subsystem vendor ID (0x2c; default QEMU\'s 0x1af4).').optional(),
    'subsystem-id': num(SLOTS.pciWord, 'Subsystem ID (0x2e; default QEMU\'s 0x1100).').optional(),
    'interrupt-pin': num(SLOTS.pciByte, 'Interrupt pin (0x3d; 0 none, 1-4 INTA-INTD; default 0).').optional(),
    bars: z.array(z.strictObject({
      index: num(SLOTS.pciBar, 'BAR number 0-5.'),
      space: z.enum(['io', 'memory']),
      size: num(SLOTS.pciBarSize, 'Size in bytes (a power of two).'),
      description: desc.optional(),
    })).meta({ description: 'Base address registers the function implements (pci_register_bar); the others read 0.' }).optional(),
    registers: z.array(z.strictObject({
      name: str('Register name.'),
      offset: num(SLOTS.pciConfigOffset, 'Offset in the configuration space (0x40-0xff: the function\'s own registers).'),
      width: num(SLOTS.registerWidth, 'Width in bits: 8, 16 or 32 (default 8).', [8, 16, 32]).optional(),
      reset: num(SLOTS.pciRegisterReset, 'Value after realize and reset (default 0).').optional(),
      'reset-keeps': z.boolean().meta({ description: 'Only realize sets it; a reset leaves it as the guest wrote it.' }).optional(),
      description: desc.optional(),
    })).meta({ description: 'The function\'s own configuration registers and their reset values; a guest may write any of them (QEMU\'s write mask there is all ones), what the device does with the value is behaviour.' }).optional(),
    description: desc.optional(),
  }).meta({ description: 'PCI function (parent pci-device): the configuration header QEMU\'s PCI core builds from the class and what its realize sets.' }).optional(),
  regions: z.array(region).optional(),
  registers: z.array(register).optional(),
  blocks: z.array(block).optional(),
  variants: z.array(variant).meta({ description: 'Subtypes QEMU registers beside the device that differ only in constant register values (e.g. pl011_luminary\'s identification bytes).' }).optional(),
  vmstate: vmstate.optional(),
  qemu: qemuPlacement.meta({ description: 'Placement of the device in a QEMU source tree, for the qemu-c emitter.' }).optional(),
});

/** A definition after the shape check. */
export type DeviceDef = z.infer<typeof DeviceDefSchema>;
/** A register entry of a definition. */
export type RegisterDef = z.infer<typeof register>;
/** A field entry of a definition. */
export type FieldDef = z.infer<typeof field>;
/** A region entry of a definition. */
export type RegionDef = z.infer<typeof region>;
/** An access window of a region entry. */
export type AccessWindowDef = z.infer<typeof accessWindow>;
/** A vmstate field entry. */
export type VmFieldDef = z.infer<typeof vmField>;
/** A state or struct field entry. */
export type StateFieldDef = z.infer<typeof stateField>;
/** A register block entry. */
export type BlockDef = z.infer<typeof block>;
/** A vmstate struct description entry. */
export type VmStructDef = z.infer<typeof vmStruct>;
/** The `qemu:` section. */
export type QemuPlacementDef = z.infer<typeof qemuPlacement>;
/** A vmstate subsection entry. */
export type SubsectionDef = z.infer<typeof subsection>;
/** A `variants:` entry. */
export type VariantDef = z.infer<typeof variant>;

/** The JSON Schema of format v1 (draft 2020-12), for `# yaml-language-server: $schema=`. */
export function buildDeviceJsonSchema(): object {
  const schema = z.toJSONSchema(DeviceDefSchema, {
    unrepresentable: 'any',
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      const replacement = jsonOverrides.get(ctx.zodSchema);
      if (replacement) {
        for (const k of Object.keys(json)) delete json[k];
        Object.assign(json, structuredClone(replacement));
      }
      const conditions = jsonConditions.get(ctx.zodSchema);
      if (conditions) json.allOf = [...((json.allOf as JsonSchema[] | undefined) ?? []), ...structuredClone(conditions)];
    },
  }) as Record<string, unknown>;
  return { ...schema, title: 'devgen device definition (format v1)' };
}
