/** vmstate-subsection-name: subsections are named "<section>/<what>", as QEMU looks them up. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** QEMU only accepts a subsection whose name starts with its parent's name (vmstate_subsection_load). */
export const vmstateSubsectionName = createRule({
  id: 'vmstate-subsection-name',
  create: (ctx) => ({
    enterVmState(vm) {
      for (const sub of vm.subsections) {
        const prefix = `${vm.name}/`;
        if (!sub.name.startsWith(prefix) || sub.name.length === prefix.length) ctx.report(sub.span, { name: q(sub.name), prefix: q(prefix) });
      }
      return 'skip';
    },
  }),
});
