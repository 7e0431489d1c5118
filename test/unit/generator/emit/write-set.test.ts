/**
 * The write layer: every file goes to a temp file in its own folder and is renamed into place;
 * a failure of the N-th write or rename (injected through the fs seam) leaves generated/ as it
 * was, a failure that also defeats the undo leaves every file whole (old or new) and the next
 * run repairs the set; temp files of killed runs are ignored and swept; a file emptied or cut
 * short by an interrupted write is repaired, a hand-written one still refused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../../../generator/src/emit/write.ts';
import type { WriteFs } from '../../../../generator/src/emit/write-set.ts';
import { isTempName, nodeWriteFs } from '../../../../generator/src/emit/write-set.ts';
import { generate } from '../../../../generator/src/pipeline.ts';
import { neitherOldNorNew, oldProject, snapshot, toNewDefs } from '../../../support/write-set-project.ts';

let tmp: string;
let before: Map<string, string>;
let after: Map<string, string>;

beforeEach(() => {
  tmp = oldProject('write-set');
  expect(generate({ root: tmp, check: false }).ok).toBe(true);
  toNewDefs(tmp);
  before = snapshot(tmp);
  // The "new" tree, computed in memory (--check writes nothing).
  after = new Map(newPlan().filter((p) => p.status !== 'extra').map((p) => [p.path, p.content!]));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** The plan from the current tree to the new defs, every stage included. */
const newPlan = () => generate({ root: tmp, check: true }).plan;

/** The real fs with the `n`-th call of `op` (1-based; `from` on: every later one too) throwing. */
function failing(op: 'renameSync' | 'writeFileSync', n: number, persistent = false): WriteFs & { calls: string[] } {
  let count = 0;
  const calls: string[] = [];
  const fail = (): boolean => {
    count += 1;
    return persistent ? count >= n : count === n;
  };
  return {
    ...nodeWriteFs,
    calls,
    writeFileSync(path, content, options) {
      calls.push(`write ${path}`);
      if (op === 'writeFileSync' && fail()) throw Object.assign(new Error('injected ENOSPC'), { code: 'ENOSPC' });
      nodeWriteFs.writeFileSync(path, content, options);
    },
    renameSync(from, to) {
      calls.push(`rename ${from} -> ${to}`);
      if (op === 'renameSync' && fail()) throw Object.assign(new Error('injected EIO'), { code: 'EIO' });
      nodeWriteFs.renameSync(from, to);
    },
  };
}

/** Puts exactly `tree` back under generated/. */
function restoreTree(tree: Map<string, string>): void {
  rmSync(join(tmp, 'generated'), { recursive: true, force: true });
  for (const [path, content] of tree) {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), content);
  }
}

