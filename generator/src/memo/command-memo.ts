/**
 * A command that reads files and prints, run again on exactly what it read, prints the same:
 * `devgen generate` with nothing to write and `devgen lint` over unchanged definitions replay
 * what they printed last time instead of loading the compiler. The memo records what the run
 * saw through `node:fs` — the content hash of every file it read, whether each path it asked
 * about existed, the names in every folder it listed — and replays only when all of it is still
 * so, the devgen code is the same build, and the invocation (arguments, working directory, the
 * environment that decides colour and detail) is the same. A run that wrote anything, or read
 * in a way this cannot check, is not remembered.
 *
 * Entries live in `<root>/.devgen-cache/commands/<invocation hash>.json` (one per invocation,
 * replaced when what it saw changes); a missing, corrupt or foreign entry is a miss, never an
 * error, and a read-only project just runs every time.
 */
import { createHash } from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a command prints. */
export interface MemoIo {
  out(text: string): void;
  err(text: string): void;
}

/** What one path looked like to the run: a file's hash, a folder's names, or only whether it exists. */
type Observation =
  | { readonly path: string; readonly kind: 'file'; readonly sha: string }
  | { readonly path: string; readonly kind: 'list'; readonly sha: string }
  | { readonly path: string; readonly kind: 'stat'; readonly type: 'file' | 'dir' | 'other' | 'missing' }
  | { readonly path: string; readonly kind: 'exists'; readonly exists: boolean };

interface Entry {
  readonly format: number;
  readonly invocation: string;
  readonly code: string;
  readonly seen: readonly Observation[];
  readonly output: readonly (readonly ['out' | 'err', string])[];
  readonly exitCode: number;
}

/** Bumped when the entry layout changes. */
const FORMAT = 1;

/** Environment variables that change what a command prints (colour, stack traces). */
const OUTPUT_ENV = ['NO_COLOR', 'FORCE_COLOR', 'CI', 'TERM', 'DEVGEN_DEBUG'];

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Folder of devgen's caches (the memo's own entries among them), left out of folder listings. */
const CACHE_DIR = '.devgen-cache';

/** What a folder listing is remembered by: its names, devgen's cache folder left out. */
const listingSha = (names: readonly string[]): string => sha(names.filter((n) => n !== CACHE_DIR).join('\0'));

/** `node:fs` as every module sees it (the object observation patches). */
const fsModule = createRequire(import.meta.url)('node:fs') as Record<string, unknown>;

/** The functions the memo itself uses, taken before any observation patches them. */
const fs = {
  readFileSync: fsModule.readFileSync as typeof import('node:fs').readFileSync,
  readdirSync: fsModule.readdirSync as typeof import('node:fs').readdirSync,
  statSync: fsModule.statSync as typeof import('node:fs').statSync,
  existsSync: fsModule.existsSync as typeof import('node:fs').existsSync,
  mkdirSync: fsModule.mkdirSync as typeof import('node:fs').mkdirSync,
  writeFileSync: fsModule.writeFileSync as typeof import('node:fs').writeFileSync,
  renameSync: fsModule.renameSync as typeof import('node:fs').renameSync,
};

/** devgen's package folder: the nearest package.json above this module (in dist/ or in src/). */
function packageRoot(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    if (fs.existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** Folders of devgen's code, relative to its package folder (compiled, or the sources). */
const CODE_DIRS = ['dist', 'define/src', 'generator/src', 'runtime/src'];

let codeId: string | undefined;

/**
 * The devgen code this process runs: compiled, the build id dist/ records (scripts/build.mjs
 * writes a hash of everything it compiled and of package.json); running from source, a hash
 * of the source folders and package.json. Empty when a build has no id: nothing is replayed.
 */
export function devgenCodeId(): string {
  if (codeId !== undefined) return codeId;
  const root = packageRoot();
  if (!import.meta.url.endsWith('.ts')) {
    try {
      codeId = `build ${fs.readFileSync(join(root, 'dist', 'build-id.txt'), 'utf8').trim()}`;
    } catch {
      codeId = '';
    }
    return codeId;
  }
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (fs.statSync(abs).isDirectory()) walk(abs);
      else h.update(abs).update('\0').update(fs.readFileSync(abs));
    }
  };
  for (const d of CODE_DIRS.slice(1)) walk(join(root, d));
  h.update(fs.readFileSync(join(root, 'package.json')));
  codeId = `source ${h.digest('hex')}`;
  return codeId;
}

/** Identity of an invocation: the command's arguments, working directory, output environment, terminals. */
function invocationOf(args: unknown): string {
  const env = OUTPUT_ENV.map((k) => `${k}=${process.env[k] ?? '\u0000'}`);
  return JSON.stringify({ args, cwd: process.cwd(), env, tty: [Boolean(process.stdout.isTTY), Boolean(process.stderr.isTTY)] });
}

/** devgen's own code folders (absolute, with a trailing separator): reads there are not recorded, the code id covers them. */
function codeFolders(): string[] {
  const root = packageRoot();
  return CODE_DIRS.map((d) => join(root, d) + sep);
}

function entryFile(root: string, invocation: string): string {
  return join(root, CACHE_DIR, 'commands', `${sha(invocation).slice(0, 32)}.json`);
}

const pathOf = (p: unknown): string | undefined =>
  typeof p === 'string' ? resolve(p) : p instanceof URL && p.protocol === 'file:' ? fileURLToPath(p) : undefined;

