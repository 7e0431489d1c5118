/**
 * Running a project's devices: its generated boards (generated/machines/index.ts, every board
 * over generated/devices.ts and through it every behaviour) and its generated type descriptions
 * (generated/index.ts), loaded as the project's own modules (user-module.ts), with the runtime
 * reached by package name, as the generated code reaches it, so both share one runtime module
 * instance. The runtime is imported when a device runs, never by the compiler's own stages.
 */
import { join } from 'node:path';
import type { MachineDefinition, VmStateDumpEntry } from 'devgen/runtime';
import { ProjectError } from './errors.ts';
import { importUserModule } from './user-module.ts';

/** The runtime entry, by the name generated code imports it. */
const RUNTIME_MODULE = 'devgen/runtime';

/** The runtime entry's exports, typed (imported only when a device runs). */
export type RuntimeModule = typeof import('devgen/runtime');

/** Imports the runtime entry. */
export async function loadRuntime(): Promise<RuntimeModule> {
  return (await import(RUNTIME_MODULE)) as RuntimeModule;
}

/** Where a project's board index is, relative to its root. */
export const MACHINES_INDEX = 'generated/machines/index.ts';

/** Where a project's list of generated type descriptions is, relative to its root. */
export const TYPES_INDEX = 'generated/index.ts';

/** A project's boards: the machine definitions of generated/machines/index.ts, by name. */
export interface ProjectMachines {
  /** The file they were loaded from. */
  readonly file: string;
  readonly machines: Readonly<Record<string, MachineDefinition>>;
}

/** Loads `root`'s generated boards (and through them its device classes and behaviour). */
export async function loadProjectMachines(root: string): Promise<ProjectMachines> {
  const file = join(root, MACHINES_INDEX);
  const mod = await importUserModule<{ machines?: unknown }>(file, `${file} does not exist: run \`devgen generate\` first`);
  if (typeof mod.machines !== 'object' || mod.machines === null) throw new ProjectError(`${file} does not export \`machines\`; regenerate it with \`devgen generate\``);
  return { file, machines: mod.machines as Record<string, MachineDefinition> };
}

/**
 * Refuses a machine name the project does not define, naming the file and what it defines (the
 * runtime's own message would not say which project's boards it looked at).
 */
export function requireMachine(project: ProjectMachines, name: string): MachineDefinition {
  if (Object.prototype.hasOwnProperty.call(project.machines, name)) return project.machines[name]!;
  const known = Object.keys(project.machines).sort();
  throw new ProjectError(`unknown machine '${name}': ${project.file} defines ${known.length === 0 ? 'no machines' : known.join(', ')} (boards are defs/machines/*.machine.yaml)`);
}

/** What a dump reads of a generated device type description. */
interface DumpableType {
  readonly name: string;
  /** The generated VMState descriptor (hooks named, not bound: dumping it calls none). */
  readonly vmstate?: unknown;
}

/**
 * The runtime's dump entry of every generated device of `root` that migrates, in the generated
 * (type-name) order: what `devgen dump-vmstate` writes.
 */
export async function projectVmStateEntries(root: string): Promise<VmStateDumpEntry[]> {
  const index = join(root, TYPES_INDEX);
  const mod = await importUserModule<{ generatedDeviceTypes?: readonly DumpableType[] }>(index, `${index} does not exist: run \`devgen generate\` first`);
  const types = mod.generatedDeviceTypes;
  if (!Array.isArray(types)) throw new ProjectError(`${index} does not export generatedDeviceTypes; regenerate it with \`devgen generate\``);
  const runtime = await loadRuntime();
  const entries = types.flatMap((t) => (t.vmstate === undefined ? [] : [runtime.dumpVmStateEntry(t.name, t.vmstate as Parameters<RuntimeModule['dumpVmStateEntry']>[1])]));
  if (new Set(entries.map((e) => e.Name)).size !== entries.length) throw new Error(`${index} lists a device type twice`);
  return entries;
}
