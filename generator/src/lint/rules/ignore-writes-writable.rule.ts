/** ignore-writes-writable: `ignore-writes` on a register that has writable fields. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { fieldLabel, isWritable } from '../helpers.ts';

/** ignore-writes silences writes to registers *without* writable bits; with them it hides a bug. */
export const ignoreWritesWritable = createRule({
  id: 'ignore-writes-writable',
  create: (ctx) => ({
    enterRegister(reg) {
      if (!reg.ignoreWrites) return 'skip';
      for (const f of reg.fields) {
        if (isWritable(f.access)) ctx.report(f.span, { name: q(reg.name), field: fieldLabel(f), access: f.access });
      }
      return 'skip';
    },
  }),
});
