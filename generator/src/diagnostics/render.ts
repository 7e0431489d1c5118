/**
 * Renders diagnostics for people: `file:line:col: error[rule-id]: message`, an optional
 * context line, then the source line with a caret underline (a code frame). Colours come
 * from picocolors and are off when stdout is not a TTY or NO_COLOR is set.
 */
import pc from 'picocolors';
import type { Diagnostic } from './diagnostic.ts';
import { sortDiagnostics } from './diagnostic.ts';
import { LineIndex } from '../source/line-index.ts';
import { provenanceAt } from '../source/provenance.ts';

/** Source texts by display path (the `file` of each diagnostic). */
export type SourceTexts = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/** Options of formatDiagnostics. */
export interface RenderOptions {
  /** Force colours on or off; default: on only for a TTY without NO_COLOR. */
  readonly color?: boolean;
}

/** Whether colours should be used by default in this process. */
export function defaultColor(): boolean {
  return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && pc.isColorSupported;
}

/**
 * Formats diagnostics (sorted by position) with code frames. Files missing from `sources`
 * are rendered without a frame. The result ends with a newline unless empty.
 */
export function formatDiagnostics(diags: readonly Diagnostic[], sources: SourceTexts, options: RenderOptions = {}): string {
  const c = pc.createColors(options.color ?? defaultColor());
  const indexes = new Map<string, LineIndex>();
  const lookup = (file: string): LineIndex | undefined => {
    let idx = indexes.get(file);
    if (idx) return idx;
    const text = sources instanceof Map ? sources.get(file) : (sources as Record<string, string>)[file];
    if (text === undefined) return undefined;
    idx = new LineIndex(text);
    indexes.set(file, idx);
    return idx;
  };
  const out: string[] = [];
  for (const d of sortDiagnostics(diags)) {
    const sev = d.severity === 'error' ? c.red(c.bold('error')) : d.severity === 'warning' ? c.yellow(c.bold('warning')) : c.cyan(c.bold('note'));
    out.push(`${c.bold(`${d.file}:${d.line}:${d.col}`)}: ${sev}${c.dim(`[${d.id}]`)}: ${c.bold(d.message)}`);
    if (d.context) out.push(`  ${d.context}:`);
    const idx = lookup(d.file);
    // A line of an imported definition names the SVD element (or patch line) it came from.
    const from = idx ? provenanceAt((n) => idx.lineText(n), idx.lineCount, d.line) : undefined;
    if (from !== undefined && from.file !== d.file) out.push(`  imported from ${from.file}:${from.line}:${from.col}`);
    if (idx && d.line >= 1 && d.line <= idx.lineCount) out.push(...codeFrame(idx, d, c));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** The source line of `d` and an underline under its span (first line only for multi-line spans). */
function codeFrame(idx: LineIndex, d: Diagnostic, c: ReturnType<typeof pc.createColors>): string[] {
  const text = idx.lineText(d.line).replace(/\t/g, ' ');
  const gutter = String(d.line);
  const pad = ' '.repeat(gutter.length);
  const start = Math.max(1, Math.min(d.col, text.length + 1));
  let end = d.endLine === d.line ? d.endCol : text.length + 1;
  // Trailing blanks and comments are not part of what we point at.
  if (d.endLine !== d.line) end = start + text.slice(start - 1).replace(/\s+(#.*)?$/, '').length;
  const width = Math.max(1, Math.min(end, text.length + 1) - start);
  return [
    ` ${c.dim(gutter + ' |')} ${text}`,
    ` ${c.dim(pad + ' |')} ${' '.repeat(start - 1)}${c.red('^'.repeat(width))}`,
  ];
}
