/**
 * The fast start of `devgen qtest`: bin/devgen.js tries this before it loads the command line.
 * When the words after `qtest` are plain options (qtest-options.ts) and the project's qtest
 * image is fresh and has the machine, the server runs from the image and the command line is
 * never loaded; in every other case this declines (undefined) and the command line runs as
 * usual — it answers help and mistakes, and makes the image when it is missing or stale.
 */
import { imageHasMachine, imagesEnabled, loadQtestImage, runQtestImage } from '../api/qtest-image.ts';
import { resolveProjectRoot } from './project-root.ts';
import { readQtestArgs } from './qtest-options.ts';
import { endQuietlyOnClosedOutput, reportInternalError } from './user-error.ts';

/** Runs `devgen qtest` from the image for `argv` (process.argv form); undefined when it declines. */
export async function runQtestFast(argv: readonly string[]): Promise<number | undefined> {
  if (argv[2] !== 'qtest' || !imagesEnabled()) return undefined;
  const args = readQtestArgs(argv.slice(3));
  if (args === undefined) return undefined;
  let image;
  try {
    image = loadQtestImage(resolveProjectRoot(args.root));
  } catch {
    // No project here, or a module of the image throws while it loads: the command line says so.
    return undefined;
  }
  if (image === undefined || !imageHasMachine(image, args.machine)) return undefined;
  endQuietlyOnClosedOutput();
  try {
    return await runQtestImage(image, args);
  } catch (e) {
    return reportInternalError(e, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  }
}
