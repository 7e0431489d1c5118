/** name-field-case: field names are UPPER_CASE, as QEMU's FIELD() writes them. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

const UPPER = /^[A-Z][A-Z0-9_]*$/;

/** Implicit whole-register fields take the register's name, which name-register-case checks. */
export const nameFieldCase = createRule({
  id: 'name-field-case',
  create: (ctx) => ({
    enterField(field, path) {
      const reg = path[path.length - 1];
      if (field.implicit || reg?.kind !== 'register' || UPPER.test(field.name)) return;
      ctx.report(field.span, { name: q(field.name), register: q(reg.name) });
    },
  }),
});
