/**
 * `devgen generate --watch`: generates once, then again after every change under defs/ and to
 * devgen.config.yaml, printing the same report as `devgen generate` each time (diagnostics, or
 * what was written). Changes are debounced, so an editor's save (often several events) or a
 * `git checkout` regenerates once. A run with an error writes nothing — the pipeline writes only
 * after every stage succeeded — so generated/ always holds the last good output. SIGINT and
 * SIGTERM stop it with exit code 0.
 *
 * Node's recursive fs.watch covers new sub-folders on Linux (Node 20), macOS and Windows, so no
 * watching library is needed; a removed and re-created defs/ is watched again.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from '../config/config.ts';
import { reportError, type CliIo } from './errors.ts';
import { runGenerate } from './generate.command.ts';
import { DEFS_DIR } from './project-root.ts';

/** Quiet time after the last change before regenerating. */
const DEBOUNCE_MS = 150;

/** Options of {@link runGenerateWatch}. */
export interface WatchOptions {
  /** Stops watching when aborted (the CLI aborts on SIGINT/SIGTERM). */
  readonly signal: AbortSignal;
  readonly debounceMs?: number;
}

/**
 * Generates, then watches `root` until `signal` aborts; resolves with the exit code (0, or 1
 * when watching failed). Throws a UserError when `root` has no defs/ to begin with.
 */
export function runGenerateWatch(root: string, io: CliIo, options: WatchOptions): Promise<number> {
  // The first run throws for a wrong root (no defs/), before anything is watched.
  runGenerate(root, false, io);
  const run = (): void => {
    try {
      runGenerate(root, false, io);
    } catch (e) {
      // A user mistake (defs/ gone) or a bug: report it and keep watching.
      reportError(e, io);
    }
  };
  io.out(`devgen: watching ${join(root, DEFS_DIR)}/ and ${CONFIG_FILE} (Ctrl-C stops)\n`);
  return new Promise((resolveExit) => {
    let timer: NodeJS.Timeout | undefined;
    let defsWatcher: FSWatcher | undefined;
    let rootWatcher: FSWatcher | undefined;
    let changed = new Set<string>();
    const stop = (code: number): void => {
      if (timer !== undefined) clearTimeout(timer);
      defsWatcher?.close();
      rootWatcher?.close();
      options.signal.removeEventListener('abort', onAbort);
      resolveExit(code);
    };
    const failed = (e: Error): void => {
      io.err(`devgen: error: cannot watch ${root}: ${e.message}\n`);
      stop(1);
    };
    const schedule = (what: string): void => {
      changed.add(what);
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        const files = [...changed].sort();
        changed = new Set();
        io.out(`devgen: changed: ${files.join(', ')}; generating\n`);
        armDefs();
        run();
      }, options.debounceMs ?? DEBOUNCE_MS);
    };
    const armDefs = (): void => {
      if (defsWatcher !== undefined || !existsSync(join(root, DEFS_DIR))) return;
      defsWatcher = watch(join(root, DEFS_DIR), { recursive: true }, (_event, file) => schedule(`${DEFS_DIR}/${file ?? ''}`));
      defsWatcher.on('error', (e) => {
        // defs/ itself went away: watch it again when it comes back (the root watcher sees it).
        defsWatcher?.close();
        defsWatcher = undefined;
        if (existsSync(join(root, DEFS_DIR))) failed(e);
      });
    };
    const onAbort = (): void => {
      io.out('devgen: watch stopped\n');
      stop(0);
    };
    try {
      armDefs();
      rootWatcher = watch(root, (_event, file) => {
        if (file === CONFIG_FILE) schedule(CONFIG_FILE);
        else if (file === DEFS_DIR) {
          if (!existsSync(join(root, DEFS_DIR))) {
            defsWatcher?.close();
            defsWatcher = undefined;
          }
          schedule(`${DEFS_DIR}/`);
        }
      });
      rootWatcher.on('error', failed);
    } catch (e) {
      failed(e as Error);
      return;
    }
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort);
  });
}
