/** name-enum-case: enum value names are UPPER_CASE constants. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

const UPPER = /^[A-Z][A-Z0-9_]*$/;

/** Reports enum values with lower-case letters or other characters. */
export const nameEnumCase = createRule({
  id: 'name-enum-case',
  create: (ctx) => ({
    enterEnumValue(e, path) {
      const field = path[path.length - 1];
      if (UPPER.test(e.name) || field?.kind !== 'field') return;
      ctx.report(e.span, { name: q(e.name), field: q(field.name) });
    },
  }),
});
