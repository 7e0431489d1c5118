/**
 * The wire-end syntax of board definitions: `PART.GROUP[N]`, `PART.GROUP[FIRST..LAST]`, and
 * for a stand-in's unnamed GPIO list `PART[N]` / `PART[FIRST..LAST]`. Indexes are decimal.
 */
import type { Span } from '../ir/ir.ts';
import type { EndpointIR } from './machine-ir.ts';

/** The wire-end syntax as a pattern (also published in the board JSON Schema). */
export const ENDPOINT_PATTERN = '^([A-Za-z][A-Za-z0-9_-]*)(?:\\.([A-Za-z0-9_][A-Za-z0-9_-]*))?\\[(0|[1-9][0-9]*)(?:\\.\\.(0|[1-9][0-9]*))?\\]$';
const ENDPOINT_RE = new RegExp(ENDPOINT_PATTERN);

/** Most lines one wire may name (far above any board; keeps indexes exact). */
const MAX_INDEX = 1 << 20;

/** A parsed end, or why the text is not one. */
export type EndpointParse = { readonly ok: true; readonly end: EndpointIR } | { readonly ok: false; readonly detail: string };

/** Parses one wire end written at `span`. */
export function parseEndpoint(text: string, span: Span): EndpointParse {
  const m = ENDPOINT_RE.exec(text.trim());
  if (m === null) {
    const detail = !text.includes('[') ? ': the line index in [brackets] is missing' : text.includes('..') && !/\[\d+\.\.\d+\]/.test(text) ? ': a range is written [FIRST..LAST]' : '';
    return { ok: false, detail };
  }
  const first = Number(m[3]);
  const last = m[4] === undefined ? first : Number(m[4]);
  if (first > MAX_INDEX || last > MAX_INDEX) return { ok: false, detail: `: indexes above ${MAX_INDEX} are not accepted` };
  if (last < first) return { ok: false, detail: `: the range ends (${last}) before it starts (${first})` };
  return { ok: true, end: { part: m[1]!, group: m[2] ?? null, first, count: last - first + 1, text: text.trim(), span } };
}

/** `uart0.irq[0]`, `hpet.irq[0..7]`, `gic[1]`: an end as the definition writes it. */
export function formatEndpoint(end: Pick<EndpointIR, 'part' | 'group' | 'first' | 'count'>): string {
  const range = end.count === 1 ? `${end.first}` : `${end.first}..${end.first + end.count - 1}`;
  return `${end.part}${end.group === null ? '' : `.${end.group}`}[${range}]`;
}
