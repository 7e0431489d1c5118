/**
 * The project's import graph, read from source text: every module a TypeScript file names —
 * static `import`/`export … from`, `import('…')`, and string constants that name a module and are
 * imported later (`const QTEST_MODULE = 'devgen/runtime'`; counted when the file exists) —
 * resolved to repository paths.
 * Package self-references (`devgen/runtime`, `devgen/define`, `devgen/api`) resolve to the source
 * file package.json's `devgen-source` condition names, so an import by package name is an edge to
 * that entry like any relative one. Used by the dependency test to keep layers pointing one way
 * and files and folders free of cycles.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { ts } from 'ts-morph';

/** Edges from a file (repository-relative, posix) to the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Package subpath (`devgen/runtime`) → repository path of its source entry. */
export type PackageEntries = ReadonlyMap<string, string>;

/** A module a file names, and how: by an import or export, or by a string constant. */
export interface ModuleReference {
  readonly specifier: string;
  readonly kind: 'import' | 'constant';
}

/** A string that names one of the project's modules: a relative `.ts` path or a `devgen/…` entry. */
const MODULE_LIKE = /^(?:\.\.?\/[^\s'"`]*\.ts|devgen\/[a-z-]+)$/;

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

/** The package's own entries, from package.json `exports` (the `devgen-source` condition). */
export function packageEntries(root: string): PackageEntries {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports?: Record<string, unknown> };
  const out = new Map<string, string>();
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    const source = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)['devgen-source'] : undefined;
    if (typeof source === 'string') out.set(posix.join(pkg.name, sub), posix.normalize(source));
  }
  return out;
}

/**
 * Modules one source text names (comments are not read): import and export declarations,
 * `import()` with a literal, and every other string literal shaped like a module specifier.
 */
export function moduleReferences(text: string): ModuleReference[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: ModuleReference[] = [];
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, kind: 'import' });
      seen.add(node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteralLike(arg)) {
        out.push({ specifier: arg.text, kind: 'import' });
        seen.add(arg);
      }
    } else if (ts.isStringLiteralLike(node) && !seen.has(node) && MODULE_LIKE.test(node.text)) {
      out.push({ specifier: node.text, kind: 'constant' });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** Repository path a specifier in `file` names, or undefined for another package. */
export function resolveSpecifier(root: string, file: string, specifier: string, entries: PackageEntries): string | undefined {
  if (specifier.startsWith('.')) return relative(root, join(root, dirname(file), specifier)).split('\\').join('/');
  return entries.get(specifier);
}

/** Builds the import graph of every .ts file under `dirs` (relative to `root`). */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const entries = packageEntries(root);
  const graph = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const file of tsFiles(root, dir)) {
      const text = readFileSync(join(root, file), 'utf8');
      // A constant counts when it names an existing file: emitters hold specifiers of the code
      // they generate (`'../devices.ts'`), which are not modules of the generator.
      const targets = moduleReferences(text).flatMap((r) => {
        const target = resolveSpecifier(root, file, r.specifier, entries);
        return target === undefined || (r.kind === 'constant' && !existsSync(join(root, target))) ? [] : [target];
      });
      graph.set(file, [...new Set(targets)].sort());
    }
  }
  return graph;
}

/** The specifiers each file names, unresolved (to check how a module is named, not only which). */
export function specifierMap(root: string, dirs: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const file of tsFiles(root, dir)) out.set(file, moduleReferences(readFileSync(join(root, file), 'utf8')).map((r) => r.specifier));
  }
  return out;
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

/**
 * The graph between the folders directly under `prefix` (e.g. `runtime/src/`): an edge from
 * folder A to folder B for every file of A importing a file of B. Files directly in `prefix`
 * count as a folder of their own name.
 */
export function folderGraph(graph: ImportGraph, prefix: string): ImportGraph {
  const folder = (file: string): string => prefix + file.slice(prefix.length).split('/')[0]!.replace(/\.ts$/, '');
  const out = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    if (!file.startsWith(prefix)) continue;
    const from = folder(file);
    const set = out.get(from) ?? new Set<string>();
    out.set(from, set);
    for (const t of targets) if (t.startsWith(prefix) && folder(t) !== from) set.add(folder(t));
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()] as const));
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