describe('write set', () => {
  it('writes every file to a temp file in its own folder and renames it into place', () => {
    const plan = newPlan();
    const fs = failing('renameSync', Number.POSITIVE_INFINITY);
    applyPlan(tmp, plan, fs);
    const written = plan.filter((p) => p.status === 'missing' || p.status === 'stale');
    expect(written.length).toBeGreaterThan(5);
    const writes = fs.calls.filter((c) => c.startsWith('write ')).map((c) => c.slice(6));
    const renames = fs.calls.filter((c) => c.startsWith('rename ')).map((c) => c.slice(7).split(' -> '));
    expect(writes).toHaveLength(written.length);
    expect(renames).toHaveLength(written.length);
    for (const [i, [from, to]] of renames.entries()) {
      expect(from).toBe(writes[i]);
      expect(dirname(from!)).toBe(dirname(to!));
      expect(isTempName(basename(from!))).toBe(true);
      expect(basename(from!).startsWith(`.${basename(to!)}.`)).toBe(true);
    }
    // Every temp file is written before the first rename: nothing becomes visible early.
    expect(fs.calls.findIndex((c) => c.startsWith('rename '))).toBe(written.length);
    expect(snapshot(tmp)).toEqual(after);
    expect(generate({ root: tmp, check: true }).ok).toBe(true);
  });

  it('a failing N-th temp write or rename leaves generated/ exactly as it was, for every N', () => {
    const count = newPlan().filter((p) => p.status === 'missing' || p.status === 'stale').length;
    let tried = 0;
    for (const op of ['writeFileSync', 'renameSync'] as const) {
      for (let n = 1; n <= count; n++) {
        expect(() => applyPlan(tmp, newPlan(), failing(op, n))).toThrow(/injected/);
        expect(snapshot(tmp), `${op} #${n}`).toEqual(before);
        expect(existsSync(join(tmp, 'generated/versatile_i2c'))).toBe(false);
        tried += 1;
      }
    }
    expect(tried).toBe(2 * count);
    expect(generate({ root: tmp, check: false }).ok).toBe(true);
    expect(snapshot(tmp)).toEqual(after);
  });

  it('when the undo fails too, every file is old or new and the next run repairs the set', () => {
    const count = newPlan().filter((p) => p.status === 'missing' || p.status === 'stale').length;
    let mixed = 0;
    for (let n = 2; n <= count; n++) {
      restoreTree(before);
      expect(() => applyPlan(tmp, newPlan(), failing('renameSync', n, true))).toThrow(/injected/);
      const now = snapshot(tmp);
      expect(neitherOldNorNew(now, before, after), `rename #${n}`).toEqual([]);
      if ([...now].some(([p, c]) => after.get(p) === c && before.get(p) !== c)) mixed += 1;
    }
    expect(mixed).toBeGreaterThan(0);
    expect(generate({ root: tmp, check: false }).ok).toBe(true);
    expect(snapshot(tmp)).toEqual(after);
    expect(generate({ root: tmp, check: true }).ok).toBe(true);
  });

  it('deletes stale files only after every new file is in place', () => {
    const fs = failing('renameSync', Number.POSITIVE_INFINITY);
    const calls: string[] = fs.calls;
    const withUnlink: WriteFs = { ...fs, unlinkSync: (p) => { calls.push(`unlink ${p}`); nodeWriteFs.unlinkSync(p); } };
    applyPlan(tmp, newPlan(), withUnlink);
    const firstUnlink = calls.findIndex((c) => c.startsWith('unlink '));
    const lastRename = calls.map((c) => c.startsWith('rename ')).lastIndexOf(true);
    expect(firstUnlink).toBeGreaterThan(lastRename);
    expect(calls.filter((c) => c.startsWith('unlink ')).some((c) => c.includes('generated/hpet/'))).toBe(true);
  });

  it('ignores temp files of a killed run, then removes them; keeps those of a live run', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const leftover = join(tmp, `generated/pl011/.pl011.qom.ts.devgen-tmp-${dead}-7`);
    const own = join(tmp, `generated/.index.ts.devgen-tmp-${process.pid}-999999`);
    const live = join(tmp, `generated/pl011/.pl011.mmio.ts.devgen-tmp-${other.pid}-3`);
    onTestFinished(() => { other.kill(); });
    writeFileSync(leftover, '// Generated by devg');
    writeFileSync(own, '');
    writeFileSync(live, '');
    const plan = newPlan();
    expect(plan.map((p) => p.path).filter((p) => p.includes('devgen-tmp'))).toEqual([]);
    applyPlan(tmp, plan);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(own)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live);
    expect(snapshot(tmp)).toEqual(after);
  });

  it('repairs a file emptied or cut short (even before its banner) by an interrupted write', () => {
    applyPlan(tmp, newPlan());
    const index = join(tmp, 'generated/index.ts');
    const qom = join(tmp, 'generated/pl011/pl011.qom.ts');
    truncateSync(index, 0);
    truncateSync(qom, 12);
    const check = generate({ root: tmp, check: true });
    expect(check.ok).toBe(false);
    expect(check.plan.filter((p) => p.status === 'torn').map((p) => p.path)).toEqual(['generated/index.ts', 'generated/pl011/pl011.qom.ts']);
    expect(generate({ root: tmp, check: false }).ok).toBe(true);
    expect(readFileSync(index, 'utf8')).toBe(after.get('generated/index.ts'));
    expect(readFileSync(qom, 'utf8')).toBe(after.get('generated/pl011/pl011.qom.ts'));
    expect(generate({ root: tmp, check: true }).ok).toBe(true);
  });

  it('still refuses a hand-written file without a banner, short or long, and writes nothing', () => {
    applyPlan(tmp, newPlan());
    const qom = join(tmp, 'generated/pl011/pl011.qom.ts');
    for (const hand of ['x', '// my own pl011 type\n', `${after.get('generated/pl011/pl011.qom.ts')!.slice(0, 10)}// edited\n`]) {
      writeFileSync(qom, hand);
      truncateSync(join(tmp, 'generated/index.ts'), 0);
      const r = generate({ root: tmp, check: false });
      expect(r.ok).toBe(false);
      expect(r.plan.find((p) => p.path === 'generated/pl011/pl011.qom.ts')!.status).toBe('foreign');
      expect(readFileSync(qom, 'utf8')).toBe(hand);
      expect(readFileSync(join(tmp, 'generated/index.ts'), 'utf8')).toBe('');
    }
  });
});
