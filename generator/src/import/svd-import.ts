/**
 * `devgen import svd`: a CMSIS-SVD file (and an optional svdtools-style patch) → one format-v1
 * YAML definition per peripheral. Stages: read the XML with positions, apply the patch, resolve
 * derivedFrom, read the peripherals, write each as YAML, then load and lint each definition in
 * memory. A finding on a definition is reported at its YAML line and again at the SVD element
 * (or patch line) the item came from, so the fix can go where the mistake is. The check reads
 * every definition back as `devgen generate` would, which costs far more than the import itself
 * on a vendor file of hundreds of peripherals; `check: false` leaves it to `devgen lint`.
 * Nothing here touches the disk; the command writes what this returns.
 */
import { posix } from 'node:path';
import { DiagnosticSink, didYouMean, hasErrors, q, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { readYaml } from '../frontends/yaml/read.ts';
import { lintSource } from '../lint/run.ts';
import { deviceNameProblem } from '../names/name-rules.ts';
import { provenanceInText } from '../source/provenance.ts';
import { resolveDerivations } from './svd-derive.ts';
import type { SvdPeripheral } from './svd-model.ts';
import { applyPatch } from './svd-patch.ts';
import { readPeripherals } from './svd-read.ts';
import { peripheralYaml } from './svd-yaml.ts';
import { readXml } from './xml-tree.ts';

/** A text file given to the importer: its display path (as diagnostics show it) and contents. */
export interface ImportSource {
  readonly file: string;
  readonly text: string;
}

/** What to import. */
export interface SvdImportOptions {
  readonly svd: ImportSource;
  readonly patch?: ImportSource;
  /** Peripherals to import, by name (default: every peripheral). */
  readonly peripherals?: readonly string[];
  /** Folder the definitions go to, relative to the project root (each gets `<dir>/<name>/<name>.device.yaml`). */
  readonly outDir: string;
  /** Project root, for the in-memory lint of each definition. */
  readonly root: string;
  /** Load and check each definition in memory (default true); without it, findings wait for `devgen lint`. */
  readonly check?: boolean;
  /** Run lint over each checked definition (default true); load and semantic checks run regardless. */
  readonly lint?: boolean;
}

/** One definition the import produced. */
export interface ImportedDefinition {
  readonly peripheral: string;
  /** Device (QOM type) name. */
  readonly name: string;
  /** Path relative to the project root. */
  readonly path: string;
  readonly text: string;
}

/** The result: definitions (none when any error was found) and every diagnostic, sorted. */
export interface SvdImportResult {
  readonly definitions: readonly ImportedDefinition[];
  readonly diagnostics: readonly Diagnostic[];
  /** Texts by display path, for rendering code frames. */
  readonly sources: ReadonlyMap<string, string>;
}

/** The device name of a peripheral: its name in lower case, as QOM type names are. */
export function deviceNameOf(peripheral: string): string {
  return peripheral.toLowerCase();
}

/**
 * Findings on a definition; an error is also reported at the SVD element (or patch line) its
 * item came from, with that file's code frame, since the fix goes there. (Every rendered finding
 * on an imported line names that element too: diagnostics/render.ts reads the provenance.)
 */
function pointAtSource(found: readonly Diagnostic[], def: ImportedDefinition): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of found) {
    out.push(d);
    const from = d.file === def.path && d.severity === 'error' ? provenanceInText(def.text, d.line) : undefined;
    if (from !== undefined) {
      out.push({ ...d, file: from.file, line: from.line, col: from.col, endLine: from.endLine, endCol: from.endCol, context: `imported as ${def.path}:${d.line}:${d.col}` });
    }
  }
  return out;
}

function selectPeripherals(all: readonly SvdPeripheral[], wanted: readonly string[] | undefined, svdFile: string, sink: DiagnosticSink): SvdPeripheral[] {
  if (wanted === undefined || wanted.length === 0) return [...all];
  const names = all.map((p) => p.name);
  const out: SvdPeripheral[] = [];
  for (const w of wanted) {
    const p = all.find((x) => x.name === w) ?? all.find((x) => x.name.toLowerCase() === w.toLowerCase());
    if (p === undefined) {
      const known = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ') || 'none';
      sink.report('svd-peripheral-unknown', { file: svdFile, line: 1, col: 1, endLine: 1, endCol: 1 }, { name: q(w), hint: didYouMean(w, names), known });
    } else if (!out.includes(p)) {
      out.push(p);
    }
  }
  return out;
}

/** Imports an SVD; see the module comment. */
export function importSvd(options: SvdImportOptions): SvdImportResult {
  const sink = new DiagnosticSink();
  const sources = new Map<string, string>([[options.svd.file, options.svd.text]]);
  const done = (definitions: readonly ImportedDefinition[], extra: readonly Diagnostic[] = []): SvdImportResult => {
    // A derived peripheral reads its base's elements again: say each problem of an element once.
    const seen = new Set<string>();
    const all = new DiagnosticSink();
    all.addAll([...sink.toArray(), ...extra].filter((d) => {
      const key = `${d.file}:${d.line}:${d.col}:${d.id}:${d.message}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    }));
    const diagnostics = all.toArray();
    return { definitions: hasErrors(diagnostics) ? [] : definitions, diagnostics, sources };
  };
  const root = readXml(options.svd.file, options.svd.text, sink);
  if (root === undefined) return done([]);
  if (root.tag !== 'device') {
    sink.report('svd-structure', root.span, { what: `root element <${root.tag}>`, detail: 'is not an SVD <device>' });
    return done([]);
  }
  if (options.patch !== undefined) {
    sources.set(options.patch.file, options.patch.text);
    const read = readYaml(options.patch.file, options.patch.text, sink);
    if (read.value !== undefined) applyPatch(root, read, sink);
  }
  resolveDerivations(root, sink);
  const peripherals = selectPeripherals(readPeripherals(root, options.svd.file, sink), options.peripherals, options.svd.file, sink);
  const definitions: ImportedDefinition[] = [];
  const checks: Diagnostic[] = [];
  const taken = new Map<string, SvdPeripheral>();
  for (const p of peripherals) {
    const name = deviceNameOf(p.name);
    const problem = deviceNameProblem(name);
    if (problem !== undefined) {
      sink.report('invalid-device-name', p.span, { name: q(name), rule: problem }, `in peripheral ${q(p.name)}; rename it with a patch (_modify)`);
      continue;
    }
    const other = taken.get(name);
    if (other !== undefined) {
      sink.report('duplicate-device', p.span, { name: q(name), other: `${other.svdFile}:${other.span.line}` });
      continue;
    }
    taken.set(name, p);
    const path = posix.join(options.outDir, name, `${name}.device.yaml`);
    const schema = posix.relative(posix.dirname(path), 'generated/schema/device.schema.json');
    const text = peripheralYaml(p, { name, schema, svdFile: options.svd.file });
    const def: ImportedDefinition = { peripheral: p.name, name, path, text };
    sources.set(path, text);
    definitions.push(def);
    if (options.check === false) continue;
    const result = lintSource(path, text, { root: options.root, ...(options.lint === false ? { rules: [] } : {}) });
    checks.push(...pointAtSource(result.diagnostics, def));
  }
  return done(definitions, checks);
}
