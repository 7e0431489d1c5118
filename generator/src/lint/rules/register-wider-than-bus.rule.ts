/** register-wider-than-bus: a register wider than the largest access its region accepts. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** Compares each register width with its region's valid.max. */
export const registerWiderThanBus = createRule({
  id: 'register-wider-than-bus',
  create: (ctx) => ({
    enterRegister(reg) {
      const region = ctx.device.regions.find((r) => r.name === reg.region);
      if (!region || reg.width / 8 <= region.valid.max) return;
      ctx.report(reg.span, { name: q(reg.name), width: reg.width, region: q(region.name), max: region.valid.max });
    },
  }),
});
