/**
 * devgen's programmatic API, the package entry `devgen/api`: what the `devgen` command does, as
 * functions with typed results, for build scripts, editors and tests. Each takes a project root
 * (the folder holding defs/). Problems in definitions are never thrown: they come back as
 * positioned diagnostics (`formatDiagnostics` renders them as the CLI does). Problems of the
 * project or of the request (generated files missing, an unknown machine) throw a
 * {@link ProjectError}.
 *
 * ```ts
 * import { check, generate, qtestSession } from 'devgen/api';
 * if (!check(root).ok) throw new Error('definitions have errors');
 * generate(root);
 * const s = await qtestSession(root, 'virt');
 * s.command('readl 0x09000fe0'); // ['OK 0x0000000000000011']
 * s.close();
 * ```
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Chardev } from 'devgen/runtime';
import { formatVmStateDump, type VmStateDump } from '../../../runtime/src/formats/vmstate-dump.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import type { FilePlan } from '../emit/write.ts';
import type { DeviceIR } from '../ir/ir.ts';
import type { CheckedMachine } from '../machine/load-machine.ts';
import { MACHINE_SUFFIX, runMachineStage } from '../machine/machine-stage.ts';
import { discoverDefs, generate as runPipeline, loadDefinitions } from '../pipeline.ts';
import { ProjectError } from './errors.ts';
import { lintProject, type ProjectLintOptions, type ProjectLintResult } from './lint-project.ts';
import { loadProjectMachines, loadRuntime, projectVmStateEntries, requireMachine } from './project-runtime.ts';

export { ProjectError } from './errors.ts';
export { LintUsageError, type ProjectLintOptions, type ProjectLintResult } from './lint-project.ts';
export { ConfigError } from '../config/config.ts';
export { formatDiagnostics } from '../diagnostics/render.ts';
export type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
export type { DeviceIR } from '../ir/ir.ts';
export type { CheckedMachine } from '../machine/load-machine.ts';
export type { MachineIR } from '../machine/machine-ir.ts';
export type { FilePlan } from '../emit/write.ts';
export type { LintFileResult } from '../lint/run.ts';
export type { VmStateDump, VmStateDumpEntry } from '../../../runtime/src/formats/vmstate-dump.ts';

/** A project's definitions, loaded and checked (nothing written). */
export interface Project {
  /** The project root, as given. */
  readonly root: string;
  /** Every device definition that loaded without error, sorted by type name. */
  readonly devices: readonly DeviceIR[];
  /** Every board that loaded and checked without error, sorted by machine name (boards load only when every device did). */
  readonly machines: readonly CheckedMachine[];
  /** Every diagnostic of every definition and board, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Definition and board texts by display path (what `formatDiagnostics` shows code frames from). */
  readonly sources: ReadonlyMap<string, string>;
  /** True when no definition or board has an error (warnings allowed). */
  readonly ok: boolean;
}

/** The outcome of {@link check}: the diagnostics only. */
export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  /** True when no definition or board has an error. */
  readonly ok: boolean;
}

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Plan the writes and compare with generated/ without writing (as `devgen generate --check`). */
  readonly check?: boolean;
}

/** The outcome of {@link generate}. */
export interface GenerateResult {
  /** Every diagnostic of every stage, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  /** Every generated file and what happened to it (`unchanged`, `stale`, `missing`, `extra`, `foreign`); empty when a stage failed. */
  readonly plan: readonly FilePlan[];
  /** Files that were written or removed (with `check`: that would be). */
  readonly changed: readonly FilePlan[];
  /** True when nothing had an error, no hand-written file was in the way and (with `check`) nothing was out of date. */
  readonly ok: boolean;
}

/** The runtime's migration descriptions of a project's devices. */
export interface VmStateDumpResult extends VmStateDump {
  /** The dump as QEMU's `-dump-vmstate` writes it (what `devgen dump-vmstate` writes). */
  readonly text: string;
}

/** Options of {@link dumpVmState}. */
export interface DumpVmStateOptions {
  /** The machine name the dump records (default `devgen`). */
  readonly machine?: string;
}

/** Options of {@link qtestSession}. */
export interface QtestSessionOptions {
  /** Extra devices, as `devgen qtest --device` takes them (`pcf8574,address=0x20,id=gpio0`). */
  readonly devices?: readonly string[];
  /** Serial port 0's back end: `null` (default), `memory`, `file:PATH`, `stdio`. */
  readonly serial?: string;
}

