/**
 * The YAML front end in one call: read (bounded) → shape check → lower → semantic checks.
 * Each stage reports all of its problems; the next stage runs only when the previous one
 * recorded no error. Never throws for a user mistake.
 */
import type { DeviceIR } from '../../ir/ir.ts';
import { DiagnosticSink, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { toDisplayPath } from '../../source/source-file.ts';
import { checkDevice } from '../../sema/check.ts';
import { DEFAULT_READ_LIMITS, readYaml, type ReadLimits } from './read.ts';
import { checkShape } from './shape.ts';
import { lowerDevice } from './lower.ts';

/** Options of loadYamlDevice. */
export interface LoadOptions {
  /** Project root; `file` is shown relative to it (default: the current directory). */
  readonly root?: string;
  /** Reader limits (input size, alias expansion). */
  readonly limits?: ReadLimits;
  /** Skip semantic checks (lower only); default false. */
  readonly skipChecks?: boolean;
}

/** Result of loading a definition: the IR when no error was found, and every diagnostic. */
export interface LoadResult {
  readonly device: DeviceIR | undefined;
  readonly diagnostics: Diagnostic[];
}

/**
 * Loads one YAML definition. `file` is the path of the definition (used for spans, shown
 * relative to the project root); `text` its contents. `device` is undefined when any stage
 * found an error.
 */
export function loadYamlDevice(file: string, text: string, options: LoadOptions = {}): LoadResult {
  const sink = new DiagnosticSink();
  const display = toDisplayPath(file, options.root);
  const read = readYaml(display, text, sink, options.limits ?? DEFAULT_READ_LIMITS);
  if (read.value === undefined || sink.hadError) return { device: undefined, diagnostics: sink.toArray() };
  const def = checkShape(read, sink);
  if (!def || sink.hadError) return { device: undefined, diagnostics: sink.toArray() };
  const device = lowerDevice(read, def, display, sink);
  if (sink.hadError) return { device: undefined, diagnostics: sink.toArray() };
  if (!options.skipChecks) sink.addAll(checkDevice(device));
  return { device: sink.hadError ? undefined : device, diagnostics: sink.toArray() };
}
