/** field-write-no-effect: writable fields of a register with nowhere to put the value. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { fieldLabel, isWritable } from '../helpers.ts';

/** A register without storage or a write hook turns every write into a no-op. */
export const fieldWriteNoEffect = createRule({
  id: 'field-write-no-effect',
  create: (ctx) => ({
    enterRegister(reg) {
      if (reg.storage !== undefined || reg.hooks.includes('write') || reg.ignoreWrites) return 'skip';
      for (const f of reg.fields) {
        if (isWritable(f.access)) ctx.report(f.span, { field: fieldLabel(f), name: q(reg.name), access: f.access });
      }
      return 'skip';
    },
  }),
});
