/**
 * Output formats of `devgen lint`: text (diagnostics with code frames and a summary line), JSON
 * (ESLint's `LintResult[]`, so ESLint formatters and CI annotators read it) and SARIF 2.1.0
 * (one run; rule metadata from the one diagnostic table; waived diagnostics are results with
 * an in-source suppression and its reason; fixes as artifact changes).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { CODES, listDiagnosticIds, type DiagnosticId } from '../diagnostics/codes.ts';
import { formatDiagnostics, type RenderOptions } from '../diagnostics/render.ts';
import { LineIndex } from '../source/line-index.ts';
import type { LintFileResult } from './run.ts';
import { LINT_RULES } from './registry.ts';
import { mergedEdit, type LintFix } from './fix.ts';

export { LINT_FORMATS, type LintFormat } from './lint-formats.ts';

/** Counts of a run, by severity. */
export function countBySeverity(results: readonly LintFileResult[]): { errors: number; warnings: number; notes: number } {
  const all = results.flatMap((r) => r.diagnostics);
  return {
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    notes: all.filter((d) => d.severity === 'note').length,
  };
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** Whether fixes were applied to the files (`apply`) or only computed (`dry-run`). */
export type FixMode = 'apply' | 'dry-run';

/** Options of formatText. */
export interface TextOptions extends RenderOptions {
  /** Set when linting ran with --fix or --fix-dry-run. */
  readonly fix?: FixMode;
}

/** The fixes taken (with the lines they change) and the findings of fixable rules left unfixed. */
function fixReport(results: readonly LintFileResult[], mode: FixMode): string {
  const out: string[] = [];
  for (const r of results) {
    for (const a of r.applied ?? []) {
      out.push(`${r.file}:${a.line}:${a.col}: ${mode === 'apply' ? 'fixed' : 'would fix'} [${a.ruleId}]: ${a.description}`);
      for (const l of a.before.split('\n')) out.push(`  - ${l}`);
      if (a.after !== '') for (const l of a.after.split('\n')) out.push(`  + ${l}`);
    }
    for (const [d, why] of r.unfixable) out.push(`${r.file}:${d.line}:${d.col}: not fixed [${d.id}]: ${why}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n\n` : '';
}

/**
 * Text: with fixing, the fixes first; then every diagnostic with its code frame, then
 * "N problems (E errors, W warnings, N notes)", how many have a fix, and what fixing did.
 */
export function formatText(results: readonly LintFileResult[], options: TextOptions = {}): string {
  const sources = new Map(results.map((r) => [r.file, r.text] as const));
  const body = formatDiagnostics(results.flatMap((r) => r.diagnostics), sources, options);
  const c = countBySeverity(results);
  const total = c.errors + c.warnings + c.notes;
  const waived = results.reduce((n, r) => n + r.waived.length, 0);
  const fixable = results.reduce((n, r) => n + r.fixes.size, 0);
  const applied = results.reduce((n, r) => n + (r.applied?.length ?? 0), 0);
  const changed = results.filter((r) => r.output !== undefined).length;
  const files = plural(results.length, 'file');
  const waivedText = waived > 0 ? `; ${plural(waived, 'waived diagnostic')}` : '';
  // After fixing, a finding that still has a fix was held back (a pass that would break the definition).
  const fixableText = fixable === 0 ? '' : options.fix ? `; ${plural(fixable, 'fix', 'fixes')} held back` : `; ${fixable} fixable with --fix`;
  let fixText = '';
  if (options.fix === 'apply') fixText = `; ${plural(applied, 'fix', 'fixes')} applied, ${plural(changed, 'file')} rewritten${changed > 0 ? ' (run devgen generate to update generated/)' : ''}`;
  if (options.fix === 'dry-run') fixText = `; ${plural(applied, 'fix', 'fixes')} would be applied to ${plural(changed, 'file')} (nothing written)`;
  const head = options.fix ? fixReport(results, options.fix) : '';
  if (total === 0) return `${head}${files} linted: no problems${waivedText}${fixText}\n`;
  return `${head}${body}\n${files} linted: ${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.notes, 'note')})${waivedText}${fixableText}${fixText}\n`;
}

/** A message as one line: the context, when there is one, in parentheses. */
function messageText(d: Diagnostic): string {
  return d.context ? `${d.message} (${d.context})` : d.message;
}

/** ESLint severity: 2 for errors, 1 for warnings and notes (ESLint has nothing below a warning). */
function eslintSeverity(d: Diagnostic): 1 | 2 {
  return d.severity === 'error' ? 2 : 1;
}

/** One ESLint LintMessage (key order as ESLint writes them). */
function eslintMessage(r: LintFileResult, d: Diagnostic): Record<string, unknown> {
  const fix = r.fixes.get(d);
  return {
    ruleId: d.id,
    ...(r.fatal.has(d) ? { fatal: true } : {}),
    severity: eslintSeverity(d),
    message: messageText(d),
    line: d.line,
    column: d.col,
    endLine: d.endLine,
    endColumn: d.endCol,
    ...(fix ? { fix: mergedEdit(fix, r.text) } : {}),
  };
}

/**
 * JSON: ESLint's LintResult per file — absolute `filePath`, `messages` (severity 2 or 1; errors
 * of a definition that did not load are `fatal`, like ESLint's parse errors), `suppressedMessages`
 * (waived findings with their directive's justification), the counts, `output` after fixing,
 * `source` when there are problems and no `output` (as ESLint), `usedDeprecatedRules`.
 */
export function formatJson(results: readonly LintFileResult[]): string {
  const out = results.map((r) => {
    const messages = r.diagnostics.map((d) => eslintMessage(r, d));
    const errors = r.diagnostics.filter((d) => eslintSeverity(d) === 2);
    const warnings = r.diagnostics.filter((d) => eslintSeverity(d) === 1);
    return {
      filePath: r.path,
      messages,
      suppressedMessages: r.waived.map((w) => ({
        ...eslintMessage(r, w.diagnostic),
        suppressions: [{ kind: 'directive', justification: w.reason }],
      })),
      errorCount: errors.length,
      fatalErrorCount: r.diagnostics.filter((d) => r.fatal.has(d)).length,
      warningCount: warnings.length,
      fixableErrorCount: errors.filter((d) => r.fixes.has(d)).length,
      fixableWarningCount: warnings.filter((d) => r.fixes.has(d)).length,
      ...(r.output !== undefined ? { output: r.output } : {}),
      ...(r.output === undefined && errors.length + warnings.length > 0 ? { source: r.text } : {}),
      usedDeprecatedRules: [],
    };
  });
  return `${JSON.stringify(out)}\n`;
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

/** A SARIF fix: one artifact change whose replacements are the fix's edits (a deletion has no inserted content). */
function sarifFix(r: LintFileResult, fix: LintFix, fileIndex: number | undefined): Record<string, unknown> {
  const lines = new LineIndex(r.text);
  return {
    description: { text: fix.description },
    artifactChanges: [{
      artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%', ...(fileIndex !== undefined ? { index: fileIndex } : {}) },
      replacements: fix.edits.map((e) => {
        const a = lines.position(e.start);
        const b = lines.position(e.end);
        return {
          deletedRegion: { startLine: a.line, startColumn: a.col, endLine: b.line, endColumn: b.col, charOffset: e.start, charLength: e.end - e.start },
          ...(e.text !== '' ? { insertedContent: { text: e.text } } : {}),
        };
      }),
    }],
  };
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
  const result = (r: LintFileResult, d: Diagnostic, suppression?: string): Record<string, unknown> => {
    const ruleIndex = index.get(d.id);
    const fileIndex = artifactIndex.get(d.file);
    const fix = r.fixes.get(d);
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
      ...(fix ? { fixes: [sarifFix(r, fix, fileIndex)] } : {}),
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
        ...r.diagnostics.map((d) => result(r, d)),
        ...r.waived.map((w) => result(r, w.diagnostic, w.reason)),
      ]),
      columnKind: 'utf16CodeUnits',
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
