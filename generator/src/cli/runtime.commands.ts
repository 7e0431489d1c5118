/**
 * Commands that run devices rather than generate them: `qtest` (the qtest server over the
 * project's generated boards) and `demo`. They read the project they run in: its
 * generated/machines/index.ts (every board over generated/devices.ts, every device class) and
 * its behaviour files, loaded through the TypeScript loader (load-user-module.ts). The runtime
 * is loaded lazily so `generate` works even while a board or a behaviour does not load.
 */
import { join } from 'node:path';
import type { CliIo } from './errors.ts';
import { UserError } from './errors.ts';
import { importUserModule } from './load-user-module.ts';

/**
 * The runtime entry, imported by package name like the generated code does, so the server and
 * the project's boards and devices share one runtime module instance.
 */
const RUNTIME_MODULE = 'devgen/runtime';

/** Where a project's generated board index is, relative to its root. */
export const MACHINES_INDEX = 'generated/machines/index.ts';

/** A project's boards: the machine definitions of generated/machines/index.ts, by name. */
export interface ProjectMachines {
  /** The file they were loaded from. */
  readonly file: string;
  readonly machines: Readonly<Record<string, unknown>>;
}

/** Loads `root`'s generated boards (and through them its device classes and behaviour). */
export async function loadProjectMachines(root: string): Promise<ProjectMachines> {
  const file = join(root, MACHINES_INDEX);
  const mod = await importUserModule<{ machines?: unknown }>(file, `${file} does not exist: run \`devgen generate\` first`);
  if (typeof mod.machines !== 'object' || mod.machines === null) throw new UserError(`${file} does not export \`machines\`; regenerate it with \`devgen generate\``);
  return { file, machines: mod.machines as Record<string, unknown> };
}

/**
 * Refuses a machine name the project does not define, naming what was loaded (the runtime's own
 * message would not say which project's boards it looked at).
 */
export function requireMachine(project: ProjectMachines, name: string): void {
  if (Object.prototype.hasOwnProperty.call(project.machines, name)) return;
  const known = Object.keys(project.machines).sort();
  throw new UserError(`unknown machine '${name}': ${project.file} defines ${known.length === 0 ? 'no machines' : known.join(', ')} (boards are defs/machines/*.machine.yaml)`);
}

/** Options of `devgen qtest`. */
export interface QtestOptions {
  readonly machine: string;
  readonly serial: string;
  readonly device?: readonly string[];
  readonly trace?: readonly string[];
}

/** `devgen qtest`: hands stdin/stdout to the qtest server with the named machine of `root`. */
export async function runQtest(root: string, opts: QtestOptions): Promise<number> {
  const project = await loadProjectMachines(root);
  requireMachine(project, opts.machine);
  const runtime = (await import(RUNTIME_MODULE)) as { runQtestStdio?: (o: object) => Promise<number> };
  const run = runtime.runQtestStdio;
  if (typeof run !== 'function') throw new Error(`${RUNTIME_MODULE} does not export runQtestStdio`);
  return await run({ machines: project.machines, machine: opts.machine, serial: opts.serial, devices: opts.device ?? [], trace: opts.trace ?? [] });
}

/** Where a project keeps its demo program, relative to its root. */
export const DEMO_MODULE = 'defs/machines/demo.ts';

/** `devgen demo`: runs `runDemo` of the project's defs/machines/demo.ts. */
export async function runDemo(root: string, io: CliIo): Promise<number> {
  const file = join(root, DEMO_MODULE);
  const demo = await importUserModule<{ runDemo?: (out: { out: (t: string) => void }) => unknown }>(file, `this project has no demo program: ${file} does not exist (it exports runDemo(output))`);
  if (typeof demo.runDemo !== 'function') throw new UserError(`${file} does not export runDemo`);
  const result = await demo.runDemo({ out: io.out });
  return typeof result === 'number' ? result : 0;
}
