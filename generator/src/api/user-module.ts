/**
 * Loading a project's own TypeScript at run time: its generated boards and device list, and
 * through them its behaviour files. devgen itself needs no TypeScript loader when it runs
 * compiled: a project module is imported from its compile cache (loader/compiled-import.ts),
 * and tsx's ESM loader is registered here only for a module that cache cannot mirror, on first
 * need (commands that never run a device never pay for either).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { importCompiled } from '../loader/compiled-import.ts';
import { ProjectError } from './errors.ts';

let loaderReady: Promise<void> | undefined;

/**
 * Makes `import()` of `.ts` files work: a no-op when this module itself runs as TypeScript (a
 * loader is active already), otherwise registers tsx's ESM loader once.
 */
export function ensureTypeScriptLoader(): Promise<void> {
  loaderReady ??= (async () => {
    if (import.meta.url.endsWith('.ts')) return;
    const { register } = await import('tsx/esm/api');
    register();
  })();
  return loaderReady;
}

/**
 * Imports the module at absolute `path` (TypeScript or JavaScript) of the user's project.
 * A missing file is a {@link ProjectError} with `missing` as its message (default: the path does
 * not exist); errors the module itself throws while loading propagate.
 */
export async function importUserModule<T = Record<string, unknown>>(path: string, missing: string = `${path} does not exist`): Promise<T> {
  if (!existsSync(path)) throw new ProjectError(missing);
  // Compiled devgen runs a project's TypeScript from its compile cache (no loader thread);
  // running as TypeScript, the active loader takes it as it is.
  if (path.endsWith('.ts') && !import.meta.url.endsWith('.ts')) {
    const compiled = await importCompiled<T>(path);
    if (compiled !== undefined) return compiled;
  }
  await ensureTypeScriptLoader();
  return (await import(pathToFileURL(path).href)) as T;
}
