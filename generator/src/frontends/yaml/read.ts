/**
 * The YAML front end: text → YAML document with node ranges → the plain format v1 value, plus
 * a table from every value path back to its YAML node (the pipeline's shape check and lowering
 * use it to position diagnostics at the offending key or value). It only reads: shape, lowering
 * and checks are the pipeline's stages, shared with the decorator front end.
 *
 * A definition in plain block style is read by the fast path (block-subset.ts) from the yaml
 * library's lexer tokens, with the same value, spans and literals; anything else, and every text
 * with a problem, goes through the library's document here, which reports it.
 *
 * Bounded by design: inputs over a size limit are refused before parsing, and alias
 * expansion is counted so a "billion laughs" document fails fast with a diagnostic.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import type { Span } from '../../ir/ir.ts';
import type { DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import { LineIndex } from '../../source/line-index.ts';
import { MAX_SOURCE_BYTES } from '../../source/source-file.ts';
import { pointSpan, spanFromRange } from '../../source/span.ts';
import { pathKey, spanByPath, type DefinitionValue, type ValuePath } from '../../format-v1/definition-value.ts';
import type { ScalarLiteral } from '../../schema/numbers.ts';
import { NodeKind, nodeAt, readBlockSubset, type SubsetRead } from './block-subset.ts';

/** Limits of the reader. */
export interface ReadLimits {
  /** Largest accepted input, in UTF-16 code units (about bytes for definitions). */
  readonly maxInputSize: number;
  /** Most JS nodes the value may expand to, counting alias expansions. */
  readonly maxNodes: number;
  /** Deepest nesting of lists and mappings (definitions need about 8). */
  readonly maxDepth: number;
}

/**
 * Default limits: what hurts is nodes (after alias expansion) and depth, not bytes, so those are
 * the tight ones. A 10 000-register device in block style with descriptions (about 3.3 MB,
 * 170 000 nodes) is well inside them; a billion-laughs document stops at half a million nodes.
 */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxInputSize: MAX_SOURCE_BYTES, maxNodes: 500_000, maxDepth: 64 };

/** YAML node (and, for mapping values, the key node) of one path. */
interface NodeEntry {
  readonly node: Node | undefined;
  readonly key: Scalar | undefined;
}

/** Thrown internally when alias expansion exceeds the node budget; caught in readYaml. */
class BudgetExceeded {
  constructor(readonly at: Node, readonly id: 'yaml-alias-limit' | 'yaml-depth') {}
}

/** Most YAML syntax errors reported for one file. */
const MAX_YAML_ERRORS = 10;

/**
 * Parses `text` (display path `file`) into a JS value and a node table. Problems are
 * reported to `sink`; value is undefined when the document cannot be used at all.
 */
export function readYaml(file: string, text: string, sink: DiagnosticSink, limits: ReadLimits = DEFAULT_READ_LIMITS): DefinitionValue {
  // Most definitions are plain block YAML: read straight from the lexer's tokens when they are.
  if (text.length <= limits.maxInputSize) {
    const fast = readBlockSubset(text, limits);
    if (fast !== undefined) return subsetResult(file, text, new LineIndex(text), fast);
  }
  return readYamlDocument(file, text, sink, limits);
}

/**
 * readYaml through the yaml library's document (what the fast path declines, and every
 * diagnostic): any YAML, positioned errors, alias expansion within the node budget.
 */
