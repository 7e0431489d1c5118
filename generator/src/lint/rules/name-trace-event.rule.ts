/** name-trace-event: trace events are snake_case and start with the device name (QEMU trace-events files). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

const SNAKE = /^[a-z][a-z0-9_]*$/;

/** The prefix is the device name with '-', '.' and ',' turned into '_' ("versatile-i2c" → "versatile_i2c_"). */
export const nameTraceEvent = createRule({
  id: 'name-trace-event',
  create: (ctx) => ({
    enterTraceEvent(ev) {
      const prefix = `${ctx.device.name.replace(/[-.,]/g, '_')}_`;
      if (SNAKE.test(ev.name) && ev.name.startsWith(prefix) && ev.name.length > prefix.length) return;
      ctx.report(ev.span, { name: q(ev.name), prefix: q(prefix) });
    },
  }),
});
