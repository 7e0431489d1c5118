/** vmstate-state-not-migrated: state fields that no vmstate field (main section or subsection) carries. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { migratedState } from '../vmstate-facts.ts';

/** Silent when the device has no vmstate at all (vmstate-missing reports that), and for instance state (`migrate: false`). */
export const vmstateStateNotMigrated = createRule({
  id: 'vmstate-state-not-migrated',
  create: (ctx) => ({
    exitDevice(device) {
      if (!device.vmstate) return;
      const migrated = migratedState(device.vmstate);
      for (const s of device.state) if (s.migrate && !migrated.has(s.name)) ctx.report(s.span, { name: q(s.name) });
    },
  }),
});
