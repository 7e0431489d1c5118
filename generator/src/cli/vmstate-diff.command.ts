/**
 * `devgen vmstate-diff OLD NEW`: what breaks migrating from a device set dumped as OLD (QEMU's
 * -dump-vmstate format, e.g. the committed generated/vmstate-baseline.json) to one dumped as
 * NEW. Either side may be `-` for standard input, or `current` for the definitions under the
 * root as they are now (loaded and checked, not read from generated/); findings on a `current`
 * NEW side carry the definition's file:line:col. Exit code: the number of errors (capped at
 * 250); 255 for unreadable input, definitions that do not load, or a usage error.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { VmStateDump } from '../../../runtime/src/formats/vmstate-dump.ts';
import { formatDiagnostics } from '../diagnostics/render.ts';
import type { ChangeLocator } from '../vmstate-diff/report.ts';
import { UserError, reportError, type CliIo } from './errors.ts';
import { resolveProjectRoot } from './project-root.ts';

/** Exit code for unreadable input or bad usage (error counts stay below it). */
export const VMSTATE_DIFF_USAGE_EXIT = 255;
/** Largest error count reported through the exit code. */
export const VMSTATE_DIFF_MAX_EXIT = 250;

/** Options of vmstate-diff. */
export interface VmStateDiffOptions {
  readonly format: string;
  readonly info?: boolean;
  /** Project root whose definitions `current` reads (resolved: cli/project-root.ts). */
  readonly root: string;
}

/** A side of the comparison: its dump, and where its parts are defined when it came from definitions. */
interface Side {
  readonly dump: VmStateDump;
  readonly locate: ChangeLocator | undefined;
}

/** One side's dump; the definitions load only for `current`. */
async function readSide(spec: string, root: string, io: CliIo): Promise<Side> {
  if (spec === 'current') {
    const { loadCurrentVmStateDump } = await import('../migration/current-dump.ts');
    const current = loadCurrentVmStateDump(root);
    if (!current.ok) {
      io.err(formatDiagnostics(current.diagnostics, current.sources));
      throw new UserError(`the definitions under ${root} do not load, so 'current' has no migration description (see above)`);
    }
    return { dump: current.projection.dump, locate: current.projection.spanOf };
  }
  const { readDumpFile } = await import('../migration/dump-file.ts');
  const read = readDumpFile(spec === '-' ? 0 : resolve(spec), spec);
  if (!read.ok) throw new UserError(read.message);
  return { dump: read.dump, locate: undefined };
}

/** Runs the comparison and returns the exit code. */
export async function runVmStateDiff(oldSpec: string, newSpec: string, opts: VmStateDiffOptions, io: CliIo): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`unknown format '${opts.format}': expected text or json`);
  const oldSide = await readSide(oldSpec, opts.root, io);
  const newSide = await readSide(newSpec, opts.root, io);
  const [{ countChanges }, { diffDumps }, { formatChangesJson, formatChangesText }] = await Promise.all([
    import('../vmstate-diff/changes.ts'), import('../vmstate-diff/compare.ts'), import('../vmstate-diff/report.ts'),
  ]);
  const changes = diffDumps(oldSide.dump, newSide.dump);
  io.out(opts.format === 'json'
    ? formatChangesJson(changes, newSide.locate)
    : formatChangesText(changes, { showNotes: opts.info === true, ...(newSide.locate ? { locate: newSide.locate } : {}) }));
  return Math.min(countChanges(changes).errors, VMSTATE_DIFF_MAX_EXIT);
}

/** Registers `devgen vmstate-diff` on `program`; `exit` receives the exit code. */
export function registerVmStateDiffCommand(program: Command, io: CliIo, exit: (code: number) => void): void {
  program.command('vmstate-diff')
    .description('Report what breaks migration from OLD to NEW (-dump-vmstate JSON files); exit code = number of errors.')
    .argument('<old>', "dump of the source side (e.g. generated/vmstate-baseline.json); '-' reads standard input, 'current' projects the definitions")
    .argument('<new>', "dump of the destination side; '-' reads standard input, 'current' projects the definitions as they are now")
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--info', 'also list compatible changes (new subsections, versioned fields, …) in text output')
    .option('--root <dir>', "project root whose defs/ 'current' reads (default: the nearest one above the working directory)")
    .action(async (oldSpec: string, newSpec: string, opts: Omit<VmStateDiffOptions, 'root'> & { root?: string }) => {
      let code: number;
      try {
        // Only 'current' reads a project; two dump files compare anywhere.
        const root = oldSpec === 'current' || newSpec === 'current' ? resolveProjectRoot(opts.root) : resolve(opts.root ?? '.');
        code = await runVmStateDiff(oldSpec, newSpec, { ...opts, root }, io);
      } catch (e) {
        if (e instanceof UserError) io.err(`devgen vmstate-diff: error: ${e.message}\n`);
        else reportError(e, io);
        code = VMSTATE_DIFF_USAGE_EXIT;
      }
      exit(code);
    });
}
