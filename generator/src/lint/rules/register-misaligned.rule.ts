/** register-misaligned: registers at an offset that is not a multiple of their size (SystemRDL strict self-alignment). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { hexOffset, registerBytes, registerRanges } from '../helpers.ts';

/** Reports the first misaligned element of each register. */
export const registerMisaligned = createRule({
  id: 'register-misaligned',
  create: (ctx) => ({
    enterRegister(reg) {
      const size = registerBytes(reg);
      const bad = registerRanges(reg).find((e) => e.start % size !== 0);
      if (!bad) return;
      const what = bad.index === undefined ? `register ${q(reg.name)}` : `element ${bad.index} of register array ${q(reg.name)}`;
      ctx.report(reg.span, { what, offset: hexOffset(bad.start), size });
    },
  }),
});
