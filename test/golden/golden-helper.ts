/**
 * Golden-file comparison with an update switch (QAPI style). `UPDATE_GOLDEN=1 npm test`
 * rewrites expectations (printing what changed); otherwise a mismatch fails with a line
 * diff and the command to run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** True when the run should rewrite golden files instead of comparing. */
export function updatingGolden(): boolean {
  return process.env.UPDATE_GOLDEN === '1';
}

/**
 * Compares `actual` with the golden file at `goldenPath`. Throws (failing the test) with a
 * diff when they differ, unless UPDATE_GOLDEN=1, in which case the file is rewritten.
 */
export function expectGolden(goldenPath: string, actual: string): void {
  const expected = existsSync(goldenPath) ? readFileSync(goldenPath, 'utf8') : undefined;
  if (expected === actual) return;
  const rel = path.relative(process.cwd(), goldenPath);
  if (updatingGolden()) {
    mkdirSync(path.dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, actual);
    console.log(`golden ${expected === undefined ? 'created' : 'updated'}: ${rel}\n${diffLines(expected ?? '', actual)}`);
    return;
  }
  const how = 'run `UPDATE_GOLDEN=1 npx vitest run <test>` to accept the new output';
  if (expected === undefined) throw new Error(`golden file ${rel} does not exist; ${how}`);
  throw new Error(`output differs from golden file ${rel} (- expected, + actual); ${how}\n${diffLines(expected, actual)}`);
}

/** A compact line diff (LCS), with up to two lines of context around each change. */
export function diffLines(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > 4_000_000) return `(too large to diff: ${x.length} vs ${y.length} lines)`;
  const dp: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      dp[i]![j] = x[i] === y[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const ops: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push(`  ${x[i]}`);
      i++;
      j++;
    } else if (j < y.length && (i >= x.length || dp[i]![j + 1]! >= dp[i + 1]![j]!)) {
      ops.push(`+ ${y[j++]}`);
    } else {
      ops.push(`- ${x[i++]}`);
    }
  }
  const keep = ops.map((op, k) => !op.startsWith('  ') || ops.slice(Math.max(0, k - 2), k + 3).some((o) => !o.startsWith('  ')));
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(op);
    else if (keep[k - 1]) out.push('  ...');
  });
  return out.join('\n');
}
