/**
 * Fixes of lint findings as text edits: a fix is one or more replacements at exact character
 * ranges of the definition text, so everything outside the edited ranges (comments, layout,
 * quoting) stays byte for byte as written. Applying follows ESLint's source fixer: fixes are
 * taken in order of position, a fix that overlaps one already taken waits for the next pass.
 */

/** Replace the characters [start, end) of a text with `text` (offsets are UTF-16 indexes). */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A safe rewrite that resolves one finding. */
export interface LintFix {
  /** What the fix does, e.g. "remove `since: 2`" (shown by --fix-dry-run and in SARIF). */
  readonly description: string;
  /** Non-overlapping edits. */
  readonly edits: readonly TextEdit[];
}

/** Why a finding of a rule that has a fixer got no fix here (shown with --fix). */
export interface FixUnavailable {
  readonly unavailable: string;
}

/** Edits of a fix sorted by position. */
function sortedEdits(fix: LintFix): TextEdit[] {
  return [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The fix as ESLint's single edit (`{ range, text }`): one range from the first edit's start to
 * the last edit's end, the unedited text between edits carried over (ESLint's mergeFixes).
 */
export function mergedEdit(fix: LintFix, source: string): { range: [number, number]; text: string } {
  const edits = sortedEdits(fix);
  const start = edits[0]?.start ?? 0;
  const end = edits.length > 0 ? Math.max(...edits.map((e) => e.end)) : 0;
  let text = '';
  let at = start;
  for (const e of edits) {
    text += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { range: [start, end], text: text + source.slice(at, end) };
}

/** The text with `edits` applied (they must not overlap). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + source.slice(at);
}

/** Result of applying fixes once. */
export interface AppliedFixes {
  readonly output: string;
  /** The fixes taken, in order of position. */
  readonly applied: readonly LintFix[];
}

/**
 * Applies every fix that does not overlap an earlier one (by position); the rest are left for
 * another pass over the fixed text, where the findings are computed again.
 */
export function applyFixes(source: string, fixes: readonly LintFix[]): AppliedFixes {
  const ordered = fixes
    .filter((f) => f.edits.length > 0)
    .map((f) => ({ fix: f, edits: sortedEdits(f) }))
    .sort((a, b) => a.edits[0]!.start - b.edits[0]!.start || a.edits[a.edits.length - 1]!.end - b.edits[b.edits.length - 1]!.end);
  const taken: TextEdit[] = [];
  const applied: LintFix[] = [];
  for (const { fix, edits } of ordered) {
    const overlaps = edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end));
    if (overlaps) continue;
    taken.push(...edits);
    applied.push(fix);
  }
  return { output: applyEdits(source, taken), applied };
}
