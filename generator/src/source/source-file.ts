/**
 * A definition file in memory: its display path (relative to the project root, posix
 * separators, so diagnostics and generated banners never leak absolute paths), its text and
 * its line index.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from './line-index.ts';

/** Largest definition file a front end accepts (bytes); bigger inputs are refused unread. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** One source text with its display path and line index. */
export interface SourceFile {
  /** Display path: relative to the project root when possible, posix separators. */
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
}

/** Wraps an in-memory text as a SourceFile. */
export function makeSourceFile(displayPath: string, text: string): SourceFile {
  return { path: displayPath, text, lines: new LineIndex(text) };
}

/** Posix path of `file` relative to `root` (kept as given when it is already relative). */
export function toDisplayPath(file: string, root: string = process.cwd()): string {
  const rel = path.isAbsolute(file) ? path.relative(root, file) : path.normalize(file);
  return rel.split(path.sep).join('/');
}

/** Result of reading a file: the source, or a reason it could not be read (no throw). */
export type ReadResult =
  | { readonly ok: true; readonly source: SourceFile }
  | { readonly ok: false; readonly path: string; readonly reason: string };

/**
 * Reads a definition file as UTF-8. Files over `maxBytes` are refused before reading, so a
 * huge input costs nothing; I/O errors become a reason string, never an exception.
 */
export function readSourceFile(file: string, root: string = process.cwd(), maxBytes = MAX_SOURCE_BYTES): ReadResult {
  const display = toDisplayPath(file, root);
  try {
    const size = statSync(file).size;
    if (size > maxBytes) return { ok: false, path: display, reason: `file is ${size} bytes, over the limit of ${maxBytes}` };
    return { ok: true, source: makeSourceFile(display, readFileSync(file, 'utf8')) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, path: display, reason: code === 'ENOENT' ? 'no such file' : `cannot read file (${code ?? 'error'})` };
  }
}