export function readYamlDocument(file: string, text: string, sink: DiagnosticSink, limits: ReadLimits = DEFAULT_READ_LIMITS): DefinitionValue {
  const index = new LineIndex(text.length > limits.maxInputSize ? '' : text);
  const nodes = new Map<string, NodeEntry>();
  const span = (n: Node | undefined): Span | undefined => (n?.range ? trimmedSpan(file, text, index, n.range[0], n.range[1]) : undefined);
  // Resolving an alias walks the document: once per alias node, however often it is expanded.
  const anchors = new Map<Node, Node | null>();
  let parsed: Document | undefined;
  const resolveAlias = (n: Node): Node | null => {
    let target = anchors.get(n);
    if (target === undefined && parsed !== undefined && isAlias(n)) {
      target = n.resolve(parsed) ?? null;
      anchors.set(n, target);
    }
    return target ?? null;
  };
  /**
   * The node table's entry of `path`; a value inside an alias's expansion (not tabled) is found
   * by descending from its nearest tabled ancestor through the anchored nodes.
   */
  const entryAt = (path: ValuePath): NodeEntry | undefined => {
    const direct = nodes.get(pathKey(path));
    if (direct !== undefined) return direct;
    for (let k = path.length - 1; k >= 0; k--) {
      const from = nodes.get(pathKey(path.slice(0, k)));
      if (from === undefined) continue;
      let n: Node | null | undefined = from.node;
      let key: Scalar | undefined;
      for (const seg of path.slice(k)) {
        if (n && isAlias(n)) n = resolveAlias(n);
        if (isSeq(n) && typeof seg === 'number') {
          n = n.items[seg] as Node | undefined;
          key = undefined;
        } else if (isMap(n)) {
          const pair = n.items.find((p) => isScalar(p.key) && p.key.value === seg);
          n = pair?.value as Node | null | undefined;
          key = pair?.key as Scalar | undefined;
        } else {
          return undefined;
        }
      }
      if (n && isAlias(n)) n = resolveAlias(n);
      return { node: n ?? undefined, key };
    }
    return undefined;
  };
  const result = (value: unknown): DefinitionValue => ({
    value,
    file,
    spanOf(path) {
      return spanByPath(file, path, (key) => span(nodes.get(key)?.node));
    },
    keySpanOf(path) {
      return span(entryAt(path)?.key) ?? this.spanOf(path);
    },
    literalAt(path) {
      const n = entryAt(path)?.node;
      if (!n || !isScalar(n)) return undefined;
      const style = n.type === 'PLAIN' || n.type === undefined ? 'plain' : n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE' ? 'quoted' : 'block';
      return { value: n.value, text: n.source ?? String(n.value), style };
    },
    // YAML definitions are written in the format's own key spelling.
    spellKey: (key) => key,
  });

  if (text.length > limits.maxInputSize) {
    sink.report('input-too-large', pointSpan(file), { size: text.length, limit: limits.maxInputSize });
    return result(undefined);
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { intAsBigInt: true, lineCounter, prettyErrors: false, uniqueKeys: true, merge: false, version: '1.2' });
  } catch (err) {
    // Pathological nesting can exhaust the parser's stack: that is bad input, not a bug.
    if (!(err instanceof RangeError)) throw err;
    sink.report('yaml-depth', pointSpan(file), { limit: limits.maxDepth });
    return result(undefined);
  }
  // Unresolved tags are reported below as yaml-tag errors, so their warning is dropped.
  // A garbage input can yield hundreds of errors; the first few are what helps.
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED')].slice(0, MAX_YAML_ERRORS);
  if (problems.some((e) => /call stack/i.test(e.message))) {
    sink.report('yaml-depth', pointSpan(file), { limit: limits.maxDepth });
    return result(undefined);
  }
  for (const e of problems) {
    const [start, end] = e.pos;
    const detail = e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').replace(/\.$/, '');
    sink.report('yaml-syntax', spanFromRange(file, index, start, end), { detail }, undefined, doc.errors.includes(e as never) ? 'error' : 'warning');
  }
  if (doc.errors.length) return result(undefined);

  let budget = limits.maxNodes;
  parsed = doc;
  // A value's path is carried as its pathKey (definition-value.ts) and its depth, so a node costs
  // no path array.
  const child = (parent: string, depth: number, seg: string | number): string => (depth === 0 ? String(seg) : `${parent}\u0000${seg}`);
  // Inside an alias's expansion, values are not entered in the node table: their spans are the
  // anchored node's (spanByPath falls back to the nearest recorded ancestor, the alias's path
  // records the anchored node), and an expansion costs no table entry per node.
  const convert = (node: Node | null | undefined, path: string, depth: number, key: Scalar | undefined, d: Document, expanded = false): unknown => {
    if (--budget < 0) throw new BudgetExceeded(node ?? (key as Node), 'yaml-alias-limit');
    if (depth > limits.maxDepth) throw new BudgetExceeded(node ?? (key as Node), 'yaml-depth');
    let n: Node | null | undefined = node;
    if (n && isAlias(n)) {
      const target = resolveAlias(n);
      if (!expanded) nodes.set(path, { node: target ?? undefined, key });
      n = target;
      expanded = true;
    }
    if (!expanded) nodes.set(path, { node: n ?? undefined, key });
    if (!n) return null;
    if (n.tag !== undefined) {
      sink.report('yaml-tag', span(n) ?? pointSpan(file), { tag: n.tag.replace(/^tag:yaml\.org,2002:/, '!!') });
    }
    if (isScalar(n)) return n.value;
    if (isSeq(n)) return n.items.map((item, i) => convert(item as Node, child(path, depth, i), depth + 1, undefined, d, expanded));
    if (isMap(n)) {
      const obj: Record<string, unknown> = {};
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as Node | null;
        if (!k || !isScalar(k) || typeof k.value !== 'string') {
          sink.report('yaml-key', span(k ?? undefined) ?? span(n) ?? pointSpan(file), {});
          continue;
        }
        const v = convert(pair.value as Node, child(path, depth, k.value), depth + 1, k, d, expanded);
        // A key named __proto__ is a plain key of the definition, never the object's prototype.
        if (k.value === '__proto__') Object.defineProperty(obj, k.value, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[k.value] = v;
      }
      return obj;
    }
    return null;
  };
  try {
    const value = convert(doc.contents as Node | null, '', 0, undefined, doc);
    return result(value);
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    const at = span(err.at) ?? pointSpan(file);
    if (err.id === 'yaml-depth') sink.report('yaml-depth', at, { limit: limits.maxDepth });
    else sink.report('yaml-alias-limit', at, { limit: limits.maxNodes });
    return result(undefined);
  }
}

/** Block collections end after their trailing newline; trim so spans end on the last character. */
function trimmedSpan(file: string, text: string, index: LineIndex, start: number, end: number): Span {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return spanFromRange(file, index, start, e);
}

/** The reader's answer for a text the fast path read (block-subset.ts): spans from its node table. */
function subsetResult(file: string, text: string, index: LineIndex, read: SubsetRead): DefinitionValue {
  const { table } = read;
  const { ranges, kind, text: source, value } = table;
  return {
    value: read.value,
    file,
    // As spanByPath: the node's span, else its nearest ancestor's.
    spanOf(path) {
      const { id } = nodeAt(table, path);
      return trimmedSpan(file, text, index, ranges[4 * id]!, ranges[4 * id + 1]!);
    },
    keySpanOf(path) {
      const { id, exact } = nodeAt(table, path);
      const keyStart = ranges[4 * id + 2]!;
      return exact && keyStart >= 0 ? trimmedSpan(file, text, index, keyStart, ranges[4 * id + 3]!) : this.spanOf(path);
    },
    literalAt(path): ScalarLiteral | undefined {
      const { id, exact } = nodeAt(table, path);
      const k = kind[id]!;
      if (!exact || (k !== NodeKind.Plain && k !== NodeKind.Quoted)) return undefined;
      return { value: value[id], text: source[id]!, style: k === NodeKind.Plain ? 'plain' : 'quoted' };
    },
    spellKey: (key) => key,
  };
}
