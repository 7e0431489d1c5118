/**
 * The published JSON Schema (generated/schema/device.schema.json) is as strict as devgen
 * wherever JSON Schema can say it: every broken-definition case of the YAML corpus is rejected
 * by the schema, except the cases listed below, each with the reason only devgen can reject it;
 * every definition devgen accepts (defs/, fixtures, lint cases) the schema accepts.
 *
 * What JSON Schema cannot say: anything that needs the source text (YAML resolves `0755` and
 * `0o10` to integers, reads unquoted `0x0000_0010` as the same string as the quoted form,
 * counts 4.0 as an integer), references to other entries, comparisons between two numbers
 * (layout, widths, ranges, versions), expression grammar, and the file system. Conditions on a
 * fixed word (a property or state type, a hook name) and on which keys are present it can say.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../../../generator/src/pipeline/load.ts';

const ROOT = join(import.meta.dirname, '../../../..');
const BROKEN = 'test/golden/frontend-yaml/broken';
const schema = JSON.parse(readFileSync(join(ROOT, 'generated/schema/device.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true }).compile(schema);

/** Broken cases the schema accepts, because only devgen can reject them. */
const DEVGEN_ONLY: Readonly<Record<string, string>> = {
  'access-window': 'compares two numbers (min <= max)',
  'behavior-file-missing': 'needs the file system',
  'bitbang-i2c-bus': 'refers to another entry (the buses: list)',
  'bits-order': 'compares two numbers inside one string (msb >= lsb)',
  'block-limit': 'refers to another entry (the property and its type)',
  'block-state': 'refers to another entry (the struct-array state and its length)',
  'block-state-2': 'refers to another entry (the length of the state array beside the block count)',
  'variant-name': 'compares two names as generated code spells them (the device\'s and the variant\'s)',
  'variant-register': 'refers to another entry (the registers: list)',
  'variant-register-2': 'refers to another entry (the register and its storage)',
  'variant-register-3': 'refers to another entry (the register array and its count)',
  'chardev-property-missing': 'refers to another entry (the properties: list)',
  'chardev-property-type': 'refers to another entry (the property and its type)',
  'duplicate-name': 'unique names across entries (uniqueItems compares whole entries, not one key)',
  'duplicate-name-2': 'unique names across entries (uniqueItems compares whole entries, not one key)',
  'duplicate-name-3': 'unique names across entries (uniqueItems compares whole entries, not one key)',
  'enum-value-too-wide': 'compares the value with the width the field bits give',
  'expr-property-type': 'refers to another entry from inside an expression',
  'expr-syntax': 'expression grammar (the pattern checks tokens, not that an operand follows an operator)',
  'expr-unknown-property': 'refers to another entry from inside an expression',
  'field-beyond-width': 'compares the field bits with the register width',
  'field-overlap': 'compares bit ranges of two fields',
  'gpio-lines-count': 'compares the list length with count',
  'invalid-device-name': 'which names QEMU accepts is the names rule of sema (names/name-rules.ts; no second copy in the schema)',
  'invalid-device-name-2': 'which names QEMU accepts is the names rule of sema (names/name-rules.ts; no second copy in the schema)',
  'invalid-device-name-3': 'which names QEMU accepts is the names rule of sema (names/name-rules.ts; no second copy in the schema)',
  'invalid-identifier': 'which names are identifiers is the names rule of sema (no second copy in the schema)',
  'invalid-identifier-2': 'which names are identifiers is the names rule of sema (no second copy in the schema)',
  'invalid-property-name': 'which names QEMU accepts is the names rule of sema (names/name-rules.ts; no second copy in the schema)',
  'minimum-version-too-high': 'compares two numbers (minimum-version <= version)',
  'name-clash': 'compares names derived from two entries',
  'name-clash-2': 'compares names derived from two entries',
  'name-clash-3': 'compares names derived from two entries',
  'name-clash-4': 'compares names derived from two entries',
  'name-clash-5': 'compares names derived from two entries',
  'name-clash-6': 'compares names derived from two entries',
  'needed-property-type': 'refers to another entry (the property and its type)',
  'needed-unknown-field': 'refers to another entry (the state: list)',
  'needed-unknown-property': 'refers to another entry (the properties: list)',
  'number-float': '4.0 has no fraction, so JSON Schema counts it as an integer; devgen reads the source text',
  'number-leading-zero': 'YAML resolves 0755 to the integer 755; only the source text shows the leading zero',
  'number-octal': 'YAML resolves 0o10 to the integer 8; only the source text shows the octal prefix',
  'number-unquoted-binary': 'YAML reads unquoted 0b101 as the same string as the quoted form; only the source text differs',
  'number-unquoted-underscore': 'YAML reads unquoted 0x0000_0010 as the same string as the quoted form; only the source text differs',
  'property-range': 'compares the default with min and max',
  'property-range-2': 'compares two numbers (min <= max)',
  'region-trace-event': 'refers to another entry (the trace: list and its arguments)',
  'register-outside-region': 'compares the register offset with the region size',
  'register-overlap': 'compares the byte ranges of two registers',
  'register-overlap-2': 'compares the byte ranges of two registers',
  'register-overlap-3': 'compares the byte ranges of two registers',
  'reserved-range': 'compares a reserved range with registers and the region size',
  'reset-count': 'compares the list length with the array count',
  'reset-too-wide': 'compares the reset value with the register width',
  'reset-undefined-bits': 'compares the reset value with the bits the fields cover',
  'since-too-new': 'compares two numbers (since <= the section version)',
  'storage-shape': 'refers to another entry (the storage field and its length)',
  'storage-too-narrow': 'refers to another entry (the storage field and its type)',
  'struct-recursive': 'follows references between structs',
  'unknown-region': 'refers to another entry (the regions: list)',
  'unknown-storage': 'refers to another entry (the state: list)',
  'unknown-struct': 'refers to another entry (the structs: list)',
  'vmstate-length-property': 'refers to another entry (the property and its max)',
  'vmstate-length-field': 'refers to another entry (the state field and its type)',
  'vmstate-name-length': 'counts UTF-8 bytes (JSON Schema\'s maxLength counts characters)',
  'vmstate-not-migrated': 'refers to another entry (the state field and its migrate:)',
  'vmstate-not-migrated-2': 'refers to another entry (the state field and its type)',
  'vmstate-not-migrated-3': 'refers to another entry (the struct field and its migrate:)',
  'vmstate-parent': 'refers to the device bus and the runtime\'s parent descriptions',
  'vmstate-struct-mismatch': 'refers to another entry (the state field and its struct)',
  'vmstate-struct-mismatch-2': 'depends on where the field sits (inside a vmstate.structs description)',
  'vmstate-unknown-clock': 'refers to another entry (the clocks: list)',
  'vmstate-unknown-state': 'refers to another entry (the state: list)',
  'vmstate-unknown-struct': 'refers to another entry (the vmstate.structs list)',
  'wide-register-region': 'compares the register width with the region\'s access window',
  'yaml-tag': 'a tag is YAML syntax: the parsed value a validator sees carries none',
};

