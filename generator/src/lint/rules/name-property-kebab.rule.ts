/** name-property-kebab: qdev property names are kebab-case ("migrate-clk"). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Reports properties with upper-case letters, '_' or other separators. */
export const namePropertyKebab = createRule({
  id: 'name-property-kebab',
  create: (ctx) => ({
    enterProperty(p) {
      if (!KEBAB.test(p.name)) ctx.report(p.span, { name: q(p.name) });
    },
  }),
});
