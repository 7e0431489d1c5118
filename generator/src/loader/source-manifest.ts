/**
 * What a compiled artefact was made from: every source file with its content hash, size and
 * modification time. A start checks the cheap part first (a stat per file); only a file whose
 * size or time moved, or that changed so close to the record that the time cannot vouch for it,
 * is read and hashed. So an unchanged project costs a stat per source, and `node:crypto` is not
 * even loaded, while a touched but equal file still counts as unchanged.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';

/** One source as it was when the artefact was made. */
export interface SourceStamp {
  /** sha256 of the content, hex. */
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Sources by path (relative to a base folder, or absolute), and when the record was taken. */
export interface SourceRecord {
  readonly sources: Readonly<Record<string, SourceStamp>>;
  /** Wall-clock ms when the stamps were taken: a file modified since then is always re-hashed. */
  readonly takenAtMs: number;
}

/**
 * Modification times this close to the record (or after it) do not prove a file unchanged:
 * a write in the same clock tick as the stamp would keep both size and time.
 */
const RACY_MS = 2000;

let createHashFn: typeof import('node:crypto').createHash | undefined;

/** sha256 of `data`, hex (`node:crypto` is loaded on first use). */
export function sha256(data: string | Uint8Array): string {
  createHashFn ??= (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash;
  return createHashFn('sha256').update(data).digest('hex');
}

const at = (base: string, path: string): string => (isAbsolute(path) ? path : join(base, path));

/**
 * Reads `file` with its stamp. The stat comes first: a write between the two then leaves a
 * stamp whose time no longer matches, so the next check hashes the file instead of trusting it.
 */
export function readStamped(file: string): { readonly content: Buffer; readonly stamp: SourceStamp } {
  const st = statSync(file);
  const content = readFileSync(file);
  return { content, stamp: { hash: sha256(content), size: st.size, mtimeMs: st.mtimeMs } };
}

/** The stamp of file `path` (under `base` unless absolute) as it is now; undefined when it cannot be read. */
export function stampSource(base: string, path: string): SourceStamp | undefined {
  try {
    return readStamped(at(base, path)).stamp;
  } catch {
    return undefined;
  }
}

/** Stamps of `paths` with the time taken, or undefined when one of them cannot be read. */
export function recordSources(base: string, paths: Iterable<string>): SourceRecord | undefined {
  const takenAtMs = Date.now();
  const sources: Record<string, SourceStamp> = {};
  for (const p of paths) {
    const s = stampSource(base, p);
    if (s === undefined) return undefined;
    sources[p] = s;
  }
  return { sources, takenAtMs };
}

/** What {@link checkSources} found. */
export interface SourceCheck {
  /** Every source still has the content it was recorded with. */
  readonly unchanged: boolean;
  /**
   * When some sources had to be hashed to tell (their time moved, or was too close to the
   * record's) and all matched: the record restamped now, so the next check needs only stats.
   */
  readonly restamped?: SourceRecord;
}

/** Whether every source of `record` still has the content it was recorded with. */
export function checkSources(base: string, record: SourceRecord): SourceCheck {
  const checkedAtMs = Date.now();
  let hashed = false;
  const now: Record<string, SourceStamp> = {};
  for (const [path, stamp] of Object.entries(record.sources)) {
    const file = at(base, path);
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = statSync(file));
    } catch {
      return { unchanged: false };
    }
    now[path] = { hash: stamp.hash, size, mtimeMs };
    if (size === stamp.size && mtimeMs === stamp.mtimeMs && mtimeMs < record.takenAtMs - RACY_MS) continue;
    if (size !== stamp.size) return { unchanged: false };
    try {
      if (sha256(readFileSync(file)) !== stamp.hash) return { unchanged: false };
    } catch {
      return { unchanged: false };
    }
    hashed = true;
  }
  return hashed ? { unchanged: true, restamped: { sources: now, takenAtMs: checkedAtMs } } : { unchanged: true };
}

/** Whether `value` has the shape of a {@link SourceRecord} (as read back from a JSON file). */
export function isSourceRecord(value: unknown): value is SourceRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { sources?: unknown; takenAtMs?: unknown };
  if (typeof r.takenAtMs !== 'number' || typeof r.sources !== 'object' || r.sources === null) return false;
  return Object.values(r.sources).every((s) => typeof s === 'object' && s !== null && typeof (s as SourceStamp).hash === 'string'
    && typeof (s as SourceStamp).size === 'number' && typeof (s as SourceStamp).mtimeMs === 'number');
}
