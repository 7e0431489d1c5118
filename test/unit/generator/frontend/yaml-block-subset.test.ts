/**
 * The YAML front end's fast path (frontends/yaml/block-subset.ts) against the yaml library's
 * document: on every YAML file of the repository and on seeded mutations of them, a text the
 * fast path accepts reads to the same value, spans, key spans and scalar literals as through
 * the library, and the library reports nothing on it; what it declines falls back to the
 * library with the library's diagnostics.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../../../generator/src/diagnostics/diagnostic.ts';
import { readBlockSubset } from '../../../../generator/src/frontends/yaml/block-subset.ts';
import { DEFAULT_READ_LIMITS, readYaml, readYamlDocument } from '../../../../generator/src/frontends/yaml/read.ts';
import type { ValuePath } from '../../../../generator/src/format-v1/definition-value.ts';
import { bigDeviceYaml } from '../../../support/big-device.ts';
import { seededRandom } from '../../../support/seeded-random.ts';

const ROOT = join(import.meta.dirname, '../../../..');

/** Every *.yaml under `dir` (relative to the root). */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(ROOT, rel)).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const child = `${rel}/${name}`;
      if (statSync(join(ROOT, child)).isDirectory()) walk(child);
      else if (name.endsWith('.yaml')) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** Every path of a value, the root first. */
function paths(v: unknown, p: ValuePath = [], out: ValuePath[] = []): ValuePath[] {
  out.push(p);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...p, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...p, k], out);
  return out;
}

const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

/** 'declined', 'same', or what differs between the fast path and the library. */
function compare(text: string): string {
  if (readBlockSubset(text, DEFAULT_READ_LIMITS) === undefined) return 'declined';
  const fast = readYaml('f.yaml', text, new DiagnosticSink());
  const sink = new DiagnosticSink();
  const lib = readYamlDocument('f.yaml', text, sink);
  if (sink.toArray().length > 0) return `the library reports ${show(sink.toArray().map((d) => d.message))}`;
  if (!isDeepStrictEqual(fast.value, lib.value)) return `value ${show(fast.value)} vs ${show(lib.value)}`;
  // Paths below the leaves and beside them fall back to an ancestor the same way.
  for (const p of [...paths(lib.value), ['nope'], ['registers', 0, 'nope', 1], ['registers', '0']]) {
    for (const f of ['spanOf', 'keySpanOf', 'literalAt'] as const) {
      const a = fast[f](p);
      const b = lib[f](p);
      if (!isDeepStrictEqual(a, b)) return `${f}(${show(p)}): ${show(a)} vs ${show(b)}`;
    }
  }
  return 'same';
}

