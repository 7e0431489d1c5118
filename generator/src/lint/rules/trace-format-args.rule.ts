/** trace-format-args: the printf format of a trace event has one conversion per argument. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** printf conversions (flags, width, precision, length, type); "%%" is a literal percent sign. */
const CONVERSION = /%%|%[-+ #0]*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|z|j|t|L)?[diouxXcspfeEgG]/g;

/** Counts conversions, not counting "%%". */
export function countConversions(format: string): number {
  let n = 0;
  for (const m of format.matchAll(CONVERSION)) if (m[0] !== '%%') n++;
  return n;
}

/** Reports events whose format and argument list disagree. */
export const traceFormatArgs = createRule({
  id: 'trace-format-args',
  create: (ctx) => ({
    enterTraceEvent(ev) {
      const conversions = countConversions(ev.format);
      if (conversions !== ev.args.length) ctx.report(ev.span, { name: q(ev.name), conversions, args: ev.args.length });
    },
  }),
});
