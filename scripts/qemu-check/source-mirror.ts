/**
 * Keeps a private copy of QEMU's prepared source tree in step with the read-only original
 * (`build-qemu --source-only`), touching only what changed so that ninja, which decides by
 * modification time, rebuilds little. Paths the devgen install owns are left to the installer
 * (it writes them only when their content changes). A file the install no longer owns goes back
 * to the original's content with a fresh modification time: restoring the original's old time
 * would look older than the object built from the generated file, and ninja would keep that.
 *
 * What was copied is remembered in a state file (original size and time, copy time per path),
 * so a refresh compares stat results; it compares contents only for a path it has no record of
 * (a copy made before the state file, or a lost one), and keeps such a file when it is the same.
 */
import { copyFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What the mirror recorded about one copied path. */
interface Entry {
  /** Size of the original when it was copied. */
  readonly size: number;
  /** Modification time (ms) of the original when it was copied. */
  readonly mtime: number;
  /** Modification time (ms) of the copy right after copying; -1 for a symbolic link. */
  readonly copyMtime: number;
  /** Link target, for a symbolic link. */
  readonly link?: string;
}

/** What one refresh did. */
export interface MirrorReport {
  /** Paths copied (new or changed in the original, changed in the copy, or given back by the install). */
  readonly copied: readonly string[];
  /** Paths removed from the copy (gone from the original and not owned by the install). */
  readonly removed: readonly string[];
  /** Paths looked at. */
  readonly total: number;
}

/** Lists every file and symbolic link under `root` (posix relative paths), skipping `skip` folders. */
function walk(root: string, skipDirs: ReadonlySet<string>): Map<string, 'file' | 'link'> {
  const out = new Map<string, 'file' | 'link'>();
  const visit = (rel: string): void => {
    for (const d of readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isSymbolicLink()) out.set(path, 'link');
      else if (d.isDirectory()) {
        if (!skipDirs.has(path)) visit(path);
      } else if (d.isFile()) out.set(path, 'file');
    }
  };
  visit('');
  return out;
}

function readState(path: string): Map<string, Entry> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, Entry>));
  } catch {
    return new Map(); // no state (first run) or a damaged one: every path is compared afresh
  }
}

/**
 * Brings `copy` in step with `original`, except the paths in `owned` (the installer's).
 * `statePath` remembers what was copied between runs.
 */
export function refreshMirror(original: string, copy: string, owned: ReadonlySet<string>, statePath: string): MirrorReport {
  const state = readState(statePath);
  const next = new Map<string, Entry>();
  const copied: string[] = [];
  const removed: string[] = [];
  const want = walk(original, new Set(['.git']));
  mkdirSync(copy, { recursive: true });
  const have = walk(copy, new Set(['.git']));
  for (const [path, kind] of want) {
    if (owned.has(path)) continue;
    const src = join(original, path);
    const dst = join(copy, path);
    const st = lstatSync(src);
    const old = state.get(path);
    if (kind === 'link') {
      const link = readlinkSync(src);
      let current: string | undefined;
      try {
        current = readlinkSync(dst);
      } catch {
        current = undefined;
      }
      if (current !== link) {
        rmSync(dst, { recursive: true, force: true });
        mkdirSync(dirname(dst), { recursive: true });
        symlinkSync(link, dst);
        copied.push(path);
      }
      next.set(path, { size: st.size, mtime: st.mtimeMs, copyMtime: -1, link });
      continue;
    }
    if (have.get(path) === 'file') {
      const cur = statSync(dst);
      if (old !== undefined && old.size === st.size && old.mtime === st.mtimeMs && cur.size === st.size && cur.mtimeMs === old.copyMtime) {
        next.set(path, old);
        continue;
      }
      // Not recorded (a first run over an existing copy, or a lost state file): the same bytes
      // stay as they are, so ninja keeps what it built from them.
      if (old === undefined && cur.size === st.size && readFileSync(dst).equals(readFileSync(src))) {
        next.set(path, { size: st.size, mtime: st.mtimeMs, copyMtime: cur.mtimeMs });
        continue;
      }
    }
    if (have.has(path)) rmSync(dst, { force: true });
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(src, dst);
    next.set(path, { size: st.size, mtime: st.mtimeMs, copyMtime: statSync(dst).mtimeMs });
    copied.push(path);
  }
  for (const path of have.keys()) {
    if (want.has(path) || owned.has(path)) continue;
    rmSync(join(copy, path), { force: true });
    removed.push(path);
  }
  mkdirSync(dirname(statePath), { recursive: true });
  writeFileSync(statePath, JSON.stringify(Object.fromEntries(next)));
  return { copied, removed, total: want.size };
}
