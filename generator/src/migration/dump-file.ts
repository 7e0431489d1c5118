/**
 * Reading a `-dump-vmstate` file (a baseline, either side of vmstate-diff) for a command:
 * the text is checked by the one dump model, and a file that is not a dump becomes one
 * message listing its problems at `file:line:col`, never an exception.
 */
import { readFileSync } from 'node:fs';
import { readVmStateDump, type VmStateDump, type VmStateDumpProblem } from '../../../runtime/src/formats/vmstate-dump.ts';

/** A dump read from a file, or why it could not be. */
export type DumpFileRead = { readonly ok: true; readonly dump: VmStateDump } | { readonly ok: false; readonly message: string };

/** Problems of a dump file, one `file:line:col: path: message` line each (at most `limit`). */
export function formatDumpProblems(file: string, problems: readonly VmStateDumpProblem[], limit = 20): string {
  const lines = problems.slice(0, limit).map((p) => `${file}:${p.line}:${p.col}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`);
  if (problems.length > limit) lines.push(`… and ${problems.length - limit} more problem(s)`);
  return lines.join('\n');
}

/** Reads the dump at `path` (`0` for standard input); `label` names it in messages. */
export function readDumpFile(path: string | 0, label: string): DumpFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read ${label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const read = readVmStateDump(text);
  return read.ok ? read : { ok: false, message: `${label} is not a -dump-vmstate file:\n${formatDumpProblems(label, read.problems)}` };
}
