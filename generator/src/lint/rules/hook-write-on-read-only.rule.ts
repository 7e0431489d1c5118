/** hook-write-on-read-only: a write or post-write hook on a register whose fields are all read-only. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { isReadOnly } from '../helpers.ts';

/** Writes to a read-only register never reach a hook meaningfully. */
export const hookWriteOnReadOnly = createRule({
  id: 'hook-write-on-read-only',
  create: (ctx) => ({
    enterRegister(reg) {
      const hook = reg.hooks.find((h) => h === 'write' || h === 'post-write');
      if (hook && reg.fields.length > 0 && reg.fields.every((f) => isReadOnly(f.access))) {
        ctx.report(reg.span, { name: q(reg.name), hook });
      }
      return 'skip';
    },
  }),
});
