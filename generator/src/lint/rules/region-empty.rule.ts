/** region-empty: a region without registers (SystemRDL: addrmap with no children). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** Reports regions no register belongs to. */
export const regionEmpty = createRule({
  id: 'region-empty',
  create: (ctx) => ({
    enterRegion(region) {
      if (ctx.device.registers.some((r) => r.region === region.name) || ctx.device.blocks.some((b) => b.region === region.name)) return;
      ctx.report(region.span, { name: q(region.name) });
    },
  }),
});
