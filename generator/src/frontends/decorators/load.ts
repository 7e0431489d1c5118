/**
 * The decorator front end in one call, with the YAML front end's contract: read (ts-morph,
 * bounded, never executed) → shape check → lower → semantic checks. Each stage reports all of
 * its problems; the next runs only when the previous recorded no error. Never throws for a
 * user mistake.
 */
import { DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import { toDisplayPath } from '../../source/source-file.ts';
import { checkDevice } from '../../sema/check.ts';
import type { LoadResult } from '../yaml/load.ts';
import { DEFAULT_DECORATOR_LIMITS, readDecorators, type DecoratorReadLimits } from './read.ts';
import { checkDecoratorShape } from './shape.ts';
import { lowerDecoratorDevice } from './lower.ts';

/** Options of loadDecoratorDevice. */
export interface DecoratorLoadOptions {
  /** Project root; `file` is shown relative to it (default: the current directory). */
  readonly root?: string;
  /** Reader limits (input size, nesting). */
  readonly limits?: DecoratorReadLimits;
  /** Skip semantic checks (lower only); default false. */
  readonly skipChecks?: boolean;
}

/** Stages up to lowering (what the cache stores); checks are run by the caller. */
export function loadDecoratorDeviceUnchecked(display: string, text: string, limits: DecoratorReadLimits = DEFAULT_DECORATOR_LIMITS): LoadResult {
  const sink = new DiagnosticSink();
  const read = readDecorators(display, text, sink, limits);
  if (read.value === undefined || sink.hadError) return { device: undefined, diagnostics: sink.toArray() };
  const def = checkDecoratorShape(read, sink);
  if (!def || sink.hadError) return { device: undefined, diagnostics: sink.toArray() };
  const device = lowerDecoratorDevice(read, def, display, sink);
  return { device: sink.hadError ? undefined : device, diagnostics: sink.toArray() };
}

/**
 * Loads one decorator definition (`*.device.ts`). `file` is its path (shown relative to the
 * project root); `text` its contents. `device` is undefined when any stage found an error.
 */
export function loadDecoratorDevice(file: string, text: string, options: DecoratorLoadOptions = {}): LoadResult {
  const display = toDisplayPath(file, options.root);
  const lowered = loadDecoratorDeviceUnchecked(display, text, options.limits);
  return withChecks(lowered, options.skipChecks ?? false);
}

/** Adds the semantic checks to a lowered result (shared with the cache path). */
export function withChecks(lowered: LoadResult, skip: boolean): LoadResult {
  if (!lowered.device || skip) return lowered;
  const sink = new DiagnosticSink();
  sink.addAll(lowered.diagnostics);
  sink.addAll(checkDevice(lowered.device));
  return { device: sink.hadError ? undefined : lowered.device, diagnostics: sink.toArray() };
}
