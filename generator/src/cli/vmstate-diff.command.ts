/**
 * `devgen vmstate-diff OLD.json NEW.json`: what breaks migrating from a device set dumped as
 * OLD (QEMU's -dump-vmstate format, e.g. the committed generated/vmstate-baseline.json) to one
 * dumped as NEW. `NEW` may be `-` for standard input, or `current` for the dump of the
 * generated devices of this checkout. Exit code: the number of errors (capped at 250);
 * 255 for unreadable input or a usage error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { dumpVmState, formatVmStateDump } from '../../../runtime/src/migration/index.ts';
import { DumpFormatError, parseDump } from '../vmstate-diff/model.ts';
import { countChanges, diffDumps, formatChangesJson, formatChangesText } from '../vmstate-diff/diff.ts';
import { collectVmStateEntries } from './dump-vmstate.command.ts';
import { UserError, reportError, type CliIo } from './errors.ts';

/** Exit code for unreadable input or bad usage (error counts stay below it). */
export const VMSTATE_DIFF_USAGE_EXIT = 255;
/** Largest error count reported through the exit code. */
export const VMSTATE_DIFF_MAX_EXIT = 250;

/** Options of vmstate-diff. */
export interface VmStateDiffOptions {
  readonly format: string;
  readonly info?: boolean;
  readonly root: string;
}

async function readInput(spec: string, root: string): Promise<string> {
  if (spec === 'current') return formatVmStateDump(dumpVmState('devgen', await collectVmStateEntries(root)));
  try {
    return readFileSync(spec === '-' ? 0 : resolve(spec), 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${spec}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Runs the comparison and returns the exit code. */
export async function runVmStateDiff(oldFile: string, newFile: string, opts: VmStateDiffOptions, io: CliIo): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`unknown format '${opts.format}': expected text or json`);
  const oldDump = parseDump(await readInput(oldFile, opts.root), oldFile);
  const newDump = parseDump(await readInput(newFile, opts.root), newFile);
  const changes = diffDumps(oldDump, newDump);
  io.out(opts.format === 'json' ? formatChangesJson(changes) : formatChangesText(changes, opts.info === true));
  return Math.min(countChanges(changes).errors, VMSTATE_DIFF_MAX_EXIT);
}

/** Registers `devgen vmstate-diff` on `program`; `exit` receives the exit code. */
export function registerVmStateDiffCommand(program: Command, io: CliIo, exit: (code: number) => void, defaultRoot: string): void {
  program.command('vmstate-diff')
    .description('Report what breaks migration from OLD to NEW (-dump-vmstate JSON files); exit code = number of errors.')
    .argument('<old>', 'dump of the source side (e.g. generated/vmstate-baseline.json)')
    .argument('<new>', "dump of the destination side; '-' reads standard input, 'current' dumps this checkout's devices")
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--info', 'also list compatible changes (new subsections, versioned fields, …) in text output')
    .option('--root <dir>', "project root (for 'current')", defaultRoot)
    .action(async (oldFile: string, newFile: string, opts: VmStateDiffOptions) => {
      let code: number;
      try {
        code = await runVmStateDiff(oldFile, newFile, { ...opts, root: resolve(opts.root) }, io);
      } catch (e) {
        if (e instanceof DumpFormatError || e instanceof UserError) {
          io.err(`devgen vmstate-diff: error: ${e.message}\n`);
        } else reportError(e, io);
        code = VMSTATE_DIFF_USAGE_EXIT;
      }
      exit(code);
    });
}
