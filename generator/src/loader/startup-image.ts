/**
 * Start-up images: a program of the project (the qtest server over its boards, for one) as one
 * CommonJS script — the runtime entry, the project's generated code, its behaviour and every
 * module they import but Node's built-ins — with V8's code cache of it beside. Loading one is a
 * read of two files and a stat of each source the script was made from: no module resolution,
 * no parse of what the cache holds, no compile of the functions the last run compiled, and no
 * compiler loaded. image-build.ts makes them; this module only checks and loads, so the fast
 * start of `devgen qtest` (cli/qtest-fast.ts) pulls in nothing else.
 *
 * The code cache is V8's own: V8 refuses one made by another V8 version or other flags, and
 * the cache file is named after the script's hash, so a cache can never meet another script.
 * A refused or missing cache is written anew once the program has done some work
 * ({@link LoadedImage.saveCodeCache}), so it holds the functions a run really compiles.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { writeAtomic } from './atomic-write.ts';
import { checkSources, isSourceRecord, type SourceRecord } from './source-manifest.ts';

/** Folder of the images, relative to the project root. */
export const IMAGE_DIR = join('.devgen-cache', 'images');

/** Bumped when what an image holds or how it is wrapped changes (old images then miss). */
export const IMAGE_FORMAT = 2;

/** What an image's manifest records. */
export interface ImageManifest {
  readonly format: number;
  /** The entry source the image was bundled from (its exports: a few lines, compared as text). */
  readonly entry: string;
  /** sha256 of the image script: names its code cache. */
  readonly script: string;
  /**
   * The script file as written (inode, size, time): images are replaced by rename, never
   * rewritten in place, so an equal stat is this very file, not one a concurrent build put there.
   */
  readonly scriptFile: { readonly ino: number; readonly size: number; readonly mtimeMs: number };
  /** Every file bundled into it (paths relative to the project root, or absolute outside it). */
  readonly record: SourceRecord;
}

/** Files of image `name` of the project at `root`. */
export function imageFiles(root: string, name: string): { readonly dir: string; readonly script: string; readonly manifest: string; codeCache(scriptHash: string): string } {
  const dir = join(root, IMAGE_DIR);
  return {
    dir,
    script: join(dir, `${name}.cjs`),
    manifest: join(dir, `${name}.json`),
    codeCache: (scriptHash) => join(dir, `${name}.${scriptHash.slice(0, 16)}.v8cache`),
  };
}

/** Removes the code caches of image `name` other than `keep`'s. */
export function removeStaleCodeCaches(root: string, name: string, keep?: string): void {
  const files = imageFiles(root, name);
  let entries: string[];
  try {
    entries = readdirSync(files.dir);
  } catch {
    return;
  }
  const kept = keep === undefined ? undefined : files.codeCache(keep);
  for (const e of entries) {
    const abs = join(files.dir, e);
    if (e.startsWith(`${name}.`) && e.endsWith('.v8cache') && abs !== kept) rmSync(abs, { force: true });
  }
}

/** An image loaded and run (its module body has executed). */
export interface LoadedImage<T> {
  /** What the image's entry exports. */
  readonly exports: T;
  /** Whether V8 took the code cache (false: none was there, or V8 refused it). */
  readonly codeCacheUsed: boolean;
  /** Writes the code cache of what has been compiled so far, unless the one loaded was taken; once. */
  saveCodeCache(): void;
}

/** Whether `path` is the file `stat` describes. */
function sameFile(path: string, stat: ImageManifest['scriptFile'] | undefined): boolean {
  if (typeof stat !== 'object' || stat === null) return false;
  try {
    const st = statSync(path);
    return st.ino === stat.ino && st.size === stat.size && st.mtimeMs === stat.mtimeMs;
  } catch {
    return false;
  }
}

/** The stat of `path` as an image manifest records it. */
export function fileIdentity(path: string): ImageManifest['scriptFile'] {
  const st = statSync(path);
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

/** The manifest of image `name` when it was made from `entrySource` and every source is unchanged. */
export function freshImageManifest(root: string, name: string, entrySource: string): ImageManifest | undefined {
  const files = imageFiles(root, name);
  let m: ImageManifest;
  try {
    m = JSON.parse(readFileSync(files.manifest, 'utf8')) as ImageManifest;
  } catch {
    return undefined;
  }
  if (m.format !== IMAGE_FORMAT || m.entry !== entrySource || typeof m.script !== 'string' || !isSourceRecord(m.record)) return undefined;
  if (!sameFile(files.script, m.scriptFile)) return undefined;
  const check = checkSources(root, m.record);
  if (!check.unchanged) return undefined;
  if (check.restamped !== undefined) {
    m = { ...m, record: check.restamped };
    try {
      writeAtomic(files.manifest, JSON.stringify(m));
    } catch {
      // A read-only project keeps hashing those files at every start; the record still holds.
    }
  }
  return m;
}

/** The function a script is wrapped in: CommonJS's module scope, strict like the ES modules it came from. */
const wrap = (body: string): string => `(function (exports, require, module, __filename, __dirname) { "use strict";\n${body}\n})`;

/**
 * Loads and runs image `name` when it is fresh for `entrySource`; undefined when it is missing or
 * stale. A throw of the image's own modules while they load propagates.
 */
export function loadFreshImage<T>(root: string, name: string, entrySource: string): LoadedImage<T> | undefined {
  const manifest = freshImageManifest(root, name, entrySource);
  if (manifest === undefined) return undefined;
  const files = imageFiles(root, name);
  const body = readFileSync(files.script, 'utf8');
  const cacheFile = files.codeCache(manifest.script);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Older Node 20 releases lack it; the image then has no dynamic import of its own to make.
  const dynamicImport = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: unknown } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script(wrap(body), {
    filename: files.script,
    ...(cachedData === undefined ? {} : { cachedData }),
    ...(dynamicImport === undefined ? {} : { importModuleDynamically: dynamicImport as never }),
  });
  const codeCacheUsed = cachedData !== undefined && script.cachedDataRejected !== true;
  const mod = { exports: {} as T };
  (script.runInThisContext() as (e: T, r: NodeJS.Require, m: { exports: T }, f: string, d: string) => void)(
    mod.exports, createRequire(files.script), mod, files.script, dirname(files.script));
  let saved = codeCacheUsed;
  return {
    exports: mod.exports,
    codeCacheUsed,
    saveCodeCache() {
      if (saved) return;
      saved = true;
      try {
        writeAtomic(cacheFile, script.createCachedData());
      } catch {
        // A cache that cannot be written only costs the next start its speed.
      }
    },
  };
}