/** Line-level mutations of a definition: moved, inserted, removed and commented lines. */
function mutate(text: string, rnd: () => number): string {
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const snippets = [
    '# c', '', 'x: 1', 'y: "q"', '- a', '- b: 2', "k: 'it''s'", 'z: [1, 2]', 'w: { a: 1, b: [x, "y"] }', 'v: ~', 'u: true',
    't: 0x1f', 's: 1.5', 'r: .inf', 'cont line', 'q: "a\\"b\\x41"', 'p: x # t', 'dup: 1', 'dup: 2', 'e:', '1: a', '"k": v',
    'n: -', '- - x', 'm: a: b', '? x', 'l: &a 1', 'o: *a', 'tab:\tx', 'b: |', 'block', 'f: [a,', 'b]', 'h: 0o17', 'i: 012',
    'j: +5', 'aa: null', 'cc: "multi', 'line"', '__proto__: 1', 'jj: a#b', 'kk: "x"#c', 'll: 1   ', 'mm:   # only comment',
    "ff: ''", 'hh: []', 'ii: {}', '--- ', '...', '%YAML 1.2', '!t x', 'g: !!str 1', 'cr: x\r',
  ];
  const lines = text.split('\n');
  const muts = 1 + Math.floor(rnd() * 4);
  for (let m = 0; m < muts; m++) {
    const at = Math.floor(rnd() * lines.length);
    const r = rnd();
    if (r < 0.3) lines.splice(at, 0, ' '.repeat(Math.floor(rnd() * 5) * 2) + pick(snippets));
    else if (r < 0.45) lines.splice(at, 1);
    else if (r < 0.6) lines[at] = ' '.repeat(1 + Math.floor(rnd() * 2)) + lines[at];
    else if (r < 0.7) lines[at] = lines[at]!.replace(/^ {1,2}/, '');
    else if (r < 0.8) lines[at] += pick([' # t', '  #x', '#y', '   ', ' ']);
    else if (r < 0.9) lines.splice(at, 0, lines[Math.floor(rnd() * lines.length)]!);
    else lines[at] = lines[at]!.replace(/"/g, "'");
  }
  return lines.join('\n');
}

const files = [...yamlFiles('defs'), ...yamlFiles('test')];
const texts = files.map((f) => readFileSync(join(ROOT, f), 'utf8'));

describe('YAML fast path', () => {
  it('reads the repository\'s definitions as the library does', () => {
    const results = files.map((f, i) => [f, compare(texts[i]!)] as const);
    expect(results.filter(([, r]) => r !== 'same' && r !== 'declined')).toEqual([]);
    // It is the path the repository's devices take: each of them is in the subset.
    expect(results.filter(([f, r]) => f.startsWith('defs/') && f.endsWith('.device.yaml') && r !== 'same')).toEqual([]);
  });

  it('reads big block-style definitions as the library does', () => {
    expect(compare(bigDeviceYaml('big', 300))).toBe('same');
  });

  it('reads the block forms definitions use as the library does', () => {
    const docs = [
      // A sequence at its key's column, in the top mapping and in a compact one.
      'a:\n- x\n- y\nb:\n  - fields:\n    - n: 1\n  - k: v\n',
      'r:\n  - fields:\n    - n: 1\n    - n: 2\n  - fields:\n    - n: 3\n',
      // Values on the next line, over several lines, plain and quoted.
      'description:\n  Some text\n  over two lines.\nother: "a\\n b"\nthird: plain\n  folded\n',
      // Comments before a node at its own column, after a value, at the end at column 0.
      '# head\na:\n  # about b\n  b: 1 # after\n  # about c\n  c: [1, 2] # flow\n# about d\nd:\n  - x # item\n# tail\n',
      // Flow collections, nested, with quoted keys and values.
      'f: { a: 1, "b": [x, \'y\', { c: ~ }], d: [] }\ng: {}\n',
      // Numbers, booleans, null and strings that look like them.
      'n: [0x1f, 017, 0o17, -3, +4, 1.5, .inf, .nan, 1e3, true, False, ~, null, "12", 1_000, 0x]\n',
    ];
    for (const d of docs) expect(compare(d), d).toBe('same');
  });

  it('agrees with the library on seeded mutations of them, or declines', () => {
    const rnd = seededRandom(11);
    const tally = { same: 0, declined: 0 };
    const wrong: string[] = [];
    for (let k = 0; k < 1500; k++) {
      const text = mutate(texts[Math.floor(rnd() * texts.length)]!, rnd);
      const r = compare(text);
      if (r === 'same' || r === 'declined') tally[r]++;
      else if (wrong.length < 3) wrong.push(`${r}\n--- in ---\n${text}`);
    }
    expect(wrong).toEqual([]);
    // Both outcomes are exercised.
    expect(tally.same).toBeGreaterThan(200);
    expect(tally.declined).toBeGreaterThan(200);
  });

  it('declines what only the library reads or reports, which then reports it', () => {
    const cases: [string, RegExp][] = [
      ['a: 1\na: 2\n', /unique/i],
      ['a: &x 1\nb: *x\n', /^$/],
      ['a: !foo 1\n', /tag/],
      ['a:\n    b: 1\n  c: 2\n', /./],
      ['a: |\n  text\n', /^$/],
      ['a:\tb\n', /^$/],
      ['1: a\n', /key/],
      ['a:\n', /^$/],
    ];
    for (const [text, message] of cases) {
      expect(readBlockSubset(text, DEFAULT_READ_LIMITS), text).toBeUndefined();
      const sink = new DiagnosticSink();
      readYaml('f.yaml', text, sink);
      expect(sink.toArray().map((d) => d.message).join('\n'), text).toMatch(message);
    }
  });

  it('leaves the node and depth limits to the library path, which reports them', () => {
    const text = bigDeviceYaml('big', 50);
    expect(readBlockSubset(text, { maxNodes: 100, maxDepth: 64 })).toBeUndefined();
    expect(readBlockSubset(text, { maxNodes: 1e6, maxDepth: 3 })).toBeUndefined();
    const sink = new DiagnosticSink();
    readYaml('f.yaml', text, sink, { ...DEFAULT_READ_LIMITS, maxNodes: 100 });
    expect(sink.toArray().map((d) => d.id)).toEqual(['yaml-alias-limit']);
  });
});
