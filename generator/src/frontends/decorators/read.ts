/**
 * Stage 1 of the decorator front end: TypeScript text → the same plain value a YAML definition
 * reads to (format v1 keys, bigint integers), plus a table from every value path back to the
 * decorator, key or literal it came from. The file is parsed with ts-morph and never executed.
 *
 * Producing the YAML value (rather than a second IR builder) is what makes both front ends
 * lower to the same IR: the shape check (zod schema), the number rules, lowering and every
 * semantic check and lint rule are shared, and each points at the TypeScript line.
 *
 * ts-morph is loaded lazily on first use (createRequire): `devgen generate` answered from the
 * cache (cache.ts) never pays its start-up cost.
 */
import { createRequire } from 'node:module';
import { basename } from 'node:path/posix';
import type { ClassDeclaration, Decorator, Node as TsNode, Project } from 'ts-morph';
import type { Span } from '../../ir/ir.ts';
import { didYouMean, q, type DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import { LineIndex } from '../../source/line-index.ts';
import { pointSpan, spanFromRange } from '../../source/span.ts';
import type { ScalarLiteral } from '../../schema/numbers.ts';
import { pathKey, spanByPath, type ReadYaml, type ValuePath } from '../yaml/read.ts';
import { CLASS_DECORATORS, MEMBER_DECORATORS, toYamlKey } from './shape.ts';

/** Limits of the reader. */
export interface DecoratorReadLimits {
  /** Largest accepted input, in UTF-16 code units. */
  readonly maxInputSize: number;
  /** Deepest nesting of literals. */
  readonly maxDepth: number;
}

/** Default limits (a definition is a few hundred lines). */
export const DEFAULT_DECORATOR_LIMITS: DecoratorReadLimits = { maxInputSize: 1024 * 1024, maxDepth: 32 };

type TsMorph = typeof import('ts-morph');
let tsMorph: TsMorph | undefined;

/** ts-morph, loaded on first use only. */
export function loadTsMorph(): TsMorph {
  tsMorph ??= createRequire(import.meta.url)('ts-morph') as TsMorph;
  return tsMorph;
}

let project: Project | undefined;

/** Most syntax errors reported for one file. */
const MAX_SYNTAX_ERRORS = 10;

interface Entry {
  readonly span: Span;
  readonly key: Span | undefined;
  readonly literal: ScalarLiteral | undefined;
}

/** Thrown internally when literals nest deeper than the limit; caught in readDecorators. */
class TooDeep {
  constructor(readonly at: Span) {}
}

/**
 * Reads the device class of `text` (display path `file`). Problems are reported to `sink`;
 * the value is undefined when no device could be read.
 */
export function readDecorators(file: string, text: string, sink: DiagnosticSink, limits: DecoratorReadLimits = DEFAULT_DECORATOR_LIMITS): ReadYaml {
  const index = new LineIndex(text.length > limits.maxInputSize ? '' : text);
  const entries = new Map<string, Entry>();
  const result = (value: unknown): ReadYaml => ({
    value,
    file,
    index,
    spanOf(path) {
      return spanByPath(file, path, (key) => entries.get(key)?.span);
    },
    keySpanOf(path) {
      return entries.get(pathKey(path))?.key ?? this.spanOf(path);
    },
    literalAt(path) {
      return entries.get(pathKey(path))?.literal;
    },
  });
  if (text.length > limits.maxInputSize) {
    sink.report('input-too-large', pointSpan(file), { size: text.length, limit: limits.maxInputSize });
    return result(undefined);
  }

  const { Node, SyntaxKind, ts } = loadTsMorph();
  project ??= new (loadTsMorph().Project)({ useInMemoryFileSystem: true, compilerOptions: { target: ts.ScriptTarget.ES2022, noLib: true } });
  let sf: import('ts-morph').SourceFile | undefined;
  try {
    sf = project.createSourceFile(`/def-${Math.random().toString(36).slice(2)}.ts`, text, { overwrite: true });
    const spanOf = (n: TsNode): Span => spanFromRange(file, index, n.getStart(), n.getEnd());
    const parseErrors = (sf.compilerNode as unknown as { parseDiagnostics?: readonly import('ts-morph').ts.Diagnostic[] }).parseDiagnostics ?? [];
    for (const d of parseErrors.slice(0, MAX_SYNTAX_ERRORS)) {
      const start = d.start ?? 0;
      sink.report('ts-syntax', spanFromRange(file, index, start, start + (d.length ?? 0)), { detail: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
    }
    if (parseErrors.length) return result(undefined);

    const devices = sf.getDescendantsOfKind(SyntaxKind.ClassDeclaration).filter((c) => c.getDecorators().some((d) => d.getName() === 'Device'));
    if (devices.length === 0) {
      sink.report('decorator-no-device', pointSpan(file), {});
      return result(undefined);
    }
    for (const extra of devices.slice(1)) {
      sink.report('decorator-multiple-devices', spanOf(extra.getNameNode() ?? extra), { name: q(extra.getName() ?? '(anonymous)') });
    }
    const cls = devices[0]!;

    const record = (path: ValuePath, span: Span, key: Span | undefined, literal?: ScalarLiteral): void => {
      entries.set(pathKey(path), { span, key, literal });
    };

    /** Reads a literal expression; `undefined` (with a diagnostic) when it is not one. */
    const literal = (node: TsNode, path: (string | number)[], key: Span | undefined): unknown => {
      if (path.length > limits.maxDepth) throw new TooDeep(spanOf(node));
      let n = node;
      while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isNonNullExpression(n)) n = n.getExpression();
      const span = spanOf(n);
      if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) {
        const value = n.getLiteralValue();
        record(path, span, key, { value, text: value, style: 'quoted' });
        return value;
      }
      const numeric = (lit: TsNode, negative: boolean): unknown => {
        const raw = lit.getText().replace(/n$/, '').replace(/_/g, '');
        const sign = negative ? '-' : '';
        const isFloat = !/^0[xXbBoO]/.test(raw) && /[.eE]/.test(raw);
        const value = isFloat ? Number(sign + raw) : negative ? -BigInt(raw) : BigInt(raw);
        record(path, span, key, { value, text: sign + raw, style: 'plain' });
        return value;
      };
      if (Node.isNumericLiteral(n) || Node.isBigIntLiteral(n)) return numeric(n, false);
      if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.MinusToken) {
        const operand = n.getOperand();
        if (Node.isNumericLiteral(operand) || Node.isBigIntLiteral(operand)) return numeric(operand, true);
      }
      if (Node.isTrueLiteral(n) || Node.isFalseLiteral(n)) {
        const value = Node.isTrueLiteral(n);
        record(path, span, key, { value, text: String(value), style: 'plain' });
        return value;
      }
      if (Node.isArrayLiteralExpression(n)) {
        record(path, span, key);
        return n.getElements().map((el, i) => literal(el, [...path, i], undefined));
      }
      if (Node.isObjectLiteralExpression(n)) {
        record(path, span, key);
        const obj: Record<string, unknown> = {};
        const inArgs = path[path.length - 1] === 'args';
        for (const prop of n.getProperties()) {
          if (!Node.isPropertyAssignment(prop)) {
            sink.report('decorator-not-literal', spanOf(prop), { found: describeNode(prop) });
            continue;
          }
          const nameNode = prop.getNameNode();
          if (!(Node.isIdentifier(nameNode) || Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode))) {
            sink.report('decorator-not-literal', spanOf(nameNode), { found: describeNode(nameNode) });
            continue;
          }
          const written = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText();
          const k = inArgs ? written : toYamlKey(written);
          if (Object.prototype.hasOwnProperty.call(obj, k)) {
            sink.report('decorator-duplicate-key', spanOf(nameNode), { key: q(written) });
            continue;
          }
          const init = prop.getInitializer();
          if (!init) continue;
          Object.defineProperty(obj, k, { value: literal(init, [...path, k], spanOf(nameNode)), enumerable: true, writable: true, configurable: true });
        }
        return obj;
      }
      sink.report('decorator-not-literal', span, { found: describeNode(n) });
      record(path, span, key);
      return null;
    };

    /** The single options literal of a decorator, or undefined (with a diagnostic). */
    const options = (d: Decorator): TsNode | undefined => {
      if (!d.isDecoratorFactory()) {
        sink.report('decorator-arguments', spanOf(d), { name: d.getName(), detail: 'it is used without a call' });
        return undefined;
      }
      const args = d.getArguments();
      if (args.length !== 1) {
        sink.report('decorator-arguments', spanOf(d), { name: d.getName(), detail: `it was given ${args.length} arguments` });
        return undefined;
      }
      let a = args[0]!;
      while (Node.isParenthesizedExpression(a) || Node.isAsExpression(a) || Node.isSatisfiesExpression(a)) a = a.getExpression();
      if (!Node.isObjectLiteralExpression(a)) {
        sink.report('decorator-arguments', spanOf(a), { name: d.getName(), detail: `found ${describeNode(a)}` });
        return undefined;
      }
      return a;
    };

    const value: Record<string, unknown> = {};
    const lists = new Map<string, unknown[]>();
    const push = (listPath: ValuePath, item: unknown): number => {
      const k = pathKey(listPath);
      let list = lists.get(k);
      if (!list) {
        list = [];
        lists.set(k, list);
        setAt(value, listPath, list);
      }
      list.push(item);
      return list.length - 1;
    };
    const seen = new Map<string, Decorator>();
    const once = (d: Decorator, where: string, scope: string): boolean => {
      const k = `${scope}\u0000${d.getName()}`;
      if (seen.has(k)) {
        sink.report('decorator-duplicate', spanOf(d), { name: d.getName(), where });
        return false;
      }
      seen.set(k, d);
      return true;
    };

    record([], spanOf(cls.getNameNode() ?? cls), undefined);
    record(['devgen'], spanOf(cls.getNameNode() ?? cls), undefined, { value: 1n, text: '1', style: 'plain' });
    value.devgen = 1n;

    for (const d of cls.getDecorators()) {
      const name = d.getName();
      const target = CLASS_DECORATORS[name];
      if (!target) {
        if (MEMBER_DECORATORS.has(name)) sink.report('decorator-placement', spanOf(d), { name, detail: 'belongs on a member of the device class (e.g. `static DR: Decl`), not on the class' });
        else sink.report('decorator-unknown', spanOf(d), { name: q(name), hint: didYouMean(name, [...Object.keys(CLASS_DECORATORS), ...MEMBER_DECORATORS]) });
        continue;
      }
      if (target.single && !once(d, 'per device', 'class')) continue;
      const arg = options(d);
      if (!arg) continue;
      if (target.under && value[target.under[0]!] === undefined) {
        sink.report('decorator-placement', spanOf(d), { name, detail: `needs @${target.needs} above it` });
        continue;
      }
      let path: (string | number)[];
      if (target.single) path = [...target.path];
      else {
        const listPath = target.path;
        const at = push(listPath, undefined);
        path = [...listPath, at];
      }
      const obj = literal(arg, path, undefined) as Record<string, unknown>;
      if (name === 'Device' && obj.behavior === undefined) obj.behavior = basename(file);
      if (name === 'Vmstate') {
        // @VmSubsection / @VmStruct below append to the lists an inline literal started.
        for (const k of ['subsections', 'structs']) if (Array.isArray(obj[k])) lists.set(pathKey(['vmstate', k]), obj[k] as unknown[]);
      }
      entries.set(pathKey(path), { span: spanOf(d), key: undefined, literal: undefined });
      setAt(value, path, obj);
    }

    for (const member of cls.getMembers()) {
      if (!Node.isDecoratable(member)) continue;
      const decorators = member.getDecorators();
      if (decorators.length === 0) continue;
      const nameNode = (member as unknown as { getNameNode?: () => TsNode }).getNameNode?.();
      const memberName = nameNode ? nameNode.getText().replace(/^['"]|['"]$/g, '') : '';
      const memberKey = nameNode ? spanOf(nameNode) : spanOf(member);
      let registerPath: (string | number)[] | undefined;
      const fields: Decorator[] = [];
      for (const d of decorators) {
        const name = d.getName();
        if (!MEMBER_DECORATORS.has(name)) {
          if (CLASS_DECORATORS[name]) sink.report('decorator-placement', spanOf(d), { name, detail: 'belongs on the device class, not on a member' });
          else sink.report('decorator-unknown', spanOf(d), { name: q(name), hint: didYouMean(name, [...Object.keys(CLASS_DECORATORS), ...MEMBER_DECORATORS]) });
          continue;
        }
        if (name === 'Field') {
          fields.push(d);
          continue;
        }
        if (!once(d, 'per member', `member:${memberName}`)) continue;
        const arg = options(d);
        if (!arg) continue;
        const listPath = name === 'Register' ? ['registers'] : ['state'];
        const path = [...listPath, push(listPath, undefined)];
        const obj = literal(arg, path, undefined) as Record<string, unknown>;
        entries.set(pathKey(path), { span: spanOf(d), key: undefined, literal: undefined });
        if (obj.name === undefined) {
          // Member name first, like the `name:` key that leads a YAML entry.
          const named: Record<string, unknown> = { name: memberName, ...obj };
          record([...path, 'name'], memberKey, memberKey, { value: memberName, text: memberName, style: 'quoted' });
          setAt(value, path, named);
        } else setAt(value, path, obj);
        if (name === 'Register') registerPath = path;
      }
      if (fields.length === 0) continue;
      if (!registerPath) {
        for (const f of fields) sink.report('decorator-placement', spanOf(f), { name: 'Field', detail: 'needs @Register on the same member' });
        continue;
      }
      const reg = getAt(value, registerPath) as Record<string, unknown>;
      if (reg.fields !== undefined) {
        sink.report('decorator-placement', spanOf(fields[0]!), { name: 'Field', detail: 'cannot be combined with `fields:` in the @Register options' });
        continue;
      }
      const list: unknown[] = [];
      reg.fields = list;
      record([...registerPath, 'fields'], spanOf(fields[0]!), undefined);
      for (const f of fields) {
        const arg = options(f);
        if (!arg) continue;
        const path = [...registerPath, 'fields', list.length];
        list.push(undefined);
        list[list.length - 1] = literal(arg, path, undefined);
        entries.set(pathKey(path), { span: spanOf(f), key: undefined, literal: undefined });
      }
    }
    // Lists whose entries failed to read keep a hole; drop them so the shape check sees entries only.
    for (const list of lists.values()) for (let i = list.length - 1; i >= 0; i--) if (list[i] === undefined) list.splice(i, 1);
    return result(value);
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

function setAt(root: Record<string, unknown>, path: ValuePath, v: unknown): void {
  let cur: Record<string | number, unknown> = root;
  for (const p of path.slice(0, -1)) {
    cur[p] ??= {};
    cur = cur[p] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = v;
}

function getAt(root: unknown, path: ValuePath): unknown {
  let cur = root;
  for (const p of path) cur = (cur as Record<string | number, unknown>)[p];
  return cur;
}

/** "a call expression `foo()`", shortened. */
function describeNode(n: TsNode): string {
  const text = n.getText().replace(/\s+/g, ' ');
  const shown = text.length > 30 ? `${text.slice(0, 27)}...` : text;
  const kind = n.getKindName().replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} \`${shown}\``;
}
