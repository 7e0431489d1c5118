/** reserved-field-writable: fields named as reserved (RSVD, RES, RESERVED…) that software can write. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { isWritable } from '../helpers.ts';

const RESERVED = /^(RSVD|RES|RESERVED|RESV)\d*$/i;

/** Reserved bits are read-only unless the model really keeps what is written (then waive it). */
export const reservedFieldWritable = createRule({
  id: 'reserved-field-writable',
  create: (ctx) => ({
    enterField(field, path) {
      const reg = path[path.length - 1];
      if (reg?.kind !== 'register' || !RESERVED.test(field.name) || !isWritable(field.access)) return;
      ctx.report(field.span, { field: q(field.name), name: q(reg.name), access: field.access });
    },
  }),
});
