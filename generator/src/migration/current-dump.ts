/**
 * `current`: the migration description of the definitions as they are now, read through the
 * pipeline's load (front end and checks) and projected into the dump model, never taken from
 * generated/, which may be stale or unwritable while a definition is being edited.
 */
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { discoverDefs, loadDefinitions } from '../pipeline.ts';
import { projectVmStateDump, type VmStateDumpProjection } from './vmstate-projection.ts';

/** The projection of every definition, or why the definitions do not load. */
export type CurrentVmStateDump =
  | { readonly ok: true; readonly projection: VmStateDumpProjection }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, string> };

/** Machine name a devgen dump records (as `devgen dump-vmstate` does by default). */
export const DEVGEN_DUMP_MACHINE = 'devgen';

/** Loads defs/ under `root` and projects every device that migrates. */
export function loadCurrentVmStateDump(root: string, machine = DEVGEN_DUMP_MACHINE): CurrentVmStateDump {
  const loaded = loadDefinitions(root, discoverDefs(root));
  if (hasErrors(loaded.diagnostics)) return { ok: false, diagnostics: sortDiagnostics(loaded.diagnostics), sources: loaded.sources };
  return { ok: true, projection: projectVmStateDump(loaded.devices, machine) };
}
