/**
 * Number rules of format v1. YAML 1.2's core schema reads `0x0900_0000` as a *string* and
 * `0755` as decimal 755, so the format pins down one unambiguous spelling:
 *
 * - an unquoted YAML integer: decimal without a leading zero (`42`, `-1` where signed) or
 *   hex (`0x2a`); parsed as bigint so 64-bit values are exact;
 * - a quoted string: `"0x0900_0000"`, `"0b1010_0101"` or `"1_000_000"` (optional `-` for
 *   decimal), with single `_` separators between digits.
 *
 * Everything else (floats, leading-zero decimals, 0o octal, unquoted values YAML turned into
 * strings, out-of-range values) is rejected with a rule id that says how to fix it.
 */
import type { DiagnosticArgs } from '../diagnostics/codes.ts';

/** How the scalar was written in the source. */
export type ScalarStyle = 'plain' | 'quoted' | 'block';

/** A scalar as the YAML reader saw it: the resolved value plus its exact source text. */
export interface ScalarLiteral {
  /** Value the YAML core schema produced (bigint for integers, number for floats, string…). */
  readonly value: unknown;
  /** Source text (for quoted scalars, the string value). */
  readonly text: string;
  readonly style: ScalarStyle;
}

/** Where a number goes: its allowed range and how to name it in messages. */
export interface NumberSlot {
  /** e.g. "a register offset", "a u8 property". */
  readonly what: string;
  readonly min: bigint;
  readonly max: bigint;
}

/** Rule ids a number can fail with. */
export type NumberErrorId =
  | 'number-float' | 'number-leading-zero' | 'number-octal' | 'number-unquoted-underscore'
  | 'number-unquoted-binary' | 'number-syntax' | 'number-negative' | 'number-range';

/** Failed parse: the rule and its message arguments. */
export type NumberError = { [I in NumberErrorId]: { readonly ok: false; readonly id: I; readonly args: DiagnosticArgs<I> } }[NumberErrorId];

/** Result of parsing a number slot. */
export type NumberResult = { readonly ok: true; readonly value: bigint } | NumberError;

/** Largest value of an unsigned field of `bits` bits. */
export function maxUnsigned(bits: number): bigint {
  return (1n << BigInt(bits)) - 1n;
}

/** Slot for an unsigned value of up to `bits` bits. */
export function unsignedSlot(what: string, bits = 64): NumberSlot {
  return { what, min: 0n, max: maxUnsigned(bits) };
}

/** Slot for a value that ends up in a JS number (offsets, sizes, counts), from `min`. */
export function indexSlot(what: string, min = 0n, max = BigInt(Number.MAX_SAFE_INTEGER)): NumberSlot {
  return { what, min, max };
}

/** Formats a bigint as hex (0x…) for messages; negative values in decimal. */
export function hex(v: bigint): string {
  return v < 0n ? String(v) : `0x${v.toString(16)}`;
}

/**
 * The quoted spellings of a number, as regular-expression sources without anchors: hex and
 * binary with a prefix, decimal with an optional sign, single `_` separators between digits.
 * The JSON Schema publishes the same sources (schema/json-numbers.ts).
 */
export const QUOTED_SPELLINGS = {
  hex: '0x[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*',
  binary: '0b[01]+(?:_[01]+)*',
  decimal: '-?(?:0|[1-9][0-9]*(?:_[0-9]+)*)',
} as const;

