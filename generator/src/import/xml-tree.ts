/**
 * XML read into a small element tree with positions, for the SVD importer. Parsing is saxes'
 * (a strict, streaming XML parser that tracks lines and columns); this module only keeps what
 * SVD needs: element names, attributes, the text of leaf elements and where each element starts.
 * A malformed document is one positioned `svd-xml` diagnostic, never an exception. saxes
 * expands no DTD entities, so an entity bomb cannot grow the tree.
 */
import { SaxesParser } from 'saxes';
import type { Span } from '../ir/ir.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';

/** One XML element: its tag, attributes, children, text (trimmed) and start position. */
export interface XmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** Where the start tag begins (a patch-made element points at its patch line). */
  span: Span;
}

/** Largest SVD read (vendor files of the biggest parts are tens of MiB). */
export const MAX_XML_BYTES = 256 * 1024 * 1024;

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * A parsed element. Vendor files hold hundreds of thousands of elements, all alive until the
 * import has read them, so an element keeps its start as two numbers and makes its span when
 * asked (a patch or a derivation may give it another).
 */
class ParsedElement implements XmlElement {
  children: XmlElement[] = [];
  text = '';
  #span: Span | undefined;
  constructor(readonly file: string, public tag: string, public attrs: Record<string, string>, readonly line: number, readonly col: number) {}
  get span(): Span {
    return this.#span ?? { file: this.file, line: this.line, col: this.col, endLine: this.line, endCol: this.col + this.tag.length + 1 };
  }
  set span(span: Span) {
    this.#span = span;
  }
}

/** Parses `text`; the root element, or undefined after reporting why there is none. */
export function readXml(file: string, text: string, sink: DiagnosticSink): XmlElement | undefined {
  if (text.length > MAX_XML_BYTES) {
    sink.report('input-too-large', { file, line: 1, col: 1, endLine: 1, endCol: 1 }, { size: text.length, limit: MAX_XML_BYTES });
    return undefined;
  }
  const parser = new SaxesParser({ position: true });
  const stack: ParsedElement[] = [];
  const texts: string[] = [];
  let root: XmlElement | undefined;
  let failed = false;
  let startLine = 1;
  let startCol = 1;
  parser.on('opentagstart', (tag) => {
    // The parser has read `<name` and the character after it; the element starts at its `<` (1-based).
    startLine = parser.line;
    startCol = parser.column - tag.name.length - 1;
  });
  parser.on('opentag', (tag) => {
    let attrs = NO_ATTRIBUTES;
    for (const k in tag.attributes) {
      if (attrs === NO_ATTRIBUTES) attrs = {};
      const v = tag.attributes[k]!;
      attrs[k] = typeof v === 'string' ? v : v.value;
    }
    const el = new ParsedElement(file, tag.name, attrs, startLine, startCol);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(el);
    else root ??= el;
    stack.push(el);
    texts.push('');
  });
  // Only leaf elements keep text (SVD has no mixed content): the layout between children is dropped at once.
  const onText = (t: string): void => {
    const top = stack.length - 1;
    if (top >= 0 && stack[top]!.children.length === 0) texts[top] += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const el = stack.pop();
    const t = texts.pop();
    if (el !== undefined && t !== undefined && el.children.length === 0) el.text = t.trim();
  });
  parser.on('error', (e) => {
    if (failed) return;
    failed = true;
    // saxes prefixes its message with "line:col: "; the span carries the position instead.
    const detail = e.message.replace(/^[^:]*:?\d+:\d+: /, '');
    const line = parser.line;
    const col = parser.column + 1;
    sink.report('svd-xml', { file, line, col, endLine: line, endCol: col + 1 }, { detail });
  });
  try {
    parser.write(text).close();
  } catch {
    // saxes throws after the error handler ran when it cannot go on; the handler reported it.
  }
  return failed ? undefined : root;
}

/** The first child element named `tag`. */
export function child(el: XmlElement, tag: string): XmlElement | undefined {
  return el.children.find((c) => c.tag === tag);
}

/** Every child element named `tag`. */
export function children(el: XmlElement, tag: string): XmlElement[] {
  return el.children.filter((c) => c.tag === tag);
}

/** The text of the first child named `tag`, when present. */
export function childText(el: XmlElement, tag: string): string | undefined {
  return child(el, tag)?.text;
}

/** A deep copy (derivation and patches change copies, never the parsed original). */
export function cloneElement(el: XmlElement): XmlElement {
  return { tag: el.tag, attrs: { ...el.attrs }, children: el.children.map(cloneElement), text: el.text, span: el.span };
}
