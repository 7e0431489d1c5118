/**
 * Writing generated files safely: write only what changed, never touch a file outside
 * generated/ or one without the devgen banner, and remove stale generated files (banner only).
 * The same plan drives `--check`, which reports instead of writing. The writes themselves go
 * through write-set.ts (temp file + rename, all files or none).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unifiedDiff } from './diff.ts';
import type { OutputFile } from './emitter.ts';
import { hasBanner } from './emitter.ts';
import type { WriteFs, WriteItem } from './write-set.ts';
import { isTempName, nodeWriteFs, sweepTempFiles, writeSet } from './write-set.ts';

/** The generated tree, relative to the project root. */
export const GENERATED_DIR = 'generated';

/** What the pipeline does (or, with --check, would do) with one path. */
export type FileStatus =
  | 'unchanged' // on disk and identical
  | 'stale' // on disk with a banner, content differs → rewritten
  | 'missing' // not on disk → created
  | 'torn' // on disk without a banner, but empty or a prefix of the new content (an interrupted write) → rewritten
  | 'extra' // on disk with a banner, no longer generated → removed
  | 'foreign'; // on disk without a banner where we would write → refused

/** One entry of a write plan. */
export interface FilePlan {
  readonly path: string;
  readonly status: FileStatus;
  /** New content (absent for `extra`). */
  readonly content: string | undefined;
  /** Unified diff on-disk → generated, for stale files. */
  readonly diff: string | undefined;
  /** What the file holds now (absent for `missing`): put back if the write set fails half-way. */
  readonly previous?: string | undefined;
}

/**
 * A file without a banner that devgen may still replace: one an interrupted write left behind
 * (empty, or cut short somewhere in the new content, possibly before its banner). Anything else
 * without a banner may be hand-written and is refused.
 */
export function isTornWrite(current: string, wanted: string): boolean {
  return current.length < wanted.length && wanted.startsWith(current);
}

function listFiles(root: string, rel: string): string[] {
  const abs = join(root, rel);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    const childRel = `${rel}/${name}`;
    const st = statSync(join(root, childRel));
    if (st.isDirectory()) out.push(...listFiles(root, childRel));
    // A temp file of a (maybe killed) run is scratch, never a generated or hand-written file.
    else if (st.isFile() && !isTempName(name)) out.push(childRel);
  }
  return out;
}

/** Compares outputs with the tree under `root` and decides what to do with every path. */
export function planWrites(root: string, outputs: readonly OutputFile[]): FilePlan[] {
  const plan: FilePlan[] = [];
  const wanted = new Set<string>();
  for (const out of [...outputs].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!out.path.startsWith(`${GENERATED_DIR}/`) || out.path.split('/').includes('..')) {
      throw new Error(`internal error: emitter ${out.emitter} produced ${out.path}, outside ${GENERATED_DIR}/`);
    }
    if (wanted.has(out.path)) throw new Error(`internal error: two emitters produced ${out.path}`);
    wanted.add(out.path);
    const abs = join(root, out.path);
    if (!existsSync(abs)) {
      plan.push({ path: out.path, status: 'missing', content: out.content, diff: undefined });
      continue;
    }
    const current = readFileSync(abs, 'utf8');
    if (current === out.content) plan.push({ path: out.path, status: 'unchanged', content: out.content, diff: undefined });
    else if (hasBanner(current)) {
      plan.push({ path: out.path, status: 'stale', content: out.content, diff: unifiedDiff(out.path, current, out.content), previous: current });
    } else if (isTornWrite(current, out.content)) plan.push({ path: out.path, status: 'torn', content: out.content, diff: undefined, previous: current });
    else plan.push({ path: out.path, status: 'foreign', content: out.content, diff: undefined });
  }
  for (const path of listFiles(root, GENERATED_DIR)) {
    if (wanted.has(path)) continue;
    // Only files we generated ourselves may go; anything hand-made under generated/ stays.
    if (hasBanner(readFileSync(join(root, path), 'utf8'))) plan.push({ path, status: 'extra', content: undefined, diff: undefined });
  }
  return plan;
}

/**
 * Applies a plan (never called for --check). Refuses everything if any target is foreign.
 * New and changed files are written as one set (see write-set.ts); stale files are deleted
 * only after that, then temp files of killed runs are swept and emptied folders removed.
 */
export function applyPlan(root: string, plan: readonly FilePlan[], fs: WriteFs = nodeWriteFs): void {
  if (plan.some((p) => p.status === 'foreign')) return;
  const items: WriteItem[] = [];
  const removals: string[] = [];
  for (const p of plan) {
    if ((p.status === 'missing' || p.status === 'stale' || p.status === 'torn') && p.content !== undefined) {
      items.push({ target: join(root, p.path), content: p.content, previous: p.previous });
    } else if (p.status === 'extra') removals.push(join(root, p.path));
  }
  writeSet(items, removals, fs);
  sweepTempFiles(join(root, GENERATED_DIR), fs);
  for (const p of plan) if (p.status === 'extra') removeEmptyDirs(root, dirname(p.path), fs);
}

function removeEmptyDirs(root: string, rel: string, fs: WriteFs): void {
  let dir = rel;
  while (dir.startsWith(`${GENERATED_DIR}/`)) {
    const abs = join(root, dir);
    if (!fs.existsSync(abs) || fs.readdirSync(abs).length > 0) return;
    fs.rmdirSync(abs);
    dir = dirname(dir);
  }
}
