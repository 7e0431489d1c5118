/**
 * The decorator front end: TypeScript text → the same plain format v1 value a YAML definition
 * reads to (format keys, bigint integers), plus a table from every value path back to the
 * decorator, key or literal it came from. The file is parsed with ts-morph and never executed.
 * It only reads: the pipeline's shape, lowering and checks are the ones YAML definitions go
 * through, so both front ends lower to the same IR and every diagnostic points at the
 * TypeScript line, with option keys in their camelCase spelling.
 *
 * ts-morph is loaded lazily on first use (createRequire): a `devgen generate` answered from the
 * lowering cache never pays its start-up cost.
 */
import type { ClassDeclaration, Decorator, Project, SourceFile, ts as Ts } from 'ts-morph';
import { q, type DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import { LineIndex } from '../../source/line-index.ts';
import { MAX_SOURCE_BYTES } from '../../source/source-file.ts';
import { loadTsMorph } from '../../source/ts-morph-loader.ts';
import { pointSpan, spanFromRange } from '../../source/span.ts';
import { pathKey, spanByPath, type DefinitionValue } from '../../format-v1/definition-value.ts';
import { DeviceClassReader } from './class-reader.ts';
import { LiteralReader, TooDeep, describeNode, type SourceEntry, type TsMorph } from './literal-reader.ts';
import { DecoratorOrigins } from './origin.ts';
import { toOptionKey } from './mapping.ts';

/** Limits of the reader. */
export interface DecoratorReadLimits {
  /** Largest accepted input, in UTF-16 code units. */
  readonly maxInputSize: number;
  /** Deepest nesting of literals. */
  readonly maxDepth: number;
}

/** Default limits (a definition is a few hundred lines). */
export const DEFAULT_DECORATOR_LIMITS: DecoratorReadLimits = { maxInputSize: MAX_SOURCE_BYTES, maxDepth: 32 };

let project: Project | undefined;

/** Most syntax errors reported for one file. */
const MAX_SYNTAX_ERRORS = 10;

/**
 * Reads the device class of `text` (display path `file`). Problems are reported to `sink`;
 * the value is undefined when no device could be read.
 */
export function readDecorators(file: string, text: string, sink: DiagnosticSink, limits: DecoratorReadLimits = DEFAULT_DECORATOR_LIMITS): DefinitionValue {
  const index = new LineIndex(text.length > limits.maxInputSize ? '' : text);
  let entries: ReadonlyMap<string, SourceEntry> = new Map();
  const result = (value: unknown): DefinitionValue => ({
    value,
    file,
    spanOf: (path) => spanByPath(file, path, (key) => entries.get(key)?.span),
    keySpanOf(path) {
      return entries.get(pathKey(path))?.key ?? this.spanOf(path);
    },
    literalAt: (path) => entries.get(pathKey(path))?.literal,
    spellKey: toOptionKey,
  });
  if (text.length > limits.maxInputSize) {
    sink.report('input-too-large', pointSpan(file), { size: text.length, limit: limits.maxInputSize });
    return result(undefined);
  }

  const tsm = loadTsMorph();
  project ??= new tsm.Project({ useInMemoryFileSystem: true, compilerOptions: { target: tsm.ts.ScriptTarget.ES2022, noLib: true } });
  let sf: SourceFile | undefined;
  try {
    sf = project.createSourceFile(`/def-${Math.random().toString(36).slice(2)}.ts`, text, { overwrite: true });
    if (reportSyntaxErrors(tsm, sf, file, index, sink)) return result(undefined);
    const lit = new LiteralReader(tsm, file, index, sink, limits.maxDepth);
    entries = lit.entries;
    const origins = new DecoratorOrigins(tsm, sf, lit, sink);
    const decorators = sf.getDescendantsOfKind(tsm.SyntaxKind.Decorator);
    for (const d of decorators) origins.nameOf(d);
    // Only a top-level class can be the device: a nested one is reported, never read instead.
    const devices = sf.getClasses().filter((c) => c.getDecorators().some((d) => origins.nameOf(d) === 'Device'));
    const device = devices[0];
    for (const extra of devices.slice(1)) {
      sink.report('decorator-multiple-devices', lit.spanOf(extra.getNameNode() ?? extra), { name: q(extra.getName() ?? '(anonymous)') });
    }
    // A file with no @Device at all is one problem (no device), not one per decorator.
    const anyDevice = decorators.some((d) => origins.nameOf(d) === 'Device');
    for (const d of decorators) {
      const name = origins.nameOf(d);
      if (name === undefined || !anyDevice || onDeviceClass(d, devices)) continue;
      sink.report('decorator-target', lit.spanOf(d), { name, target: describeTarget(tsm, d) });
    }
    if (!device) {
      // A `Device` that is not devgen's was reported by the origin check already.
      if (!anyDevice && !decorators.some((d) => d.getName() === 'Device')) sink.report('decorator-no-device', pointSpan(file), {});
      return result(undefined);
    }
    return result(new DeviceClassReader(tsm, file, lit, origins, sink).read(device));
  } catch (err) {
    // Pathological nesting can exhaust the parser's stack: that is bad input, not a bug.
    if (err instanceof RangeError) {
      sink.report('yaml-depth', pointSpan(file), { limit: limits.maxDepth });
      return result(undefined);
    }
    if (!(err instanceof TooDeep)) throw err;
    sink.report('yaml-depth', err.at, { limit: limits.maxDepth });
    return result(undefined);
  } finally {
    if (sf) project.removeSourceFile(sf);
  }
}

/** Reports the parser's syntax errors (the first few); true when there were any. */
function reportSyntaxErrors(tsm: TsMorph, sf: SourceFile, file: string, index: LineIndex, sink: DiagnosticSink): boolean {
  const parseErrors = (sf.compilerNode as unknown as { parseDiagnostics?: readonly Ts.Diagnostic[] }).parseDiagnostics ?? [];
  for (const d of parseErrors.slice(0, MAX_SYNTAX_ERRORS)) {
    const start = d.start ?? 0;
    sink.report('ts-syntax', spanFromRange(file, index, start, start + (d.length ?? 0)), { detail: tsm.ts.flattenDiagnosticMessageText(d.messageText, ' ') });
  }
  return parseErrors.length > 0;
}

/** True when `d` decorates one of the device classes (the first, or an extra one already reported) or a member of it. */
function onDeviceClass(d: Decorator, devices: readonly ClassDeclaration[]): boolean {
  const host = d.getParent();
  if (devices.some((c) => c === host)) return true;
  // A member decorator's host is the member, whose parent is the class.
  return devices.some((c) => c === host.getParent());
}

/** What a misplaced decorator sits on: "a function declaration `f`", "a nested class `C`", … */
function describeTarget(tsm: TsMorph, d: Decorator): string {
  const { Node } = tsm;
  const host = d.getParent();
  if (Node.isClassDeclaration(host) || Node.isClassExpression(host)) {
    const top = Node.isSourceFile(host.getParent());
    return `${top ? 'a class' : 'a nested class'} \`${host.getName() ?? '(anonymous)'}\`${top ? ' that is not the device class' : ''}`;
  }
  const owner = host.getParent();
  if (owner && (Node.isClassDeclaration(owner) || Node.isClassExpression(owner))) return `a member of \`${owner.getName() ?? '(anonymous)'}\`, which is not the device class`;
  const named = (host as unknown as { getName?: () => string | undefined }).getName?.();
  const kind = host.getKindName().replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return named ? `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} \`${named}\`` : describeNode(host).replace(/ `[^`]*`$/, '');
}
