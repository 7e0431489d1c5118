/**
 * Which project a command works on. Every command takes `--root DIR`; without it the project is
 * the nearest folder from the working directory upwards that holds `devgen.config.yaml` or a
 * `defs/` folder — the project the user runs devgen in, never the folder devgen is installed in
 * (inside devgen's own checkout that is the checkout, which is how its CI runs).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE } from '../config/config.ts';
import { UserError } from './user-error.ts';

/** Help text of every `--root` option. */
export const ROOT_HELP = 'project root (default: the nearest folder above the working directory holding devgen.config.yaml or defs/)';

/** The folder of a project's definitions, relative to its root. */
export const DEFS_DIR = 'defs';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `dir` looks like a project root: it holds devgen.config.yaml or a defs/ folder. */
export function isProjectRoot(dir: string): boolean {
  return existsSync(join(dir, CONFIG_FILE)) || isDir(join(dir, DEFS_DIR));
}

/** The nearest project root from `start` upwards, or undefined when no folder up to / is one. */
export function findProjectRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (isProjectRoot(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * The root a command uses: `--root` when given (resolved against `cwd`, taken as it is so the
 * command can say what is missing there), else the nearest project root above `cwd`. Throws a
 * {@link UserError} naming the search when there is none.
 */
export function resolveProjectRoot(explicit: string | undefined, cwd: string = process.cwd()): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const found = findProjectRoot(cwd);
  if (found === undefined) {
    throw new UserError(`no devgen project here: neither ${cwd} nor a folder above it holds ${CONFIG_FILE} or ${DEFS_DIR}/ (pass --root DIR, or create one with \`devgen init\`)`);
  }
  return found;
}
