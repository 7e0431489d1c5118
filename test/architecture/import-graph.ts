/**
 * The project's import graph, read from source text: every static `import … from` and
 * `export … from` of the TypeScript files under a folder, resolved to repository paths. Used
 * by the dependency test to keep layers pointing one way and files free of cycles.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

/** Edges from a file (repository-relative, posix) to the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const IMPORT_RE = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const child = posix.join(rel, name);
      if (statSync(join(root, child)).isDirectory()) walk(child);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** Relative import specifiers of one source text (package imports are left out). */
export function relativeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) if (m[1]!.startsWith('.')) out.push(m[1]!);
  return out;
}

/** Builds the import graph of every .ts file under `dirs` (relative to `root`). */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const file of tsFiles(root, dir)) {
      const text = readFileSync(join(root, file), 'utf8');
      const targets = relativeImports(text).map((spec) => relative(root, join(root, dirname(file), spec)).split('\\').join('/'));
      graph.set(file, [...new Set(targets)].sort());
    }
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): the cycles. */
export function fileCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** Imports from a file under `from` to a file under `to` (folder prefixes, repository-relative). */
export function edgesBetween(graph: ImportGraph, from: string, to: string): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (!file.startsWith(from)) continue;
    for (const t of targets) if (t.startsWith(to)) out.push(`${file} → ${t}`);
  }
  return out;
}