/** Broken cases that are not a YAML document a validator can read at all. */
const NOT_READABLE: Readonly<Record<string, string>> = {
  'yaml-alias-limit': 'the YAML parser refuses the alias expansion too',
  'yaml-syntax': 'not well-formed YAML',
  'yaml-syntax-2': 'not well-formed YAML',
};

const brokenCases = readdirSync(join(ROOT, BROKEN)).filter((f) => f.endsWith('.device.yaml')).map((f) => f.replace(/\.device\.yaml$/, '')).sort();

/** The parsed YAML value, as an editor's validator sees it; undefined when it is not readable YAML. */
function parsed(file: string): unknown {
  try {
    const doc = parseDocument(readFileSync(join(ROOT, file), 'utf8'), { prettyErrors: false });
    return doc.errors.length > 0 ? undefined : doc.toJS();
  } catch {
    return undefined;
  }
}

describe('the JSON Schema and the broken-definition corpus', () => {
  it('lists only existing cases, each once, with a reason', () => {
    for (const name of [...Object.keys(DEVGEN_ONLY), ...Object.keys(NOT_READABLE)]) expect(brokenCases, name).toContain(name);
    for (const name of Object.keys(DEVGEN_ONLY)) expect(NOT_READABLE[name], name).toBeUndefined();
    for (const reason of [...Object.values(DEVGEN_ONLY), ...Object.values(NOT_READABLE)]) expect(reason.length).toBeGreaterThan(10);
  });

  for (const name of brokenCases) {
    const file = `${BROKEN}/${name}.device.yaml`;
    if (NOT_READABLE[name]) {
      it(`${name}: not readable YAML (${NOT_READABLE[name]})`, () => {
        expect(parsed(file)).toBeUndefined();
      });
    } else if (DEVGEN_ONLY[name]) {
      it(`${name}: accepted by the schema, rejected by devgen (${DEVGEN_ONLY[name]})`, () => {
        expect(validate(parsed(file)), JSON.stringify(validate.errors)).toBe(true);
        expect(loadDefinition(file, readFileSync(join(ROOT, file), 'utf8'), { root: ROOT }).device).toBeUndefined();
      });
    } else {
      it(`${name}: rejected by the schema`, () => {
        const value = parsed(file);
        expect(value).toBeDefined();
        expect(validate(value)).toBe(false);
      });
    }
  }
});

