/**
 * Dependencies point one way: a compiler beside a runtime, not a stack. The compiler's stages
 * import only the stages before them; the compiler reaches the runtime only through its
 * dependency-free formats and its public entry (`devgen/runtime`); definitions, behaviour and
 * generated code import devgen only by package name (`devgen/runtime`, `devgen/define`), never
 * the compiler; the decorator API imports nothing; the runtime never imports the compiler; and no
 * source file and no runtime folder takes part in an import cycle. A wrong-way import fails here
 * with its edge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { edgesBetween, fileCycles, folderGraph, importGraph, moduleReferences, packageEntries, specifierMap } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIRS = ['define/src', 'generator/src', 'runtime/src', 'defs', 'generated'];
const graph = importGraph(ROOT, DIRS);
const entries = packageEntries(ROOT);
/** The runtime's public entry, as `devgen/runtime` names it. */
const RUNTIME_ENTRY = entries.get('devgen/runtime')!;
/** The decorator API, as `devgen/define` names it. */
const DEFINE_ENTRY = entries.get('devgen/define')!;
/** The one compiler module that names the decorator API (as a string, to recognise imports of it). */
const ORIGIN_CHECK = 'generator/src/frontends/decorators/origin.ts';
/** Project code: what a device author writes or devgen generates for them. */
const PROJECT = ['defs/', 'generated/'];

/**
 * What each generator folder may import (besides itself). The order is the pipeline's: source
 * positions and diagnostics, the IR and its names, then front ends, checks, lint and emitters
 * side by side; only the pipeline and the CLI see everything.
 */
const GENERATOR_LAYERS: Readonly<Record<string, readonly string[]>> = {
  // Span is declared with the IR; source positions and the IR know each other's types only.
  source: ['ir'],
  ir: ['source'],
  diagnostics: ['source', 'ir'],
  names: ['ir', 'source'],
  schema: ['ir', 'source', 'diagnostics'],
  config: ['diagnostics', 'source', 'ir'],
  'format-v1': ['ir', 'source', 'diagnostics', 'schema', 'names'],
  frontends: ['ir', 'source', 'diagnostics', 'schema', 'names', 'format-v1'],
  sema: ['ir', 'source', 'diagnostics', 'names', 'schema'],
  emit: ['ir', 'source', 'diagnostics', 'names', 'schema'],
  'vmstate-diff': ['ir', 'source', 'diagnostics', 'names'],
  // The migration model projects definitions; `current` loads them through the pipeline.
  migration: ['ir', 'source', 'diagnostics', 'names', 'vmstate-diff', 'pipeline'],
  // Boards: their own front end, checks against the loaded devices, and descriptor emitter.
  machine: ['ir', 'source', 'diagnostics', 'schema', 'names', 'format-v1', 'frontends', 'emit', 'pipeline'],
  lint: ['ir', 'source', 'diagnostics', 'names', 'config', 'vmstate-diff', 'migration', 'pipeline', 'machine'],
  // Conformance cases: loads definitions and boards, predicts answers with the access-semantics
  // table and the mask rules the emitters use, writes the scaffolds' case format.
  testgen: ['ir', 'source', 'diagnostics', 'names', 'emit', 'scaffold', 'machine', 'pipeline'],
  // The HTML site: the documentation view model the Markdown emitter shares, and its templates.
  'docs-site': ['ir', 'source', 'emit'],
  // SVD import: writes format-v1 YAML, reads patches with the YAML front end, checks its output with lint.
  import: ['ir', 'source', 'diagnostics', 'names', 'format-v1', 'frontends', 'lint'],
  // Start-up machinery the commands share: each stands alone, so loading it loads no stage.
  loader: [],
  memo: [],
};

/** Stage of a generator file: its first folder under generator/src (pipeline.ts belongs to pipeline/). */
const folderOf = (file: string): string => file.slice('generator/src/'.length).split('/')[0]!.replace(/\.ts$/, '');

