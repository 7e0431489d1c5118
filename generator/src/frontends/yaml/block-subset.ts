/**
 * The YAML front end's fast path: definitions written in the plain block style most of them use
 * (block mappings and sequences, single-line flow collections, plain and quoted scalars,
 * comments) are built straight from the yaml library's lexer tokens into the format v1 value and
 * a table of node ranges, without the library's CST parser and document composer. Those two
 * take about 1.5 s on a 10 000-register definition; the lexer alone is about a quarter of that.
 *
 * The library stays the authority: this reader declines (returns undefined) at the first thing
 * outside the subset — anchors, aliases, tags, directives, block scalars, explicit or non-string
 * keys, duplicate keys, empty values, multi-line flow collections, tabs, CR line ends, a comment
 * whose line does not lead into a node at its own indent, anything the library would report —
 * and readYaml then reads the text with the library as before, so every diagnostic is the
 * library's. For what it accepts it yields the value, node ranges and scalar spellings the
 * library path yields (test/unit/generator/frontend/yaml-block-subset.test.ts compares both on
 * every definition in the repository and on generated documents). Scalars are resolved by the
 * library's own core-schema tags and flow-scalar rules (block-subset-scalars.ts); the node table
 * is block-subset-table.ts.
 */
import { CST, Lexer } from 'yaml';
import { NodeKind, type SubsetLimits, type SubsetRead, type SubsetTable } from './block-subset-table.ts';
import { SubsetScalars } from './block-subset-scalars.ts';

export { NodeKind, nodeAt, type SubsetLimits, type SubsetRead, type SubsetTable } from './block-subset-table.ts';

/** What a lexeme is, for the builder. */
const Tok = {
  Space: 0, Newline: 1, Comment: 2, Plain: 3, DoubleQuoted: 4, SingleQuoted: 5, SeqInd: 6, MapInd: 7,
  FlowMapStart: 8, FlowMapEnd: 9, FlowSeqStart: 10, FlowSeqEnd: 11, Comma: 12, Other: 13,
} as const;
type Tok = (typeof Tok)[keyof typeof Tok];

/** Token type of one lexeme that is not a plain scalar's source. */
function tokOf(source: string): Tok {
  switch (CST.tokenType(source)) {
    case 'space': return source.includes('\t') ? Tok.Other : Tok.Space;
    case 'newline': return source === '\n' ? Tok.Newline : Tok.Other;
    case 'comment': return Tok.Comment;
    case 'double-quoted-scalar': return Tok.DoubleQuoted;
    case 'single-quoted-scalar': return Tok.SingleQuoted;
    case 'seq-item-ind': return Tok.SeqInd;
    case 'map-value-ind': return Tok.MapInd;
    case 'flow-map-start': return Tok.FlowMapStart;
    case 'flow-map-end': return Tok.FlowMapEnd;
    case 'flow-seq-start': return Tok.FlowSeqStart;
    case 'flow-seq-end': return Tok.FlowSeqEnd;
    case 'comma': return Tok.Comma;
    default: return Tok.Other;
  }
}

/** Declines the fast path (caught by readBlockSubset). */
class Decline {}
const DECLINE = new Decline();

/** An open block collection. */
interface Frame {
  readonly map: boolean;
  /** Column of its keys or `-` indicators. */
  readonly indent: number;
  readonly value: Record<string, unknown> | unknown[];
  readonly id: number;
  readonly depth: number;
  /** Trimmed end of its last item so far. */
  end: number;
}

/** A `key:` whose value starts on a later line. */
interface Pending {
  readonly frame: Frame;
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
}

/**
 * Reads `text` when it is inside the subset; undefined otherwise (then the library reads it).
 * The top level must be a block mapping at column 0.
 */