const QUOTED_HEX = new RegExp(`^${QUOTED_SPELLINGS.hex}$`);
const QUOTED_BIN = new RegExp(`^${QUOTED_SPELLINGS.binary}$`);
const QUOTED_DEC = new RegExp(`^${QUOTED_SPELLINGS.decimal}$`);
const LEADING_ZERO = /^[-+]?0[0-9_]+$/;
const OCTAL = /^[-+]?0o/i;
const FLOATISH = /^[-+]?(?:[0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9_]+[eE][-+]?[0-9]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
const NUMBERISH_WITH_UNDERSCORE = /^[-+]?(?:0[xob])?[0-9a-fA-F_]+$/i;

/** Parses a number slot by the format's rules; never throws. */
export function parseNumberLiteral(lit: ScalarLiteral, slot: NumberSlot): NumberResult {
  const text = lit.text.trim();
  const shown = lit.style === 'quoted' ? `"${text}"` : text;
  let value: bigint;
  if (lit.style === 'plain' && typeof lit.value === 'bigint') {
    if (OCTAL.test(text)) return { ok: false, id: 'number-octal', args: { text: shown } };
    if (LEADING_ZERO.test(text)) return leadingZero(text, shown);
    if (text.startsWith('+')) return { ok: false, id: 'number-syntax', args: { text: shown } };
    value = lit.value;
  } else if (lit.style === 'plain' && typeof lit.value === 'number') {
    return { ok: false, id: 'number-float', args: { text: shown, what: slot.what } };
  } else if (lit.style === 'plain' && typeof lit.value === 'string') {
    if (/^0b[01_]+$/.test(text) && !text.includes('_')) return { ok: false, id: 'number-unquoted-binary', args: { text } };
    if (NUMBERISH_WITH_UNDERSCORE.test(text) && text.includes('_') && /[0-9]/.test(text)) {
      return { ok: false, id: 'number-unquoted-underscore', args: { text } };
    }
    return { ok: false, id: 'number-syntax', args: { text: shown } };
  } else if (typeof lit.value === 'string') {
    const parsed = parseQuoted(text);
    if (parsed === undefined) {
      if (OCTAL.test(text)) return { ok: false, id: 'number-octal', args: { text: shown } };
      if (LEADING_ZERO.test(text)) return leadingZero(text.replace(/_/g, ''), shown);
      if (FLOATISH.test(text)) return { ok: false, id: 'number-float', args: { text: shown, what: slot.what } };
      return { ok: false, id: 'number-syntax', args: { text: shown } };
    }
    value = parsed;
  } else {
    return { ok: false, id: 'number-syntax', args: { text: shown } };
  }
  if (value < slot.min) {
    if (slot.min === 0n || value < 0n && slot.min >= 0n) return { ok: false, id: 'number-negative', args: { text: shown, what: slot.what } };
    return { ok: false, id: 'number-range', args: { text: shown, what: slot.what, range: rangeText(slot) } };
  }
  if (value > slot.max) return { ok: false, id: 'number-range', args: { text: shown, what: slot.what, range: rangeText(slot) } };
  return { ok: true, value };
}

/** Parses the quoted-string spellings; undefined when the text follows none of them. */
export function parseQuoted(text: string): bigint | undefined {
  // BigInt reads 0x / 0b prefixes itself, but not a sign before them, and not separators.
  if (QUOTED_HEX.test(text) || QUOTED_BIN.test(text)) return BigInt(text.replace(/_/g, ''));
  if (!QUOTED_DEC.test(text)) return undefined;
  const v = BigInt(text.replace(/^-/, '').replace(/_/g, ''));
  return text.startsWith('-') ? -v : v;
}

function leadingZero(digits: string, shown: string): NumberError {
  const neg = digits.startsWith('-');
  const body = digits.replace(/^[-+]/, '');
  const dec = BigInt(body);
  const suggest = /^[0-7]+$/.test(body) && !neg
    ? `${dec} (decimal) or ${hex(BigInt(`0o${body}`))} (if you meant octal)`
    : `${neg ? '-' : ''}${dec}`;
  return { ok: false, id: 'number-leading-zero', args: { text: shown, suggest } };
}

function rangeText(slot: NumberSlot): string {
  const fmt = (v: bigint) => (v > 4096n ? hex(v) : String(v));
  return `allowed ${fmt(slot.min)}..${fmt(slot.max)}`;
}
