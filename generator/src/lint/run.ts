/**
 * The lint engine: load a definition with the YAML front end (its diagnostics are part of the
 * result), run every enabled rule over the IR in one shared walk, apply severity overrides,
 * then inline waivers. Pure apart from reading the behaviour file beside the definition.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { formatMessage, type DiagnosticArgs, type DiagnosticId } from '../diagnostics/codes.ts';
import { loadDevice } from '../frontends/load-device.ts';
import type { DeviceIR, Span } from '../ir/ir.ts';
import { walkDevice, type IrListener } from '../ir/walk.ts';
import type { RuleSetting } from '../config/config.ts';
import type { VmStateDumpEntry } from '../../../runtime/src/migration/dump.ts';
import { isBoardDef, lintBoard } from '../machine/lint-board.ts';
import { LINT_RULES } from './registry.ts';
import type { LintRule, LintRuleId, LintInputs, RuleContext } from './rule.ts';
import { applyWaivers, parseWaivers, type WaivedDiagnostic } from './waivers.ts';

/** A vmstate baseline: QEMU -dump-vmstate JSON, keyed by device type name. */
export type VmStateBaseline = Readonly<Record<string, unknown>>;

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
}

/** Result for one definition file. */
export interface LintFileResult {
  /** Display path (relative to the root, posix separators). */
  readonly file: string;
  readonly text: string;
  /** Reported diagnostics (front end + lint + waiver problems), sorted. */
  readonly diagnostics: Diagnostic[];
  /** Diagnostics that waivers suppressed, with reasons (SARIF reports them as suppressed). */
  readonly waived: WaivedDiagnostic[];
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
  if (isBoardDef(file)) return { file, text, diagnostics: lintBoard(file, text, options.root), waived: [] };
  const rules = options.rules ?? LINT_RULES;
  const settings = options.settings ?? new Map<string, RuleSetting>();
  const loaded = loadDevice(file, text, { root: options.root });
  const diags: Diagnostic[] = [...loaded.diagnostics];
  const ran = new Set(rules.filter((r) => (settings.get(r.id) ?? r.severity) !== 'off').map((r) => r.id as string));
  if (loaded.device) {
    const device = loaded.device;
    let behaviorText: string | undefined;
    if (device.behaviorFile !== undefined) {
      const abs = join(options.root, device.behaviorFile);
      if (existsSync(abs)) behaviorText = readFileSync(abs, 'utf8');
    }
    const entry = options.baseline?.[device.name];
    const baseline = entry !== null && typeof entry === 'object' && 'Description' in entry ? (entry as VmStateDumpEntry) : undefined;
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
  return { file, text, diagnostics: sortDiagnostics([...kept, ...problems, ...unused]), waived };
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
