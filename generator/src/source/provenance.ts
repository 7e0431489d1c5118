/**
 * Provenance of imported definitions: every item the importer writes carries a comment naming
 * the SVD element (or the patch line) it comes from, `# svd: FILE:LINE:COL` or
 * `# patch: FILE:LINE:COL`. Comments keep the definition in the format (no extra keys) and
 * survive hand edits of the lines around them. `provenanceAt` reads them back, so a diagnostic
 * on an imported definition can also be shown at the SVD: the import reports its findings there,
 * and every rendered diagnostic on such a line names the SVD element (diagnostics/render.ts).
 */
import type { Span } from '../ir/ir.ts';

const COMMENT = /#\s*(svd|patch):\s*(.+?):(\d+):(\d+)\s*(?:\(|$)/;

/** The provenance comment for an item that came from `span` (`svd` when `span.file` is the SVD). */
export function provenanceComment(span: Span, svdFile: string): string {
  return `# ${span.file === svdFile ? 'svd' : 'patch'}: ${span.file}:${span.line}:${span.col}`;
}

/** Indentation of a line's key, and whether the line opens a list item (`- `). */
function layout(line: string): { indent: number; dash: number | undefined } {
  const m = /^( *)(- )?/.exec(line)!;
  const spaces = m[1]!.length;
  return m[2] !== undefined ? { indent: spaces + 2, dash: spaces } : { indent: spaces, dash: undefined };
}

/**
 * Where the item that YAML line `line` (1-based) belongs to was imported from: the provenance
 * comment on that line, else on the nearest line above that opens an enclosing item.
 * `lineText(n)` gives line n of the definition.
 */
export function provenanceAt(lineText: (line: number) => string, lineCount: number, line: number): Span | undefined {
  let limit = Infinity;
  for (let i = Math.min(line, lineCount); i >= 1; i--) {
    const l = lineText(i);
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    const { indent, dash } = layout(l);
    if (indent > limit) continue;
    const m = COMMENT.exec(l);
    if (m !== null) {
      const at = { line: Number(m[3]), col: Number(m[4]) };
      return { file: m[2]!, line: at.line, col: at.col, endLine: at.line, endCol: at.col + 1 };
    }
    // Past the opener of a list item, its earlier siblings are other items.
    limit = dash !== undefined ? dash - 1 : indent;
    if (limit < 0) return undefined;
  }
  return undefined;
}

/** {@link provenanceAt} over a whole text. */
export function provenanceInText(text: string, line: number): Span | undefined {
  const lines = text.split('\n');
  return provenanceAt((n) => lines[n - 1] ?? '', lines.length, line);
}
