/**
 * Semantic checks over a lowered device: layout (overlaps, widths, reset values), names
 * (duplicates and identifiers the emitters will derive), references (storage, vmstate,
 * needed conditions, chardev, gpio lines), instance state (never-migrated fields, buses) and
 * variants (new type names, constant registers only).
 * Pure: reads the IR, returns diagnostics.
 */
import type { DeviceIR } from '../ir/ir.ts';
import { DiagnosticSink, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { checkInstanceState } from './check-instance-state.ts';
import { checkLayout } from './check-layout.ts';
import { checkNames } from './check-names.ts';
import { checkQemuNames } from './check-qemu-names.ts';
import { checkReferences } from './check-references.ts';
import { checkStructs } from './check-structs.ts';
import { checkVariants } from './check-variants.ts';

/** Runs every semantic check; all problems are reported together, sorted by position. */
export function checkDevice(device: DeviceIR): Diagnostic[] {
  const sink = new DiagnosticSink();
  checkLayout(device, sink);
  checkNames(device, sink);
  checkReferences(device, sink);
  checkStructs(device, sink);
  checkInstanceState(device, sink);
  checkQemuNames(device, sink);
  checkVariants(device, sink);
  return sink.toArray();
}
