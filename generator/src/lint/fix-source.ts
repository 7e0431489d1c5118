/**
 * A definition text seen as nested mappings with exact character ranges, for fixers: YAML
 * mappings (block or flow, parsed with the yaml library's node ranges) and TypeScript object
 * literals of the decorator front end (parsed with ts-morph). A fixer finds the mapping a
 * finding's span starts at and asks for an edit of one of its entries; the edit touches only
 * that entry, and where a comment sits inside the range it would remove, no edit is offered.
 */
import { isPair, isScalar, parse, parseDocument, visit, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ts as Ts } from 'ts-morph';
import { loadTsMorph } from '../source/ts-morph-loader.ts';
import type { FixUnavailable, TextEdit } from './fix.ts';

/** One `key: value` entry of a mapping whose value is a scalar. */
export interface SourceEntry {
  /** The scalar value (strings as written, numbers as numbers). */
  readonly value: string | number | bigint | boolean | null;
  /** An edit that removes the entry and its separator, or why that cannot be done safely. */
  removal(): TextEdit | FixUnavailable;
  /** An edit that replaces the value by the string `value`, quoted as the original was. */
  replaceString(value: string): TextEdit;
}

/** A definition text that fixers can edit by mapping entry. */
export interface EditableSource {
  /** The entry `key` of the mapping that starts at `offset` (undefined: no such mapping or entry). */
  entryAt(offset: number, key: string): SourceEntry | undefined;
}

/** Comments inside a range to be removed would be lost with it. */
function yamlComment(text: string): boolean {
  return /(^|\s)#/.test(text);
}

