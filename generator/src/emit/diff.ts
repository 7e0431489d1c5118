/**
 * A small unified-style line diff for `devgen generate --check`: enough to show a developer
 * what changed in a stale generated file, capped so a big drift does not flood the terminal.
 */

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/** Line operations turning `a` into `b` (LCS; generated files are a few hundred lines). */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  // Trim the common prefix and suffix first: typical drift is local, so the table stays small.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  if (A.length * B.length > 4_000_000) {
    return [...a.slice(0, pre).map((line) => ({ kind: ' ' as const, line })), ...A.map((line) => ({ kind: '-' as const, line })),
      ...B.map((line) => ({ kind: '+' as const, line })), ...a.slice(a.length - suf).map((line) => ({ kind: ' ' as const, line }))];
  }
  const n = A.length;
  const m = B.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = A[i] === B[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const mid: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) { mid.push({ kind: ' ', line: A[i]! }); i++; j++; }
    else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) { mid.push({ kind: '+', line: B[j]! }); j++; }
    else { mid.push({ kind: '-', line: A[i]! }); i++; }
  }
  return [...a.slice(0, pre).map((line) => ({ kind: ' ' as const, line })), ...mid, ...a.slice(a.length - suf).map((line) => ({ kind: ' ' as const, line }))];
}

/**
 * Unified-style diff of `oldText` (on disk) → `newText` (generated), with `context` lines
 * around each change and at most `maxLines` output lines (then a "… N more lines" note).
 */
export function unifiedDiff(path: string, oldText: string, newText: string, context = 2, maxLines = 40): string {
  const ops = diffLines(oldText.split('\n'), newText.split('\n'));
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((op, k) => {
    if (op.kind === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++) keep[d] = true;
  });
  const out: string[] = [`--- ${path} (on disk)`, `+++ ${path} (generated)`];
  let oldLine = 1;
  let newLine = 1;
  let inHunk = false;
  ops.forEach((op, k) => {
    if (keep[k]) {
      if (!inHunk) out.push(`@@ -${oldLine} +${newLine} @@`);
      inHunk = true;
      out.push(`${op.kind}${op.line}`);
    } else {
      inHunk = false;
    }
    if (op.kind !== '+') oldLine++;
    if (op.kind !== '-') newLine++;
  });
  if (out.length > maxLines) return [...out.slice(0, maxLines), `… ${out.length - maxLines} more diff lines`].join('\n');
  return out.join('\n');
}
