/**
 * A project's own TypeScript (its generated code, behaviour and board programs), run without a
 * TypeScript loader: an entry module and every `.ts` module of its package it reaches are
 * compiled by esbuild into one ES module under `<package>/.devgen-cache/modules/`, at the
 * entry's relative path, and imported from there. A manifest per entry records the content
 * hash of every source file in it, so the next start checks hashes and imports the one compiled
 * file directly: no compiler and no loader thread start (a loader would put every later
 * import, the runtime's too, behind a thread hop), and one file to load rather than one per module.
 *
 * The compiled file sits inside the same package folder as its sources, so what stays an import
 * resolves as it did from the source: other relative imports (JavaScript, JSON) point back at
 * the original file, and package imports (`devgen/runtime`, the project's own dependencies)
 * walk up to the same node_modules and package.json. `import.meta` URLs and paths keep naming
 * each source file. Two entries compiled this way each hold their own copy of the modules they
 * share (a process running devices loads one entry: the boards, a demo, the type list). A
 * module this cannot compile so (no package.json above it, or a `.ts` import leaving the
 * package folder) gets `undefined`, and the caller falls back to a TypeScript loader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeAtomic } from './atomic-write.ts';
import { checkSources, isSourceRecord, readStamped, sha256, type SourceRecord, type SourceStamp } from './source-manifest.ts';

/** Folder of the compiled modules, relative to the package folder. */
export const MODULE_CACHE_DIR = join('.devgen-cache', 'modules');

/** Bumped when the way modules are compiled changes (old manifests then miss). */
const FORMAT = 4;

/** What a manifest records: every source file (relative to the package folder) with its stamp. */
interface Manifest {
  readonly format: number;
  readonly compiler: string;
  readonly record: SourceRecord;
}

const posix = (p: string): string => p.split(sep).join('/');

/** The folder of the nearest package.json at or above `dir`, or undefined. */
export function packageFolder(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** esbuild's version, which decides the compiled text (read from its package.json, not loaded). */
function compilerVersion(): string {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
}

/** Where the compiled form of source `rel` lives. */
function compiledPath(pkg: string, rel: string): string {
  return join(pkg, MODULE_CACHE_DIR, rel.replace(/\.ts$/, '.mjs'));
}

function manifestPath(pkg: string, entryRel: string): string {
  return join(pkg, MODULE_CACHE_DIR, 'manifests', `${sha256(entryRel).slice(0, 32)}.json`);
}

/** The manifest of `entryRel` when every source it lists still has its recorded hash. */
function freshManifest(pkg: string, entryRel: string, compiler: string): Manifest | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(pkg, entryRel), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.format !== FORMAT || manifest.compiler !== compiler || !isSourceRecord(manifest.record) || manifest.record.sources[entryRel] === undefined) return undefined;
  const check = checkSources(pkg, manifest.record);
  if (!check.unchanged) return undefined;
  if (check.restamped !== undefined) {
    manifest = { ...manifest, record: check.restamped };
    try {
      writeAtomic(manifestPath(pkg, entryRel), JSON.stringify(manifest));
    } catch {
      // A read-only project keeps hashing those files at every start; the record still holds.
    }
  }
  return existsSync(compiledPath(pkg, entryRel)) ? manifest : undefined;
}

/**
 * The file a relative import names, as TypeScript finds it: `./x.ts` itself, or `./x.ts` for
 * `./x.js` and `./x` when only the TypeScript file exists.
 */
function typeScriptTarget(path: string): string {
  if (path.endsWith('.ts') || (existsSync(path) && !path.endsWith('.js'))) return path;
  const ts = path.endsWith('.js') ? `${path.slice(0, -3)}.ts` : `${path}.ts`;
  return existsSync(ts) ? ts : path;
}

/** `import.meta` members that name the module's own file keep naming the source. */
export function keepSourceLocation(js: string, source: string): string {
  return js
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(source).href))
    .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(source))
    .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(source)));
}

/** A project module that does not compile: its problems, positioned in its own file. */
export class ModuleCompileError extends Error {
  override readonly name = 'ModuleCompileError';
}

type Esbuild = typeof import('esbuild');

/**
 * One esbuild run; a failure becomes a {@link ModuleCompileError} naming `file:line:col` of
 * each problem (esbuild's own message names paths relative to the working directory).
 */
