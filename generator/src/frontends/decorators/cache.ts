/**
 * Content-hash cache of lowered decorator definitions, so `devgen generate` only starts
 * ts-morph when a `*.device.ts` changed. An entry is the lowered IR (bigints and undefined
 * encoded) plus the front-end diagnostics, keyed by a hash of the file's display path and text
 * and of the generator's front-end sources (a generator change invalidates every entry).
 * Semantic checks are not cached: they are cheap and run on every load.
 *
 * Entries live in `<root>/.devgen-cache/decorators/<hash>.json` (ignored by git); a missing,
 * corrupt or foreign entry is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from '../yaml/load.ts';
import { toDisplayPath } from '../../source/source-file.ts';
import { loadDecoratorDeviceUnchecked, withChecks, type DecoratorLoadOptions } from './load.ts';

/** Format of an entry; bumped when the encoding changes. */
const ENTRY_FORMAT = 1;

let fingerprint: string | undefined;

/** Hash of the sources that decide what a definition lowers to. */
export function generatorFingerprint(): string {
  if (fingerprint) return fingerprint;
  const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const h = createHash('sha256').update(`entry-format ${ENTRY_FORMAT}\n`);
  const dirs = ['frontends/decorators', 'frontends/yaml', 'schema', 'ir', 'diagnostics', 'source'];
  for (const d of dirs) {
    for (const name of readdirSync(join(src, d)).filter((n) => n.endsWith('.ts')).sort()) {
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
export function encodeResult(result: LoadResult): string {
  return JSON.stringify({ format: ENTRY_FORMAT, ...result }, (_k, v: unknown) =>
    typeof v === 'bigint' ? { $bigint: v.toString() } : v === undefined ? { $undefined: 1 } : v);
}

/** Inverse of encodeResult; undefined for anything that is not an entry. */
export function decodeResult(json: string): LoadResult | undefined {
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
    const raw = revive(JSON.parse(json)) as { format?: unknown; device?: unknown; diagnostics?: unknown };
    if (raw.format !== ENTRY_FORMAT || !Array.isArray(raw.diagnostics)) return undefined;
    return { device: raw.device as LoadResult['device'], diagnostics: raw.diagnostics as LoadResult['diagnostics'] };
  } catch {
    return undefined;
  }
}

/** What a cached load did (for tests and timing reports). */
export interface CacheStats { hits: number; misses: number }

/** Process-wide counters. */
export const cacheStats: CacheStats = { hits: 0, misses: 0 };

/**
 * loadDecoratorDevice through the cache under `root/.devgen-cache`. ts-morph is loaded
 * (read.ts, on first use) only on a miss.
 */
export function loadDecoratorDeviceCached(file: string, text: string, options: DecoratorLoadOptions & { readonly root: string }): LoadResult {
  const display = toDisplayPath(file, options.root);
  const dir = join(options.root, '.devgen-cache', 'decorators');
  const entry = join(dir, `${cacheKey(display, text)}.json`);
  let lowered: LoadResult | undefined;
  try {
    lowered = decodeResult(readFileSync(entry, 'utf8'));
  } catch {
    lowered = undefined;
  }
  if (lowered) cacheStats.hits++;
  else {
    cacheStats.misses++;
    lowered = loadDecoratorDeviceUnchecked(display, text, options.limits);
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${entry}.${process.pid}.tmp`;
      writeFileSync(tmp, encodeResult(lowered));
      renameSync(tmp, entry);
    } catch {
      // A read-only checkout still generates; it just does not remember.
    }
  }
  return withChecks(lowered, options.skipChecks ?? false);
}
