/** vmstate-since-redundant: `since` at or below the section's minimum version does nothing. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** Every accepted stream already has the field, so `since` misleads the reader. */
export const vmstateSinceRedundant = createRule({
  id: 'vmstate-since-redundant',
  create: (ctx) => ({
    enterVmState(vm) {
      const sections = [{ name: vm.name, min: vm.minimumVersion, fields: vm.fields }, ...vm.subsections.map((s) => ({ name: s.name, min: s.minimumVersion, fields: s.fields }))];
      for (const s of sections) {
        for (const f of s.fields) {
          if (f.since > 0 && f.since <= s.min) ctx.report(f.span, { name: q(f.name), since: f.since, section: q(s.name), min: s.min });
        }
      }
      return 'skip';
    },
  }),
});
