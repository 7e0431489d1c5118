/**
 * Inline waivers in definition files, as comments:
 *
 *   # devgen-lint-disable-next-line <rule-id>[, <rule-id>…] -- <reason>
 *   <yaml line>  # devgen-lint-disable-line <rule-id>[, <rule-id>…] -- <reason>
 *
 * `next-line` applies to the next line that is neither blank nor only a comment; `line` to its
 * own line (handy where adding a line would move every span below it). A diagnostic is waived
 * when it starts on that line and has a listed id. A waiver without a reason, naming an unknown
 * rule, or suppressing nothing is itself a diagnostic. `//` comments work too (TypeScript defs).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { CODES, formatMessage } from '../diagnostics/codes.ts';
import { didYouMean, q } from '../diagnostics/diagnostic.ts';
import { LINT_RULES, isLintRuleId } from './registry.ts';

/** One parsed waiver. */
export interface Waiver {
  /** Line the waiver applies to (1-based). */
  readonly target: number;
  readonly rules: readonly string[];
  readonly reason: string;
  /** Where the comment is (for diagnostics about the waiver). */
  readonly line: number;
  readonly col: number;
  readonly endCol: number;
}

/** A diagnostic a waiver suppressed, with the waiver's reason. */
export interface WaivedDiagnostic {
  readonly diagnostic: Diagnostic;
  readonly reason: string;
}

const WAIVER = /(?:^|\s)(?:#|\/\/)\s*devgen-lint-disable-(next-line|line)\b(.*)$/;
const BLANK_OR_COMMENT = /^\s*((#|\/\/).*)?$/;

function diag(file: string, line: number, col: number, endCol: number, id: 'lint-waiver-reason' | 'lint-waiver-unknown-rule' | 'lint-waiver-unused', message: string): Diagnostic {
  return { file, line, col, endLine: line, endCol, severity: CODES[id].severity, id, message };
}

/** Parses every waiver of `text`; problems with waivers themselves go to `problems`. */
export function parseWaivers(file: string, text: string, problems: Diagnostic[]): Waiver[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Waiver[] = [];
  lines.forEach((lineText, i) => {
    const m = WAIVER.exec(lineText);
    if (!m) return;
    const line = i + 1;
    const col = m.index + (m[0].length - m[0].trimStart().length) + 1;
    const endCol = lineText.length + 1;
    const [idsPart, ...reasonParts] = m[2]!.split(/\s--\s?|\s--$/);
    const reason = reasonParts.join(' -- ').trim();
    const rules = (idsPart ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
    const ruleList = rules.length ? rules.map((r) => q(r)).join(', ') : 'no rule';
    if (rules.length === 0 || reason === '') {
      problems.push(diag(file, line, col, endCol, 'lint-waiver-reason', formatMessage('lint-waiver-reason', { rules: ruleList })));
    }
    for (const r of rules) {
      if (!isLintRuleId(r)) {
        problems.push(diag(file, line, col, endCol, 'lint-waiver-unknown-rule', formatMessage('lint-waiver-unknown-rule', { rule: q(r), hint: didYouMean(r, LINT_RULES.map((x) => x.id)) })));
      }
    }
    let target = line;
    if (m[1] === 'next-line') {
      target = i + 2;
      while (target <= lines.length && BLANK_OR_COMMENT.test(lines[target - 1]!)) target++;
    }
    // Without a reason the waiver does not apply: the diagnostic it meant to hide stays visible.
    if (reason !== '') out.push({ target, rules, reason, line, col, endCol });
  });
  return out;
}

/**
 * Drops diagnostics waived by `waivers` (only those of `file`); reports waivers of known
 * rules that matched nothing, unless the rule was not run (turned off).
 */
export function applyWaivers(file: string, diags: readonly Diagnostic[], waivers: readonly Waiver[], ran: ReadonlySet<string>): { kept: Diagnostic[]; waived: WaivedDiagnostic[]; unused: Diagnostic[] } {
  const used = new Set<string>();
  const kept: Diagnostic[] = [];
  const waived: WaivedDiagnostic[] = [];
  for (const d of diags) {
    const w = d.file === file ? waivers.find((x) => x.target === d.line && x.rules.includes(d.id)) : undefined;
    if (w) {
      used.add(`${w.line}:${d.id}`);
      waived.push({ diagnostic: d, reason: w.reason });
    } else kept.push(d);
  }
  const unused: Diagnostic[] = [];
  for (const w of waivers) {
    for (const r of w.rules) {
      if (!isLintRuleId(r) || !ran.has(r) || used.has(`${w.line}:${r}`)) continue;
      unused.push(diag(file, w.line, w.col, w.endCol, 'lint-waiver-unused', formatMessage('lint-waiver-unused', { rule: q(r) })));
    }
  }
  return { kept, waived, unused };
}