async function compileOne(esbuild: Esbuild, source: string, options: Parameters<Esbuild['build']>[0]): Promise<Awaited<ReturnType<Esbuild['build']>>> {
  try {
    return await esbuild.build(options);
  } catch (e) {
    const errors = (e as { errors?: readonly { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) throw e;
    // A problem in a module the entry imports is named in that module's file.
    const lines = errors.map((m) => m.location
      ? `${m.location.file === '' ? source : resolve(m.location.file)}:${m.location.line}:${m.location.column + 1}: error: ${m.text}`
      : `${source}:1:1: error: ${m.text}`);
    throw new ModuleCompileError(lines.join('\n'));
  }
}

/**
 * Compiles `entryRel` with every `.ts` module of the package it reaches by relative imports into
 * one module; returns the hashes of those sources, or undefined when a `.ts` import leaves the
 * package folder. Each source keeps naming its own file in `import.meta`.
 */
async function compileClosure(pkg: string, entryRel: string): Promise<SourceRecord | undefined> {
  const esbuild = await import('esbuild');
  const takenAtMs = Date.now();
  const files: Record<string, SourceStamp> = {};
  const out = compiledPath(pkg, entryRel);
  let outside = false;
  const entry = join(pkg, entryRel);
  const result = await compileOne(esbuild, entry, {
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    // For the Node that runs it: it keeps what that Node supports (import attributes) as written.
    target: `node${process.versions.node}`,
    // A map beside the module rather than inside it: the module loads on every start and a map
    // inline would make it several times larger, while only a debugger reads it.
    sourcemap: 'linked',
    logLevel: 'silent',
    outfile: out,
    plugins: [{
      name: 'bundle-package-sources',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return { path: args.path };
          if (!args.path.startsWith('.') && !isAbsolute(args.path)) return { path: args.path, external: true };
          const target = typeScriptTarget(resolve(args.resolveDir, args.path));
          // Other relative imports (JavaScript, JSON) stay imports of the original file.
          if (!target.endsWith('.ts')) return { path: posix(relative(dirname(out), target)).replace(/^(?!\.)/, './'), external: true };
          const targetRel = relative(pkg, target);
          if (targetRel.startsWith('..') || isAbsolute(targetRel)) outside = true;
          return { path: target };
        });
        b.onLoad({ filter: /\.ts$/ }, (args) => {
          const { content, stamp } = readStamped(args.path);
          files[relative(pkg, args.path)] = stamp;
          return { contents: keepSourceLocation(content.toString('utf8'), args.path), loader: 'ts', resolveDir: dirname(args.path) };
        });
      },
    }],
  });
  if (outside) return undefined;
  const output = result.outputFiles?.find((f) => f.path.endsWith('.mjs'));
  if (output === undefined) throw new Error(`internal error: esbuild gave no output for ${entry}`);
  const map = result.outputFiles?.find((f) => f.path.endsWith('.mjs.map'));
  if (map !== undefined) writeAtomic(`${out}.map`, map.text);
  writeAtomic(out, output.text);
  return { sources: files, takenAtMs };
}

/**
 * Imports the TypeScript module `file` (absolute) from its compiled form, compiling what changed
 * first; undefined when the module cannot be mirrored (use a TypeScript loader then). Errors
 * of the module itself (a syntax error, a throw while it loads) propagate.
 */
export async function importCompiled<T>(file: string): Promise<T | undefined> {
  const pkg = packageFolder(dirname(file));
  if (pkg === undefined) return undefined;
  const entryRel = relative(pkg, file);
  if (entryRel.startsWith('..') || entryRel.startsWith(MODULE_CACHE_DIR)) return undefined;
  const compiler = `esbuild ${compilerVersion()} node ${process.versions.node}`;
  if (freshManifest(pkg, entryRel, compiler) === undefined) {
    const record = await compileClosure(pkg, entryRel);
    if (record === undefined) return undefined;
    writeAtomic(manifestPath(pkg, entryRel), JSON.stringify({ format: FORMAT, compiler, record } satisfies Manifest));
  }
  return (await import(pathToFileURL(compiledPath(pkg, entryRel)).href)) as T;
}
