/**
 * A project's TypeScript runs from its compile cache: compiled devgen (dist/) imports a module
 * and what it reaches from `.devgen-cache/modules`, with imports resolving as from the source
 * (a JSON file beside it, `.js` spellings of `.ts` files, package imports) and `import.meta`
 * naming the source; a warm start starts no compiler; an edit is compiled again; a module whose
 * imports leave the package folder is left to a TypeScript loader.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, packagesOf, runRecordingLoads } from '../../../architecture/module-loads.ts';

const COMPILED = pathToFileURL(join(ROOT, 'dist/generator/src/loader/compiled-import.js')).href;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A package folder with a.ts → b.js (spelled for b.ts) → data.json, and a decorated class. */
function project(): string {
  const parent = mkdtempSync(join(tmpdir(), 'devgen-compiled-'));
  dirs.push(parent);
  const dir = join(parent, 'proj');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'proj', private: true }));
  writeFileSync(join(dir, 'src/data.json'), JSON.stringify({ n: 40 }));
  writeFileSync(join(dir, 'src/b.ts'), [
    "import data from './data.json' with { type: 'json' };",
    'const mark = (_value: unknown, _context: ClassDecoratorContext): void => {};',
    '@mark export class B { static n: number = data.n + 1; }',
    'export const where: string = import.meta.url;',
  ].join('\n'));
  writeFileSync(join(dir, 'src/a.ts'), "import { B, where } from './b.js';\nexport const value: number = B.n + 1;\nexport { where };\n");
  writeFileSync(join(parent, 'outside.ts'), 'export const x = 1;\n');
  writeFileSync(join(dir, 'src/leaves.ts'), "export { x } from '../../outside.ts';\n");
  return dir;
}

/** Imports `file` through compiled devgen's compile cache in a fresh process. */
function importThroughCache(file: string): ReturnType<typeof runRecordingLoads> {
  return runRecordingLoads(['--input-type=module', '-e', [
    `const { importCompiled } = await import(${JSON.stringify(COMPILED)});`,
    `const m = await importCompiled(${JSON.stringify(file)});`,
    "console.log(JSON.stringify(m === undefined ? 'fallback' : { value: m.value, where: m.where }));",
  ].join('\n')]);
}

describe('compile cache of project TypeScript', () => {
  const dir = project();

  it('compiles a module and what it reaches, imports resolving as from the source', () => {
    const r = importThroughCache(join(dir, 'src/a.ts'));
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ value: 42, where: pathToFileURL(join(dir, 'src/b.ts')).href });
    // One compiled module holds the entry and what it reaches of the package.
    expect(existsSync(join(dir, '.devgen-cache/modules/src/a.mjs'))).toBe(true);
    expect(existsSync(join(dir, '.devgen-cache/modules/src/b.mjs'))).toBe(false);
    expect(r.modules.filter((m) => m.includes('.devgen-cache/modules/'))).toHaveLength(1);
    expect(packagesOf(r.modules)).toContain('esbuild');
  });

  it('starts no compiler when nothing changed', () => {
    const r = importThroughCache(join(dir, 'src/a.ts'));
    expect(JSON.parse(r.stdout)).toEqual({ value: 42, where: pathToFileURL(join(dir, 'src/b.ts')).href });
    expect(packagesOf(r.modules)).not.toContain('esbuild');
  });

  it('compiles an edited module again', () => {
    writeFileSync(join(dir, 'src/data.json'), JSON.stringify({ n: 50 }));
    expect(JSON.parse(importThroughCache(join(dir, 'src/a.ts')).stdout).value).toBe(52);
    writeFileSync(join(dir, 'src/a.ts'), "import { B } from './b.ts';\nexport const value: number = B.n * 2;\n");
    expect(JSON.parse(importThroughCache(join(dir, 'src/a.ts')).stdout).value).toBe(102);
  });

  it('leaves a module whose imports leave the package folder to a loader', () => {
    expect(JSON.parse(importThroughCache(join(dir, 'src/leaves.ts')).stdout)).toBe('fallback');
  });

  it('reports a syntax error of the module with its source file', () => {
    writeFileSync(join(dir, 'src/broken.ts'), 'export const = ;\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      `const { importCompiled } = await import(${JSON.stringify(COMPILED)}); await importCompiled(${JSON.stringify(join(dir, 'src/broken.ts'))});`], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(join(dir, 'src/broken.ts'));
  });
});

describe('a project module that does not compile', () => {
  it('is a user error naming the file, line and column, with no stack trace', () => {
    const dir = project();
    writeFileSync(join(dir, 'src/broken.ts'), 'export const = ;\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      `const { importCompiled } = await import(${JSON.stringify(COMPILED)});
       try { await importCompiled(${JSON.stringify(join(dir, 'src/broken.ts'))}); } catch (e) { console.log(e.name + ': ' + e.message); }`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(`ModuleCompileError: ${join(dir, 'src/broken.ts')}:1:14: error: Expected identifier but found "="`);
  });
});
