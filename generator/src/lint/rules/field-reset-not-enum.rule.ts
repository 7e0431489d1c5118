/** field-reset-not-enum: a field with enum values whose reset value is none of them. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { fieldReset } from '../helpers.ts';

/** Checks the reset of the first element (array elements share their fields). */
export const fieldResetNotEnum = createRule({
  id: 'field-reset-not-enum',
  create: (ctx) => ({
    enterRegister(reg) {
      for (const f of reg.fields) {
        if (f.enums.length === 0) continue;
        const values = new Set(f.enums.map((e) => e.value));
        const v = fieldReset(reg, f);
        if (!values.has(v)) ctx.report(f.span, { field: q(f.name), name: q(reg.name), value: `0x${v.toString(16)}` });
      }
      return 'skip';
    },
  }),
});
