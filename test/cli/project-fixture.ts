/**
 * Temporary devgen projects outside the checkout for the CLI and API tests, set up as
 * `npm install devgen` would leave them: node_modules/devgen is this checkout (so `devgen/runtime`
 * resolves through its exports), node_modules/.bin/devgen its bin, and node_modules/@types the
 * checkout's (the project's tsconfig asks for node's types).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The devgen checkout. */
export const ROOT = join(import.meta.dirname, '../..');
/** The devgen command as users run it. */
export const BIN = join(ROOT, 'bin/devgen.js');

/** A command's outcome. */
export interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

const result = (r: SpawnSyncReturns<string>): Run => ({ code: r.status, out: r.stdout, err: r.stderr });

/** Runs `devgen ARGS` in `cwd` (no colours, no stack traces), with `input` on standard input. */
export function devgen(cwd: string, args: readonly string[], input = ''): Run {
  return result(spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DEVGEN_DEBUG: '' } }));
}

/** Runs `cmd ARGS` in `cwd`. */
export function run(cwd: string, cmd: string, args: readonly string[]): Run {
  return result(spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }));
}

/** A new empty folder under the system's temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `devgen-${prefix}-`));
}

/** Links devgen into `dir` as an installed dependency (see the file comment). */
export function linkDevgen(dir: string): void {
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/devgen'), 'dir');
  symlinkSync(join(ROOT, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir');
  symlinkSync('../devgen/bin/devgen.js', join(dir, 'node_modules/.bin/devgen'));
}

/**
 * A project holding a copy of devgen's own definitions and boards (defs/), linked to devgen,
 * with a package.json of an ES module package; nothing generated yet.
 */
export function copyOfDevgenDefs(prefix: string): string {
  const dir = tempDir(prefix);
  cpSync(join(ROOT, 'defs'), join(dir, 'defs'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'devgen-defs-copy', private: true, type: 'module' }, null, 2)}\n`);
  linkDevgen(dir);
  return dir;
}

/** Type-checks the project in `dir` with its tsconfig.json; devgen's types come from its sources (the export condition the checkout uses). */
export function typecheck(dir: string): Run {
  return run(dir, process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json', '--customConditions', 'devgen-source']);
}

/** Removes a temporary project. */
export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
