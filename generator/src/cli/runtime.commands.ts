/**
 * Commands that run devices rather than generate them: `qtest` (the qtest server over the
 * project's generated boards) and `demo`. They read the project they run in
 * (api/project-runtime.ts): its boards, device classes and behaviour files. The runtime is
 * loaded when they run, so `generate` works even while a board or a behaviour does not load.
 */
import { join } from 'node:path';
import { loadProjectMachines, loadRuntime, requireMachine } from '../api/project-runtime.ts';
import { ensureQtestImage, imageHasMachine, imagesEnabled, qtestStdioOptions, runQtestImage } from '../api/qtest-image.ts';
import { importUserModule } from '../api/user-module.ts';
import type { QtestArgs } from './qtest-options.ts';
import type { CliIo } from './errors.ts';
import { UserError } from './errors.ts';

/**
 * `devgen qtest`: hands stdin/stdout to the qtest server with the named machine of `root` —
 * from the project's start-up image when it can be made (api/qtest-image.ts), otherwise from
 * the project's modules.
 */
export async function runQtest(root: string, opts: QtestArgs): Promise<number> {
  if (imagesEnabled()) {
    const image = await ensureQtestImage(root);
    if (image !== undefined && imageHasMachine(image, opts.machine)) return await runQtestImage(image, opts);
  }
  const project = await loadProjectMachines(root);
  requireMachine(project, opts.machine);
  const runtime = await loadRuntime();
  return await runtime.runQtestStdio(qtestStdioOptions(opts, project.machines));
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
