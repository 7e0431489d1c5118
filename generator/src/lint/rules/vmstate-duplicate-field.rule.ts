/** vmstate-duplicate-field: one state field migrated twice (in two sections or twice in one). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { vmFieldsWithSection } from '../vmstate-facts.ts';

/** Loading would apply the field twice, and the stream carries it twice. */
export const vmstateDuplicateField = createRule({
  id: 'vmstate-duplicate-field',
  create: (ctx) => ({
    enterVmState(vm) {
      const first = new Map<string, string>();
      for (const { field, section } of vmFieldsWithSection(vm)) {
        if (field.source.kind !== 'state') continue;
        const prev = first.get(field.source.field);
        if (prev === undefined) first.set(field.source.field, section);
        else ctx.report(field.span, { name: q(field.source.field), first: q(prev), second: q(section) });
      }
      return 'skip';
    },
  }),
});
