/**
 * The source mirror of qemu:check: a refresh copies only what changed, never touches the paths
 * the install owns, gives a path back to the original's content (with a new time, so ninja
 * rebuilds it) once the install no longer owns it, and removes what the original does not have.
 */
import { existsSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshMirror } from '../../scripts/qemu-check/source-mirror.ts';
import { tempDir } from '../cli/project-fixture.ts';
import { writeTree } from './fake-qemu-tree.ts';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function trees(): { original: string; copy: string; state: string } {
  const original = tempDir('mirror-original');
  const work = tempDir('mirror-work');
  made.push(original, work);
  writeTree(original, { VERSION: '10.0.13\n', 'hw/char/pl011.c': 'stock pl011\n', 'hw/char/meson.build': 'files(\'pl011.c\')\n', 'include/a.h': 'a\n' });
  symlinkSync('include/a.h', join(original, 'link.h'));
  // Old times, as the unpacked source tree has.
  for (const f of ['VERSION', 'hw/char/pl011.c', 'hw/char/meson.build', 'include/a.h']) utimesSync(join(original, f), 1_000_000, 1_000_000);
  return { original, copy: join(work, 'src'), state: join(work, 'state.json') };
}

const mtime = (p: string): number => statSync(p).mtimeMs;

describe('refreshMirror', () => {
  it('copies everything once, then nothing', () => {
    const t = trees();
    const first = refreshMirror(t.original, t.copy, new Set(), t.state);
    expect([...first.copied].sort()).toEqual(['VERSION', 'hw/char/meson.build', 'hw/char/pl011.c', 'include/a.h', 'link.h']);
    expect(readFileSync(join(t.copy, 'hw/char/pl011.c'), 'utf8')).toBe('stock pl011\n');
    expect(readlinkSync(join(t.copy, 'link.h'))).toBe('include/a.h');
    // A fresh time, not the original's: the copy is newer than anything built before.
    expect(mtime(join(t.copy, 'VERSION'))).toBeGreaterThan(1_000_000_000);
    const second = refreshMirror(t.original, t.copy, new Set(), t.state);
    expect(second).toEqual({ copied: [], removed: [], total: 5 });
  });

  it('copies a file changed in the original or in the copy, and only that', () => {
    const t = trees();
    refreshMirror(t.original, t.copy, new Set(), t.state);
    writeFileSync(join(t.original, 'include/a.h'), 'a changed\n');
    writeFileSync(join(t.copy, 'VERSION'), 'edited by hand\n');
    const r = refreshMirror(t.original, t.copy, new Set(), t.state);
    expect([...r.copied].sort()).toEqual(['VERSION', 'include/a.h']);
    expect(readFileSync(join(t.copy, 'VERSION'), 'utf8')).toBe('10.0.13\n');
  });

  it('leaves owned paths to the installer, and gives them back when no longer owned', () => {
    const t = trees();
    refreshMirror(t.original, t.copy, new Set(), t.state);
    const owned = new Set(['hw/char/pl011.c', 'hw/char/pl011-behavior.c']);
    writeFileSync(join(t.copy, 'hw/char/pl011.c'), 'generated pl011\n');
    writeFileSync(join(t.copy, 'hw/char/pl011-behavior.c'), 'behaviour\n');
    const kept = refreshMirror(t.original, t.copy, owned, t.state);
    expect(kept).toEqual({ copied: [], removed: [], total: 5 });
    expect(readFileSync(join(t.copy, 'hw/char/pl011.c'), 'utf8')).toBe('generated pl011\n');
    const before = mtime(join(t.copy, 'hw/char/pl011.c'));
    const back = refreshMirror(t.original, t.copy, new Set(), t.state);
    expect(back.copied).toEqual(['hw/char/pl011.c']);
    expect(back.removed).toEqual(['hw/char/pl011-behavior.c']);
    expect(readFileSync(join(t.copy, 'hw/char/pl011.c'), 'utf8')).toBe('stock pl011\n');
    expect(mtime(join(t.copy, 'hw/char/pl011.c'))).toBeGreaterThanOrEqual(before);
    expect(existsSync(join(t.copy, 'hw/char/pl011-behavior.c'))).toBe(false);
  });

  it('a lost state file costs a comparison, not a copy of identical files', () => {
    const t = trees();
    refreshMirror(t.original, t.copy, new Set(), t.state);
    rmSync(t.state);
    writeFileSync(join(t.original, 'VERSION'), '10.0.14\n');
    const r = refreshMirror(t.original, t.copy, new Set(), t.state);
    expect(r.copied).toEqual(['VERSION']);
  });
});
