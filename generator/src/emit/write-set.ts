/**
 * Applying a write plan as one set. Every file is first written in full to a temp file next to
 * its target (same folder, so the rename stays on one file system and is atomic); only when
 * every temp file exists are they renamed onto their targets, and only then are stale files
 * deleted. A kill at any moment therefore leaves each generated file whole, either its old or
 * its new content; a failure before the renames leaves generated/ as it was, and a failure
 * during them puts back what was already replaced. Temp files left by a killed run carry a
 * fixed name pattern, so later runs recognise them as devgen's own and remove them.
 */
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file-system calls the write set makes; tests replace them to inject failures. */
export interface WriteFs {
  existsSync(path: string): boolean;
  mkdirSync(path: string): void;
  writeFileSync(path: string, content: string, options: { readonly flag: 'wx' }): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  rmdirSync(path: string): void;
  readdirSync(path: string): string[];
  isDirectory(path: string): boolean;
}

/** The real file system. */
export const nodeWriteFs: WriteFs = {
  existsSync: (p) => nodeFs.existsSync(p),
  mkdirSync: (p) => nodeFs.mkdirSync(p),
  writeFileSync: (p, c, o) => nodeFs.writeFileSync(p, c, o),
  renameSync: (a, b) => nodeFs.renameSync(a, b),
  unlinkSync: (p) => nodeFs.unlinkSync(p),
  rmdirSync: (p) => nodeFs.rmdirSync(p),
  readdirSync: (p) => nodeFs.readdirSync(p),
  isDirectory: (p) => nodeFs.statSync(p).isDirectory(),
};

/** `.<target name>.devgen-tmp-<pid>-<counter>`: hidden, and unmistakably devgen's own scratch file. */
const TEMP_RE = /^\..+\.devgen-tmp-(\d+)-\d+$/;

let tempCounter = 0;

/** The temp file name devgen writes before renaming onto `target` (same folder). */
function tempPathFor(target: string): string {
  tempCounter += 1;
  return join(dirname(target), `.${basename(target)}.devgen-tmp-${process.pid}-${tempCounter}`);
}

/** Whether a file name is one of devgen's temp files (written by some run, maybe a killed one). */
export function isTempName(name: string): boolean {
  return TEMP_RE.test(name);
}

/** One file to put in place: absolute target, its new content, and what it held before (undefined: absent). */
export interface WriteItem {
  readonly target: string;
  readonly content: string;
  readonly previous: string | undefined;
}

/** Creates `dir` and missing parents, remembering (deepest last) which ones this run created. */
function makeDirs(fs: WriteFs, dir: string, created: string[]): void {
  if (fs.existsSync(dir)) return;
  makeDirs(fs, dirname(dir), created);
  fs.mkdirSync(dir);
  created.push(dir);
}

function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // Clean-up after a failure must not hide the failure itself; the next run repairs the rest.
  }
}

/**
 * Writes `items` as a set, then deletes `removals` (absolute paths). Throws the first failure,
 * after undoing what it can: before the renames nothing is visible; during them the replaced
 * files get their previous content back (again by temp + rename).
 */
export function writeSet(items: readonly WriteItem[], removals: readonly string[], fs: WriteFs = nodeWriteFs): void {
  const createdDirs: string[] = [];
  const staged: { item: WriteItem; temp: string }[] = [];
  try {
    for (const item of items) {
      makeDirs(fs, dirname(item.target), createdDirs);
      const temp = tempPathFor(item.target);
      staged.push({ item, temp });
      fs.writeFileSync(temp, item.content, { flag: 'wx' });
    }
  } catch (error) {
    for (const s of staged) quietly(() => fs.unlinkSync(s.temp));
    for (const dir of createdDirs.reverse()) quietly(() => fs.rmdirSync(dir));
    throw error;
  }
  const committed: WriteItem[] = [];
  try {
    for (const s of staged) {
      fs.renameSync(s.temp, s.item.target);
      committed.push(s.item);
    }
  } catch (error) {
    for (const s of staged.slice(committed.length)) quietly(() => fs.unlinkSync(s.temp));
    for (const item of committed.reverse()) quietly(() => restore(fs, item));
    for (const dir of createdDirs.reverse()) quietly(() => fs.rmdirSync(dir));
    throw error;
  }
  // Stale files go only once every new file is in place, so no moment lacks a file still wanted.
  for (const path of removals) fs.unlinkSync(path);
}

function restore(fs: WriteFs, item: WriteItem): void {
  if (item.previous === undefined) {
    fs.unlinkSync(item.target);
    return;
  }
  const temp = tempPathFor(item.target);
  try {
    fs.writeFileSync(temp, item.previous, { flag: 'wx' });
    fs.renameSync(temp, item.target);
  } catch (error) {
    quietly(() => fs.unlinkSync(temp));
    throw error;
  }
}

function writerAlive(pid: number): boolean {
  // Writes are synchronous: at a sweep, no temp file of this process is still being written.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes devgen temp files under `dir` whose writing process is gone (a killed run's
 * leftovers or this process's own from an earlier failed write); a temp file of another run
 * still in progress stays. Returns the removed paths.
 */
export function sweepTempFiles(dir: string, fs: WriteFs = nodeWriteFs): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const abs = join(dir, name);
    const match = TEMP_RE.exec(name);
    if (match) {
      if (!writerAlive(Number(match[1]))) {
        fs.unlinkSync(abs);
        removed.push(abs);
      }
    } else if (fs.isDirectory(abs)) {
      removed.push(...sweepTempFiles(abs, fs));
    }
  }
  return removed;
}
