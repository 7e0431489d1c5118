/**
 * `devgen generate --watch`: generates once, then again after every change under defs/ and to
 * devgen.config.yaml, printing the same report as `devgen generate` each time (diagnostics, or
 * what was written). Changes are debounced, so an editor's save (often several events) or a
 * `git checkout` regenerates once. A run with an error writes nothing — the pipeline writes only
 * after every stage succeeded — so generated/ always holds the last good output. SIGINT and
 * SIGTERM stop it with exit code 0.
 *
 * Watching is chokidar's: Node 20's recursive fs.watch on Linux watches each file by its inode,
 * so after an editor saves by renaming a new file over the old one (vim, `sed -i`, "safe
 * write") it never reports that file again. chokidar watches the folders and takes such a
 * save for the change it is.
 */
import { join, relative, sep } from 'node:path';
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
export async function runGenerateWatch(root: string, io: CliIo, options: WatchOptions): Promise<number> {
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
  const { watch } = await import('chokidar');
  const defs = join(root, DEFS_DIR);
  const config = join(root, CONFIG_FILE);
  // What generation reads: defs/ (every definition, behaviour and board) and the configuration.
  const watcher = watch([defs, config], {
    ignoreInitial: true,
    ignored: (path) => path.split(sep).includes('node_modules'),
  });
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>();
  const schedule = (path: string): void => {
    changed.add(relative(root, path).split(sep).join('/'));
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const files = [...changed].sort();
      changed = new Set();
      io.out(`devgen: changed: ${files.join(', ')}; generating\n`);
      run();
    }, options.debounceMs ?? DEBOUNCE_MS);
  };
  return await new Promise<number>((resolveExit) => {
    let stopped = false;
    const stop = (code: number): void => {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      void watcher.close().then(() => resolveExit(code));
    };
    const onAbort = (): void => {
      io.out('devgen: watch stopped\n');
      stop(0);
    };
    watcher.on('all', (_event, path) => schedule(path));
    watcher.on('error', (e) => {
      io.err(`devgen: error: cannot watch ${root}: ${(e as Error).message}\n`);
      stop(1);
    });
    // Changes are seen from 'ready' on: only then is watching announced.
    watcher.on('ready', () => {
      if (stopped) return;
      io.out(`devgen: watching ${defs}/ and ${CONFIG_FILE} (Ctrl-C stops)\n`);
    });
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort);
  });
}
