/**
 * Helpers over value-expression IR nodes (`ValueExprNodeIR`): the property references an
 * expression makes, and evaluation with given property values. Front-end neutral.
 */
import type { ValueExprNodeIR } from './ir.ts';

/** Property names an expression refers to, with their nodes (for checks). */
export function exprProperties(root: ValueExprNodeIR): Extract<ValueExprNodeIR, { kind: 'property' }>[] {
  switch (root.kind) {
    case 'int': return [];
    case 'property': return [root];
    case 'unary': return exprProperties(root.operand);
    case 'binary': return [...exprProperties(root.left), ...exprProperties(root.right)];
  }
}

/** Evaluates an expression with property values (bool → 0/1) in unbounded integers. */
export function evalValueExpr(root: ValueExprNodeIR, prop: (name: string) => bigint): bigint {
  switch (root.kind) {
    case 'int': return root.value;
    case 'property': return prop(root.property);
    case 'unary': return root.op === '~' ? ~evalValueExpr(root.operand, prop) : -evalValueExpr(root.operand, prop);
    case 'binary': {
      const a = evalValueExpr(root.left, prop);
      const b = evalValueExpr(root.right, prop);
      switch (root.op) {
        case '|': return a | b;
        case '^': return a ^ b;
        case '&': return a & b;
        case '<<': return a << b;
        case '>>': return a >> b;
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
      }
    }
  }
}
