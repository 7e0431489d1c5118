/**
 * The board stage of the pipeline: after the device definitions loaded cleanly, load every
 * `defs/**\/*.machine.yaml`, check it against them, refuse two boards of one name, and emit
 * the descriptors, the board index and the board schema. Files are returned, never written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { q, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { DiagnosticSink, hasErrors } from '../diagnostics/diagnostic.ts';
import type { OutputFile } from '../emit/emitter.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { loadMachine, type CheckedMachine } from './load-machine.ts';
import { emitMachines } from './machine.emitter.ts';

/** File-name suffix of board definitions. */
export const MACHINE_SUFFIX = '.machine.yaml';

/** Outcome of the board stage. */
export interface MachineStageResult {
  readonly machines: readonly CheckedMachine[];
  readonly diagnostics: readonly Diagnostic[];
  /** Board texts by display path (for code frames). */
  readonly sources: ReadonlyMap<string, string>;
  /** Output files; empty when any board had an error. */
  readonly files: readonly OutputFile[];
}

/** Loads, checks and emits the boards `files` (relative to `root`) over `devices`. */
export function runMachineStage(root: string, files: readonly string[], devices: readonly DeviceIR[]): MachineStageResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const machines: CheckedMachine[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    sources.set(file, text);
    const result = loadMachine(file, text, devices, { root });
    diagnostics.push(...result.diagnostics);
    if (result.machine !== undefined) machines.push(result.machine);
  }
  const sink = new DiagnosticSink();
  const byName = new Map<string, CheckedMachine>();
  for (const m of machines) {
    const first = byName.get(m.ir.name);
    if (first !== undefined) sink.report('machine-duplicate', m.ir.span, { name: q(m.ir.name), other: `${first.ir.defFile}:${first.ir.span.line}` });
    else byName.set(m.ir.name, m);
  }
  diagnostics.push(...sink.toArray());
  if (hasErrors(diagnostics)) return { machines, diagnostics, sources, files: [] };
  return { machines, diagnostics, sources, files: emitMachines(machines) };
}
