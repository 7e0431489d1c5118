#!/usr/bin/env node
/**
 * Builds dist/, the compiled package: every TypeScript file of the package's sources
 * (define/src, generator/src, runtime/src) becomes one JavaScript file at the same path under
 * dist/ (esbuild; relative `.ts` specifiers become `.js`, packages stay imports), every other
 * file there (templates, JSON) is copied, and tsc writes the declaration files consumers
 * type-check against. Files are compiled one to one, except the runtime's public entry, which
 * is one bundle of the runtime (see RUNTIME_ENTRY): the CLI, generated code and behaviour all
 * reach the runtime through that one entry, so there is one runtime module instance.
 *
 * dist/build-id.txt holds a hash of everything produced and of package.json: what the command
 * memo keys on.
 *
 * A file is written only when its content changed (through a temporary file and a rename), and
 * files whose source is gone are removed, so a rebuild while a compiled `devgen` runs never shows
 * it a half-written module.
 *
 *   node scripts/build.mjs            JavaScript, assets and declarations (prepare, prepack)
 *   node scripts/build.mjs --js-only  JavaScript and assets (test set-up: what runs)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The package root (this script lives in scripts/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Source folders compiled into dist/, relative to the root. */
export const SOURCE_DIRS = ['define/src', 'generator/src', 'runtime/src'];

const DIST = join(ROOT, 'dist');

/** File in dist/ naming the build (read by generator/src/memo/command-memo.ts). */
const BUILD_ID = 'build-id.txt';

/** Every file under `dir` (absolute paths, sorted). */
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue; // editor and system files are not part of the package
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push(abs);
    }
  };
  walk(dir);
  return out;
}

const toPosix = (p) => p.split(sep).join('/');

/** Writes `content` to `abs` unless it already holds exactly that; true when it wrote. */
function writeIfChanged(abs, content) {
  try {
    if (readFileSync(abs).equals(content)) return false;
  } catch {
    // Missing: written below.
  }
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, abs);
  return true;
}

/**
 * esbuild resolves nothing: each import stays an import of the compiled file beside it
 * (`./x.ts` → `./x.js`) or of the package it names.
 */
const keepImports = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const path = args.path.startsWith('.') ? args.path.replace(/\.ts$/, '.js') : args.path;
      return { path, external: true };
    });
  },
};

/**
 * The runtime's public entry (what `devgen/runtime` names), built as one bundle of every runtime
 * module it reaches: a device program starts by loading one file instead of every module of the
 * runtime. Everything reaches the runtime through this entry, so it is still one instance.
 */
export const RUNTIME_ENTRY = 'runtime/src/codegen/v1/index.ts';

/**
 * The command line's entry, also built as a bundle in {@link CLI_DIR}: the compiler's modules it
 * reaches, split into one chunk per command it loads on demand, with commander and picocolors
 * inside, so `devgen` starts by loading a few files rather than dozens. The runtime and the
 * definition API stay imports of their dist/ files (one instance each, shared with the project's
 * code); each bundled module's `import.meta.url` names its own compiled file under dist/, so the
 * templates and other assets it finds beside itself are found as from the one-to-one build.
 */
export const CLI_ENTRY = 'generator/src/cli/main.ts';

/**
 * The fast start of `devgen qtest` (bin/devgen.js tries it before the command line): a second
 * entry of the same bundle, so it shares the command line's chunks and loads none of the rest.
 */
export const QTEST_FAST_ENTRY = 'generator/src/cli/qtest-fast.ts';

/** Where the command line's bundle is written, relative to dist/. */
export const CLI_DIR = 'cli';

/** Packages compiled into the command line's bundle (small, and loaded by every command). */
const CLI_INLINED_PACKAGES = new Set(['commander', 'picocolors']);

/** Bundles the compiler's modules for the command line (see CLI_ENTRY). */
const cliBundle = {
  name: 'cli-bundle',
  setup(b) {
    const generator = join(ROOT, 'generator', 'src') + sep;
    const cliDir = join(DIST, CLI_DIR);
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.')) return CLI_INLINED_PACKAGES.has(args.path) ? undefined : { path: args.path, external: true };
      const abs = resolve(args.resolveDir, args.path);
      // Inside the compiler, or inside an inlined package: bundled.
      if (abs.startsWith(generator) || !args.importer.startsWith(generator)) return undefined;
      // The runtime's and the definition API's modules: their one-to-one (or entry bundle) file.
      const target = join(DIST, relative(ROOT, abs)).replace(/\.ts$/, '.js');
      return { path: toPosix(relative(cliDir, target)).replace(/^(?!\.)/, './'), external: true };
    });
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(generator)) return undefined;
      const own = toPosix(relative(cliDir, join(DIST, relative(ROOT, args.path)).replace(/\.ts$/, '.js')));
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/** Bundles relative imports; packages and node: built-ins stay imports. */
const bundleRelative = {
  name: 'bundle-relative',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
  },
};

