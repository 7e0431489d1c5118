/**
 * `devgen testgen`: conformance cases from definitions alone. Each definition is loaded and
 * checked (a copy outside the project replaces the project's device of the same name), placed
 * on the project's first board (by name) that maps it, or the one asked for, with that board's
 * property values, and turned into qtest cases in the format `qtest-diff` runs: header, then
 * commands each followed by the answer the definition promises and preceded by the definition
 * line it checks. Same definitions and seed, same files, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DeviceIR } from '../ir/ir.ts';
import type { CheckedMachine } from '../machine/load-machine.ts';
import { MACHINE_SUFFIX, runMachineStage } from '../machine/machine-stage.ts';
import { discoverDefs, loadDefinitions } from '../pipeline.ts';
import { loadDefinition } from '../pipeline/load.ts';
import { toDisplayPath } from '../source/source-file.ts';
import { lineOf } from './case-builder.ts';
import { deviceCases, hookLimits } from './device-cases.ts';
import { instanceProps, placeDevice, type PlacedSpace } from './placed-device.ts';

/** Options of {@link testgen}. */
export interface TestgenOptions {
  /** Seed of the probe patterns and offset samples (default 1). */
  readonly seed?: number;
  /** Board to place the devices on (default: the first board by name that maps each). */
  readonly machine?: string;
}

/** One written case. */
export interface TestgenCase {
  /** File name: `<device>-<topic>.qtest`. */
  readonly file: string;
  readonly device: string;
  readonly machine: string;
  readonly content: string;
  /** Read checks (reads with a predicted value). */
  readonly checks: number;
  readonly writes: number;
}

/** What testgen produced: cases, notes about definitions that gave none, and diagnostics. */
export interface TestgenResult {
  readonly cases: readonly TestgenCase[];
  readonly notes: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly ok: boolean;
}

/** The default seed. */
export const DEFAULT_SEED = 1;

/** Loads `defs` (paths) over the project at `root` and writes the cases of each, in memory. */
export function testgen(root: string, defs: readonly string[], options: TestgenOptions = {}): TestgenResult {
  const seed = options.seed ?? DEFAULT_SEED;
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const chosen: DeviceIR[] = [];
  for (const def of defs) {
    const abs = resolve(def);
    const display = toDisplayPath(abs, root);
    const text = readFileSync(abs, 'utf8');
    sources.set(display, text);
    const r = loadDefinition(display, text, { root });
    diagnostics.push(...r.diagnostics);
    if (r.device !== undefined) chosen.push(r.device);
  }
  const project = loadDefinitions(root, discoverDefs(root));
  for (const [k, v] of project.sources) if (!sources.has(k)) sources.set(k, v);
  const names = new Set(chosen.map((d) => d.name));
  const devices = [...chosen, ...project.devices.filter((d) => !names.has(d.name))];
  if (hasErrors(diagnostics)) return { cases: [], notes: [], diagnostics: sortDiagnostics(diagnostics), sources, ok: false };
  const boards = runMachineStage(root, discoverDefs(root, [MACHINE_SUFFIX]), devices);
  for (const [k, v] of boards.sources) sources.set(k, v);
  const boardErrors = boards.diagnostics.filter((d) => d.severity === 'error');
  if (boardErrors.length > 0) return { cases: [], notes: [], diagnostics: sortDiagnostics([...diagnostics, ...boardErrors]), sources, ok: false };
  const machines = boards.machines.slice().sort((a, b) => (a.ir.name < b.ir.name ? -1 : a.ir.name > b.ir.name ? 1 : 0));
  const cases: TestgenCase[] = [];
  const notes: string[] = [];
  for (const device of chosen.slice().sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const out = casesOf(device, machines, seed, options.machine);
    if (typeof out === 'string') notes.push(out);
    else cases.push(...out);
  }
  return { cases, notes, diagnostics: sortDiagnostics(diagnostics), sources, ok: true };
}

/**
 * Where a device sits: the first board (by name, or the one asked for) mapping its first
 * region, in memory or, for a device a board places on I/O ports only, at its first port.
 */
function placementOf(device: DeviceIR, machines: readonly CheckedMachine[], machine: string | undefined) {
  for (const m of machines) {
    if (machine !== undefined && m.ir.name !== machine) continue;
    for (const [part, resolved] of m.devices) {
      if (resolved.device.name !== device.name) continue;
      const space: PlacedSpace = part.mmio.length === 0 && part.io.length > 0 ? 'io' : 'memory';
      const base = (space === 'io' ? part.io : part.mmio)[0]?.base;
      if (base === undefined || base === null) continue;
      return { machine: m, part, base: BigInt(base), space, settings: new Map(resolved.props.map((p) => [p.name, p.value] as const)) };
    }
  }
  return undefined;
}

function casesOf(device: DeviceIR, machines: readonly CheckedMachine[], seed: number, machine: string | undefined): TestgenCase[] | string {
  if (device.regions.length === 0 || (device.registers.length === 0 && device.blocks.length === 0)) {
    return `${device.name} (${device.defFile}): no memory-mapped registers, so no register checks`;
  }
  if (device.regions[0]!.endianness === 'big') {
    return `${device.name} (${device.defFile}): its first region is big-endian; testgen predicts little-endian and native regions only`;
  }
  const where = placementOf(device, machines, machine);
  if (where === undefined) {
    return `${device.name} (${device.defFile}): no board${machine === undefined ? '' : ` named ${machine}`} maps its region in memory or on I/O ports; place it on a board (defs/machines/*.machine.yaml) to get cases`;
  }
  const placed = placeDevice(device, where.base, instanceProps(device, where.settings), where.space)!;
  const limits = hookLimits(placed);
  const board = where.machine.ir;
  const cases = deviceCases(placed, seed);
  if (cases.length === 0) {
    return `${device.name} (${device.defFile}): every register of its region "${placed.region.name}" is answered by read hooks or never reset to a promised value, so the definition alone promises no answer to check`;
  }
  return cases.map((c) => {
    const header = [
      `# machine: ${board.name}`,
      `# devgen testgen: a conformance case of ${device.name} from ${device.defFile} (seed ${seed}); regenerate it with devgen testgen, do not edit it.`,
      `# ${device.name} at ${where.space === 'io' ? 'port ' : ''}0x${where.base.toString(16)} on ${board.name} (${lineOf(where.part.span)}); ${c.subject}.`,
      '# A "# =>" line after a command is the answer the definition promises; the comment before each command names the definition line it checks.',
      ...limits.map((l) => `# hooks - ${l.register} ${l.effect} (${lineOf(l.span)}): ${l.reason}.`),
      `# ${c.builder.checks} read checks, ${c.builder.writes} writes.`,
    ];
    return {
      file: `${device.name}-${c.topic}.qtest`,
      device: device.name,
      machine: board.name,
      content: `${[...header, ...c.builder.lines].join('\n')}\n`,
      checks: c.builder.checks,
      writes: c.builder.writes,
    };
  });
}
