/**
 * Format v1 numbers and conditions in JSON Schema terms, for the published schema
 * (device.schema.ts): a number slot is an integer in the slot's range or a quoted spelling
 * (numbers.ts), and a slot with a few allowed values (widths, access sizes, the format version)
 * accepts exactly those values in every spelling.
 */
import { QUOTED_SPELLINGS, type NumberSlot } from './numbers.ts';

/** A JSON Schema fragment. */
export type JsonSchema = Record<string, unknown>;

/** Pattern of every quoted number (signed: a decimal may carry a '-'). */
export function quotedPattern(signed: boolean): string {
  const decimal = signed ? QUOTED_SPELLINGS.decimal : QUOTED_SPELLINGS.decimal.replace(/^-\?/, '');
  return `^(?:${QUOTED_SPELLINGS.hex}|${QUOTED_SPELLINGS.binary}|${decimal})$`;
}

/** Digits of `text` with the optional single separators the quoted spellings allow. */
function separated(digits: string, caseless: boolean): string {
  const one = (d: string): string => (caseless && /[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d);
  return [...digits].map(one).join('_?');
}

/** Pattern matching exactly the quoted spellings of the non-negative `values`. */
export function quotedValuesPattern(values: readonly number[]): string {
  const alternatives = values.flatMap((v) => {
    const n = BigInt(v);
    return [
      separated(n.toString(10), false),
      `0x(?:0_?)*${separated(n.toString(16), true)}`,
      `0b(?:0_?)*${separated(n.toString(2), false)}`,
    ];
  });
  return `^(?:${alternatives.join('|')})$`;
}

/** A number slot: an integer in the slot's range, or a quoted spelling (`values`: only those). */
export function numberJson(slot: NumberSlot, description?: string, values?: readonly number[]): JsonSchema {
  const doc = description === undefined ? {} : { description };
  if (values) return { anyOf: [{ enum: [...values] }, { type: 'string', pattern: quotedValuesPattern(values) }], ...doc };
  return {
    anyOf: [
      { type: 'integer', minimum: Number(slot.min), maximum: Number(slot.max) },
      { type: 'string', pattern: quotedPattern(slot.min < 0n) },
    ],
    ...doc,
  };
}

/** "The object has key `key` equal to `value`" (an `if` condition). */
export function keyIs(key: string, value: string): JsonSchema {
  return { properties: { [key]: { const: value } }, required: [key] };
}

/** `if` `condition` `then` `then`. */
export function when(condition: JsonSchema, then: JsonSchema): JsonSchema {
  return { if: condition, then };
}

/** The keys must be absent. */
export function absent(...keys: string[]): JsonSchema {
  return { properties: Object.fromEntries(keys.map((k) => [k, false])) };
}

/** Exactly one of the keys is present (the format's "one of field, unused, clock, …"). */
export function exactlyOneKey(keys: readonly string[]): JsonSchema {
  return { oneOf: keys.map((k) => ({ required: [k] })) };
}
