/**
 * The staged load of one definition, the one way every command (generate, lint, dump-ir) reads
 * a definition: read (the front end for the file's kind: YAML or decorators) → shape (format v1
 * schema) → lower (IR) → checks (sema, and the files the definition names). Each stage reports
 * all of its problems; the next runs only when the previous recorded no error. Never throws for
 * a user mistake.
 *
 * The stages up to lowering of a decorator definition are cached by content hash
 * (lowered-cache.ts) when a project root is given, so ts-morph starts only for a changed file;
 * the checks run on every load.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DiagnosticSink, didYouMean, q, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DefinitionValue } from '../format-v1/definition-value.ts';
import { lowerDevice } from '../format-v1/lower.ts';
import { checkShape } from '../format-v1/shape.ts';
import { DEFAULT_DECORATOR_LIMITS, readDecorators, type DecoratorReadLimits } from '../frontends/decorators/index.ts';
import { DEFAULT_READ_LIMITS, readYaml, type ReadLimits } from '../frontends/yaml/index.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { qemuBehaviorFiles } from '../names/qemu-c-names.ts';
import { checkDevice } from '../sema/check.ts';
import { checkQemuBehavior } from '../sema/check-qemu-behavior.ts';
import { toDisplayPath } from '../source/source-file.ts';
import type { LimitsConfig } from '../config/config.ts';
import { cachedLowering, type Lowered } from './lowered-cache.ts';

export type { Lowered };

/** The front ends, by the definition file's name. */
export type FrontEnd = 'yaml' | 'decorators';

/** `*.device.ts` is a decorator definition; everything else is read as YAML. */
export function frontEndOf(file: string): FrontEnd {
  return file.endsWith('.device.ts') ? 'decorators' : 'yaml';
}

/** Reader limits of each front end. */
export interface FrontEndLimits {
  readonly yaml?: ReadLimits;
  readonly decorators?: DecoratorReadLimits;
}

/** The readers' limits with a project's `limits:` settings (config.ts) applied over the defaults. */
export function frontEndLimits(config: LimitsConfig): FrontEndLimits {
  const yaml = DEFAULT_READ_LIMITS;
  const decorators = DEFAULT_DECORATOR_LIMITS;
  return {
    yaml: { maxInputSize: config.maxInputBytes ?? yaml.maxInputSize, maxNodes: config.maxNodes ?? yaml.maxNodes, maxDepth: config.maxDepth ?? yaml.maxDepth },
    decorators: { maxInputSize: config.maxInputBytes ?? decorators.maxInputSize, maxDepth: config.maxDepth ?? decorators.maxDepth },
  };
}

/** Options of loadDefinition. */
export interface LoadOptions {
  /** Project root: `file` is shown relative to it and named files are found from it (default: the current directory). */
  readonly root?: string;
  /** Use the lowering cache under `root/.devgen-cache` for decorator definitions (default: true when `root` is given). */
  readonly cache?: boolean;
  readonly limits?: FrontEndLimits;
  /**
   * Check the C behaviour of a device with a `qemu:` section against its hooks (the project
   * selected the qemu-c emitter; default false: a project generating only TypeScript needs no C).
   */
  readonly qemuC?: boolean;
}

/** Result of loading a definition: the IR when no stage found an error, and every diagnostic. */
export interface LoadResult {
  readonly device: DeviceIR | undefined;
  readonly diagnostics: Diagnostic[];
}

/** The read stage: the front end for `display`'s kind. */
export function readDefinition(display: string, text: string, sink: DiagnosticSink, limits: FrontEndLimits = {}): DefinitionValue {
  return frontEndOf(display) === 'decorators'
    ? readDecorators(display, text, sink, limits.decorators ?? DEFAULT_DECORATOR_LIMITS)
    : readYaml(display, text, sink, limits.yaml ?? DEFAULT_READ_LIMITS);
}

/** The stages up to lowering (what the cache stores): read → shape → lower. */
export function lowerDefinition(display: string, text: string, limits: FrontEndLimits = {}): Lowered {
  const sink = new DiagnosticSink();
  const stop = (): Lowered => ({ device: undefined, diagnostics: sink.toArray(), behaviorSpan: undefined });
  const read = readDefinition(display, text, sink, limits);
  if (read.value === undefined || sink.hadError) return stop();
  const def = checkShape(read, sink);
  if (!def || sink.hadError) return stop();
  const device = lowerDevice(read, def, display, sink);
  if (sink.hadError) return stop();
  const behaviorSpan = def.device.behavior === undefined ? undefined : read.spanOf(['device', 'behavior']);
  return { device, diagnostics: sink.toArray(), behaviorSpan };
}

/** The checks stage over a lowered definition: sema, then the files it names (from `root`). */
export function checkDefinition(lowered: Lowered, root: string, qemuC = false): LoadResult {
  if (!lowered.device) return { device: undefined, diagnostics: lowered.diagnostics };
  const sink = new DiagnosticSink();
  sink.addAll(lowered.diagnostics);
  sink.addAll(checkDevice(lowered.device));
  checkBehaviorFile(lowered, root, sink);
  if (!sink.hadError && qemuC) checkQemuBehaviorFiles(lowered, root, sink);
  return { device: sink.hadError ? undefined : lowered.device, diagnostics: sink.toArray() };
}

/**
 * A device with a `qemu:` section has C behaviour beside its definition; its function names
 * must match the hooks the definition names (sema/check-qemu-behavior.ts).
 */
function checkQemuBehaviorFiles(lowered: Lowered, root: string, sink: DiagnosticSink): void {
  const device = lowered.device;
  if (device?.qemu === undefined) return;
  const files = qemuBehaviorFiles(device);
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  sink.addAll(checkQemuBehavior(device as typeof device & { qemu: NonNullable<typeof device.qemu> }, {
    source: { path: files.source, text: read(files.source) },
    header: device.qemu.behaviorHeader === undefined ? undefined : { path: files.header, text: read(files.header) },
  }));
}

/**
 * Loads one definition through every stage. `file` is its path (shown relative to the root),
 * `text` its contents; `device` is undefined when any stage found an error.
 */
export function loadDefinition(file: string, text: string, options: LoadOptions = {}): LoadResult {
  const root = options.root ?? process.cwd();
  const display = toDisplayPath(file, root);
  const lower = (): Lowered => lowerDefinition(display, text, options.limits);
  // The lowering cache holds what the default limits gave; other limits lower afresh.
  const useCache = options.root !== undefined && options.cache !== false && frontEndOf(display) === 'decorators' && options.limits === undefined;
  return checkDefinition(useCache ? cachedLowering(root, display, text, lower) : lower(), root, options.qemuC === true);
}

/**
 * The behaviour file a definition names must exist (a decorator definition's default is the
 * definition itself). Reported at the `behavior:` value, with the closest file beside it.
 */
function checkBehaviorFile(lowered: Lowered, root: string, sink: DiagnosticSink): void {
  const device = lowered.device;
  if (!device?.behaviorFile || device.behaviorFile === device.defFile || lowered.behaviorSpan === undefined) return;
  const abs = join(root, device.behaviorFile);
  if (existsSync(abs)) return;
  let siblings: string[] = [];
  try {
    siblings = readdirSync(dirname(abs)).filter((n) => n.endsWith('.ts'));
  } catch {
    // The folder does not exist either: no suggestion.
  }
  sink.report('behavior-file-missing', lowered.behaviorSpan, { file: q(device.behaviorFile), hint: didYouMean(basename(abs), siblings) }, `in device ${q(device.name)}`);
}
