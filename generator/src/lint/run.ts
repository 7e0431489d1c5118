/**
 * The lint engine: load a definition with its front end (its diagnostics are part of the
 * result), run every enabled rule over the IR in one shared walk, apply severity overrides,
 * then inline waivers, then ask the fix registry for a fix of every reported finding. With
 * fixing, the fixes are applied and the text linted again until nothing more applies (at most
 * MAX_FIX_PASSES times, as ESLint). Pure apart from reading the behaviour file beside the
 * definition; writing fixed files is the command's business.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { formatMessage, type DiagnosticArgs, type DiagnosticId } from '../diagnostics/codes.ts';
import { loadDefinition, type FrontEndLimits } from '../pipeline/load.ts';
import type { DeviceIR, Span } from '../ir/ir.ts';
import { walkDevice, type IrListener } from '../ir/walk.ts';
import type { RuleSetting } from '../config/config.ts';
import type { VmStateDump } from '../../../runtime/src/formats/vmstate-dump.ts';
import { isBoardDef, lintBoard } from '../machine/lint-board.ts';
import { LINT_RULES } from './registry.ts';
import type { LintRule, LintRuleId, LintInputs, RuleContext } from './rule.ts';
import { applyWaivers, parseWaivers, type WaivedDiagnostic } from './waivers.ts';
import { applyEdits, applyFixes, type LintFix } from './fix.ts';
import { editableSource, offsetAt, type EditableSource } from './fix-source.ts';
import { FIX_DECISIONS, type FixDecision } from './fixers.ts';

/** A vmstate baseline: a -dump-vmstate file as the one dump model reads and checks it. */
export type VmStateBaseline = VmStateDump;

/** Options of a lint run. */
export interface LintOptions {
  /** Project root: paths are shown relative to it and behaviour files resolved from it. */
  readonly root: string;
  /** Rules to run (default: all). */
  readonly rules?: readonly LintRule[];
  /** Per-rule overrides from the configuration. */
  readonly settings?: ReadonlyMap<string, RuleSetting>;
  /** The vmstate baseline, when one is used. */
  readonly baseline?: VmStateBaseline;
  /** Fix decisions by rule id (default: the fix registry). */
  readonly fixes?: Readonly<Record<string, FixDecision>>;
  /** Reader limits from the configuration's `limits:` (default: the readers' own). */
  readonly limits?: FrontEndLimits;
}

/** A fix that --fix applied (or --fix-dry-run would apply), positioned in the text it was applied to. */
export interface AppliedFix {
  readonly ruleId: string;
  readonly line: number;
  readonly col: number;
  readonly description: string;
  /** The whole lines the fix touched, before and after. */
  readonly before: string;
  readonly after: string;
}

/** Result for one definition file. */
export interface LintFileResult {
  /** Display path (relative to the root, posix separators). */
  readonly file: string;
  /** Absolute path. */
  readonly path: string;
  /** The text the diagnostics refer to (after fixing, the fixed text). */
  readonly text: string;
  /** Reported diagnostics (front end + lint + waiver problems), sorted. */
  readonly diagnostics: Diagnostic[];
  /** Diagnostics that waivers suppressed, with reasons (SARIF reports them as suppressed). */
  readonly waived: WaivedDiagnostic[];
  /** Errors of a definition that did not load: no rule could run (ESLint's parse errors). */
  readonly fatal: ReadonlySet<Diagnostic>;
  /** The fix of each reported finding that has one. */
  readonly fixes: ReadonlyMap<Diagnostic, LintFix>;
  /** Findings of fixable rules that got no fix here, with the reason. */
  readonly unfixable: ReadonlyMap<Diagnostic, string>;
  /** The device the definition declares, when it loaded (project-wide checks compare them). */
  readonly device?: DeviceIR;
  /** After fixing: the fixed text, when it differs from the input (ESLint's `output`). */
  readonly output?: string;
  /** After fixing: the fixes applied, in order. */
  readonly applied?: readonly AppliedFix[];
}

