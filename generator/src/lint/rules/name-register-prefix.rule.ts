/** name-register-prefix: register names that repeat the device name (SVDConv M303). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** "PL011_CR" in device pl011 is just "CR": generated code already scopes it by device. */
export const nameRegisterPrefix = createRule({
  id: 'name-register-prefix',
  create: (ctx) => ({
    enterRegister(reg) {
      const prefix = `${ctx.device.name.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_`;
      if (reg.name.toUpperCase().startsWith(prefix)) ctx.report(reg.span, { name: q(reg.name), device: q(ctx.device.name) });
    },
  }),
});
