/** array-stride-mismatch: register arrays whose stride differs from the element size (SystemRDL sparse-array warning). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { registerBytes } from '../helpers.ts';

/** Reports arrays with stride != element size (smaller strides are overlaps, which the checks reject). */
export const arrayStrideMismatch = createRule({
  id: 'array-stride-mismatch',
  create: (ctx) => ({
    enterRegister(reg) {
      if (!reg.array || reg.array.stride === registerBytes(reg)) return;
      ctx.report(reg.array.span, { name: q(reg.name), stride: reg.array.stride, size: registerBytes(reg) });
    },
  }),
});