/** Runs `rules` over one device; returns their diagnostics with configured severities. */
export function runRules(device: DeviceIR, inputs: LintInputs, rules: readonly LintRule[], settings: ReadonlyMap<string, RuleSetting> = new Map()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const listeners: IrListener[] = [];
  for (const rule of rules) {
    const setting = settings.get(rule.id) ?? rule.severity;
    if (setting === 'off') continue;
    const ctx: RuleContext<LintRuleId> = {
      ...inputs,
      device,
      report(span: Span, args: DiagnosticArgs<LintRuleId>, context?: string) {
        const id = rule.id as DiagnosticId;
        out.push({
          file: span.file, line: span.line, col: span.col, endLine: span.endLine, endCol: span.endCol,
          severity: setting, id,
          message: formatMessage(id as LintRuleId, args),
          ...(context !== undefined ? { context } : {}),
        });
      },
    };
    listeners.push((rule.create as (c: RuleContext<LintRuleId>) => IrListener)(ctx));
  }
  walkDevice(device, ...listeners);
  return out;
}

/** Lints one definition whose display path is `file` and contents `text`. */
export function lintSource(file: string, text: string, options: LintOptions): LintFileResult {
  if (isBoardDef(file)) {
    // Boards get the board checks; lint rules, waivers and fixes are about device definitions.
    const diagnostics = lintBoard(file, text, options.root);
    const fatal = new Set(diagnostics.filter((d) => d.severity === 'error'));
    return { file, path: resolve(options.root, file), text, diagnostics, waived: [], fatal, fixes: new Map(), unfixable: new Map() };
  }
  const rules = options.rules ?? LINT_RULES;
  const settings = options.settings ?? new Map<string, RuleSetting>();
  const loaded = loadDefinition(file, text, { root: options.root, ...(options.limits === undefined ? {} : { limits: options.limits }) });
  const diags: Diagnostic[] = [...loaded.diagnostics];
  const ran = new Set(rules.filter((r) => (settings.get(r.id) ?? r.severity) !== 'off').map((r) => r.id as string));
  const behaviorText = loaded.device ? readBehavior(loaded.device, options.root) : undefined;
  if (loaded.device) {
    const device = loaded.device;
    const baseline = options.baseline?.entries.find((e) => e.Name === device.name);
    diags.push(...runRules(device, { defText: text, behaviorText, baseline, hasBaseline: options.baseline !== undefined }, rules, settings));
  } else {
    // Rules did not run, so waivers of them cannot be judged unused.
    ran.clear();
  }
  const problems: Diagnostic[] = [];
  const waivers = parseWaivers(file, text, problems);
  const { kept, waived, unused } = applyWaivers(file, diags, waivers, ran);
  const order = new Map(sortDiagnostics(waived.map((w) => w.diagnostic)).map((d, i) => [d, i]));
  waived.sort((a, b) => order.get(a.diagnostic)! - order.get(b.diagnostic)!);
  const fatal = new Set<Diagnostic>(loaded.device ? [] : loaded.diagnostics.filter((d) => d.severity === 'error'));
  const { fixes, unfixable } = findFixes(file, text, kept, behaviorText, options.fixes ?? FIX_DECISIONS);
  return {
    file, path: resolve(options.root, file), text, diagnostics: sortDiagnostics([...kept, ...problems, ...unused]), waived,
    fatal, fixes, unfixable, ...(loaded.device ? { device: loaded.device } : {}),
  };
}

/** Text of the device's behaviour file, when it declares one that exists. */
function readBehavior(device: DeviceIR, root: string): string | undefined {
  if (device.behaviorFile === undefined) return undefined;
  const abs = join(root, device.behaviorFile);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
}

