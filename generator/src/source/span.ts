/**
 * Helpers for the IR's `Span` (1-based, end exclusive). Front ends build spans from byte
 * ranges; checks and renderers compare and format them.
 */
import type { Span } from '../ir/ir.ts';
import type { LineIndex } from './line-index.ts';

export type { Span };

/** Span of the half-open byte range [start, end) of `file`. */
export function spanFromRange(file: string, index: LineIndex, start: number, end: number): Span {
  const a = index.position(start);
  const b = index.position(Math.max(start, end));
  return { file, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

/** A zero-width span at one position (for whole-file problems, or "missing" things). */
export function pointSpan(file: string, line = 1, col = 1): Span {
  return { file, line, col, endLine: line, endCol: col };
}

/** Orders spans by file, then start, then end (stable, deterministic diagnostic order). */
export function compareSpans(a: Span, b: Span): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col || a.endLine - b.endLine || a.endCol - b.endCol;
}

/** `line:col` of a span's start, as used in messages ("defined at line 12"). */
export function formatSpanStart(span: Span): string {
  return `${span.line}:${span.col}`;
}

/** Compact `line:col-endLine:endCol` form used by the IR dump. */
export function formatSpanRange(span: Span): string {
  return `${span.line}:${span.col}-${span.endLine}:${span.endCol}`;
}
