/**
 * THE schema of board definitions (`defs/machines/<name>.machine.yaml`, format v1), in zod 4
 * like the device format: it types a parsed board, drives the shape check, and yields the JSON
 * Schema published as generated/schema/machine.schema.json for editors.
 *
 * Numbers are loose here (any scalar) for the same reason as in device definitions: the exact
 * number rules need each scalar's source text, so lowering applies them (schema/numbers.ts).
 * Which keys a device or a stand-in may carry is checked while lowering too, with a rule id
 * that says so; the JSON Schema states it with `oneOf`.
 */
import * as z from 'zod';
import type { NumberLiteral } from '../schema/device.schema.ts';
import { quotedPattern } from '../schema/json-numbers.ts';
import { ENDPOINT_PATTERN } from './wire-endpoint.ts';

/** JSON Schema fragments that replace zod's rendering of particular schemas. */
const jsonOverrides = new WeakMap<object, Record<string, unknown>>();

const NUMBER_JSON = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: quotedPattern(true) }] };

/** A number slot in any of the format's spellings. */
function num(description: string) {
  const s = z
    .custom<NumberLiteral>((v) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string', { message: 'expected a number' })
    .meta({ description });
  jsonOverrides.set(s, { ...NUMBER_JSON, description });
  return s;
}

const str = (description: string) => z.string().min(1).meta({ description });
const desc = z.string().meta({ description: 'Human description; copied into the generated descriptor\'s JSDoc.' });

/** Board-local names (what wires and buses refer to): letters, digits, '-' and '_'. */
export const PART_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';
/** Machine names (-M NAME; the generated file's stem) and what is wrong with any other. */
export const MACHINE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
/** The message a name not matching {@link MACHINE_NAME_PATTERN} gets. */
export const MACHINE_NAME_RULE = 'a machine name is letters, digits, \'.\', \'-\' and \'_\' (it names the generated file)';
/** qdev ids as QEMU accepts them (id_wellformed). */
export const QDEV_ID_PATTERN = '^[A-Za-z][A-Za-z0-9._-]*$';

const partName = z.string().regex(new RegExp(PART_NAME_PATTERN), { message: 'a part name is a letter followed by letters, digits, \'-\' or \'_\'' })
  .meta({ description: 'Board-local name; wires ("uart0.irq[0]") and buses refer to the part by it.' });

/** A property value: typed by the device's definition while lowering. */
const propertyValue = z
  .custom<boolean | NumberLiteral>((v) => typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string', { message: 'expected a boolean, a number or a string' })
  .meta({ description: 'Property value: a boolean, a number or a string, as the device declares the property.' });
jsonOverrides.set(propertyValue, { anyOf: [{ type: 'boolean' }, { type: 'integer' }, { type: 'string' }] });

const PRIORITY_DESCRIPTION = 'QEMU\'s subregion priority (default 0): where mappings overlap, the higher priority answers; mappings of one priority must not overlap.';

/**
 * One entry of `mmio:` or `io:`: a base, null (unmapped), or `{ base, priority }` for a region
 * that overlaps another at a different priority (memory_region_add_subregion_overlap).
 */
function placement(what: string) {
  const description = `${what}, null to leave it unmapped, or { base, priority } where it overlaps another region.`;
  const withPriority = z.strictObject({ base: num(`${what}.`), priority: num(PRIORITY_DESCRIPTION) });
  const s = z.union([
    z.custom<NumberLiteral | null>((v) => v === null || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string', { message: 'expected a number, null or { base, priority }' }),
    withPriority,
  ]).meta({ description });
  jsonOverrides.set(s, {
    anyOf: [...NUMBER_JSON.anyOf, { type: 'null' }, {
      type: 'object', additionalProperties: false, required: ['base', 'priority'],
      properties: { base: { ...NUMBER_JSON, description: `${what}.` }, priority: { ...NUMBER_JSON, description: PRIORITY_DESCRIPTION } },
    }],
    description,
  });
  return s;
}

const mmioBase = placement('Base address of this sysbus MMIO index');
const ioBase = placement('First I/O port of this region');

const standInGpio = z.strictObject({
  name: str('GPIO list name as QEMU shows it (e.g. "sysbus-irq"); omit for the unnamed list.').optional(),
  inputs: num('Number of inputs (default 0).').optional(),
  outputs: num('Number of outputs (default 0); a stand-in never drives them.').optional(),
  description: desc.optional(),
});

/** Keys only a device entry takes (a stand-in has no definition to check them against). */
export const DEVICE_ONLY_KEYS = ['id', 'properties', 'mmio', 'io', 'serial', 'bus'] as const;
/** Keys only a stand-in entry takes (a device's GPIOs come from its definition). */
export const STAND_IN_ONLY_KEYS = ['gpios'] as const;

const part = z.strictObject({
  device: str('QOM type of a device devgen defines (defs/**/*.device.*).').optional(),
  'stand-in': str('QOM type of a part devgen does not model; present for its QOM path and GPIO lists.').optional(),
  name: partName.optional(),
  id: z.string().regex(new RegExp(QDEV_ID_PATTERN), { message: 'a qdev id is a letter followed by letters, digits, \'.\', \'-\' or \'_\'' })
    .meta({ description: 'qdev id: the device goes to /machine/peripheral/ID (and is its name unless `name` is given).' }).optional(),
  at: str('QOM path (default /machine/unattached/device[*], or /machine/peripheral/ID with an id); "[*]" takes the next free index.').optional(),
  description: desc.optional(),
  'with-serial': num('Create the part only when serial port N (-serial order) has a back end, as QEMU\'s pc creates an isa-serial for each -serial given; later "[*]" paths then number as QEMU\'s do.').optional(),
  properties: z.record(z.string(), propertyValue).meta({ description: 'qdev properties by name, set before realize.' }).optional(),
  mmio: z.array(mmioBase).meta({ description: 'Base address per sysbus MMIO index (sysbus_mmio_map), in index order.' }).optional(),
  io: z.array(ioBase).meta({ description: 'First I/O port per region index (isa_register_ioport / portio on x86 boards), in index order; a region sits in one space only.' }).optional(),
  serial: num('Serial port index (-serial order) whose back end becomes this device\'s chardev.').optional(),
  bus: z.strictObject({
    host: partName,
    name: str('Child bus name of the host (default: its only bus).').optional(),
  }).meta({ description: 'Child bus of an earlier part this device sits on (an I2C slave on a controller\'s bus).' }).optional(),
  gpios: z.array(standInGpio).meta({ description: 'The stand-in\'s GPIO lists, as QEMU shows them to qtest.' }).optional(),
});
jsonOverrides.set(part, {
  oneOf: [
    { required: ['device'], not: { anyOf: [{ required: ['stand-in'] }, ...STAND_IN_ONLY_KEYS.map((k) => ({ required: [k] }))] } },
    { required: ['stand-in'], not: { anyOf: [{ required: ['device'] }, ...DEVICE_ONLY_KEYS.map((k) => ({ required: [k] }))] } },
  ],
});

const ram = z.strictObject({
  name: str('Region name as QEMU shows it (e.g. "mach-virt.ram").'),
  base: num('Base address.'),
  size: num('Size in bytes.'),
  description: desc.optional(),
});

/** A wire end; its syntax is checked while lowering (with a rule id), and published as a pattern. */
function wireEnd(description: string) {
  const s = str(description);
  jsonOverrides.set(s, { type: 'string', pattern: ENDPOINT_PATTERN, description });
  return s;
}

const wire = z.strictObject({
  from: wireEnd('Output: "PART.GROUP[N]" or "PART.GROUP[FIRST..LAST]" (a device GPIO output group).'),
  to: wireEnd('Input: "PART.GROUP[N]", "PART[N]" for a stand-in\'s unnamed list, or a range of as many lines.'),
  description: desc.optional(),
});

/** The whole board definition file. */
export const MachineDefSchema = z.strictObject({
  devgen: num('Format version; must be 1.'),
  machine: z.strictObject({
    name: z.string().regex(new RegExp(MACHINE_NAME_PATTERN), { message: MACHINE_NAME_RULE })
      .meta({ description: 'Machine name (-M NAME).' }),
    description: desc.optional(),
  }),
  ram: z.array(ram).meta({ description: 'RAM regions of the system address space.' }).optional(),
  devices: z.array(part).meta({ description: 'Parts in creation order: /machine/unattached/device[N] follows it.' }).optional(),
  wires: z.array(wire).meta({ description: 'IRQ/GPIO wiring, device outputs to inputs; an output wired twice drives both, in this order.' }).optional(),
});

/** A board definition after the shape check. */
export type MachineDef = z.infer<typeof MachineDefSchema>;
/** One `devices:` entry. */
export type PartDef = z.infer<typeof part>;

/** Context-line labels of the board format's lists ("in device 'uart0'"). */
export const MACHINE_LABELS: Readonly<Record<string, string>> = { devices: 'device', ram: 'ram region', wires: 'wire', gpios: 'gpio list' };

/** The JSON Schema of the board format (draft 2020-12), for `# yaml-language-server: $schema=`. */
export function buildMachineJsonSchema(): object {
  const schema = z.toJSONSchema(MachineDefSchema, {
    unrepresentable: 'any',
    override: (ctx) => {
      const replacement = jsonOverrides.get(ctx.zodSchema);
      if (!replacement) return;
      if (ctx.zodSchema === part) {
        Object.assign(ctx.jsonSchema, structuredClone(replacement));
        return;
      }
      for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
      Object.assign(ctx.jsonSchema, structuredClone(replacement));
    },
  }) as Record<string, unknown>;
  return { ...schema, title: 'devgen board definition (format v1)' };
}
