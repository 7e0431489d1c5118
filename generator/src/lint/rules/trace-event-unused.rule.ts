/** trace-event-unused: declared trace events the behaviour never calls. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { codeOf, mentions } from '../helpers.ts';

/**
 * A use is a region's access trace (`trace:` on a region, fired by the runtime) or the event
 * name as a whole identifier in the behaviour code (comments ignored).
 */
export const traceEventUnused = createRule({
  id: 'trace-event-unused',
  create: (ctx) => ({
    enterTraceEvent(ev) {
      if (ctx.device.regions.some((r) => r.trace?.read === ev.name || r.trace?.write === ev.name)) return;
      const code = ctx.behaviorText === undefined ? '' : codeOf(ctx.device, ctx.behaviorText);
      if (!mentions(code, [ev.name])) ctx.report(ev.span, { name: q(ev.name) });
    },
  }),
});
