/**
 * What every front end hands the pipeline: the plain format v1 value of one definition (the
 * keys and lists of a YAML definition, integers as bigint) and a lookup from every value path
 * back to the source text it came from (a YAML node, or a decorator, key or literal of a
 * `*.device.ts` class). The shared shape and lower steps read only this, so a diagnostic of any
 * later stage points into the file the user wrote, in the spelling they wrote.
 */
import type { Span } from '../ir/ir.ts';
import type { ScalarLiteral } from '../schema/numbers.ts';
import { q } from '../diagnostics/diagnostic.ts';
import { pointSpan } from '../source/span.ts';

/** A path into the value: keys and list indexes. */
export type ValuePath = readonly (string | number)[];

/** The value a front end read, with its spans. */
export interface DefinitionValue {
  /** The format v1 value; undefined when reading failed (the front end reported why). */
  readonly value: unknown;
  /** Display path of the definition (relative to the project root, posix separators). */
  readonly file: string;
  /** Span of a path; falls back to the nearest ancestor that has one. */
  spanOf(path: ValuePath): Span;
  /** Span of the key of a mapping entry (falls back to spanOf). */
  keySpanOf(path: ValuePath): Span;
  /** The scalar at a path with its source spelling, for the number rules (numbers.ts). */
  literalAt(path: ValuePath): ScalarLiteral | undefined;
  /**
   * How the definition's author spells a format key: `reset-keeps` in YAML, `resetKeeps` in
   * decorator options. Messages that quote a key use it.
   */
  spellKey(key: string): string;
}

/** Stable map key of a path. */
export function pathKey(path: ValuePath): string {
  return path.map(String).join('\u0000');
}

/**
 * Span of the value at `path`, or of its nearest ancestor that has one (a value the reader
 * defaulted has no source of its own), or the start of the file: how both front ends point at
 * a value by path.
 */
export function spanByPath(file: string, path: ValuePath, spanAt: (key: string) => Span | undefined): Span {
  for (let p = path; ; p = p.slice(0, -1)) {
    const s = spanAt(pathKey(p));
    if (s) return s;
    if (p.length === 0) return pointSpan(file);
  }
}

/** Rewrites format keys quoted in a message (`'reset-keeps'`) into the author's spelling. */
export function respellKeys(message: string, spellKey: (key: string) => string): string {
  return message.replace(/'([a-z]+(?:-[a-z]+)+)'/g, (whole, k: string) => {
    const spelled = spellKey(k);
    return spelled === k ? whole : `'${spelled}'`;
  });
}

/** Value at a path of a raw value (undefined when absent). */
export function valueAt(root: unknown, path: ValuePath): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  }
  return v;
}

/** Short description of a value's type, for "expected X, found Y" messages. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'bigint': return `an integer (${v})`;
    case 'number': return `a number (${v})`;
    case 'string': return `a string (${JSON.stringify(v.length > 30 ? v.slice(0, 27) + '...' : v)})`;
    case 'boolean': return `a boolean (${v})`;
    default: return 'a mapping';
  }
}

const LABELS: Readonly<Record<string, string>> = {
  registers: 'register', fields: 'field', enum: 'enum value', regions: 'region', properties: 'property',
  gpios: 'gpio', clocks: 'clock', trace: 'trace event', state: 'state', subsections: 'subsection',
  blocks: 'block', structs: 'struct',
};

/**
 * Context line for a path, e.g. "in register 'CR', field 'UARTEN'", built from the `name`
 * of each named entry on the way (list positions when an entry has no name).
 */
export function contextOf(root: unknown, path: ValuePath, labels: Readonly<Record<string, string>> = LABELS): string | undefined {
  const parts: string[] = [];
  let inVmstate = false;
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    if (p === 'vmstate' && i === 0) {
      inVmstate = true;
      const vm = valueAt(root, ['vmstate']) as Record<string, unknown> | undefined;
      parts.push(typeof vm?.name === 'string' ? `in vmstate ${q(vm.name)}` : 'in vmstate');
      continue;
    }
    if (typeof p !== 'number') continue;
    const listKey = String(path[i - 1]);
    const entry = valueAt(root, path.slice(0, i + 1));
    const name = entry !== null && typeof entry === 'object' && typeof (entry as Record<string, unknown>).name === 'string' ? (entry as Record<string, string>).name : undefined;
    const label = inVmstate && listKey === 'fields' ? 'field' : labels[listKey];
    if (!label) continue;
    parts.push(name !== undefined ? `${label} ${q(name)}` : `${label} #${p + 1}`);
  }
  if (parts.length === 0) return undefined;
  const text = parts.join(', ');
  return text.startsWith('in ') ? text : `in ${text}`;
}