export function readBlockSubset(text: string, limits: SubsetLimits, lexemes?: Iterable<string>): SubsetRead | undefined {
  try {
    return new SubsetBuilder(text, limits).run(lexemes);
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}

/** The builder: lexemes are gathered a line at a time, then each line is added to the tree. */
class SubsetBuilder {
  readonly #text: string;
  readonly #limits: SubsetLimits;
  // Node columns (see SubsetTable), grown by doubling.
  #ranges = new Int32Array(4 * 1024);
  #kinds = new Uint8Array(1024);
  #nodes = 0;
  readonly #children: SubsetTable['children'] = [];
  readonly #texts: SubsetTable['text'] = [];
  readonly #values: SubsetTable['value'] = [];
  /** The string of the scalar #scalar resolved last. */
  #lastText = '';
  readonly #scalars = new SubsetScalars();
  #budget: number;
  readonly #frames: Frame[] = [];
  #pending: Pending | undefined;
  #root: Record<string, unknown> | undefined;
  /** Column of the full-line comments since the last content line (-1: none). */
  #commentCol = -1;
  // The current line's tokens.
  #n = 0;
  readonly #types: Tok[] = [];
  readonly #srcs: string[] = [];
  readonly #offs: number[] = [];

  constructor(text: string, limits: SubsetLimits) {
    this.#text = text;
    this.#limits = limits;
    this.#budget = limits.maxNodes;
  }

  /** Builds from `lexemes`, the yaml library's lexer tokens of the text. */
  run(lexemes: Iterable<string> = new Lexer().lex(this.#text)): SubsetRead | undefined {
    let offset = 0;
    let plainNext = false;
    let docMode = false;
    for (const lexeme of lexemes) {
      if (lexeme === '\x02' && !docMode) {
        docMode = true; // the lexer's mark of the document's start (after leading comments): no text
        continue;
      }
      if (plainNext) {
        plainNext = false;
        this.#push(Tok.Plain, lexeme, offset);
        offset += lexeme.length;
        continue;
      }
      if (lexeme === '\x1f') { // a plain scalar's source follows
        plainNext = true;
        continue;
      }
      const t = tokOf(lexeme);
      if (t === Tok.Other) throw DECLINE;
      if (t === Tok.Newline) {
        this.#line();
        this.#n = 0;
      } else {
        this.#push(t, lexeme, offset);
      }
      offset += lexeme.length;
    }
    if (offset !== this.#text.length) throw DECLINE;
    this.#line();
    if (this.#pending || this.#root === undefined || (this.#commentCol !== -1 && this.#commentCol !== 0)) throw DECLINE;
    while (this.#frames.length > 0) this.#pop();
    const table: SubsetTable = {
      ranges: this.#ranges.subarray(0, 4 * this.#nodes), kind: this.#kinds.subarray(0, this.#nodes),
      children: this.#children, text: this.#texts, value: this.#values,
    };
    return { value: this.#root, table };
  }

  /** Adds a token to the current line. */
  #push(t: Tok, src: string, off: number): void {
    const i = this.#n++;
    this.#types[i] = t;
    this.#srcs[i] = src;
    this.#offs[i] = off;
  }

  /** Adds a table entry, item `slot` of entry `parent` (-1 for the root); returns its id. */
  #entry(parent: number, slot: string | number, kind: NodeKind, start: number, end: number, keyStart = -1, keyEnd = -1, text?: string, value?: unknown): number {
    const id = this.#nodes++;
    if (id === this.#kinds.length) {
      const ranges = new Int32Array(this.#ranges.length * 2);
      ranges.set(this.#ranges);
      this.#ranges = ranges;
      const kinds = new Uint8Array(this.#kinds.length * 2);
      kinds.set(this.#kinds);
      this.#kinds = kinds;
    }
    const r = this.#ranges;
    r[4 * id] = start;
    r[4 * id + 1] = end;
    r[4 * id + 2] = keyStart;
    r[4 * id + 3] = keyEnd;
    this.#kinds[id] = kind;
    this.#texts.push(text);
    this.#values.push(value);
    this.#children.push(kind === NodeKind.Map || kind === NodeKind.FlowMap ? new Map() : kind === NodeKind.Seq || kind === NodeKind.FlowSeq ? [] : undefined);
    if (parent >= 0) {
      const c = this.#children[parent]!;
      if (Array.isArray(c)) c.push(id);
      else c.set(slot as string, id);
    }
    return id;
  }

  /** Sets the end of node `id`. */
  #setEnd(id: number, end: number): void {
    this.#ranges[4 * id + 1] = end;
  }

  /** One more value node at `depth` (readYaml's budget and depth rules). */
  #count(depth: number): void {
    if (--this.#budget < 0 || depth > this.#limits.maxDepth) throw DECLINE;
  }

  /** Closes the innermost open collection: its end is its last item's. */
  #pop(): void {
    const f = this.#frames.pop()!;
    this.#setEnd(f.id, f.end);
    const parent = this.#frames[this.#frames.length - 1];
    if (parent) parent.end = f.end;
  }

  /** Processes the gathered line. */
  #line(): void {
    const n = this.#n;
    let i = 0;
    if (n > 0 && this.#types[0] === Tok.Space) i = 1;
    if (i === n) return; // blank line
    if (this.#types[i] === Tok.Comment) {
      if (i + 1 !== n) throw DECLINE;
      // Before the first node a comment belongs to the document; later it must lead into the
      // next node at its own column (where the library keeps it in that node's leading
      // comments, outside every range).
      if (this.#root === undefined) return;
      const col = this.#column(i);
      if (this.#commentCol !== -1 && this.#commentCol !== col) throw DECLINE;
      this.#commentCol = col;
      return;
    }
    const col = this.#column(i);
    if (this.#commentCol !== -1 && this.#commentCol !== col) throw DECLINE;
    this.#commentCol = -1;
    const dash = this.#types[i] === Tok.SeqInd;
    if (this.#root === undefined) {
      if (col !== 0 || dash) throw DECLINE;
      this.#root = {};
      this.#count(0);
      const id = this.#entry(-1, '', NodeKind.Map, this.#offs[i]!, this.#offs[i]!);
      this.#frames.push({ map: true, indent: 0, value: this.#root, id, depth: 0, end: this.#offs[i]! });
      this.#pair(this.#frames[0]!, i);
      return;
    }
    const pending = this.#pending;
    if (pending) {
      this.#pending = undefined;
      const pf = pending.frame;
      if (col > pf.indent || (col === pf.indent && dash)) {
        this.#nestedValue(pending, i, col, dash);
        return;
      }
      throw DECLINE; // an empty value: the library decides what it is
    }
    // Close the collections this line is left of; a sequence at its parent key's column ends at
    // the next key.
    for (;;) {
      const top = this.#frames[this.#frames.length - 1];
      if (!top) throw DECLINE;
      if (top.indent > col || (top.indent === col && !top.map && !dash)) this.#pop();
      else break;
    }
    const top = this.#frames[this.#frames.length - 1]!;
    if (top.indent !== col || top.map === dash) throw DECLINE;
    if (dash) this.#seqItem(top, i);
    else this.#pair(top, i);
  }

  /** Column of the line's token `i` (the line's first token starts the line). */
  #column(i: number): number {
    return this.#offs[i]! - this.#offs[0]!;
  }

  /** The value of a pending `key:` starts on this line at `col`. */
  #nestedValue(p: Pending, i: number, col: number, dash: boolean): void {
    const pf = p.frame;
    const depth = pf.depth + 1;
    const start = this.#offs[i]!;
    if (dash) {
      this.#count(depth);
      const arr: unknown[] = [];
      setKey(pf.value as Record<string, unknown>, p.key, arr);
      const id = this.#entry(pf.id, p.key, NodeKind.Seq, start, start, p.keyStart, p.keyEnd);
      const f: Frame = { map: false, indent: col, value: arr, id, depth, end: start };
      this.#frames.push(f);
      this.#seqItem(f, i);
      return;
    }
    // A key line starts a nested mapping; a lone scalar is the value itself.
    const k = this.#keyColon(i);
    if (k < 0) {
      const end = this.#scalarValue(i, pf, p.key, depth, p.keyStart, p.keyEnd);
      pf.end = end;
      return;
    }
    this.#count(depth);
    const obj: Record<string, unknown> = {};
    setKey(pf.value as Record<string, unknown>, p.key, obj);
    const id = this.#entry(pf.id, p.key, NodeKind.Map, start, start, p.keyStart, p.keyEnd);
    const f: Frame = { map: true, indent: col, value: obj, id, depth, end: start };
    this.#frames.push(f);
    this.#pair(f, i);
  }

  /** A `- ` item of sequence `f` starting at token `i`. */
  #seqItem(f: Frame, i: number): void {
    const arr = f.value as unknown[];
    const index = arr.length;
    const depth = f.depth + 1;
    const n = this.#n;
    if (i + 2 >= n || this.#types[i + 1] !== Tok.Space) throw DECLINE;
    const j = i + 2;
    const t = this.#types[j]!;
    if (t === Tok.SeqInd || t === Tok.Comment) throw DECLINE;
    if (this.#keyColon(j) >= 0) {
      // A mapping that starts on the item's line.
      this.#count(depth);
      const obj: Record<string, unknown> = {};
      arr.push(obj);
      const start = this.#offs[j]!;
      const id = this.#entry(f.id, index, NodeKind.Map, start, start);
      const col = this.#column(j);
      const m: Frame = { map: true, indent: col, value: obj, id, depth, end: start };
      this.#frames.push(m);
      this.#pair(m, j);
      return;
    }
    const end = this.#scalarValue(j, f, index, depth, -1, -1);
    f.end = end;
  }

  /**
   * When the tokens at `i` are a key and its `:` (a single-line scalar, an optional space, the
   * indicator), the index of the indicator; otherwise -1.
   */
  #keyColon(i: number): number {
    const t = this.#types[i];
    if (t !== Tok.Plain && t !== Tok.DoubleQuoted && t !== Tok.SingleQuoted) return -1;
    let j = i + 1;
    if (this.#types[j] === Tok.Space && j < this.#n) j++;
    return j < this.#n && this.#types[j] === Tok.MapInd ? j : -1;
  }

  /** A `key: value` or `key:` line of mapping `f`, the key at token `i`. */
  #pair(f: Frame, i: number): void {
    const c = this.#keyColon(i);
    if (c < 0) throw DECLINE;
    const keySrc = this.#srcs[i]!;
    if (keySrc.includes('\n') || keySrc.length > 1000) throw DECLINE;
    const key = this.#key(i);
    const obj = f.value as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, key)) throw DECLINE;
    const keyStart = this.#offs[i]!;
    const keyEnd = keyStart + keySrc.length;
    let j = c + 1;
    const n = this.#n;
    if (j === n || (this.#types[j] === Tok.Space && (j + 1 === n || this.#types[j + 1] === Tok.Comment) && this.#lineEnd(j) === n)) {
      this.#pending = { frame: f, key, keyStart, keyEnd };
      return;
    }
    if (this.#types[j] !== Tok.Space) throw DECLINE;
    j++;
    f.end = this.#scalarValue(j, f, key, f.depth + 1, keyStart, keyEnd);
  }

  /**
   * The value at token `i` (a scalar or a flow collection) stored at `slot` of `into`, ending the
   * line; returns its trimmed end (a comment after it on the line included, as in the library's
   * collection ranges).
   */
  #scalarValue(i: number, parent: Frame, slot: string | number, depth: number, keyStart: number, keyEnd: number): number {
    const into = parent.value;
    const t = this.#types[i];
    let end: number;
    let after: number;
    if (t === Tok.FlowSeqStart || t === Tok.FlowMapStart) {
      const r = this.#flow(i, parent.id, slot, depth, keyStart, keyEnd);
      store(into, slot, r.value);
      end = r.end;
      after = r.next;
    } else {
      this.#count(depth);
      const v = this.#scalar(i, false);
      store(into, slot, v);
      const start = this.#offs[i]!;
      end = start + this.#srcs[i]!.length;
      this.#entry(parent.id, slot, t === Tok.Plain ? NodeKind.Plain : NodeKind.Quoted, start, end, keyStart, keyEnd, this.#lastText, v);
      after = i + 1;
    }
    const n = this.#n;
    if (after === n) return end;
    if (this.#lineEnd(after) !== n) throw DECLINE;
    // A space, then maybe a comment.
    if (after + 1 < n) {
      const c = after + 1;
      return this.#offs[c]! + this.#srcs[c]!.length;
    }
    return end;
  }

  /** From a space token at `i`: the index after an optional comment, when the line ends there (else -1). */
  #lineEnd(i: number): number {
    if (this.#types[i] !== Tok.Space) return -1;
    if (i + 1 === this.#n) return this.#n;
    if (this.#types[i + 1] === Tok.Comment && i + 2 === this.#n) return this.#n;
    return -1;
  }

  /** A flow collection at token `i`, on one line. */
  #flow(i: number, parent: number, slot: string | number, depth: number, keyStart: number, keyEnd: number): { value: unknown; end: number; next: number } {
    this.#count(depth);
    const isMap = this.#types[i] === Tok.FlowMapStart;
    const close = isMap ? Tok.FlowMapEnd : Tok.FlowSeqEnd;
    const start = this.#offs[i]!;
    const id = this.#entry(parent, slot, isMap ? NodeKind.FlowMap : NodeKind.FlowSeq, start, start, keyStart, keyEnd);
    const value: Record<string, unknown> | unknown[] = isMap ? {} : [];
    const n = this.#n;
    let j = i + 1;
    const skip = (): void => {
      if (j < n && this.#types[j] === Tok.Space) j++;
    };
    skip();
    let items = 0;
    for (;;) {
      if (j >= n) throw DECLINE;
      if (this.#types[j] === close) {
        const end = this.#offs[j]! + 1;
        this.#setEnd(id, end);
        return { value, end, next: j + 1 };
      }
      if (items > 0) {
        if (this.#types[j] !== Tok.Comma) throw DECLINE;
        j++;
        skip();
        if (j >= n || this.#types[j] === close || this.#types[j] === Tok.Comma) throw DECLINE;
      }
      items++;
      if (isMap) {
        const c = this.#keyColon(j);
        if (c < 0 || this.#srcs[j]!.length > 1000 || this.#srcs[j]!.includes('\n')) throw DECLINE;
        const key = this.#key(j);
        const obj = value as Record<string, unknown>;
        if (Object.prototype.hasOwnProperty.call(obj, key)) throw DECLINE;
        const ks = this.#offs[j]!;
        const ke = ks + this.#srcs[j]!.length;
        j = c + 1;
        skip();
        j = this.#flowItem(j, obj, id, key, depth + 1, ks, ke);
      } else {
        const arr = value as unknown[];
        j = this.#flowItem(j, arr, id, arr.length, depth + 1, -1, -1);
        if (j < n && this.#types[j] === Tok.MapInd) throw DECLINE; // a pair inside a sequence
      }
      skip();
    }
  }

  /** One value inside a flow collection; returns the token index after it. */
  #flowItem(j: number, into: Record<string, unknown> | unknown[], parent: number, slot: string | number, depth: number, ks: number, ke: number): number {
    if (j >= this.#n) throw DECLINE;
    const t = this.#types[j];
    if (t === Tok.FlowSeqStart || t === Tok.FlowMapStart) {
      const r = this.#flow(j, parent, slot, depth, ks, ke);
      store(into, slot, r.value);
      return r.next;
    }
    // A scalar over several lines makes the collection span them: the library's to read.
    if ((t !== Tok.Plain && t !== Tok.DoubleQuoted && t !== Tok.SingleQuoted) || this.#srcs[j]!.includes('\n')) throw DECLINE;
    this.#count(depth);
    const v = this.#scalar(j, false);
    store(into, slot, v);
    const start = this.#offs[j]!;
    this.#entry(parent, slot, t === Tok.Plain ? NodeKind.Plain : NodeKind.Quoted, start, start + this.#srcs[j]!.length, ks, ke, this.#lastText, v);
    return j + 1;
  }

  /** A mapping key: a scalar that resolves to a string. */
  #key(i: number): string {
    const v = this.#scalar(i, true);
    if (typeof v !== 'string') throw DECLINE;
    return v;
  }

  /** The value of the scalar token at `i`, resolved as the library resolves it. */
  #scalar(i: number, atKey: boolean): unknown {
    const t = this.#types[i]!;
    const style = t === Tok.Plain ? 'plain' : t === Tok.DoubleQuoted ? 'double' : t === Tok.SingleQuoted ? 'single' : undefined;
    if (style === undefined) throw DECLINE;
    const r = this.#scalars.resolve(style, this.#srcs[i]!, this.#offs[i]!, atKey);
    if (r === undefined) throw DECLINE;
    this.#lastText = r.text;
    return r.value;
  }
}

/** A mapping entry; a key named __proto__ is a plain key, never the object's prototype. */
function setKey(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

function store(into: Record<string, unknown> | unknown[], slot: string | number, v: unknown): void {
  if (Array.isArray(into)) into.push(v);
  else setKey(into, slot as string, v);
}
