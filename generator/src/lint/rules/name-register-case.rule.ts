/** name-register-case: register names are UPPER_CASE, as QEMU's REG32() and datasheets write them. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

const UPPER = /^[A-Z][A-Z0-9_]*$/;

/** Reports registers with lower-case letters or other characters. */
export const nameRegisterCase = createRule({
  id: 'name-register-case',
  create: (ctx) => ({
    enterRegister(reg) {
      if (!UPPER.test(reg.name)) ctx.report(reg.span, { name: q(reg.name) });
    },
  }),
});