describe('import graph', () => {
  it('reads a non-trivial graph', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('generator/src/sema/check-names.ts')).toContain('generator/src/names/device-names.ts');
  });

  it('has no file cycles in the generator or the runtime', () => {
    expect(fileCycles(graph)).toEqual([]);
  });

  it('keeps every generator stage to the stages before it', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      if (!file.startsWith('generator/src/')) continue;
      const allowed = GENERATOR_LAYERS[folderOf(file)];
      if (allowed === undefined) continue; // the pipeline and the CLI compose the stages
      for (const t of targets) {
        if (!t.startsWith('generator/src/')) continue;
        const to = folderOf(t);
        if (to !== folderOf(file) && !allowed.includes(to)) wrong.push(`${file} → ${t}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets nothing but the CLI import the CLI', () => {
    const wrong = [...graph].flatMap(([file, targets]) =>
      file.startsWith('generator/src/cli/') ? [] : targets.filter((t) => t.startsWith('generator/src/cli/')).map((t) => `${file} → ${t}`));
    expect(wrong).toEqual([]);
  });

  it('keeps the runtime free of compiler code and of project code', () => {
    expect(edgesBetween(graph, 'runtime/src/', 'generator/')).toEqual([]);
    expect(edgesBetween(graph, 'runtime/src/', 'define/')).toEqual([]);
    for (const p of PROJECT) expect(edgesBetween(graph, 'runtime/src/', p)).toEqual([]);
  });

  it('keeps the compiler off runtime internals (only runtime/src/formats and the public entry)', () => {
    const wrong = edgesBetween(graph, 'generator/src/', 'runtime/src/')
      .filter((e) => !e.includes('→ runtime/src/formats/') && !e.endsWith(`→ ${RUNTIME_ENTRY}`));
    expect(wrong).toEqual([]);
  });

  it('keeps the compiler off project code and the decorator API', () => {
    for (const p of PROJECT) expect(edgesBetween(graph, 'generator/src/', p)).toEqual([]);
    // The decorator front end names `devgen/define` to recognise decorators by their import (a
    // string it compares, never a module it loads); no other reference, and no import, is allowed.
    expect(edgesBetween(graph, 'generator/src/', 'define/')).toEqual([`${ORIGIN_CHECK} → ${DEFINE_ENTRY}`]);
    const refs = moduleReferences(readFileSync(join(ROOT, ORIGIN_CHECK), 'utf8')).filter((r) => r.specifier === 'devgen/define');
    expect(refs).toEqual([{ specifier: 'devgen/define', kind: 'constant' }]);
  });

  it('keeps definitions, behaviour and generated code to devgen/runtime and devgen/define', () => {
    const wrong: string[] = [];
    for (const p of PROJECT) {
      wrong.push(...edgesBetween(graph, p, 'generator/'));
      wrong.push(...edgesBetween(graph, p, 'runtime/').filter((e) => !e.endsWith(`→ ${RUNTIME_ENTRY}`)));
      wrong.push(...edgesBetween(graph, p, 'define/').filter((e) => !e.endsWith(`→ ${DEFINE_ENTRY}`)));
    }
    expect(wrong).toEqual([]);
  });

  it('names devgen by package name from project code (what works once devgen is installed elsewhere)', () => {
    const wrong: string[] = [];
    for (const [file, specs] of specifierMap(ROOT, PROJECT)) {
      for (const spec of specs) {
        if (!spec.startsWith('.')) continue;
        const target = graph.get(file)?.find((t) => t.endsWith(spec.replace(/^(\.\.?\/)+/, '')));
        if (target !== undefined && !PROJECT.some((p) => target.startsWith(p))) wrong.push(`${file}: '${spec}'`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the decorator API free of imports (a device that runs loads no compiler)', () => {
    const defineFiles = [...graph.keys()].filter((f) => f.startsWith('define/'));
    expect(defineFiles).toContain(DEFINE_ENTRY);
    expect(defineFiles.flatMap((f) => graph.get(f)!)).toEqual([]);
  });

  it('has no folder cycles in the runtime', () => {
    const folders = folderGraph(graph, 'runtime/src/');
    expect(folders.get('runtime/src/contract')).toEqual([]);
    expect(fileCycles(folders)).toEqual([]);
  });

  it('finds a cycle and a wrong-way edge when they exist', () => {
    const g = new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']], ['c.ts', []]]);
    expect(fileCycles(g)).toEqual([['a.ts', 'b.ts']]);
    expect(edgesBetween(new Map([['runtime/src/x.ts', ['generator/src/y.ts']]]), 'runtime/src/', 'generator/')).toEqual(['runtime/src/x.ts → generator/src/y.ts']);
    const folders = folderGraph(new Map([['runtime/src/a/x.ts', ['runtime/src/b/y.ts']], ['runtime/src/b/y.ts', ['runtime/src/a/z.ts']], ['runtime/src/a/z.ts', []]]), 'runtime/src/');
    expect(fileCycles(folders)).toEqual([['runtime/src/a', 'runtime/src/b']]);
  });

  it('reads package-name imports, import() and module-name constants, not comments', () => {
    const text = [
      "// import { x } from '../nope.ts';",
      "/** import { y } from 'devgen/define'; */",
      "import type { A } from 'devgen/runtime';",
      "export { b } from './b.ts';",
      "const M = '../../../runtime/src/qtest/index.ts';",
      "const c = await import('./c.ts');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(moduleReferences(text)).toEqual([
      { specifier: 'devgen/runtime', kind: 'import' },
      { specifier: './b.ts', kind: 'import' },
      { specifier: '../../../runtime/src/qtest/index.ts', kind: 'constant' },
      { specifier: './c.ts', kind: 'import' },
      { specifier: 'zod', kind: 'import' },
    ]);
    const g = importGraph(ROOT, ['generated']);
    expect(g.get('generated/devices.ts')).toContain(RUNTIME_ENTRY);
    expect(RUNTIME_ENTRY).toBe('runtime/src/codegen/v1/index.ts');
  });
});
