/**
 * Which modules a Node process loads: runs `node --import fixtures/record-loads.mjs ARGS…` and
 * reads back every module it loaded, ES and CommonJS, as paths (repository-relative for files
 * of this checkout, `node_modules/<package>/…` for packages). The package tests use it to show
 * what a command or an entry point pulls in.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const RECORDER = fileURLToPath(new URL('./fixtures/record-loads.mjs', import.meta.url));

/** A finished process and the modules it loaded. */
export interface LoadedRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Loaded module files, sorted and unique. */
  readonly modules: readonly string[];
}

/** Runs node with `nodeArgs` (flags, then a script or `-e`), recording what it loads. */
export function runRecordingLoads(nodeArgs: readonly string[], options: SpawnSyncOptions & { input?: string } = {}): LoadedRun {
  const dir = mkdtempSync(join(tmpdir(), 'devgen-loads-'));
  const log = join(dir, 'loads.txt');
  try {
    const r = spawnSync(process.execPath, ['--import', RECORDER, ...nodeArgs], {
      cwd: ROOT,
      encoding: 'utf8',
      ...options,
      env: { ...process.env, NO_COLOR: '1', ...options.env, DEVGEN_LOAD_LOG: log },
    });
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      // Nothing was loaded after the recorder: an empty list.
    }
    const modules = [...new Set(text.split('\n').filter((l) => l.startsWith('file://')).map((u) => {
      const path = relative(ROOT, fileURLToPath(u)).split('\\').join('/');
      return path.replace(/^(\.\.\/)*.*?node_modules\//, 'node_modules/');
    }))].sort();
    return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr), modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The packages among `modules` (`node_modules/<name>` or `<@scope/name>`). */
export function packagesOf(modules: readonly string[]): string[] {
  const names = modules.filter((m) => m.startsWith('node_modules/')).map((m) => {
    const parts = m.split('/');
    return parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!;
  });
  return [...new Set(names)].sort();
}