/** A YAML value for `value` in the style of `node`: plain when it reads back as the same string. */
function yamlString(node: Scalar, value: string): string {
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (node.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  let plain = false;
  try {
    plain = parse(value, { version: '1.2' }) === value && !/[\n#]/.test(value);
  } catch {
    plain = false;
  }
  return plain ? value : JSON.stringify(value);
}

/** Removal of pair `i` of a YAML mapping of `text`. */
function yamlRemoval(text: string, map: YAMLMap, i: number): TextEdit | FixUnavailable {
  const pairs = map.items as Pair<Node, Node>[];
  // Callers only hand over pairs whose key and value are scalars with ranges.
  const key = pairs[i]!.key.range!;
  const value = pairs[i]!.value!.range!;
  const prev = pairs[i - 1];
  const next = pairs[i + 1];
  const commentInside: FixUnavailable = { unavailable: 'a comment sits between the entries; edit it by hand' };
  if (map.flow) {
    // `{ a: 1, since: 2 }`: take the separator before the entry (or after it, for the first).
    if (prev) {
      const start = prev.value?.range?.[1] ?? prev.key.range![1];
      return yamlComment(text.slice(start, value[1])) ? commentInside : { start, end: value[1], text: '' };
    }
    if (next) return yamlComment(text.slice(key[0], next.key.range![0])) ? commentInside : { start: key[0], end: next.key.range![0], text: '' };
    return { start: key[0], end: value[1], text: '' };
  }
  if (!prev && !next) return { unavailable: 'the mapping would become empty' };
  const lineStart = text.lastIndexOf('\n', key[0] - 1) + 1;
  const nl = text.indexOf('\n', value[1]);
  const lineEnd = nl < 0 ? text.length : nl;
  const rest = text.slice(value[1], lineEnd);
  if (/^\s*$/.test(text.slice(lineStart, key[0]))) {
    // The entry has its line(s) to itself: drop them; a trailing comment stays on its line.
    if (/^\s*$/.test(rest)) return { start: lineStart, end: nl < 0 ? lineEnd : nl + 1, text: '' };
    return { start: key[0], end: value[1] + (rest.length - rest.trimStart().length), text: '' };
  }
  // First entry of a sequence item (`- since: 2`): the next entry moves up behind the dash.
  if (!next) return { unavailable: 'the entry shares its line with other syntax' };
  return yamlComment(text.slice(value[1], next.key.range![0])) ? commentInside : { start: key[0], end: next.key.range![0], text: '' };
}

/** EditableSource of a YAML definition. */
export function yamlSource(text: string): EditableSource {
  const doc = parseDocument(text, { version: '1.2', intAsBigInt: true, merge: false });
  const maps = new Map<number, YAMLMap>();
  if (doc.errors.length === 0) {
    visit(doc, {
      Map(_, node) {
        if (node.range && !maps.has(node.range[0])) maps.set(node.range[0], node as YAMLMap);
      },
    });
  }
  return {
    entryAt(offset, key) {
      const map = maps.get(offset);
      if (!map) return undefined;
      const i = map.items.findIndex((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      const pair = map.items[i] as Pair<Node, Node> | undefined;
      if (!pair || !isScalar(pair.value) || !pair.key.range || !pair.value.range) return undefined;
      const node = pair.value;
      return {
        value: node.value as SourceEntry['value'],
        removal: () => yamlRemoval(text, map, i),
        replaceString: (v) => ({ start: node.range![0], end: node.range![1], text: yamlString(node, v) }),
      };
    },
  };
}

/** Comments inside a range of TypeScript. */
function tsComment(text: string): boolean {
  return /\/\/|\/\*/.test(text);
}

/** Name of a property as written (`since`, `'since'`). */
function propName(ts: typeof Ts, p: Ts.ObjectLiteralElementLike): string | undefined {
  const n = p.name;
  if (n === undefined) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n)) return n.text;
  return undefined;
}

/** The scalar a property initializer is written as (literals only; anything else is not edited). */
function tsScalar(ts: typeof Ts, e: Ts.Expression): SourceEntry['value'] | undefined {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  return undefined;
}

/** EditableSource of a decorator (.device.ts) definition: object literals, directly or as a decorator's argument. */
export function tsSource(text: string, fileName = 'definition.device.ts'): EditableSource {
  // ts-morph loads on first use: most runs edit no decorator definition.
  const ts = loadTsMorph().ts;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const objects = new Map<number, Ts.ObjectLiteralExpression>();
  const note = (start: number, o: Ts.ObjectLiteralExpression): void => {
    if (!objects.has(start)) objects.set(start, o);
  };
  const walk = (n: Ts.Node): void => {
    if (ts.isObjectLiteralExpression(n)) note(n.getStart(sf), n);
    // A member decorator (`@Field({...})`) is positioned at the '@': its options are the mapping.
    if (ts.isDecorator(n) && ts.isCallExpression(n.expression)) {
      const arg = n.expression.arguments[0];
      if (arg && ts.isObjectLiteralExpression(arg)) note(n.getStart(sf), arg);
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  const commentInside: FixUnavailable = { unavailable: 'a comment sits between the entries; edit it by hand' };
  return {
    entryAt(offset, key) {
      const obj = objects.get(offset);
      if (!obj) return undefined;
      const props = obj.properties;
      const i = props.findIndex((p) => propName(ts, p) === key);
      const prop = props[i];
      if (!prop || !ts.isPropertyAssignment(prop)) return undefined;
      const init = prop.initializer;
      const value = tsScalar(ts, init);
      if (value === undefined) return undefined;
      return {
        value,
        removal() {
          const prev = props[i - 1];
          const next = props[i + 1];
          if (prev) {
            const start = prev.getEnd();
            return tsComment(text.slice(start, prop.getEnd())) ? commentInside : { start, end: prop.getEnd(), text: '' };
          }
          if (next) return tsComment(text.slice(prop.getStart(sf), next.getStart(sf))) ? commentInside : { start: prop.getStart(sf), end: next.getStart(sf), text: '' };
          return { start: prop.getStart(sf), end: prop.getEnd(), text: '' };
        },
        replaceString(v) {
          const quote = text[init.getStart(sf)] === '"' ? '"' : "'";
          const body = v.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
          return { start: init.getStart(sf), end: init.getEnd(), text: `${quote}${body}${quote}` };
        },
      };
    },
  };
}

/**
 * Character offset of a 1-based line and column of `text` (lines end at `\n`, `\r\n` or a lone
 * `\r`, as the source line index counts them); past the end clamps to the end.
 */
export function offsetAt(text: string, line: number, col: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const lf = text.indexOf('\n', start);
    const cr = text.indexOf('\r', start);
    if (lf < 0 && cr < 0) return text.length;
    if (cr >= 0 && (lf < 0 || cr < lf)) start = text[cr + 1] === '\n' ? cr + 2 : cr + 1;
    else start = lf + 1;
  }
  return Math.min(text.length, start + col - 1);
}

/** The EditableSource of a definition, by file name (`*.device.ts` or YAML). */
export function editableSource(file: string, text: string): EditableSource {
  return file.endsWith('.device.ts') ? tsSource(text, file) : yamlSource(text);
}

