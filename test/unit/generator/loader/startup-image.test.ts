/**
 * Start-up images (loader/startup-image.ts, loader/image-build.ts) on a small package: one
 * script holding an entry and what it reaches (`import.meta` still naming each source), V8's
 * code cache written once and taken after, freshness by stat with the content hash behind it
 * (a touched file is still fresh, an edit is not — even one that keeps size and time), a cache
 * V8 refuses costing only speed, and no image for what cannot be one script.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../../../generator/src/loader/image-build.ts';
import { imageFiles, loadFreshImage } from '../../../../generator/src/loader/startup-image.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Exports {
  readonly value: number;
  readonly where: string;
  twice(n: number): number;
}

const ENTRY = "export { value, where } from './src/a.ts';\nexport function twice(n: number): number { return 2 * n; }\n";

/** A package: src/a.ts → src/b.ts → src/data.json. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'devgen-image-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'proj', private: true, type: 'module' }));
  writeFileSync(join(dir, 'src/data.json'), JSON.stringify({ n: 40 }));
  writeFileSync(join(dir, 'src/b.ts'), "import data from './data.json' with { type: 'json' };\nexport const n: number = data.n + 1;\nexport const where: string = import.meta.url;\n");
  writeFileSync(join(dir, 'src/a.ts'), "import { n, where } from './b.ts';\nexport const value: number = n + 1;\nexport { where };\n");
  return dir;
}

const LOADER = pathToFileURL(join(import.meta.dirname, '../../../../dist/generator/src/loader/startup-image.js')).href;

/**
 * Loads image `name` in a fresh process (V8 keeps compiled scripts per process, so only a new
 * one shows what the code cache file does); with `save`, writes the code cache after.
 */
function loadElsewhere(dir: string, name: string, entry: string, save = false): { used: boolean; value: number } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', [
    `const { loadFreshImage } = await import(${JSON.stringify(LOADER)});`,
    `const img = loadFreshImage(${JSON.stringify(dir)}, ${JSON.stringify(name)}, ${JSON.stringify(entry)});`,
    save ? 'img.saveCodeCache();' : '',
    'console.log(JSON.stringify({ used: img.codeCacheUsed, value: img.exports.value }));',
  ].join('\n')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { used: boolean; value: number };
}

const caches = (dir: string): string[] => readdirSync(join(dir, '.devgen-cache/images')).filter((f) => f.endsWith('.v8cache'));

describe('start-up images', () => {
  const dir = project();

  it('bundles the entry and what it reaches into one script; import.meta names each source', async () => {
    expect(await buildImage(dir, 'app', ENTRY)).toBe(true);
    const img = loadFreshImage<Exports>(dir, 'app', ENTRY)!;
    expect(img).toBeDefined();
    expect([img.exports.value, img.exports.twice(21), img.exports.where]).toEqual([42, 42, pathToFileURL(join(dir, 'src/b.ts')).href]);
    expect(readFileSync(imageFiles(dir, 'app').script, 'utf8')).not.toMatch(/\bimport\.meta\b/);
  });

  it('writes the code cache once, and the next load takes it', () => {
    expect(loadElsewhere(dir, 'app', ENTRY, true)).toEqual({ used: false, value: 42 });
    expect(caches(dir)).toHaveLength(1);
    const written = statSync(join(dir, '.devgen-cache/images', caches(dir)[0]!)).mtimeMs;
    expect(loadElsewhere(dir, 'app', ENTRY, true)).toEqual({ used: true, value: 42 });
    expect(statSync(join(dir, '.devgen-cache/images', caches(dir)[0]!)).mtimeMs).toBe(written);
  });

  it('a cache V8 refuses is only slower: the image runs and the cache is written anew', () => {
    const file = join(dir, '.devgen-cache/images', caches(dir)[0]!);
    writeFileSync(file, Buffer.alloc(4096, 7));
    expect(loadElsewhere(dir, 'app', ENTRY, true)).toEqual({ used: false, value: 42 });
    expect(loadElsewhere(dir, 'app', ENTRY)).toEqual({ used: true, value: 42 });
  });

  it('stays fresh when a source is only touched; another entry is another image', () => {
    const b = join(dir, 'src/b.ts');
    const later = new Date(Date.now() + 5000);
    utimesSync(b, later, later);
    expect(loadFreshImage<Exports>(dir, 'app', ENTRY)).toBeDefined();
    expect(loadFreshImage<Exports>(dir, 'app', `${ENTRY}export const more = 1;\n`)).toBeUndefined();
  });

  it('is stale after an edit, even one that keeps the size and the time', async () => {
    const b = join(dir, 'src/b.ts');
    const before = statSync(b);
    writeFileSync(b, readFileSync(b, 'utf8').replace('data.n + 1', 'data.n + 2'));
    utimesSync(b, before.atime, before.mtime);
    expect(statSync(b).size).toBe(before.size);
    expect(loadFreshImage<Exports>(dir, 'app', ENTRY)).toBeUndefined();
    expect(await buildImage(dir, 'app', ENTRY)).toBe(true);
    expect(loadFreshImage<Exports>(dir, 'app', ENTRY)!.exports.value).toBe(43);
    // The old script's code cache went with it.
    expect(caches(dir)).toEqual([]);
  });

  it('is stale when a JSON file it bundled changes, and when a source is gone', async () => {
    writeFileSync(join(dir, 'src/data.json'), JSON.stringify({ n: 50 }));
    expect(loadFreshImage<Exports>(dir, 'app', ENTRY)).toBeUndefined();
    expect(await buildImage(dir, 'app', ENTRY)).toBe(true);
    expect(loadFreshImage<Exports>(dir, 'app', ENTRY)!.exports.value).toBe(53);
    rmSync(join(dir, 'src/data.json'));
    expect(loadFreshImage<Exports>(dir, 'app', ENTRY)).toBeUndefined();
    writeFileSync(join(dir, 'src/data.json'), JSON.stringify({ n: 50 }));
  });

  it('makes no image of what cannot be one script: a top-level await, an import that does not resolve', async () => {
    expect(await buildImage(dir, 'tla', 'await Promise.resolve();\nexport const x = 1;\n')).toBe(false);
    expect(await buildImage(dir, 'missing', "export { x } from './src/nowhere.ts';\n")).toBe(false);
    expect(loadFreshImage(dir, 'tla', 'await Promise.resolve();\nexport const x = 1;\n')).toBeUndefined();
  });

  it('lets a throw of the image\'s own modules propagate', async () => {
    const entry = "throw new Error('boom at load');\n";
    expect(await buildImage(dir, 'throws', entry)).toBe(true);
    expect(() => loadFreshImage(dir, 'throws', entry)).toThrow('boom at load');
  });
});
