/**
 * Content-hash cache of the stages up to lowering, so `devgen generate` only starts ts-morph
 * when a `*.device.ts` changed. An entry is what those stages produced: the IR (bigints and
 * undefined encoded), their diagnostics and the span of `behavior:`, keyed by a hash of the
 * file's display path and text and of the generator sources that decide the lowering (a
 * generator change invalidates every entry). The checks are not cached: they are cheap, and the
 * behaviour-file check depends on the disk, not on the text.
 *
 * Entries live in `<root>/.devgen-cache/decorators/<hash>.json` (ignored by git); a missing,
 * corrupt or foreign entry is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DeviceIR, Span } from '../ir/ir.ts';

/** What the stages up to lowering produce for one definition. */
export interface Lowered {
  /** The IR; undefined when a stage found an error. */
  readonly device: DeviceIR | undefined;
  readonly diagnostics: Diagnostic[];
  /** Span of the `behavior:` value (undefined when the definition names no behaviour file). */
  readonly behaviorSpan: Span | undefined;
}

/** Format of an entry; bumped when the encoding changes. */
const ENTRY_FORMAT = 2;

/** Generator source folders whose code decides what a decorator definition lowers to. */
const LOWERING_SOURCES = ['frontends/decorators', 'format-v1', 'schema', 'ir', 'diagnostics', 'source', 'pipeline'];

let fingerprint: string | undefined;

/** Hash of the sources that decide what a definition lowers to. */
export function generatorFingerprint(): string {
  if (fingerprint) return fingerprint;
  const src = join(dirname(fileURLToPath(import.meta.url)), '..');
  const h = createHash('sha256').update(`entry-format ${ENTRY_FORMAT}\n`);
  for (const d of LOWERING_SOURCES) {
    // The running code: TypeScript sources in a checkout, their compiled files in dist/.
    for (const name of readdirSync(join(src, d)).filter((n) => /\.[jt]s$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      h.update(`${d}/${name}\n`).update(readFileSync(join(src, d, name)));
    }
  }
  fingerprint = h.digest('hex');
  return fingerprint;
}

/** Key of one definition text. */
export function cacheKey(display: string, text: string): string {
  return createHash('sha256').update(generatorFingerprint()).update('\0').update(display).update('\0').update(text).digest('hex').slice(0, 40);
}

/** JSON with bigint and undefined kept (`{"$bigint": "…"}`, `{"$undefined": 1}`). */
export function encodeLowered(lowered: Lowered): string {
  return JSON.stringify({ format: ENTRY_FORMAT, ...lowered }, (_k, v: unknown) =>
    typeof v === 'bigint' ? { $bigint: v.toString() } : v === undefined ? { $undefined: 1 } : v);
}

/** Inverse of encodeLowered; undefined for anything that is not an entry. */
export function decodeLowered(json: string): Lowered | undefined {
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$bigint === 'string' && Object.keys(o).length === 1) return BigInt(o.$bigint);
    if (o.$undefined === 1 && Object.keys(o).length === 1) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = revive(x);
    return out;
  };
  try {
    const raw = revive(JSON.parse(json)) as { format?: unknown; device?: unknown; diagnostics?: unknown; behaviorSpan?: unknown };
    if (raw.format !== ENTRY_FORMAT || !Array.isArray(raw.diagnostics)) return undefined;
    return { device: raw.device as Lowered['device'], diagnostics: raw.diagnostics as Diagnostic[], behaviorSpan: raw.behaviorSpan as Span | undefined };
  } catch {
    return undefined;
  }
}

/** What cached loads did (for tests and timing reports). */
export interface CacheStats { hits: number; misses: number }

/** Process-wide counters. */
export const cacheStats: CacheStats = { hits: 0, misses: 0 };

/**
 * The lowering of `display`/`text` from the cache under `root/.devgen-cache`, or `lower()`'s
 * result (then stored). A read-only checkout still loads; it just does not remember.
 */
export function cachedLowering(root: string, display: string, text: string, lower: () => Lowered): Lowered {
  const dir = join(root, '.devgen-cache', 'decorators');
  const entry = join(dir, `${cacheKey(display, text)}.json`);
  let lowered: Lowered | undefined;
  try {
    lowered = decodeLowered(readFileSync(entry, 'utf8'));
  } catch {
    lowered = undefined;
  }
  if (lowered) {
    cacheStats.hits++;
    return lowered;
  }
  cacheStats.misses++;
  lowered = lower();
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${entry}.${process.pid}.tmp`;
    writeFileSync(tmp, encodeLowered(lowered));
    renameSync(tmp, entry);
  } catch {
    // Not writable: the next load lowers again.
  }
  return lowered;
}
