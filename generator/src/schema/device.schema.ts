/**
 * THE schema of YAML definition format v1, written once in zod 4. It yields the TypeScript
 * types of a parsed definition (z.infer), the shape check the YAML front end runs, and the
 * JSON Schema published for editors (buildDeviceJsonSchema).
 *
 * Numbers are deliberately loose here (any scalar): the exact number rules need the YAML
 * source text of each scalar, so the front end applies them while lowering (numbers.ts).
 */
import * as z from 'zod';
import { ACCESS_KINDS } from '../ir/ir.ts';

/** JSON Schema fragments that replace zod's rendering of particular schemas. */
const jsonOverrides = new WeakMap<object, Record<string, unknown>>();

/** A number in any of the format's spellings: a YAML integer or a quoted 0x/0b/decimal string. */
export type NumberLiteral = bigint | number | string;

/** Quoted-number pattern published in the JSON Schema (the front end enforces the same rule). */
export const QUOTED_NUMBER_PATTERN = '^(0x[0-9a-fA-F]+(_[0-9a-fA-F]+)*|0b[01]+(_[01]+)*|-?(0|[1-9][0-9]*(_[0-9]+)*))$';

/** A number slot; `description` feeds editor hovers. */
function num(description: string) {
  const s = z
    .custom<NumberLiteral>((v) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string', { message: 'expected a number' })
    .meta({ description });
  jsonOverrides.set(s, { anyOf: [{ type: 'integer' }, { type: 'string', pattern: QUOTED_NUMBER_PATTERN }], description });
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

const bitsSchema = z
  .custom<NumberLiteral>((v) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string', { message: 'expected "msb:lsb" or a bit index' })
  .meta({ description: 'Bit range "msb:lsb" or a single bit index.' });
jsonOverrides.set(bitsSchema, { anyOf: [{ type: 'integer', minimum: 0, maximum: 63 }, { type: 'string', pattern: '^[0-9]+(:[0-9]+)?$' }], description: 'Bit range "msb:lsb" or a single bit index.' });

const accessWindow = z.strictObject({
  min: num('Smallest access size in bytes (1, 2, 4, 8).').optional(),
  max: num('Largest access size in bytes (1, 2, 4, 8).').optional(),
  unaligned: z.boolean().optional(),
});

const enumValue = z.strictObject({ name: str('Enum value name.'), value: num('Field value.'), description: desc.optional() });

const field = z.strictObject({
  name: str('Field name (a TS identifier).'),
  bits: bitsSchema,
  access: accessSchema.optional(),
  description: desc.optional(),
  enum: z.array(enumValue).optional(),
});

/** A value computed at generation time from integers and `${property}` references. */
const valueExpr = z.strictObject({
  expr: z.string().min(1).meta({ description: 'Expression: integers, ${property} references, | & ^ ~ << >> + - * and parentheses.' }),
});

/** Offset decode rule of a register, an array or a block. */
const decodeSchema = z.enum(['exact', 'covering']).meta({
  description: 'exact: the register answers only at its own offset (other bytes it covers are bad offsets); covering: it answers at every byte it covers. Default: the region\'s `exact-offsets` (true: exact), or the block\'s `decode:` for a block register.',
});

const register = z.strictObject({
  name: str('Register name (a TS identifier; used in hook names such as readDR).'),
  region: str('Region the register lives in (default: the first region).').optional(),
  offset: num('Byte offset inside the region.'),
  width: num('Width in bits: 8, 16, 32 or 64 (default 32).').optional(),
  reset: z.union([num('Reset value.'), z.array(num('Reset value of one array element.')), valueExpr], { error: 'expected a number, a list of numbers or { expr: "..." }' }).optional(),
  'reset-keeps': z.boolean().meta({ description: 'Leave the storage alone at reset.' }).optional(),
  description: desc.optional(),
  array: z.strictObject({ count: num('Number of elements.'), stride: num('Bytes between elements.') }).optional(),
  storage: str('State field holding the value.').optional(),
  decode: decodeSchema.optional(),
  hooks: z.array(z.enum(['read', 'write', 'post-write'])).optional(),
  access: accessSchema.optional(),
  'ignore-writes': z.boolean().optional(),
  fields: z.array(field).optional(),
});

const region = z.strictObject({
  name: str('Region name.'),
  size: num('Size in bytes.'),
  endianness: z.enum(['native', 'little', 'big']).optional(),
  valid: accessWindow.optional(),
  impl: accessWindow.optional(),
  'exact-offsets': z.boolean().meta({ description: 'Registers answer only at their own offset (offsets inside a register are bad offsets).' }).optional(),
  'bad-offset-read': num('Value a bad-offset read returns (default 0).').optional(),
  trace: z.strictObject({
    read: str('Trace event fired after every read (arguments: offset, value, register name).').optional(),
    write: str('Trace event fired before every write (arguments: offset, value, register name).').optional(),
  }).meta({ description: 'Trace events for every guest access to the region.' }).optional(),
  reserved: z.array(z.strictObject({
    offset: num('Byte offset of the reserved range.'),
    size: num('Size of the reserved range in bytes.'),
    description: desc.optional(),
  })).meta({ description: 'Ranges with no register on purpose (reserved in the datasheet); accesses there are bad offsets.' }).optional(),
  description: desc.optional(),
});

const property = z.strictObject({
  name: str('qdev property name (kebab-case allowed; becomes a camelCase key).'),
  type: z.enum([...scalarTypes, 'string', 'chardev']),
  default: z.union([z.boolean(), num('Default value.'), z.string()], { error: 'expected a boolean, a number or a string' }).optional(),
  min: num('Smallest allowed value.').optional(),
  max: num('Largest allowed value.').optional(),
  'out-of-range': z.enum(['error', 'clamp']).meta({ description: 'error: setting an out-of-range value fails (default); clamp: it is clamped at realize.' }).optional(),
  description: desc.optional(),
});

const gpio = z.strictObject({
  name: str('GPIO group name.'),
  direction: z.enum(['in', 'out']),
  count: num('Number of lines (default 1).').optional(),
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

const stateField = z
  .strictObject({
    name: str('State field name (a TS property name).'),
    type: z.enum([...scalarTypes, 'timer', 'bitbang-i2c']).meta({ description: 'Scalar type, timer (a virtual-clock timer) or bitbang-i2c (a bit-banged I2C engine driving a child bus, never migrated).' }).optional(),
    struct: str('Struct (from `structs:`) of each element.').optional(),
    callback: str('Hook called on timer expiry, with the element index.').optional(),
    bus: str('Child bus (a `buses:` entry of kind i2c) a bitbang-i2c field drives.').optional(),
    migrate: z.boolean().meta({ description: 'false: instance state the device keeps but never migrates (the VMState may not name it). Default true.' }).optional(),
    length: num('Array length.').optional(),
    reset: z.union([z.boolean(), num('Reset value.')], { error: 'expected a number or a boolean' }).optional(),
    description: desc.optional(),
  })
  .superRefine((obj, ctx) => exactlyOne<Record<string, unknown>>(['type', 'struct'])(obj, ctx));

const struct = z.strictObject({
  name: str('Struct name.'),
  description: desc.optional(),
  fields: z.array(stateField),
});

const block = z.strictObject({
  name: str('Block name (prefix of its hook names, e.g. writeT_CONF).'),
  region: str('Region the block lives in (default: the first region).').optional(),
  offset: num('Byte offset of element 0 inside the region.'),
  count: num('Number of elements.'),
  stride: num('Bytes between elements.'),
  state: str('Struct-array state field holding one element per block element.').optional(),
  decode: decodeSchema.optional(),
  limit: z.strictObject({
    property: str('Property whose value is the number of elements that exist.'),
    inclusive: z.boolean().meta({ description: 'The element at index == limit exists too (QEMU hpet `id > num_timers`).' }).optional(),
  }).optional(),
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

const vmField = z
  .strictObject({
    field: str('State field to migrate.').optional(),
    unused: num('Bytes of padding.').optional(),
    clock: str('Clock to migrate.').optional(),
    validate: str('Check hook run at this point of a load (QEMU VMSTATE_VALIDATE); no bytes on the wire.').optional(),
    parent: str('Parent-class state migrated as a struct field of this name (e.g. i2c).').optional(),
    name: str('Name of a validate entry (shown in errors).').optional(),
    length: z.union([num('Fixed number of elements.'), z.strictObject({ property: str('Property giving the number of elements.') })], { error: 'expected a number or { property: name }' }).optional(),
    vmstate: str('Description of each element (a `vmstate.structs` name) or of the parent state (I2CSlave).').optional(),
    since: num('Version that added the field.').optional(),
    compat: z.strictObject({ size: num('C-side size in bytes that QEMU records.').optional() }).optional(),
  })
  .superRefine(exactlyOne(['field', 'unused', 'clock', 'validate', 'parent']));

const needed = z
  .strictObject({
    property: str('Bool property that enables the subsection.').optional(),
    nonzero: str('State field; the subsection is sent when it is non-zero.').optional(),
    hook: str('Behaviour hook deciding it.').optional(),
  })
  .superRefine(exactlyOne(['property', 'nonzero', 'hook']));

const subsection = z.strictObject({
  name: str('Subsection name.'),
  version: num('Version id.'),
  'minimum-version': num('Minimum accepted version id.').optional(),
  needed,
  fields: z.array(vmField),
});

const vmStruct = z.strictObject({
  name: str('VMStateDescription name.'),
  struct: str('Struct (from `structs:`) the description reads.'),
  version: num('Version id.'),
  'minimum-version': num('Minimum accepted version id (default: version).').optional(),
  fields: z.array(vmField),
});

const vmstate = z.strictObject({
  name: str('VMStateDescription name.'),
  version: num('Version id.'),
  'minimum-version': num('Minimum accepted version id (default: version).').optional(),
  'pre-save': z.boolean().optional(),
  'post-load': z.boolean().optional(),
  fields: z.array(vmField),
  subsections: z.array(subsection).optional(),
  structs: z.array(vmStruct).optional(),
});

/** The whole definition file. */
export const DeviceDefSchema = z.strictObject({
  devgen: num('Format version; must be 1.'),
  device: z.strictObject({
    name: str('QOM type name.'),
    parent: str('QOM parent type.'),
    description: desc.optional(),
    behavior: str('Hand-written behaviour file, relative to this file.').optional(),
    hooks: z.array(z.enum(['realize', 'pre-reset', 'reset'])).optional(),
    bus: z.enum(['sysbus', 'i2c', 'none']).meta({ description: 'Bus the device sits on (default: from the parent type).' }).optional(),
  }),
  properties: z.array(property).optional(),
  clocks: z.array(clock).optional(),
  chardev: z.strictObject({ property: str('chardev property.'), receive: z.boolean().optional() }).optional(),
  gpios: z.array(gpio).optional(),
  trace: z.array(traceEvent).optional(),
  state: z.array(stateField).optional(),
  structs: z.array(struct).optional(),
  i2c: z.strictObject({ hooks: z.array(z.enum(['event', 'recv', 'send'])).optional() }).meta({ description: 'I2C slave callbacks (parent i2c-slave).' }).optional(),
  buses: z.array(z.strictObject({ name: str('Bus name.'), kind: z.enum(['i2c']), description: desc.optional() })).optional(),
  regions: z.array(region).optional(),
  registers: z.array(register).optional(),
  blocks: z.array(block).optional(),
  vmstate: vmstate.optional(),
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
/** A vmstate subsection entry. */
export type SubsectionDef = z.infer<typeof subsection>;

/** The JSON Schema of format v1 (draft 2020-12), for `# yaml-language-server: $schema=`. */
export function buildDeviceJsonSchema(): object {
  const schema = z.toJSONSchema(DeviceDefSchema, {
    unrepresentable: 'any',
    override: (ctx) => {
      const replacement = jsonOverrides.get(ctx.zodSchema);
      if (!replacement) return;
      for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
      Object.assign(ctx.jsonSchema, structuredClone(replacement));
    },
  }) as Record<string, unknown>;
  return { ...schema, title: 'devgen device definition (format v1)' };
}
