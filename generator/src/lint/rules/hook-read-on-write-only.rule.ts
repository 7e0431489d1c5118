/** hook-read-on-write-only: a read hook on a register whose fields are all write-only. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { isWriteOnly } from '../helpers.ts';

/** Reads of a write-only register are guest errors; a hook there contradicts the access. */
export const hookReadOnWriteOnly = createRule({
  id: 'hook-read-on-write-only',
  create: (ctx) => ({
    enterRegister(reg) {
      if (reg.hooks.includes('read') && reg.fields.length > 0 && reg.fields.every((f) => isWriteOnly(f.access))) {
        ctx.report(reg.span, { name: q(reg.name) });
      }
      return 'skip';
    },
  }),
});
