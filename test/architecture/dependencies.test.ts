/**
 * Dependencies point one way: the compiler's stages import only the stages before them, the
 * compiler and the runtime share nothing but the runtime's dependency-free formats, and no
 * source file takes part in an import cycle. A wrong-way import fails here with its edge.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { edgesBetween, fileCycles, importGraph } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const graph = importGraph(ROOT, ['generator/src', 'runtime/src']);

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

  it('keeps the runtime free of compiler code', () => {
    expect(edgesBetween(graph, 'runtime/src/', 'generator/')).toEqual([]);
  });

  it('keeps the compiler stages off runtime internals (only runtime/src/formats is shared)', () => {
    const wrong = edgesBetween(graph, 'generator/src/', 'runtime/src/')
      .filter((e) => !e.includes('→ runtime/src/formats/') && !e.startsWith('generator/src/cli/'));
    expect(wrong).toEqual([]);
  });

  it('finds a cycle and a wrong-way edge when they exist', () => {
    const g = new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']], ['c.ts', []]]);
    expect(fileCycles(g)).toEqual([['a.ts', 'b.ts']]);
    expect(edgesBetween(new Map([['runtime/src/x.ts', ['generator/src/y.ts']]]), 'runtime/src/', 'generator/')).toEqual(['runtime/src/x.ts → generator/src/y.ts']);
  });
});
