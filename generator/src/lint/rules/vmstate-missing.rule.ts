/** vmstate-missing: a device with run-time state but no migration description. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** QEMU devices with state register a VMStateDescription; without one, migration loses the state. */
export const vmstateMissing = createRule({
  id: 'vmstate-missing',
  create: (ctx) => ({
    exitDevice(device) {
      if (device.state.length > 0 && device.vmstate === undefined) ctx.report(device.span, { name: q(device.name) });
    },
  }),
});