/** Every *.device.yaml under defs/ and test/ outside the broken corpus. */
function definitionFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) {
        if (name !== 'node_modules' && !name.startsWith('.')) walk(abs);
      } else if (name.endsWith('.device.yaml')) out.push(relative(ROOT, abs).split('\\').join('/'));
    }
  };
  walk(join(ROOT, 'defs'));
  walk(join(ROOT, 'test'));
  return out.filter((f) => !f.startsWith(`${BROKEN}/`));
}

describe('definitions devgen accepts', () => {
  const accepted = definitionFiles().filter((f) => loadDefinition(f, readFileSync(join(ROOT, f), 'utf8'), { root: ROOT }).device !== undefined);

  it('are many, and include every shipped YAML definition', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(80);
    for (const f of ['defs/pl011/pl011.device.yaml', 'defs/hpet/hpet.device.yaml', 'defs/versatile-i2c/versatile-i2c.device.yaml', 'test/equivalence/fixtures/pcf8574.device.yaml']) expect(accepted).toContain(f);
  });

  it('are all accepted by the schema', () => {
    const refused = accepted.filter((f) => !validate(parsed(f))).map((f) => `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    expect(refused).toEqual([]);
  });
});

describe('number slots in the schema', () => {
  const BASE = { devgen: 1, device: { name: 't', parent: 'sys-bus-device' } };
  const ok = (v: object): boolean => validate({ ...BASE, ...v });
  const reg = (r: object) => ({ regions: [{ name: 'mmio', size: 0x100 }], registers: [{ name: 'A', offset: 0, access: 'RW', ...r }] });

  it('pin the format version to 1 in every spelling', () => {
    for (const v of [1, '1', '0x1', '0x0_1', '0b1']) expect(validate({ ...BASE, devgen: v }), String(v)).toBe(true);
    for (const v of [2, 0, '2', '0x2', '01', '0x_1', 1.5]) expect(validate({ ...BASE, devgen: v }), String(v)).toBe(false);
  });

  it('allow only the register widths and access sizes devgen allows', () => {
    for (const w of [8, 16, 32, 64, '0x20', '0b100_0000']) expect(ok(reg({ width: w })), String(w)).toBe(true);
    for (const w of [24, 0, 128, '0x18', '-32']) expect(ok(reg({ width: w })), String(w)).toBe(false);
    expect(ok({ regions: [{ name: 'm', size: 16, valid: { min: 1, max: 8 } }] })).toBe(true);
    expect(ok({ regions: [{ name: 'm', size: 16, valid: { min: 3 } }] })).toBe(false);
  });

  it('keep unsigned slots non-negative and quoted numbers in the format spelling', () => {
    for (const o of [0, 4, '0x0900_0000', '1_000', '0b1010_0101']) expect(ok(reg({ offset: o })), String(o)).toBe(true);
    for (const o of [-4, '-4', '0x', '0x_10', '1__0', '0o17', 'four']) expect(ok(reg({ offset: o })), String(o)).toBe(false);
    expect(ok({ regions: [{ name: 'm', size: 0 }] })).toBe(false);
  });

  it('range a property default and limits by the property type', () => {
    const prop = (p: object) => ({ properties: [{ name: 'p', ...p }] });
    expect(ok(prop({ type: 'i8', default: -128, min: -128, max: 127 }))).toBe(true);
    expect(ok(prop({ type: 'i8', default: -129 }))).toBe(false);
    expect(ok(prop({ type: 'u8', default: '-1' }))).toBe(false);
    expect(ok(prop({ type: 'u64', default: '0xffff_ffff_ffff_ffff' }))).toBe(true);
    expect(ok(prop({ type: 'string', default: 'x' }))).toBe(true);
    expect(ok(prop({ type: 'chardev', default: 'x' }))).toBe(false);
  });

  it('knows the decode words, migrate and bitbang-i2c engines', () => {
    expect(ok(reg({ decode: 'exact' }))).toBe(true);
    expect(ok(reg({ decode: 'exactly' }))).toBe(false);
    expect(ok({ state: [{ name: 's', type: 'u32', migrate: false }] })).toBe(true);
    expect(ok({ buses: [{ name: 'i2c', kind: 'i2c' }], state: [{ name: 'e', type: 'bitbang-i2c', bus: 'i2c' }] })).toBe(true);
    expect(ok({ buses: [{ name: 'i2c', kind: 'i2c' }], state: [{ name: 'e', type: 'bitbang-i2c', bus: 'i2c', migrate: true }] })).toBe(false);
  });
});
