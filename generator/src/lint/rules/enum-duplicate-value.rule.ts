/** enum-duplicate-value: two enum names with the same value (SVDConv M333). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** Reports the second and later names of a value. */
export const enumDuplicateValue = createRule({
  id: 'enum-duplicate-value',
  create: (ctx) => ({
    enterField(field) {
      const seen = new Map<bigint, string>();
      for (const e of field.enums) {
        const first = seen.get(e.value);
        if (first !== undefined) ctx.report(e.span, { name: q(first), other: q(e.name), field: q(field.name), value: e.value });
        else seen.set(e.value, e.name);
      }
      return 'skip';
    },
  }),
});
