/** field-read-effect-no-storage: clear/set-on-read fields of a register without state to change. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { fieldLabel, hasReadEffect } from '../helpers.ts';

/** Read side effects (RC, RS, WRC, …) need storage or a read hook that implements them. */
export const fieldReadEffectNoStorage = createRule({
  id: 'field-read-effect-no-storage',
  create: (ctx) => ({
    enterRegister(reg) {
      if (reg.storage !== undefined || reg.hooks.includes('read')) return 'skip';
      for (const f of reg.fields) {
        if (hasReadEffect(f.access)) ctx.report(f.span, { field: fieldLabel(f), name: q(reg.name), access: f.access });
      }
      return 'skip';
    },
  }),
});
