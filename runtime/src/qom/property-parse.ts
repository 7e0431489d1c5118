/**
 * Property values from strings, as QEMU's `-device T,name=value` and `-global T.name=value`
 * parse them, and range checks for values given programmatically.
 *
 * Facts checked on QEMU 10.0:
 * - bool accepts on/yes/true/y and off/no/false/n; anything else: "Parameter 'x' expects 'on' or 'off'".
 * - integers are parsed with base 0 (decimal, 0x hex, leading-0 octal); garbage gives
 *   "Parameter 'x' expects integer", a value out of the type's range (negative for unsigned
 *   too) gives "Parameter 'x' expects uint8_t" (int8_t, uint32_t, ...).
 */
import type { PropertyInfo } from '../contract/types.ts';
import { QomError } from './qom-error.ts';

/** A property value as the context's `props` record holds it. */
export type PropertyValue = number | bigint | boolean | string | null;

const TRUE_WORDS = new Set(['on', 'yes', 'true', 'y']);
const FALSE_WORDS = new Set(['off', 'no', 'false', 'n']);

interface IntRange {
  readonly min: bigint;
  readonly max: bigint;
  readonly cName: string;
}

const INT_RANGES: Readonly<Record<string, IntRange>> = {
  u8: { min: 0n, max: 0xffn, cName: 'uint8_t' },
  u16: { min: 0n, max: 0xffffn, cName: 'uint16_t' },
  u32: { min: 0n, max: 0xffff_ffffn, cName: 'uint32_t' },
  u64: { min: 0n, max: 0xffff_ffff_ffff_ffffn, cName: 'uint64_t' },
  i8: { min: -0x80n, max: 0x7fn, cName: 'int8_t' },
  i16: { min: -0x8000n, max: 0x7fffn, cName: 'int16_t' },
  i32: { min: -0x8000_0000n, max: 0x7fff_ffffn, cName: 'int32_t' },
  i64: { min: -0x8000_0000_0000_0000n, max: 0x7fff_ffff_ffff_ffffn, cName: 'int64_t' },
};

const INT_TEXT = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function badValue(message: string): QomError {
  return new QomError('bad-property-value', message);
}

/** Parses an integer the way QEMU's qemu_strtoi64/u64 with base 0 do; undefined for garbage. */
export function parseQemuInteger(text: string): bigint | undefined {
  const m = INT_TEXT.exec(text);
  if (m === null) return undefined;
  const digits = m[2]!;
  let v: bigint;
  if (digits.length > 1 && digits[0] === '0' && (digits[1] === 'x' || digits[1] === 'X')) v = BigInt(digits);
  else if (digits.length > 1 && digits[0] === '0') v = BigInt('0o' + digits.slice(1));
  else v = BigInt(digits);
  return m[1] === '-' ? -v : v;
}

/** The JS representation of an integer property: bigint for 64-bit types, number otherwise. */
function intValue(type: string, v: bigint): number | bigint {
  return type === 'u64' || type === 'i64' ? v : Number(v);
}

/**
 * Parses `text` for property `info` (QEMU -device/-global syntax). `resolveChardev` says
 * whether a chardev id exists; `typeName` is used in messages. Throws {@link QomError}.
 */
export function parsePropertyText(
  typeName: string,
  info: PropertyInfo,
  text: string,
  resolveChardev: (id: string) => boolean,
): PropertyValue {
  switch (info.type) {
    case 'bool':
      if (TRUE_WORDS.has(text)) return true;
      if (FALSE_WORDS.has(text)) return false;
      throw badValue(`Parameter '${info.name}' expects 'on' or 'off'`);
    case 'string':
      return text;
    case 'chardev':
      if (!resolveChardev(text)) throw badValue(`Property '${typeName}.${info.name}' can't find value '${text}'`);
      return text;
    default: {
      const range = INT_RANGES[info.type]!;
      const v = parseQemuInteger(text);
      if (v === undefined) throw badValue(`Parameter '${info.name}' expects integer`);
      if (v < range.min || v > range.max) throw badValue(`Parameter '${info.name}' expects ${range.cName}`);
      return intValue(info.type, v);
    }
  }
}

/**
 * Checks and normalises a value given programmatically (machine code, tests). Numbers must be
 * integers in range; 64-bit types accept number or bigint and store bigint. Throws {@link QomError}.
 */
export function checkPropertyValue(
  typeName: string,
  info: PropertyInfo,
  value: PropertyValue,
  resolveChardev: (id: string) => boolean,
): PropertyValue {
  const where = `Property '${typeName}.${info.name}'`;
  switch (info.type) {
    case 'bool':
      if (typeof value !== 'boolean') throw badValue(`${where} expects a boolean, got ${describe(value)}`);
      return value;
    case 'string':
      if (typeof value !== 'string' && value !== null) throw badValue(`${where} expects a string, got ${describe(value)}`);
      return value;
    case 'chardev':
      if (value === null) return null;
      if (typeof value !== 'string') throw badValue(`${where} expects a chardev id, got ${describe(value)}`);
      if (!resolveChardev(value)) throw badValue(`${where} can't find value '${value}'`);
      return value;
    default: {
      const range = INT_RANGES[info.type]!;
      let v: bigint;
      if (typeof value === 'bigint') v = value;
      else if (typeof value === 'number' && Number.isInteger(value)) v = BigInt(value);
      else throw badValue(`${where} expects an integer, got ${describe(value)}`);
      if (v < range.min || v > range.max) throw badValue(`Parameter '${info.name}' expects ${range.cName}`);
      return intValue(info.type, v);
    }
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : `${typeof value} ${String(value)}`;
}

/** Default value of a property as the props record holds it (null stays null; 64-bit → bigint). */
export function propertyDefault(info: PropertyInfo): PropertyValue {
  const d = info.default;
  if ((info.type === 'u64' || info.type === 'i64') && typeof d === 'number') return BigInt(d);
  if (typeof d === 'bigint' && info.type !== 'u64' && info.type !== 'i64') return Number(d);
  if (d === null && info.type === 'bool') return false;
  if (d === null && INT_RANGES[info.type] !== undefined) return info.type === 'u64' || info.type === 'i64' ? 0n : 0;
  return d;
}