function typeOf(path: string): 'file' | 'dir' | 'other' | 'missing' {
  try {
    const st = fs.statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** Whether `o` still holds. */
function stillHolds(o: Observation): boolean {
  try {
    switch (o.kind) {
      case 'file': return sha(fs.readFileSync(o.path)) === o.sha;
      case 'list': return listingSha(fs.readdirSync(o.path)) === o.sha;
      case 'stat': return typeOf(o.path) === o.type;
      case 'exists': return fs.existsSync(o.path) === o.exists;
    }
  } catch {
    return false;
  }
}

type AnyFn = (...args: never[]) => unknown;

/**
 * Runs `run` with `node:fs` observed: reads are recorded, writes mark the run as not
 * replayable. The original functions are back in place when it settles.
 */
async function observed(run: () => Promise<number>): Promise<{ code: number; seen: Observation[]; replayable: boolean }> {
  const recorded: Observation[] = [];
  const code = codeFolders();
  const seen = { push: (o: Observation): void => { if (!code.some((c) => o.path.startsWith(c))) recorded.push(o); } };
  let replayable = true;
  const mutable = fsModule as Record<string, AnyFn>;
  const originals = new Map<string, AnyFn>();
  const wrap = (name: string, after: (args: unknown[], result: unknown) => void, onError?: (args: unknown[]) => void): void => {
    const original = mutable[name]!;
    originals.set(name, original);
    mutable[name] = ((...args: unknown[]) => {
      let result: unknown;
      try {
        result = (original as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        onError?.(args);
        throw e;
      }
      after(args, result);
      return result;
    }) as AnyFn;
  };
  const unreadable = (): void => { replayable = false; };
  wrap('readFileSync', (args, result) => {
    const path = pathOf(args[0]);
    if (path === undefined) unreadable();
    else seen.push({ path, kind: 'file', sha: sha(result as string | Buffer) });
  }, (args) => {
    const path = pathOf(args[0]);
    if (path === undefined) unreadable();
    else seen.push({ path, kind: 'stat', type: typeOf(path) });
  });
  wrap('readdirSync', (args, result) => {
    const path = pathOf(args[0]);
    const names = (result as unknown[]).map((n) => (typeof n === 'string' ? n : (n as { name: string }).name));
    if (path === undefined) unreadable();
    else seen.push({ path, kind: 'list', sha: listingSha(names) });
  }, (args) => {
    const path = pathOf(args[0]);
    if (path === undefined) unreadable();
    else seen.push({ path, kind: 'stat', type: typeOf(path) });
  });
  for (const name of ['statSync', 'lstatSync']) {
    const record = (args: unknown[]): void => {
      const path = pathOf(args[0]);
      if (path === undefined) unreadable();
      else seen.push({ path, kind: 'stat', type: typeOf(path) });
    };
    wrap(name, record, record);
  }
  wrap('existsSync', (args, result) => {
    const path = pathOf(args[0]);
    if (path === undefined) unreadable();
    else seen.push({ path, kind: 'exists', exists: result as boolean });
  });
  for (const name of ['writeFileSync', 'appendFileSync', 'mkdirSync', 'renameSync', 'unlinkSync', 'rmSync', 'rmdirSync', 'copyFileSync', 'watch']) {
    wrap(name, unreadable, unreadable);
  }
  // readFileSync opens through openSync: only an open for writing is a write.
  const forWriting = (args: unknown[]): void => {
    const flags = args[1];
    if (flags !== undefined && flags !== 'r' && flags !== 'rs' && flags !== 0) unreadable();
  };
  wrap('openSync', forWriting, forWriting);
  syncBuiltinESMExports();
  try {
    const exitCode = await run();
    return { code: exitCode, seen: recorded, replayable };
  } finally {
    for (const [name, original] of originals) mutable[name] = original;
    syncBuiltinESMExports();
  }
}

/**
 * Runs a command through the memo of project `root`: replays the last run of the same
 * invocation (`args`: the command and its options, JSON) when everything it saw is unchanged,
 * else runs `run` with a recording `io` and remembers it when it wrote nothing. Returns the
 * exit code; what `run` throws propagates and is not remembered.
 */
export async function memoized(root: string, args: unknown, io: MemoIo, run: (io: MemoIo) => Promise<number> | number): Promise<number> {
  const invocation = invocationOf(args);
  const file = entryFile(root, invocation);
  const code = devgenCodeId();
  // DEVGEN_NO_CACHE=1 always runs the command in full (for measuring it, or distrusting a replay).
  if (code === '' || process.env.DEVGEN_NO_CACHE === '1') return run(io);
  try {
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as Entry;
    if (entry.format === FORMAT && entry.invocation === invocation && entry.code === code && entry.seen.every(stillHolds)) {
      for (const [stream, text] of entry.output) io[stream](text);
      return entry.exitCode;
    }
  } catch {
    // No entry, or not one of ours: run.
  }
  const output: ['out' | 'err', string][] = [];
  const tee: MemoIo = {
    out: (t) => { output.push(['out', t]); io.out(t); },
    err: (t) => { output.push(['err', t]); io.err(t); },
  };
  const result = await observed(async () => run(tee));
  if (result.replayable) {
    const entry: Entry = { format: FORMAT, invocation, code, seen: dedupe(result.seen), output, exitCode: result.code };
    try {
      fs.mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(entry));
      fs.renameSync(tmp, file);
    } catch {
      // Not writable: the next run runs again.
    }
  }
  return result.code;
}

/** One observation per path and kind (the first: what the run based itself on). */
function dedupe(seen: readonly Observation[]): Observation[] {
  const keys = new Set<string>();
  return seen.filter((o) => {
    const key = `${o.kind}\0${o.path}`;
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}
