/**
 * The lint rule registry: every rule of `devgen lint`, sorted by id. Adding a rule = a file in
 * rules/, a row in diagnostics/codes.ts (lint section), an id in LintRuleId, a line here and a
 * test folder test/lint/<id>/ (the registry test checks all four agree).
 */
import type { LintRule, LintRuleId } from './rule.ts';
import { arrayStrideMismatch } from './rules/array-stride-mismatch.rule.ts';
import { docDescriptionIsName } from './rules/doc-description-is-name.rule.ts';
import { docMissingDescription } from './rules/doc-missing-description.rule.ts';
import { enumDuplicateValue } from './rules/enum-duplicate-value.rule.ts';
import { fieldReadEffectNoStorage } from './rules/field-read-effect-no-storage.rule.ts';
import { fieldResetNotEnum } from './rules/field-reset-not-enum.rule.ts';
import { fieldWriteNoEffect } from './rules/field-write-no-effect.rule.ts';
import { hookReadOnWriteOnly } from './rules/hook-read-on-write-only.rule.ts';
import { hookWriteOnReadOnly } from './rules/hook-write-on-read-only.rule.ts';
import { ignoreWritesWritable } from './rules/ignore-writes-writable.rule.ts';
import { irqInputUnhandled } from './rules/irq-input-unhandled.rule.ts';
import { irqNeverDriven } from './rules/irq-never-driven.rule.ts';
import { irqStatusWithoutEnable } from './rules/irq-status-without-enable.rule.ts';
import { nameEnumCase } from './rules/name-enum-case.rule.ts';
import { nameFieldCase } from './rules/name-field-case.rule.ts';
import { namePropertyKebab } from './rules/name-property-kebab.rule.ts';
import { nameQomType } from './rules/name-qom-type.rule.ts';
import { nameRegisterCase } from './rules/name-register-case.rule.ts';
import { nameRegisterPrefix } from './rules/name-register-prefix.rule.ts';
import { nameStateSnake } from './rules/name-state-snake.rule.ts';
import { nameTraceEvent } from './rules/name-trace-event.rule.ts';
import { propertyUnused } from './rules/property-unused.rule.ts';
import { regionEmpty } from './rules/region-empty.rule.ts';
import { regionSizePowerOfTwo } from './rules/region-size-power-of-two.rule.ts';
import { registerGap } from './rules/register-gap.rule.ts';
import { registerMisaligned } from './rules/register-misaligned.rule.ts';
import { registerWiderThanBus } from './rules/register-wider-than-bus.rule.ts';
import { reservedFieldWritable } from './rules/reserved-field-writable.rule.ts';
import { traceEventUnused } from './rules/trace-event-unused.rule.ts';
import { traceFormatArgs } from './rules/trace-format-args.rule.ts';
import { vmstateDescriptionRenamed } from './rules/vmstate-description-renamed.rule.ts';
import { vmstateDuplicateField } from './rules/vmstate-duplicate-field.rule.ts';
import { vmstateFieldAddedWithoutVersion } from './rules/vmstate-field-added-without-version.rule.ts';
import { vmstateFieldRemoved } from './rules/vmstate-field-removed.rule.ts';
import { vmstateFieldRenamed } from './rules/vmstate-field-renamed.rule.ts';
import { vmstateFieldReplaced } from './rules/vmstate-field-replaced.rule.ts';
import { vmstateFieldResized } from './rules/vmstate-field-resized.rule.ts';
import { vmstateFieldTypeChanged } from './rules/vmstate-field-type-changed.rule.ts';
import { vmstateFieldVersionRaised } from './rules/vmstate-field-version-raised.rule.ts';
import { vmstateFieldsReordered } from './rules/vmstate-fields-reordered.rule.ts';
import { vmstateMissing } from './rules/vmstate-missing.rule.ts';
import { vmstateNeededHookMissing } from './rules/vmstate-needed-hook-missing.rule.ts';
import { vmstateSectionRemoved } from './rules/vmstate-section-removed.rule.ts';
import { vmstateSinceRedundant } from './rules/vmstate-since-redundant.rule.ts';
import { vmstateStateNotMigrated } from './rules/vmstate-state-not-migrated.rule.ts';
import { vmstateSubsectionName } from './rules/vmstate-subsection-name.rule.ts';
import { vmstateSubsectionRemoved } from './rules/vmstate-subsection-removed.rule.ts';
import { vmstateVersionWindow } from './rules/vmstate-version-window.rule.ts';

/** Every lint rule, sorted by id. */
export const LINT_RULES: readonly LintRule[] = ([
  arrayStrideMismatch,
  docDescriptionIsName,
  docMissingDescription,
  enumDuplicateValue,
  fieldReadEffectNoStorage,
  fieldResetNotEnum,
  fieldWriteNoEffect,
  hookReadOnWriteOnly,
  hookWriteOnReadOnly,
  ignoreWritesWritable,
  irqInputUnhandled,
  irqNeverDriven,
  irqStatusWithoutEnable,
  nameEnumCase,
  nameFieldCase,
  namePropertyKebab,
  nameQomType,
  nameRegisterCase,
  nameRegisterPrefix,
  nameStateSnake,
  nameTraceEvent,
  propertyUnused,
  regionEmpty,
  regionSizePowerOfTwo,
  registerGap,
  registerMisaligned,
  registerWiderThanBus,
  reservedFieldWritable,
  traceEventUnused,
  traceFormatArgs,
  vmstateDescriptionRenamed,
  vmstateDuplicateField,
  vmstateFieldAddedWithoutVersion,
  vmstateFieldRemoved,
  vmstateFieldRenamed,
  vmstateFieldReplaced,
  vmstateFieldResized,
  vmstateFieldTypeChanged,
  vmstateFieldVersionRaised,
  vmstateFieldsReordered,
  vmstateMissing,
  vmstateNeededHookMissing,
  vmstateSectionRemoved,
  vmstateSinceRedundant,
  vmstateStateNotMigrated,
  vmstateSubsectionName,
  vmstateSubsectionRemoved,
  vmstateVersionWindow,
] as LintRule[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The rule with `id`, if there is one. */
export function findRule(id: string): LintRule | undefined {
  return LINT_RULES.find((r) => r.id === id);
}

export { isLintRuleId } from './rule.ts';
