/** vmstate-needed-hook-missing: a `needed: { hook }` condition the behaviour file does not define. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { codeOf, mentions } from '../helpers.ts';

/** Without the hook the subsection's `needed` cannot be evaluated (QEMU: a NULL needed sends always). */
export const vmstateNeededHookMissing = createRule({
  id: 'vmstate-needed-hook-missing',
  create: (ctx) => ({
    enterVmSubsection(sub) {
      if (sub.needed.kind !== 'hook') return 'skip';
      const code = ctx.behaviorText === undefined ? '' : codeOf(ctx.device, ctx.behaviorText);
      if (!mentions(code, [sub.needed.hook])) ctx.report(sub.needed.span, { name: q(sub.name), hook: q(sub.needed.hook) });
      return 'skip';
    },
  }),
});
