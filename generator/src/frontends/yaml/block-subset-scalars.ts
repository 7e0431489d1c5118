/**
 * Scalars of the YAML front end's fast path (block-subset.ts), resolved as the yaml library
 * resolves them for readYaml: quoted and multi-line scalars by the library's flow-scalar rules
 * (CST.resolveAsScalar), plain ones then by the core schema's tags (YAML 1.2, integers as
 * bigint). Keys repeat on every register and field, so each spelling of a key is resolved once.
 */
import { CST, Schema, isScalar } from 'yaml';

/** How a scalar is written. */
export type SubsetScalarStyle = 'plain' | 'double' | 'single';

/** A scalar's string before tag resolution (the library's `source`) and its value. */
export interface ResolvedScalar {
  readonly text: string;
  readonly value: unknown;
}

/** The core schema of YAML 1.2, as readYaml's parse options select it. */
let coreTags: Schema['tags'] | undefined;
/** One pattern matching what any of the schema's tags would (null when one has flags). */
let anyTag: RegExp | null | undefined;

/** The union of the tests of `tags` that a plain scalar, key or value, may resolve by. */
function anyTagTest(tags: Schema['tags']): RegExp | null {
  const tests = tags.filter((t) => (t.default === true || t.default === 'key') && t.test !== undefined).map((t) => t.test!);
  if (tests.some((t) => t.flags !== '')) return null;
  return new RegExp(tests.map((t) => `(?:${t.source})`).join('|'));
}

/** Scalar resolution options: integers as bigint, as readYaml parses. */
const RESOLVE_OPTIONS = { intAsBigInt: true } as const;

/** Longest key cached by spelling. */
const MAX_CACHED = 24;

/** ASCII letter or digit. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const TOKEN_TYPES = { plain: 'scalar', double: 'double-quoted-scalar', single: 'single-quoted-scalar' } as const;

/** Resolves the scalars of one read; undefined where the library would report a problem. */
export class SubsetScalars {
  /** Keys resolved so far, by spelling. */
  readonly #keys = new Map<string, ResolvedScalar>();

  /** The scalar written `source` at `offset`, a mapping key when `atKey`. */
  resolve(style: SubsetScalarStyle, source: string, offset: number, atKey: boolean): ResolvedScalar | undefined {
    const cached = style === 'plain' && atKey && source.length <= MAX_CACHED;
    if (cached) {
      const hit = this.#keys.get(source);
      if (hit !== undefined) return hit;
    }
    let text: string;
    if (style === 'plain' && isWordChar(source.charCodeAt(0)) && !source.includes('\n')) {
      // A plain scalar on one line that starts with a letter or digit stands for its own text.
      text = source;
    } else {
      let failed = false;
      const resolved = CST.resolveAsScalar({ type: TOKEN_TYPES[style], offset, indent: 0, source }, true, () => {
        failed = true;
      });
      if (resolved === null || failed) return undefined;
      text = resolved.value;
    }
    if (style !== 'plain') return { text, value: text };
    const value = tagValue(text, atKey);
    if (value === FAILED) return undefined;
    const r = { text, value };
    if (cached) this.#keys.set(source, r);
    return r;
  }
}

/** A tag's resolve reported a problem. */
const FAILED = Symbol('failed');

/** The value the core schema gives the plain scalar `text`. */
function tagValue(text: string, atKey: boolean): unknown {
  coreTags ??= new Schema({ schema: 'core', merge: false }).tags;
  anyTag ??= anyTagTest(coreTags);
  // Prose matches no tag: one test of all the tags' patterns at once says so.
  if (anyTag !== null && !anyTag.test(text)) return text;
  for (const tag of coreTags) {
    if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(text)) {
      let failed = false;
      let res: unknown;
      try {
        res = tag.resolve(text, () => {
          failed = true;
        }, RESOLVE_OPTIONS as never);
      } catch {
        return FAILED; // the library reports it (TAG_RESOLVE_FAILED)
      }
      if (failed) return FAILED;
      return isScalar(res) ? res.value : res;
    }
  }
  return text;
}
