/** name-qom-type: the device's QOM type name (and its parent's) follow QEMU's spelling. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** Lower-case letters and digits, words joined by '-' or '_'; QEMU also has '.' and ',' (vendor prefixes). */
const QOM_TYPE = /^[a-z][a-z0-9]*([-_.,][a-z0-9]+)*$/;

/** Checks `device.name` and `device.parent`. */
export const nameQomType = createRule({
  id: 'name-qom-type',
  create: (ctx) => ({
    enterDevice(device) {
      if (!QOM_TYPE.test(device.name)) ctx.report(device.span, { what: 'device', name: q(device.name) });
      if (!QOM_TYPE.test(device.parent)) ctx.report(device.span, { what: 'parent type', name: q(device.parent) });
    },
  }),
});
