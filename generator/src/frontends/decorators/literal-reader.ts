/**
 * Reads decorator arguments without running them: a TypeScript literal expression (numbers,
 * bigints, strings, booleans, arrays, object literals) → the plain value it denotes, with every
 * path of that value recorded against the node it came from (its span, the span of its key,
 * and for scalars the source spelling the number rules need). Option keys are stored in their
 * format v1 spelling (mapping.ts).
 */
import type { Decorator, Node as TsNode, ObjectLiteralExpression } from 'ts-morph';
import type { Span } from '../../ir/ir.ts';
import { q, type DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import type { LineIndex } from '../../source/line-index.ts';
import { spanFromRange } from '../../source/span.ts';
import type { ScalarLiteral } from '../../schema/numbers.ts';
import { pathKey, type ValuePath } from '../../format-v1/definition-value.ts';
import { toYamlKey } from './mapping.ts';

/** The ts-morph module (loaded lazily by read.ts). */
import type { TsMorph } from '../../source/ts-morph-loader.ts';

export type { TsMorph };

/** What a value path came from. */
export interface SourceEntry {
  readonly span: Span;
  readonly key: Span | undefined;
  readonly literal: ScalarLiteral | undefined;
}

/** Thrown when literals nest deeper than the limit; readDecorators turns it into a diagnostic. */
export class TooDeep {
  constructor(readonly at: Span) {}
}

/** Literal reading over one source file; `entries` is the path → source table it fills. */
export class LiteralReader {
  /** Source of every value path read so far, by pathKey. */
  readonly entries = new Map<string, SourceEntry>();

  constructor(
    private readonly tsm: TsMorph,
    private readonly file: string,
    private readonly index: LineIndex,
    private readonly sink: DiagnosticSink,
    private readonly maxDepth: number,
  ) {}

  /** Span of a node. */
  spanOf(n: TsNode): Span {
    return spanFromRange(this.file, this.index, n.getStart(), n.getEnd());
  }

  /** Records the source of `path`. */
  record(path: ValuePath, span: Span, key: Span | undefined, literal?: ScalarLiteral): void {
    this.entries.set(pathKey(path), { span, key, literal });
  }

  /** Reads a literal expression; null (with a diagnostic) when it is not one. */
  literal(node: TsNode, path: (string | number)[], key: Span | undefined): unknown {
    const { Node, SyntaxKind } = this.tsm;
    if (path.length > this.maxDepth) throw new TooDeep(this.spanOf(node));
    let n = node;
    while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isNonNullExpression(n)) n = n.getExpression();
    const span = this.spanOf(n);
    if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) {
      const value = n.getLiteralValue();
      this.record(path, span, key, { value, text: value, style: 'quoted' });
      return value;
    }
    const numeric = (lit: TsNode, negative: boolean): unknown => {
      const raw = lit.getText().replace(/n$/, '').replace(/_/g, '');
      const sign = negative ? '-' : '';
      const isFloat = !/^0[xXbBoO]/.test(raw) && /[.eE]/.test(raw);
      const value = isFloat ? Number(sign + raw) : negative ? -BigInt(raw) : BigInt(raw);
      this.record(path, span, key, { value, text: sign + raw, style: 'plain' });
      return value;
    };
    if (Node.isNumericLiteral(n) || Node.isBigIntLiteral(n)) return numeric(n, false);
    if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.MinusToken) {
      const operand = n.getOperand();
      if (Node.isNumericLiteral(operand) || Node.isBigIntLiteral(operand)) return numeric(operand, true);
    }
    if (Node.isTrueLiteral(n) || Node.isFalseLiteral(n)) {
      const value = Node.isTrueLiteral(n);
      this.record(path, span, key, { value, text: String(value), style: 'plain' });
      return value;
    }
    if (Node.isArrayLiteralExpression(n)) {
      this.record(path, span, key);
      return n.getElements().map((el, i) => this.literal(el, [...path, i], undefined));
    }
    if (Node.isObjectLiteralExpression(n)) {
      this.record(path, span, key);
      return this.object(n, path);
    }
    this.sink.report('decorator-not-literal', span, { found: describeNode(n) });
    this.record(path, span, key);
    return null;
  }

  /** An object literal; keys become format keys, except the argument names of a trace event. */
  private object(n: ObjectLiteralExpression, path: (string | number)[]): Record<string, unknown> {
    const { Node } = this.tsm;
    const obj: Record<string, unknown> = {};
    const inArgs = path[path.length - 1] === 'args';
    for (const prop of n.getProperties()) {
      if (!Node.isPropertyAssignment(prop)) {
        this.sink.report('decorator-not-literal', this.spanOf(prop), { found: describeNode(prop) });
        continue;
      }
      const nameNode = prop.getNameNode();
      if (!(Node.isIdentifier(nameNode) || Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode))) {
        this.sink.report('decorator-not-literal', this.spanOf(nameNode), { found: describeNode(nameNode) });
        continue;
      }
      const written = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText();
      const k = inArgs ? written : toYamlKey(written);
      if (Object.prototype.hasOwnProperty.call(obj, k)) {
        this.sink.report('decorator-duplicate-key', this.spanOf(nameNode), { key: q(written) });
        continue;
      }
      const init = prop.getInitializer();
      if (!init) continue;
      Object.defineProperty(obj, k, { value: this.literal(init, [...path, k], this.spanOf(nameNode)), enumerable: true, writable: true, configurable: true });
    }
    return obj;
  }

  /** The single options literal of a decorator call, or undefined (with a diagnostic); `name` is the decorator's real name. */
  options(d: Decorator, name: string): TsNode | undefined {
    const { Node } = this.tsm;
    if (!d.isDecoratorFactory()) {
      this.sink.report('decorator-arguments', this.spanOf(d), { name, detail: 'it is used without a call' });
      return undefined;
    }
    const args = d.getArguments();
    if (args.length !== 1) {
      this.sink.report('decorator-arguments', this.spanOf(d), { name, detail: `it was given ${args.length} arguments` });
      return undefined;
    }
    let a = args[0]!;
    while (Node.isParenthesizedExpression(a) || Node.isAsExpression(a) || Node.isSatisfiesExpression(a)) a = a.getExpression();
    if (!Node.isObjectLiteralExpression(a)) {
      this.sink.report('decorator-arguments', this.spanOf(a), { name, detail: `found ${describeNode(a)}` });
      return undefined;
    }
    return a;
  }
}

/** "a call expression `foo()`", shortened. */
export function describeNode(n: TsNode): string {
  const text = n.getText().replace(/\s+/g, ' ');
  const shown = text.length > 30 ? `${text.slice(0, 27)}...` : text;
  const kind = n.getKindName().replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} \`${shown}\``;
}
