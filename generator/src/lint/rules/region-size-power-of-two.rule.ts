/** region-size-power-of-two: MMIO regions whose size is not a power of two. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { hexOffset } from '../helpers.ts';

/** Reports regions with a size that is not 2^n. */
export const regionSizePowerOfTwo = createRule({
  id: 'region-size-power-of-two',
  create: (ctx) => ({
    enterRegion(region) {
      const s = region.size;
      if (s > 0 && (s & (s - 1)) === 0) return;
      ctx.report(region.span, { name: q(region.name), size: hexOffset(s) });
    },
  }),
});
