/**
 * Source records (loader/source-manifest.ts): a stat vouches for a file only when its size and
 * time are the recorded ones and the time is well before the record; anything else is decided
 * by the content hash, and a record that needed hashing comes back restamped so the next check
 * is stats only.
 */
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSources, recordSources, type SourceRecord } from '../../../../generator/src/loader/source-manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'devgen-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sets `file`'s modification time `secondsAgo` seconds back. */
const age = (file: string, secondsAgo: number): void => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
};

describe('source records', () => {
  const a = join(dir, 'a.ts');
  const b = join(dir, 'b.ts');
  writeFileSync(a, 'export const a = 1;\n');
  writeFileSync(b, 'export const b = 2;\n');
  age(a, 60);
  age(b, 60);
  const record = recordSources(dir, ['a.ts', 'b.ts'])!;

  it('is unchanged by stats alone for files older than the record', () => {
    expect(checkSources(dir, record)).toEqual({ unchanged: true });
  });

  it('hashes a touched file, finds it unchanged and restamps the record; then stats suffice', () => {
    age(a, 30);
    const check = checkSources(dir, record);
    expect(check.unchanged).toBe(true);
    expect(check.restamped?.sources['a.ts']?.mtimeMs).toBe(statSync(a).mtimeMs);
    expect(checkSources(dir, check.restamped!)).toEqual({ unchanged: true });
  });

  it('hashes files changed about when the record was taken, and sees an edit that kept size and time', () => {
    const fresh = recordSources(dir, ['a.ts', 'b.ts'])!;
    const before = statSync(b);
    writeFileSync(b, 'export const b = 3;\n');
    utimesSync(b, before.atime, before.mtime);
    const racy: SourceRecord = { ...fresh, takenAtMs: before.mtimeMs + 500 };
    expect(checkSources(dir, racy).unchanged).toBe(false);
  });

  it('is changed when a file is gone or its size differs', () => {
    const now = recordSources(dir, ['a.ts', 'b.ts'])!;
    writeFileSync(b, 'export const b = 30;\n');
    expect(checkSources(dir, now).unchanged).toBe(false);
    rmSync(b);
    expect(checkSources(dir, now).unchanged).toBe(false);
    expect(recordSources(dir, ['a.ts', 'b.ts'])).toBeUndefined();
  });
});
