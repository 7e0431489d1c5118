/**
 * What every scaffold produces and how it reaches the disk: a list of new files, written all
 * or not at all. A scaffold never overwrites: when any of its files exists, nothing is written
 * and the error names every file in the way. Bad arguments are positioned diagnostics over the
 * command line, reported like a definition's.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Span } from '../ir/ir.ts';

/** A file a scaffold creates. */
export interface ScaffoldFile {
  /** Path relative to the project root, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/** Display path of the command line in diagnostics about its arguments. */
export const COMMAND_LINE = '<command line>';

/**
 * A mistake in how a scaffold was asked for: positioned diagnostics (over the command line, or
 * over a file of the project) and the texts they point into, for the code frame.
 */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
  constructor(readonly diagnostics: readonly Diagnostic[], readonly sources: ReadonlyMap<string, string>) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  }
}

/** Refusal to overwrite: the files of a scaffold that already exist. */
export class ScaffoldConflictError extends Error {
  override readonly name = 'ScaffoldConflictError';
  constructor(readonly root: string, readonly existing: readonly string[]) {
    super(`${existing.length === 1 ? 'this file exists' : 'these files exist'} and would be overwritten: ${existing.join(', ')}; nothing was written`);
  }
}

/** The files of `files` that already exist under `root`. */
export function existingFiles(root: string, files: readonly ScaffoldFile[]): string[] {
  return files.filter((f) => existsSync(join(root, f.path))).map((f) => f.path);
}

/** Writes `files` under `root`, creating folders; throws {@link ScaffoldConflictError} before writing when any exists. */
export function writeScaffold(root: string, files: readonly ScaffoldFile[]): void {
  const existing = existingFiles(root, files);
  if (existing.length > 0) throw new ScaffoldConflictError(root, existing);
  for (const f of files) {
    const abs = join(root, f.path);
    mkdirSync(dirname(abs), { recursive: true });
    // 'wx': a file that appeared since the check above is still never overwritten.
    writeFileSync(abs, f.content, { flag: 'wx' });
  }
}

/** A word as a shell would need it typed: quoted when it holds anything but plain characters. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A diagnostic at argument `arg` of `argv` (the words after `devgen`), rendered over the
 * command line `devgen WORD…` so the caret sits under the argument.
 */
export function commandLineDiagnostic(argv: readonly string[], arg: number, make: (span: Span) => Diagnostic): ScaffoldError {
  const words = ['devgen', ...argv].map(shellWord);
  const col = words.slice(0, arg + 1).reduce((n, w) => n + w.length + 1, 1);
  const text = words.join(' ');
  const span: Span = { file: COMMAND_LINE, line: 1, col, endLine: 1, endCol: col + Math.max(1, (words[arg + 1] ?? '').length) };
  return new ScaffoldError([make(span)], new Map([[COMMAND_LINE, `${text}\n`]]));
}
