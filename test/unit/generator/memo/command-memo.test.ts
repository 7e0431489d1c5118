/**
 * The command memo replays a run only while everything the run saw through node:fs is as it
 * was: a changed file, a new name in a listed folder, a path that came into existence, another
 * invocation or another output environment runs the command again; a run that wrote, or threw,
 * is never replayed.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoized, type MemoIo } from '../../../../generator/src/memo/command-memo.ts';

let root: string;
let printed: string[];
const io: MemoIo = { out: (t) => printed.push(`out:${t}`), err: (t) => printed.push(`err:${t}`) };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'devgen-memo-'));
  printed = [];
  writeFileSync(join(root, 'a.txt'), 'one');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A command that prints a.txt, the names in root and whether b.txt exists; counts its runs. */
function reader(): { runs: number; run: (io: MemoIo) => number } {
  const state = {
    runs: 0,
    run: (out: MemoIo): number => {
      state.runs++;
      out.out(readFileSync(join(root, 'a.txt'), 'utf8'));
      out.err(`${readdirSync(root).filter((n) => !n.startsWith('.')).join(',')} ${existsSync(join(root, 'b.txt'))}`);
      return 3;
    },
  };
  return state;
}

describe('command memo', () => {
  it('replays the output and exit code of an unchanged run, in order', async () => {
    const cmd = reader();
    expect(await memoized(root, ['cmd'], io, cmd.run)).toBe(3);
    expect(await memoized(root, ['cmd'], io, cmd.run)).toBe(3);
    expect(cmd.runs).toBe(1);
    expect(printed).toEqual(['out:one', 'err:a.txt false', 'out:one', 'err:a.txt false']);
  });

  it('runs again when a file it read changed', async () => {
    const cmd = reader();
    await memoized(root, ['cmd'], io, cmd.run);
    writeFileSync(join(root, 'a.txt'), 'two');
    await memoized(root, ['cmd'], io, cmd.run);
    await memoized(root, ['cmd'], io, cmd.run);
    expect(cmd.runs).toBe(2);
    expect(printed.at(-2)).toBe('out:two');
  });

  it('runs again when a listed folder gains a name or a missing path appears', async () => {
    const cmd = reader();
    await memoized(root, ['cmd'], io, cmd.run);
    writeFileSync(join(root, 'c.txt'), '');
    await memoized(root, ['cmd'], io, cmd.run);
    expect(cmd.runs).toBe(2);
    writeFileSync(join(root, 'b.txt'), '');
    await memoized(root, ['cmd'], io, cmd.run);
    expect(cmd.runs).toBe(3);
    expect(printed.at(-1)).toBe('err:a.txt,b.txt,c.txt true');
  });

  it('keeps invocations and output environments apart', async () => {
    const cmd = reader();
    await memoized(root, ['cmd', { check: true }], io, cmd.run);
    await memoized(root, ['cmd', { check: false }], io, cmd.run);
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      await memoized(root, ['cmd', { check: false }], io, cmd.run);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
    expect(cmd.runs).toBe(3);
    await memoized(root, ['cmd', { check: true }], io, cmd.run);
    expect(cmd.runs).toBe(3);
  });

  it('never replays a run that wrote a file', async () => {
    let runs = 0;
    const writer = (out: MemoIo): number => {
      runs++;
      writeFileSync(join(root, 'report.txt'), 'x');
      out.out('written');
      return 0;
    };
    await memoized(root, ['write'], io, writer);
    await memoized(root, ['write'], io, writer);
    expect(runs).toBe(2);
  });

  it('never replays a run that threw, and leaves node:fs as it was', async () => {
    const original = readFileSync;
    let runs = 0;
    const failing = (): number => {
      runs++;
      readFileSync(join(root, 'a.txt'));
      throw new Error('boom');
    };
    await expect(memoized(root, ['fail'], io, failing)).rejects.toThrow('boom');
    await expect(memoized(root, ['fail'], io, failing)).rejects.toThrow('boom');
    expect(runs).toBe(2);
    expect(readFileSync).toBe(original);
  });

  it('treats a corrupt entry as a miss', async () => {
    const cmd = reader();
    await memoized(root, ['cmd'], io, cmd.run);
    const dir = join(root, '.devgen-cache', 'commands');
    for (const name of readdirSync(dir)) writeFileSync(join(dir, name), '{not json');
    expect(await memoized(root, ['cmd'], io, cmd.run)).toBe(3);
    expect(cmd.runs).toBe(2);
  });
});
