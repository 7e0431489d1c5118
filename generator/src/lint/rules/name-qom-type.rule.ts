/** name-qom-type: the device's QOM type name (and its parent's) follow QEMU's spelling. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { isQomTypeName } from '../../names/name-rules.ts';

/** Checks `device.name` and `device.parent`. */
export const nameQomType = createRule({
  id: 'name-qom-type',
  create: (ctx) => ({
    enterDevice(device) {
      if (!isQomTypeName(device.name)) ctx.report(device.span, { what: 'device', name: q(device.name) });
      if (!isQomTypeName(device.parent)) ctx.report(device.span, { what: 'parent type', name: q(device.parent) });
    },
  }),
});