/** Compiles the sources and copies the assets; returns the dist paths (relative) it produced. */
async function buildJs(sources) {
  const runtimeEntry = join(ROOT, RUNTIME_ENTRY);
  const entries = sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== runtimeEntry);
  const bundled = await build({
    absWorkingDir: ROOT,
    entryPoints: [runtimeEntry],
    outdir: DIST,
    outbase: ROOT,
    bundle: true,
    plugins: [bundleRelative],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outdir: DIST,
    outbase: ROOT,
    bundle: true,
    plugins: [keepImports],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const cli = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, CLI_ENTRY), join(ROOT, QTEST_FAST_ENTRY)],
    outdir: join(DIST, CLI_DIR),
    entryNames: '[name]',
    // Chunks beside the entry: the paths the plugin writes are relative to that one folder.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    plugins: [cliBundle],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // commander is CommonJS: its require() of node built-ins needs a require in an ES module.
    banner: { js: "import { createRequire as __devgenCreateRequire } from 'node:module';\nconst require = __devgenCreateRequire(import.meta.url);" },
    write: false,
    logLevel: 'warning',
  });
  const produced = new Map();
  for (const file of [...result.outputFiles, ...bundled.outputFiles, ...cli.outputFiles]) produced.set(file.path, Buffer.from(file.contents));
  for (const asset of sources.filter((f) => !f.endsWith('.ts'))) produced.set(join(DIST, relative(ROOT, asset)), readFileSync(asset));
  // The build id names this code (the command memo keys on it): a hash of every file produced.
  const id = createHash('sha256');
  for (const abs of [...produced.keys()].sort()) id.update(toPosix(relative(DIST, abs))).update('\0').update(produced.get(abs));
  id.update(readFileSync(join(ROOT, 'package.json')));
  produced.set(join(DIST, BUILD_ID), Buffer.from(`${id.digest('hex')}\n`));
  let written = 0;
  for (const [abs, content] of produced) if (writeIfChanged(abs, content)) written++;
  return { produced: new Set([...produced.keys()].map((p) => toPosix(relative(DIST, p)))), written };
}

/** Declaration files (tsc, tsconfig.build.json); their paths relative to dist/. */
function buildDeclarations(sources) {
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${r.status ?? r.signal})`);
  return new Set(sources.filter((f) => f.endsWith('.ts')).map((f) => toPosix(relative(ROOT, f)).replace(/\.ts$/, '.d.ts')));
}

/** Whether `abs` was written within the last minute (false once it is gone). */
function isRecent(abs) {
  try {
    return Date.now() - statSync(abs).mtimeMs < 60_000;
  } catch {
    return false;
  }
}

/** Removes files under dist/ that no source produced, then folders left empty. */
function removeStale(keep, keepDeclarations) {
  let removed = 0;
  for (const abs of filesUnder(DIST)) {
    const rel = toPosix(relative(DIST, abs));
    if (keep.has(rel) || (rel.endsWith('.d.ts') && (keepDeclarations === undefined || keepDeclarations.has(rel)))) continue;
    // Another build's file on its way in (writeIfChanged): its rename must find it.
    if (/\.\d+\.tmp$/.test(rel) && isRecent(abs)) continue;
    rmSync(abs, { force: true });
    removed++;
  }
  const prune = (d) => {
    for (const name of readdirSync(d)) if (statSync(join(d, name)).isDirectory()) prune(join(d, name));
    if (d === DIST || readdirSync(d).length > 0) return;
    try {
      rmdirSync(d);
    } catch {
      // Filled again meanwhile by another build: it stays.
    }
  };
  prune(DIST);
  return removed;
}

/** Builds dist/; `declarations: false` skips tsc (the declarations are not what runs). */
export async function buildDist({ declarations = true } = {}) {
  const started = Date.now();
  const sources = SOURCE_DIRS.flatMap((d) => filesUnder(join(ROOT, d)));
  mkdirSync(DIST, { recursive: true });
  const { produced, written } = await buildJs(sources);
  const kept = declarations ? buildDeclarations(sources) : undefined;
  const removed = removeStale(produced, kept);
  return { files: produced.size, written, removed, ms: Date.now() - started };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const r = await buildDist({ declarations: !process.argv.includes('--js-only') });
    console.log(`devgen build: ${r.files} files in dist/ (${r.written} written, ${r.removed} removed) in ${r.ms} ms`);
  } catch (e) {
    // esbuild and tsc have printed the positioned errors already.
    console.error(`devgen build: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
