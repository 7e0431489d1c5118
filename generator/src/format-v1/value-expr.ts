/**
 * Value expressions of the definition format (`reset: { expr: "..." }`): integers (decimal,
 * 0x hex, 0b binary, `_` separators), `${property}` references, unary `~` `-`, binary
 * `* + - << >> & ^ |` with C precedence, and parentheses. Parsed at generation time into IR
 * nodes whose spans point at the exact characters inside the definition, so a syntax error
 * (or, in sema, an unknown property) is reported where it is. Recursive descent, bounded depth.
 */
import type { Span, ValueBinaryOp, ValueExprNodeIR } from '../ir/ir.ts';
import { parseQuoted } from '../schema/numbers.ts';

/** A syntax error at character range [start, end) of the expression text. */
export interface ExprSyntaxError {
  readonly detail: string;
  readonly start: number;
  readonly end: number;
}

/** Result of {@link parseValueExpr}. */
export type ExprParseResult = { readonly ok: true; readonly root: ValueExprNodeIR } | { readonly ok: false; readonly error: ExprSyntaxError };

/** Maps a character range of the expression text to a span in the definition. */
export type ExprSpanOf = (start: number, end: number) => Span;

type Token =
  | { readonly kind: 'int'; readonly value: bigint; readonly start: number; readonly end: number }
  | { readonly kind: 'prop'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'op'; readonly op: string; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly start: number; readonly end: number };

class SyntaxFailure {
  constructor(readonly error: ExprSyntaxError) {}
}

const MAX_DEPTH = 64;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '$') {
      const m = /^\$\{([^}]*)\}/.exec(text.slice(i));
      if (!m) throw new SyntaxFailure({ detail: "'$' must start a property reference such as ${timers}", start: i, end: i + 1 });
      const name = m[1]!.trim();
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
        throw new SyntaxFailure({ detail: `${JSON.stringify(m[1])} is not a property name`, start: i, end: i + m[0].length });
      }
      out.push({ kind: 'prop', name, start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9A-Za-z_]+/.exec(text.slice(i))!;
      const v = /^0[0-9]/.test(m[0]) ? undefined : parseQuoted(m[0]);
      if (v === undefined) throw new SyntaxFailure({ detail: `${m[0]} is not a number (decimal, 0x hex or 0b binary)`, start: i, end: i + m[0].length });
      out.push({ kind: 'int', value: v, start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<<' || two === '>>') {
      out.push({ kind: 'op', op: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if ('|&^~+-*()'.includes(c)) {
      out.push({ kind: 'op', op: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    throw new SyntaxFailure({ detail: `unexpected character ${JSON.stringify(c)}`, start: i, end: i + 1 });
  }
  out.push({ kind: 'end', start: text.length, end: text.length });
  return out;
}

/** Binary operators by precedence level, lowest first (C order). */
const LEVELS: readonly (readonly ValueBinaryOp[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*']];

/** Parses `text`; `spanOf` positions nodes. Never throws for bad input. */
export function parseValueExpr(text: string, spanOf: ExprSpanOf): ExprParseResult {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: e.error };
    throw e;
  }
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const span = (start: number, end: number): Span => spanOf(start, end);
  const startOf = (n: ValueExprNodeIR): number => starts.get(n) ?? 0;
  const endOf = (n: ValueExprNodeIR): number => ends.get(n) ?? 0;
  const starts = new Map<ValueExprNodeIR, number>();
  const ends = new Map<ValueExprNodeIR, number>();
  const mark = <N extends ValueExprNodeIR>(n: N, start: number, end: number): N => {
    starts.set(n, start);
    ends.set(n, end);
    return n;
  };
  const fail = (t: Token, what: string): never => {
    const found = t.kind === 'end' ? 'the end of the expression' : t.kind === 'op' ? `'${t.op}'` : t.kind === 'int' ? 'a number' : 'a property reference';
    throw new SyntaxFailure({ detail: `expected ${what}, found ${found}`, start: t.start, end: Math.max(t.end, t.start + 1) });
  };

  const binary = (level: number, depth: number): ValueExprNodeIR => {
    if (level === LEVELS.length) return unary(depth);
    let left = binary(level + 1, depth);
    for (;;) {
      const t = peek();
      if (t.kind !== 'op' || !LEVELS[level]!.includes(t.op as ValueBinaryOp)) return left;
      pos++;
      const right = binary(level + 1, depth);
      const s = startOf(left);
      const e = endOf(right);
      left = mark({ kind: 'binary', op: t.op as ValueBinaryOp, left, right, span: span(s, e) }, s, e);
    }
  };
  const unary = (depth: number): ValueExprNodeIR => {
    if (depth > MAX_DEPTH) fail(peek(), `an expression nested at most ${MAX_DEPTH} levels`);
    const t = peek();
    if (t.kind === 'op' && (t.op === '~' || t.op === '-')) {
      pos++;
      const operand = unary(depth + 1);
      return mark({ kind: 'unary', op: t.op, operand, span: span(t.start, endOf(operand)) }, t.start, endOf(operand));
    }
    return primary(depth);
  };
  const primary = (depth: number): ValueExprNodeIR => {
    const t = peek();
    if (t.kind === 'int') {
      pos++;
      return mark({ kind: 'int', value: t.value, span: span(t.start, t.end) }, t.start, t.end);
    }
    if (t.kind === 'prop') {
      pos++;
      return mark({ kind: 'property', property: t.name, span: span(t.start, t.end) }, t.start, t.end);
    }
    if (t.kind === 'op' && t.op === '(') {
      pos++;
      const inner = binary(0, depth + 1);
      const close = peek();
      if (close.kind !== 'op' || close.op !== ')') fail(close, "')'");
      pos++;
      return inner;
    }
    return fail(t, 'a number, ${property} or (');
  };

  try {
    const root = binary(0, 0);
    if (peek().kind !== 'end') fail(peek(), 'an operator or the end of the expression');
    return { ok: true, root };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: e.error };
    throw e;
  }
}
