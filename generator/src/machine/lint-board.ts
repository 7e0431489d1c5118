/**
 * `devgen lint` on a board definition: the board checks against the project's device
 * definitions, exactly those `devgen generate` enforces. Boards have no lint rules (and so no
 * waivers) of their own.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { discoverDefs, loadDefinitions } from '../pipeline.ts';
import { loadMachine } from './load-machine.ts';
import { MACHINE_SUFFIX } from './machine-stage.ts';

/** Whether `file` is a board definition. */
export function isBoardDef(file: string): boolean {
  return file.endsWith(MACHINE_SUFFIX);
}

/** Checks board `file` (display path) against the device definitions under `root`. */
export function lintBoard(file: string, text: string, root: string): Diagnostic[] {
  const loaded = loadDefinitions(root, discoverDefs(root));
  return loadMachine(file, text, loaded.devices, { root }).diagnostics;
}
