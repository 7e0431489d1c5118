/**
 * Output formats of `devgen lint`: text (diagnostics with code frames and a summary line), JSON
 * (one object per file, eslint-like) and SARIF 2.1.0 (one run; rule metadata from the one
 * diagnostic table; waived diagnostics are results with an in-source suppression and its reason).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { CODES, listDiagnosticIds, type DiagnosticId } from '../diagnostics/codes.ts';
import { formatDiagnostics, type RenderOptions } from '../diagnostics/render.ts';
import type { LintFileResult } from './run.ts';
import { LINT_RULES } from './registry.ts';

/** Output formats. */
export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;

/** One of LINT_FORMATS. */
export type LintFormat = (typeof LINT_FORMATS)[number];

/** Counts of a run, by severity. */
export function countBySeverity(results: readonly LintFileResult[]): { errors: number; warnings: number; notes: number } {
  const all = results.flatMap((r) => r.diagnostics);
  return {
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    notes: all.filter((d) => d.severity === 'note').length,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Text: every diagnostic with its code frame, then "N problems (E errors, W warnings, N notes)". */
export function formatText(results: readonly LintFileResult[], options: RenderOptions = {}): string {
  const sources = new Map(results.map((r) => [r.file, r.text] as const));
  const body = formatDiagnostics(results.flatMap((r) => r.diagnostics), sources, options);
  const c = countBySeverity(results);
  const total = c.errors + c.warnings + c.notes;
  const waived = results.reduce((n, r) => n + r.waived.length, 0);
  const files = plural(results.length, 'file');
  const waivedText = waived > 0 ? `; ${plural(waived, 'waived diagnostic')}` : '';
  if (total === 0) return `${files} linted: no problems${waivedText}\n`;
  return `${body}\n${files} linted: ${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.notes, 'note')})${waivedText}\n`;
}

function jsonDiag(d: Diagnostic): Record<string, unknown> {
  return {
    ruleId: d.id, severity: d.severity, message: d.message,
    line: d.line, column: d.col, endLine: d.endLine, endColumn: d.endCol,
    ...(d.context !== undefined ? { context: d.context } : {}),
  };
}

/** JSON: `[{ filePath, messages, suppressed, errorCount, warningCount, noteCount }]`. */
export function formatJson(results: readonly LintFileResult[]): string {
  const out = results.map((r) => ({
    filePath: r.file,
    messages: r.diagnostics.map(jsonDiag),
    suppressed: r.waived.map((w) => ({ ...jsonDiag(w.diagnostic), reason: w.reason })),
    errorCount: r.diagnostics.filter((d) => d.severity === 'error').length,
    warningCount: r.diagnostics.filter((d) => d.severity === 'warning').length,
    noteCount: r.diagnostics.filter((d) => d.severity === 'note').length,
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Where the SARIF schema lives (the OASIS copy that code-scanning tools accept). */
export const SARIF_SCHEMA_URI = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json';

/** Options of formatSarif. */
export interface SarifOptions {
  /** Absolute project root as a file URI (ends with '/'), for %SRCROOT%. */
  readonly rootUri: string;
  /** Tool version. */
  readonly version: string;
}

/** SARIF 2.1.0: one run of the "devgen" driver with every table row as a rule. */
export function formatSarif(results: readonly LintFileResult[], options: SarifOptions): string {
  const lintIds = new Set<string>(LINT_RULES.map((r) => r.id));
  const ids = listDiagnosticIds();
  const index = new Map<DiagnosticId, number>(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => ({
    id,
    shortDescription: { text: CODES[id].doc },
    fullDescription: { text: CODES[id].doc },
    defaultConfiguration: { level: CODES[id].severity },
    properties: { tags: [lintIds.has(id) ? 'lint' : 'check'] },
  }));
  const artifacts = results.map((r) => ({ location: { uri: r.file, uriBaseId: '%SRCROOT%' } }));
  const artifactIndex = new Map(results.map((r, i) => [r.file, i]));
  const result = (d: Diagnostic, suppression?: string): Record<string, unknown> => {
    const ruleIndex = index.get(d.id);
    const fileIndex = artifactIndex.get(d.file);
    return {
      ruleId: d.id,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: d.severity,
      message: { text: d.context ? `${d.message} (${d.context})` : d.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: d.file, uriBaseId: '%SRCROOT%', ...(fileIndex !== undefined ? { index: fileIndex } : {}) },
          region: { startLine: d.line, startColumn: d.col, endLine: d.endLine, endColumn: Math.max(d.endCol, 1) },
        },
      }],
      ...(suppression !== undefined ? { suppressions: [{ kind: 'inSource', justification: suppression }] } : {}),
    };
  };
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'devgen', version: options.version, semanticVersion: options.version, rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: options.rootUri } },
      artifacts,
      results: results.flatMap((r) => [
        ...r.diagnostics.map((d) => result(d)),
        ...r.waived.map((w) => result(w.diagnostic, w.reason)),
      ]),
      columnKind: 'utf16CodeUnits',
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
