/**
 * DEVGEN_NO_CACHE=1 turns the command memo off: the command runs in full every time, even when
 * an entry for exactly this invocation exists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoized } from '../../../../generator/src/memo/command-memo.ts';

const roots: string[] = [];
afterEach(() => {
  delete process.env.DEVGEN_NO_CACHE;
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('DEVGEN_NO_CACHE', () => {
  it('runs the command every time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'devgen-memo-'));
    roots.push(root);
    const io = { out: () => {}, err: () => {} };
    let runs = 0;
    const run = (): number => {
      runs++;
      return 0;
    };
    await memoized(root, ['probe'], io, run);
    await memoized(root, ['probe'], io, run);
    // Unchanged inputs: the second run was a replay.
    expect(runs).toBe(1);
    const afterFirst = runs;
    process.env.DEVGEN_NO_CACHE = '1';
    await memoized(root, ['probe'], io, run);
    await memoized(root, ['probe'], io, run);
    expect(runs).toBe(afterFirst + 2);
  });
});
