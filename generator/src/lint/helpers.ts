/**
 * Small shared facts for lint rules: access-kind classes, register byte ranges, and a crude but
 * predictable "does the behaviour file mention X" search (comments stripped, whole identifiers
 * or quoted strings only) for rules that check a declaration is used by hand-written code.
 */
import type { DeviceIR, FieldIR, RegisterIR, Span } from '../ir/ir.ts';
import type { IrListener } from '../ir/walk.ts';
import { camelCase } from '../names/device-names.ts';

export { hasReadEffect, isReadOnly, isWritable, isWriteOnly } from '../ir/access-semantics.ts';

/** Size in bytes of one register element. */
export function registerBytes(reg: RegisterIR): number {
  return reg.width / 8;
}

/** Byte ranges [start, end) of every element of a register (one for a plain register). */
export function registerRanges(reg: RegisterIR): { start: number; end: number; index: number | undefined }[] {
  const size = registerBytes(reg);
  if (!reg.array) return [{ start: reg.offset, end: reg.offset + size, index: undefined }];
  return Array.from({ length: reg.array.count }, (_, i) => {
    const start = reg.offset + i * reg.array!.stride;
    return { start, end: start + size, index: i };
  });
}

/** Hex with at least `digits` digits, as the definitions write offsets. */
export function hexOffset(n: number, digits = 3): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

/** Reset value of a field, from the register's first reset value. */
export function fieldReset(reg: RegisterIR, field: FieldIR): bigint {
  const reset = reg.resets[0] ?? 0n;
  const width = BigInt(field.msb - field.lsb + 1);
  return (reset >> BigInt(field.lsb)) & ((1n << width) - 1n);
}

/** Names fields of a register shows to software (implicit whole-register fields included). */
export function fieldLabel(field: FieldIR): string {
  return field.implicit ? '(whole register)' : `'${field.name}'`;
}

/** Strips // and /* *\/ comments so that mentions in prose do not count as uses. */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

const cache = new WeakMap<object, string>();

/** Escapes a string for a RegExp. */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when `text` (comments stripped) mentions any candidate: identifier-like candidates as a
 * whole identifier, others (e.g. "pit-enabled") as a quoted string.
 */
export function mentions(text: string, candidates: readonly string[]): boolean {
  for (const c of candidates) {
    if (c === '') continue;
    const re = /^[A-Za-z_$][\w$]*$/.test(c)
      ? new RegExp(`(?<![\\w$])${escapeRe(c)}(?![\\w$])`)
      : new RegExp(`['"\`]${escapeRe(c)}['"\`]`);
    if (re.test(text)) return true;
  }
  return false;
}

/** Behaviour text without comments, computed once per text. */
export function codeOf(device: DeviceIR, behaviorText: string): string {
  const hit = cache.get(device);
  if (hit !== undefined) return hit;
  const code = stripComments(behaviorText);
  cache.set(device, code);
  return code;
}

/**
 * Identifiers hand-written code may use for a declared name: the name itself and its
 * generated key (properties, lines), spelled by the names module.
 */
export function identifiersFor(name: string): string[] {
  return [...new Set<string>([name, camelCase(name)])];
}

/** A documented declaration: anything with a name, a description and a span. */
export interface DocumentedNode {
  readonly name: string;
  readonly description: string;
  readonly span: Span;
}

/**
 * Listeners that hand every user-visible documented declaration (device, region, register,
 * explicit field, enum value, property, GPIO group, clock, state field) to `check` with a label;
 * the documentation rules share this walk.
 */
export function documentedNodes(check: (what: string, node: DocumentedNode) => void): IrListener {
  return {
    enterDevice: (n) => check('device', n),
    enterRegion: (n) => check('region', n),
    enterRegister: (n) => check('register', n),
    enterField: (n) => { if (!n.implicit) check('field', n); },
    enterEnumValue: (n) => check('enum value', n),
    enterProperty: (n) => check('property', n),
    enterGpio: (n) => check('gpio', n),
    enterClock: (n) => check('clock', n),
    enterStateField: (n) => check('state', n),
  };
}
