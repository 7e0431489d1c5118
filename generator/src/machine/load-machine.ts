/**
 * The board front end in one call: read (bounded YAML with positions) → shape check (the board
 * schema) → lower to the machine IR → checks against the loaded device definitions. Each stage
 * reports all of its problems and the next runs only on a clean stage; never throws for a user
 * mistake.
 */
import { DiagnosticSink, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { DEFAULT_READ_LIMITS, readYaml, type ReadLimits } from '../frontends/yaml/read.ts';
import { checkShapeWith } from '../format-v1/shape.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { deviceAsVariant } from '../ir/variants.ts';
import { toDisplayPath } from '../source/source-file.ts';
import { checkBuses, checkIo, checkMmio, type BusPlacement } from './check-mapping.ts';
import { checkParts, type ResolvedDevice } from './check-parts.ts';
import { checkWires } from './check-wires.ts';
import type { DevicePartIR, MachineIR, PartIR } from './machine-ir.ts';
import { MACHINE_LABELS, MachineDefSchema } from './machine.schema.ts';
import { lowerMachine } from './lower-machine.ts';

/** A board that passed every check, with what the checks resolved for the emitter. */
export interface CheckedMachine {
  readonly ir: MachineIR;
  /** Every device part with its definition and typed properties. */
  readonly devices: ReadonlyMap<DevicePartIR, ResolvedDevice>;
  /** The bus each I2C slave part sits on. */
  readonly buses: BusPlacement;
  /** The QOM path each part ends up at ("[*]" resolved). */
  readonly paths: ReadonlyMap<PartIR, string>;
}

/** Result of loading one board: the checked machine when no error was found, and every diagnostic. */
export interface MachineLoadResult {
  readonly machine: CheckedMachine | undefined;
  readonly diagnostics: Diagnostic[];
}

/** Options of loadMachine. */
export interface MachineLoadOptions {
  /** Project root; `file` is shown relative to it (default: the current directory). */
  readonly root?: string;
  readonly limits?: ReadLimits;
}

/** Runs the board checks on a lowered machine against `devices` (by QOM type). */
export function checkMachine(ir: MachineIR, devices: ReadonlyMap<string, DeviceIR>, sink: DiagnosticSink): CheckedMachine {
  const parts = checkParts(ir, devices, sink);
  checkMmio(ir, parts, sink);
  checkIo(ir, parts, sink);
  const buses = checkBuses(ir, parts, sink);
  checkWires(ir, parts, sink);
  return { ir, devices: parts.devices, buses, paths: parts.paths };
}

/** Loads and checks one board definition against the loaded device definitions. */
export function loadMachine(file: string, text: string, devices: readonly DeviceIR[], options: MachineLoadOptions = {}): MachineLoadResult {
  const sink = new DiagnosticSink();
  const display = toDisplayPath(file, options.root);
  const read = readYaml(display, text, sink, options.limits ?? DEFAULT_READ_LIMITS);
  const stop = (): MachineLoadResult => ({ machine: undefined, diagnostics: sink.toArray() });
  if (read.value === undefined || sink.hadError) return stop();
  const def = checkShapeWith(MachineDefSchema, MACHINE_LABELS, read, sink);
  if (def === undefined || sink.hadError) return stop();
  const ir = lowerMachine(read, def, display, sink);
  if (sink.hadError) return stop();
  // A board places a device's variants by their own type names (pl011_luminary).
  const types = new Map(devices.flatMap((d) => [[d.name, d] as const, ...d.variants.map((v) => [v.name, deviceAsVariant(d, v)] as const)]));
  const checked = checkMachine(ir, types, sink);
  return { machine: sink.hadError ? undefined : checked, diagnostics: sink.toArray() };
}
