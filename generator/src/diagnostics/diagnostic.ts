/**
 * Diagnostics are data: a position, a severity, a rule id from the one table, a rendered
 * message and an optional context line. Stages *collect* them in a sink and never throw for
 * a user mistake; the pipeline decides at the end of a stage whether to go on.
 */
import type { Span } from '../ir/ir.ts';
import { CODES, formatMessage, type DiagnosticArgs, type DiagnosticId, type Severity } from './codes.ts';
import { compareSpans } from '../source/span.ts';

export type { Severity, DiagnosticId };

/** One reported problem. Lines/columns are 1-based; `end*` is exclusive. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
  readonly severity: Severity;
  readonly id: DiagnosticId;
  readonly message: string;
  /** Where in the definition, e.g. "in register 'CR'" (rendered on its own line). */
  readonly context?: string;
}

/** Collects diagnostics of one or more stages. */
export class DiagnosticSink {
  readonly #items: Diagnostic[] = [];

  /** Records a diagnostic for rule `id` at `span`; severity comes from the table unless overridden. */
  report<I extends DiagnosticId>(id: I, span: Span, args: DiagnosticArgs<I>, context?: string, severity?: Severity): void {
    const d: Diagnostic = {
      file: span.file,
      line: span.line,
      col: span.col,
      endLine: span.endLine,
      endCol: span.endCol,
      severity: severity ?? CODES[id].severity,
      id,
      message: formatMessage(id, args),
      ...(context !== undefined ? { context } : {}),
    };
    this.#items.push(d);
  }

  /** Adds already-built diagnostics (e.g. from another stage). */
  addAll(diags: readonly Diagnostic[]): void {
    this.#items.push(...diags);
  }

  /** True when any error was recorded. */
  get hadError(): boolean {
    return this.#items.some((d) => d.severity === 'error');
  }

  /** Number of diagnostics recorded so far (stages use it to tell whether they added errors). */
  get size(): number {
    return this.#items.length;
  }

  /** The diagnostics, sorted by position (then id) for deterministic output. */
  toArray(): Diagnostic[] {
    return sortDiagnostics(this.#items);
  }
}

/** Sorts diagnostics by file, position, then rule id; stable for equal keys. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => compareSpans(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** True when any diagnostic is an error. */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Quotes a name for a message: 'CR'. */
export function q(name: string | number | bigint): string {
  return `'${String(name)}'`;
}

/** " (did you mean 'x'?)" when a close candidate exists, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best === undefined ? '' : ` (did you mean ${q(best)}?)`;
}

/** Closest candidate by edit distance (case-insensitive), if close enough to be a typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** Levenshtein distance (small strings only: names and keys). */
function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
