/**
 * The qtest server of a project as a start-up image (loader/startup-image.ts): the runtime's
 * `runQtestStdio` and the project's boards (generated/machines/index.ts, and through them every
 * device class and behaviour) in one script with its code cache. `devgen qtest` runs from it
 * whenever it can — a start then costs little more than Node's own — and from the project's
 * modules (project-runtime.ts) when the project cannot be put in one script.
 */
import { join } from 'node:path';
import type { MachineDefinition, QtestStdioOptions } from 'devgen/runtime';
import { loadFreshImage, type LoadedImage } from '../loader/startup-image.ts';

/** The image's name in the project's image folder. */
export const QTEST_IMAGE = 'qtest';

/** Where a project's board index is, relative to its root (what the image bundles). */
const BOARDS = join('generated', 'machines', 'index.ts');

/** What `devgen qtest` is given (its options, as commander gives them). */
export interface QtestArgs {
  readonly machine: string;
  readonly serial: string;
  readonly device?: readonly string[];
  readonly global?: readonly string[];
  readonly trace?: readonly string[];
  readonly rtc?: string;
  readonly qmp?: string;
  readonly incoming?: string;
  readonly root?: string;
}

/** What the image exports. */
export interface QtestImageExports {
  readonly runQtestStdio: (options: QtestStdioOptions) => Promise<number>;
  readonly machines: Readonly<Record<string, MachineDefinition>>;
}

/** The image's entry source: the runtime entry, by the name generated code imports it, and the boards. */
export function qtestImageEntry(root: string): string {
  return `export { runQtestStdio } from 'devgen/runtime';\nexport { machines } from ${JSON.stringify(join(root, BOARDS))};\n`;
}

/** Whether start-up images are used (DEVGEN_IMAGES=0 runs the project's modules instead). */
export function imagesEnabled(): boolean {
  return process.env.DEVGEN_IMAGES !== '0';
}

/** The project's qtest image, loaded and run, when it is fresh; undefined otherwise. */
export function loadQtestImage(root: string): LoadedImage<QtestImageExports> | undefined {
  return loadFreshImage<QtestImageExports>(root, QTEST_IMAGE, qtestImageEntry(root));
}

/**
 * The project's qtest image, made first when it is missing or stale; undefined when the
 * project cannot be made into one (or one of its modules throws while it loads: the modules'
 * own run then reports that the way it always does).
 */
export async function ensureQtestImage(root: string): Promise<LoadedImage<QtestImageExports> | undefined> {
  try {
    const fresh = loadQtestImage(root);
    if (fresh !== undefined) return fresh;
    const { buildImage } = await import('../loader/image-build.ts');
    if (!(await buildImage(root, QTEST_IMAGE, qtestImageEntry(root)))) return undefined;
    return loadQtestImage(root);
  } catch {
    return undefined;
  }
}

/** The runtime's options of a qtest server over `machines` for what `devgen qtest` was given. */
export function qtestStdioOptions(args: QtestArgs, machines: QtestImageExports['machines']): QtestStdioOptions {
  return {
    machines, machine: args.machine, serial: args.serial, devices: args.device ?? [], globals: args.global ?? [], trace: args.trace ?? [],
    ...(args.rtc === undefined ? {} : { rtc: args.rtc }),
    ...(args.qmp === undefined ? {} : { qmp: args.qmp }),
    ...(args.incoming === undefined ? {} : { incoming: args.incoming }),
  };
}

/** Whether the image has board `machine`. */
export function imageHasMachine(image: LoadedImage<QtestImageExports>, machine: string): boolean {
  const machines = image.exports.machines as unknown;
  return typeof machines === 'object' && machines !== null && Object.prototype.hasOwnProperty.call(machines, machine);
}

/**
 * Serves qtest on stdio from the image; its code cache is written once the first input has
 * been answered (then it holds what answering compiled), or at the end.
 */
export async function runQtestImage(image: LoadedImage<QtestImageExports>, args: QtestArgs): Promise<number> {
  const code = await image.exports.runQtestStdio({ ...qtestStdioOptions(args, image.exports.machines), onDrained: () => image.saveCodeCache() });
  image.saveCodeCache();
  return code;
}
