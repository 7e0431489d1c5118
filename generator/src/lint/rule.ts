/**
 * Lint rules: one file per rule (rules/<id>.rule.ts), each made by `createRule`. A rule's id,
 * default severity, message template and one-line doc live in the one diagnostic table
 * (diagnostics/codes.ts, "lint" section), so `createRule` takes only the id and `create`;
 * the rule object exposes severity/description/message read from that table, which keeps
 * a single source of truth for docs, SARIF rule metadata and tests.
 *
 * `create` receives a context and returns IR walker listeners (ir/walk.ts), SystemRDL/TypeSpec
 * style; every rule of a run shares one walk.
 */
import type { DeviceIR, Span } from '../ir/ir.ts';
import type { IrListener } from '../ir/walk.ts';
import { CODES, type DiagnosticArgs, type DiagnosticId, type Severity } from '../diagnostics/codes.ts';
import type { VmStateDumpEntry } from '../../../runtime/src/formats/vmstate-dump.ts';

/**
 * Ids of the lint section of the diagnostic table (kept in sync by the registry test). A list
 * of its own, so a command that only checks a configuration's rule ids (generate) does not load
 * every rule.
 */
export const LINT_RULE_IDS = [
  'register-gap', 'register-misaligned', 'register-wider-than-bus', 'array-stride-mismatch',
  'region-size-power-of-two', 'region-empty', 'field-write-no-effect',
  'field-read-effect-no-storage', 'hook-read-on-write-only', 'hook-write-on-read-only',
  'ignore-writes-writable', 'reserved-field-writable', 'enum-duplicate-value',
  'field-reset-not-enum', 'irq-never-driven', 'irq-input-unhandled', 'irq-status-without-enable',
  'vmstate-missing', 'vmstate-state-not-migrated', 'vmstate-duplicate-field',
  'vmstate-needed-hook-missing', 'vmstate-subsection-name', 'vmstate-since-redundant',
  'vmstate-description-renamed', 'vmstate-field-added-without-version', 'vmstate-field-removed',
  'vmstate-field-renamed', 'vmstate-field-replaced', 'vmstate-field-resized',
  'vmstate-field-type-changed', 'vmstate-field-version-raised', 'vmstate-fields-reordered',
  'vmstate-section-removed', 'vmstate-subsection-removed', 'vmstate-version-window',
  'name-qom-type', 'name-register-case', 'name-field-case', 'name-enum-case',
  'name-property-kebab', 'name-state-snake', 'name-trace-event', 'name-register-prefix',
  'doc-missing-description', 'doc-description-is-name', 'trace-event-unused', 'trace-format-args',
  'property-unused',
] as const;

/** The id of a lint rule. */
export type LintRuleId = (typeof LINT_RULE_IDS)[number];

/** True when `id` names a lint rule. */
export function isLintRuleId(id: string): id is LintRuleId {
  return (LINT_RULE_IDS as readonly string[]).includes(id);
}

/** What a rule sees besides the IR. */
export interface LintInputs {
  /** Text of the definition file. */
  readonly defText: string;
  /** Text of the behaviour file, when the device declares one and it could be read. */
  readonly behaviorText: string | undefined;
  /** The device's entry in the vmstate baseline (keyed by device type name), if a baseline was given and has one. */
  readonly baseline: VmStateDumpEntry | undefined;
  /** Whether a baseline file was given at all (rules stay silent without one). */
  readonly hasBaseline: boolean;
}

/** Handed to a rule's `create`. */
export interface RuleContext<I extends LintRuleId> extends LintInputs {
  readonly device: DeviceIR;
  /** Reports a diagnostic of this rule at `span` with the table's template filled from `args`. */
  report(span: Span, args: DiagnosticArgs<I>, context?: string): void;
}

/** A lint rule as the registry holds it. */
export interface LintRule<I extends LintRuleId = LintRuleId> {
  readonly id: I;
  /** Default severity (from the table). */
  readonly severity: Severity;
  /** One-line doc (from the table). */
  readonly description: string;
  /** Message template (from the table). */
  readonly message: string;
  readonly create: (ctx: RuleContext<I>) => IrListener;
}

/** Defines a rule; severity, description and message come from the diagnostic table. */
export function createRule<I extends LintRuleId>(def: { readonly id: I; readonly create: (ctx: RuleContext<I>) => IrListener }): LintRule<I> {
  const row = CODES[def.id as DiagnosticId];
  return { id: def.id, severity: row.severity, description: row.doc, message: row.message, create: def.create };
}