/** A qtest conversation with one machine of a project, in process. */
export interface ProjectQtestSession {
  /** The machine name. */
  readonly machine: string;
  /** Serial port 0's back end (read a `memory` one's output through it). */
  readonly serial: Chardev;
  /** Processes one qtest command line; returns the lines QEMU would answer (asynchronous IRQ lines first). */
  command(line: string): string[];
  /** Ends the conversation and closes the serial back end. */
  close(): void;
}

function requireDefs(root: string): void {
  if (!existsSync(join(root, 'defs'))) throw new ProjectError(`${root} has no defs/ folder; is it the project root?`);
}

const byName = <T>(name: (t: T) => string) => (a: T, b: T): number => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

/**
 * Loads and checks every definition (`defs/**\/*.device.{yaml,ts}`) and, when they all loaded,
 * every board (`defs/**\/*.machine.yaml`) of the project at `root`. Writes nothing.
 */
export function loadProject(root: string): Project {
  requireDefs(root);
  const loaded = loadDefinitions(root, discoverDefs(root));
  const devices = loaded.devices.slice().sort(byName((d) => d.name));
  if (hasErrors(loaded.diagnostics)) {
    return { root, devices, machines: [], diagnostics: sortDiagnostics(loaded.diagnostics), sources: loaded.sources, ok: false };
  }
  const boards = runMachineStage(root, discoverDefs(root, [MACHINE_SUFFIX]), loaded.devices);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...boards.diagnostics]);
  const machines = boards.machines.slice().sort(byName((m) => m.ir.name));
  return { root, devices, machines, diagnostics, sources: new Map([...loaded.sources, ...boards.sources]), ok: !hasErrors(diagnostics) };
}

/** The diagnostics of every definition and board of the project at `root` (what `devgen generate` would report). */
export function check(root: string): CheckResult {
  const p = loadProject(root);
  return { diagnostics: p.diagnostics, sources: p.sources, ok: p.ok };
}

/**
 * Lints the project at `root` as `devgen lint` does (its devgen.config.yaml and vmstate
 * baseline). Throws {@link LintUsageError} for paths or a baseline that do not exist and
 * {@link ConfigError} for a bad configuration.
 */
export function lint(root: string, options: ProjectLintOptions = {}): ProjectLintResult {
  return lintProject(root, options);
}

/**
 * Runs the whole pipeline over the project at `root` and writes generated/ (only files whose
 * content changed; nothing at all when a stage has an error or a hand-written file is in the
 * way). With `check`, writes nothing and reports what is out of date.
 */
export function generate(root: string, options: GenerateOptions = {}): GenerateResult {
  requireDefs(root);
  const r = runPipeline({ root, check: options.check === true });
  return { ...r, changed: r.plan.filter((p) => p.status !== 'unchanged' && p.status !== 'foreign') };
}

/**
 * The runtime's migration description of every generated device of the project at `root` that
 * migrates, in QEMU's `-dump-vmstate` model and text. Loads the project's generated code;
 * throws {@link ProjectError} when it was never generated.
 */
export async function dumpVmState(root: string, options: DumpVmStateOptions = {}): Promise<VmStateDumpResult> {
  const entries = await projectVmStateEntries(root);
  const machine = options.machine ?? 'devgen';
  return { machine, entries, text: formatVmStateDump({ machine, entries }) };
}

/**
 * Builds machine `machine` of the project at `root` (its generated boards, devices and
 * behaviour) and opens a qtest conversation with it, as `devgen qtest --machine` serves on
 * standard input. Throws {@link ProjectError} for an unknown machine, a bad device spec or
 * serial back end, and when the project was never generated.
 */
export async function qtestSession(root: string, machine: string, options: QtestSessionOptions = {}): Promise<ProjectQtestSession> {
  const project = await loadProjectMachines(root);
  requireMachine(project, machine);
  const rt = await loadRuntime();
  let serial: Chardev | undefined;
  try {
    const devices = (options.devices ?? []).map((d) => rt.parseDeviceSpec(d));
    const registry = new rt.MachineRegistry();
    for (const def of Object.values(project.machines)) registry.register(def);
    serial = options.serial === 'memory' ? rt.createMemoryChardev() : rt.openChardev(options.serial ?? 'null');
    const built = rt.buildMachine(registry, machine, { serial: [serial], devices });
    const session = new rt.QtestSession(rt.qtestTargetFromMachine(built));
    const chardev = serial;
    return { machine, serial: chardev, command: (line) => session.command(line), close: () => chardev.close() };
  } catch (e) {
    serial?.close();
    // The runtime's own user-facing errors: a bad --device, property or serial spec.
    if (rt.isQomError(e) || e instanceof rt.ChardevSpecError || e instanceof rt.UnknownMachineError) throw new ProjectError((e as Error).message);
    throw e;
  }
}
