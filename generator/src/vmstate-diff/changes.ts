/**
 * The kinds of change between two VMState descriptions, as rows of the one diagnostic table
 * (diagnostics/codes.ts): each kind has one severity and one message there, so vmstate-diff
 * and lint's migration rules, which both report the engine's findings (compare.ts), give the
 * same change the same verdict in the same words.
 */
import { CODES, formatMessage, type DiagnosticArgs, type Severity } from '../diagnostics/codes.ts';
import type { VmStateDumpNode } from '../../../runtime/src/formats/vmstate-dump.ts';

/**
 * Kinds one device's description can show against its baseline: each is a lint rule too
 * (generator/src/lint/rules/<id>.rule.ts), positioned at the definition.
 */
export const DEVICE_CHANGE_IDS = [
  'vmstate-description-renamed',
  'vmstate-field-added-without-version',
  'vmstate-field-removed',
  'vmstate-field-renamed',
  'vmstate-field-replaced',
  'vmstate-field-resized',
  'vmstate-field-type-changed',
  'vmstate-field-version-raised',
  'vmstate-fields-reordered',
  'vmstate-section-removed',
  'vmstate-subsection-removed',
  'vmstate-version-window',
] as const;

/**
 * Kinds only vmstate-diff reports: compatible changes (notes), and what only two whole dumps
 * show (device types added or renamed, different machines).
 */
export const DUMP_CHANGE_IDS = [
  'vmstate-field-added-versioned',
  'vmstate-machine-changed',
  'vmstate-section-added',
  'vmstate-section-renamed',
  'vmstate-struct-renamed',
  'vmstate-subsection-added',
  'vmstate-unused-replaced',
] as const;

/** A kind that lint reports as a rule of the same id. */
export type DeviceChangeId = (typeof DEVICE_CHANGE_IDS)[number];

/** Every kind of change. */
export type VmStateChangeId = DeviceChangeId | (typeof DUMP_CHANGE_IDS)[number];

/** Every kind of change, sorted. */
export const VMSTATE_CHANGE_IDS: readonly VmStateChangeId[] = [...DEVICE_CHANGE_IDS, ...DUMP_CHANGE_IDS].sort();

/** One finding, with the arguments of its message (lint reports them through its own table lookup). */
export type VmStateChange = {
  readonly [I in VmStateChangeId]: {
    readonly id: I;
    readonly severity: Severity;
    /** From the device type down to the field. */
    readonly path: readonly string[];
    readonly message: string;
    readonly args: DiagnosticArgs<I>;
    /** The new-side node it is about; undefined when the new side has none (a device type that went away). */
    readonly at: VmStateDumpNode | undefined;
  };
}[VmStateChangeId];

/** Collects findings. */
export class ChangeList {
  readonly changes: VmStateChange[] = [];

  /** Records a change of kind `id` about new-side node `at`, its message filled from `args`. */
  add<I extends VmStateChangeId>(id: I, path: readonly string[], at: VmStateDumpNode | undefined, args: DiagnosticArgs<I>): void {
    this.changes.push({ id, severity: CODES[id].severity, path, message: formatMessage(id, args), args, at } as VmStateChange);
  }
}

/** Counts by severity. */
export function countChanges(changes: readonly VmStateChange[]): { errors: number; warnings: number; notes: number } {
  return {
    errors: changes.filter((c) => c.severity === 'error').length,
    warnings: changes.filter((c) => c.severity === 'warning').length,
    notes: changes.filter((c) => c.severity === 'note').length,
  };
}
