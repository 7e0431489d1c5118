/**
 * Writing generated files safely: write only what changed, never touch a file outside
 * generated/ or one without the devgen banner, and remove stale generated files (banner only).
 * The same plan drives `--check`, which reports instead of writing.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unifiedDiff } from './diff.ts';
import type { OutputFile } from './emitter.ts';
import { hasBanner } from './emitter.ts';

/** The generated tree, relative to the project root. */
export const GENERATED_DIR = 'generated';

/** What the pipeline does (or, with --check, would do) with one path. */
export type FileStatus =
  | 'unchanged' // on disk and identical
  | 'stale' // on disk with a banner, content differs → rewritten
  | 'missing' // not on disk → created
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
}

function listFiles(root: string, rel: string): string[] {
  const abs = join(root, rel);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    const childRel = `${rel}/${name}`;
    const st = statSync(join(root, childRel));
    if (st.isDirectory()) out.push(...listFiles(root, childRel));
    else if (st.isFile()) out.push(childRel);
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
    else if (!hasBanner(current)) plan.push({ path: out.path, status: 'foreign', content: out.content, diff: undefined });
    else plan.push({ path: out.path, status: 'stale', content: out.content, diff: unifiedDiff(out.path, current, out.content) });
  }
  for (const path of listFiles(root, GENERATED_DIR)) {
    if (wanted.has(path)) continue;
    // Only files we generated ourselves may go; anything hand-made under generated/ stays.
    if (hasBanner(readFileSync(join(root, path), 'utf8'))) plan.push({ path, status: 'extra', content: undefined, diff: undefined });
  }
  return plan;
}

/** Applies a plan (never called for --check). Refuses everything if any target is foreign. */
export function applyPlan(root: string, plan: readonly FilePlan[]): void {
  if (plan.some((p) => p.status === 'foreign')) return;
  for (const p of plan) {
    const abs = join(root, p.path);
    if ((p.status === 'missing' || p.status === 'stale') && p.content !== undefined) {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, p.content);
    } else if (p.status === 'extra') {
      unlinkSync(abs);
      removeEmptyDirs(root, dirname(p.path));
    }
  }
}

function removeEmptyDirs(root: string, rel: string): void {
  let dir = rel;
  while (dir.startsWith(`${GENERATED_DIR}/`)) {
    const abs = join(root, dir);
    if (!existsSync(abs) || readdirSync(abs).length > 0) return;
    rmdirSync(abs);
    dir = dirname(dir);
  }
}