/** Asks the fix registry for a fix of every finding of `file` (the source is parsed once, if needed). */
function findFixes(
  file: string, text: string, findings: readonly Diagnostic[], behaviorText: string | undefined, decisions: Readonly<Record<string, FixDecision>>,
): Pick<LintFileResult, 'fixes' | 'unfixable'> {
  const fixes = new Map<Diagnostic, LintFix>();
  const unfixable = new Map<Diagnostic, string>();
  let source: EditableSource | undefined;
  for (const finding of findings) {
    const decision = Object.hasOwn(decisions, finding.id) ? decisions[finding.id] : undefined;
    if (!decision?.fixable || finding.file !== file) continue;
    source ??= editableSource(file, text);
    const decorators = file.endsWith('.device.ts');
    const fix = decision.fix({ offset: offsetAt(text, finding.line, finding.col), source, defText: text, decorators, behaviorText: decorators ? undefined : behaviorText });
    if ('unavailable' in fix) unfixable.set(finding, fix.unavailable);
    else fixes.set(finding, fix);
  }
  return { fixes, unfixable };
}

/** Most lint-and-fix passes over one file (ESLint's limit): fixes that overlap wait for the next. */
export const MAX_FIX_PASSES = 10;

/** The whole lines of `text` that `fix` touches, before and after it (without the last line end). */
function touchedLines(text: string, fix: LintFix): { before: string; after: string } {
  const start = Math.min(...fix.edits.map((e) => e.start));
  const end = Math.max(...fix.edits.map((e) => e.end));
  const from = text.lastIndexOf('\n', start - 1) + 1;
  // An edit that ends just after a line end (a removed line) touches no part of the next line.
  const nl = text.indexOf('\n', end > start && text[end - 1] === '\n' ? end - 1 : end);
  const to = nl < 0 ? text.length : nl;
  const shifted = fix.edits.map((e) => ({ ...e, start: e.start - from, end: Math.min(e.end, to) - from }));
  const before = text.slice(from, to);
  return { before, after: applyEdits(before, shifted) };
}

/**
 * Lints `text`, applies the fixes of its findings, and lints again until no fix applies; the
 * result describes the final text (`output` when it changed, `applied` the fixes in order).
 * A pass whose fixes would stop the definition from loading is dropped (a fixer's bug must
 * never cost the user a working file), and fixing stops there.
 */
export function lintAndFix(file: string, text: string, options: LintOptions): LintFileResult {
  let current = text;
  let r = lintSource(file, current, options);
  const applied: AppliedFix[] = [];
  for (let pass = 0; pass < MAX_FIX_PASSES && r.fixes.size > 0; pass++) {
    const byFix = new Map([...r.fixes].map(([d, f]) => [f, d] as const));
    const step = applyFixes(current, [...r.fixes.values()]);
    const next = lintSource(file, step.output, options);
    if (step.output === current || (next.fatal.size > 0 && r.fatal.size === 0)) break;
    for (const fix of step.applied) {
      const d = byFix.get(fix)!;
      applied.push({ ruleId: d.id, line: d.line, col: d.col, description: fix.description, ...touchedLines(current, fix) });
    }
    current = step.output;
    r = next;
  }
  return { ...r, ...(current !== text ? { output: current } : {}), applied };
}

/** Posix path of `abs` relative to `root` (absolute when outside it). */
export function displayPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  return rel.startsWith('..') ? abs.split(sep).join('/') : rel.split(sep).join('/');
}

/**
 * Definition files named by `paths` (files as given; folders searched for *.device.yaml, *.device.ts
 * and board definitions, *.machine.yaml),
 * absolute, sorted, without duplicates. Missing paths are returned in `missing`.
 */
export function collectDefinitionFiles(paths: readonly string[], cwd: string): { files: string[]; missing: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const abs = join(dir, name);
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else if (name.endsWith('.device.yaml') || name.endsWith('.device.ts') || isBoardDef(name)) files.add(abs);
    }
  };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) missing.push(p);
    else if (statSync(abs).isDirectory()) walk(abs);
    else files.add(abs);
  }
  return { files: [...files].sort(), missing };
}
