/**
 * Facts about a device's vmstate shared by the migration lint rules, and the one way the
 * baseline rules judge compatibility: the device's projection into the dump model is compared
 * with its baseline entry by vmstate-diff's engine (vmstate-diff/compare.ts), and each rule
 * reports the engine's findings of its own kind, at the definition line they came from.
 */
import type { DeviceIR, Span, VmFieldIR, VmStateIR } from '../ir/ir.ts';
import type { VmStateDumpEntry } from '../../../runtime/src/formats/vmstate-dump.ts';
import { projectVmState } from '../migration/vmstate-projection.ts';
import type { DeviceChangeId, VmStateChange } from '../vmstate-diff/changes.ts';
import { compareEntries } from '../vmstate-diff/compare.ts';
import { createRule, type LintRule, type LintRuleId } from './rule.ts';

/** Every vmstate field with the name of the section (main or subsection) it is in, in stream order. */
export function vmFieldsWithSection(vm: VmStateIR): { field: VmFieldIR; section: string }[] {
  return [
    ...vm.fields.map((field) => ({ field, section: vm.name })),
    ...vm.subsections.flatMap((s) => s.fields.map((field) => ({ field, section: s.name }))),
  ];
}

/** Names of the state fields some vmstate field carries. */
export function migratedState(vm: VmStateIR): Set<string> {
  const out = new Set<string>();
  for (const { field } of vmFieldsWithSection(vm)) if (field.source.kind === 'state') out.add(field.source.field);
  return out;
}

/** A finding against the baseline and the definition span it belongs to. */
export interface BaselineFinding {
  readonly change: VmStateChange;
  readonly span: Span;
}

// Every baseline rule of a lint run asks for the same comparison: it runs once per device and baseline entry.
const compared = new WeakMap<DeviceIR, WeakMap<VmStateDumpEntry, readonly BaselineFinding[]>>();

/**
 * What migrating from the baseline entry to the device as defined breaks. A finding sits at
 * the field or subsection it is about; one about something that is gone (a removed field, a
 * lost subsection) at the description that lost it; a device that stopped migrating at the device.
 */
export function baselineFindings(device: DeviceIR, baseline: VmStateDumpEntry): readonly BaselineFinding[] {
  let byEntry = compared.get(device);
  if (byEntry === undefined) compared.set(device, (byEntry = new WeakMap()));
  const known = byEntry.get(baseline);
  if (known !== undefined) return known;
  const projection = projectVmState(device);
  const fallback = device.vmstate?.span ?? device.span;
  const findings = compareEntries(baseline, projection?.entry).map((change) => ({
    change,
    span: (change.at === undefined ? undefined : projection?.spanOf(change.at)) ?? fallback,
  }));
  byEntry.set(baseline, findings);
  return findings;
}

/** The lint rule reporting the engine's findings of kind `id` against the vmstate baseline; silent without one. */
export function createBaselineRule<I extends DeviceChangeId & LintRuleId>(id: I): LintRule<I> {
  return createRule({
    id,
    create: (ctx) => ({
      exitDevice(device) {
        if (ctx.baseline === undefined) return;
        for (const { change, span } of baselineFindings(device, ctx.baseline)) {
          // The engine filled `args` for this very id; the cast only restates that for the compiler.
          if (change.id === id) ctx.report(span, change.args as Parameters<typeof ctx.report>[1]);
        }
      },
    }),
  });
}
