/**
 * register-gap: bytes of a region that no register covers and no `reserved:` range declares
 * (tock-registers requires explicit padding).
 */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { hexOffset, registerRanges } from '../helpers.ts';

/** Reports every hole before, between and after the registers of each region. */
export const registerGap = createRule({
  id: 'register-gap',
  create: (ctx) => ({
    exitDevice(device) {
      for (const region of device.regions) {
        const elems = device.registers
          .filter((r) => r.region === region.name)
          .flatMap((r) => registerRanges(r).map((e) => ({ start: e.start, end: e.end, name: r.name, span: r.span, what: 'register' })))
          // A block of registers covers its whole extent; holes inside one element are its own layout.
          .concat(device.blocks.filter((b) => b.region === region.name)
            .map((b) => ({ start: b.offset, end: b.offset + b.count * b.stride, name: b.name, span: b.span, what: 'block' })))
          // Declared reserved ranges are holes on purpose.
          .concat((region.reserved ?? []).map((r) => ({ start: r.offset, end: r.offset + r.size, name: 'reserved', span: r.span, what: 'reserved range' })))
          .sort((a, b) => a.start - b.start);
        if (elems.length === 0) continue; // region-empty reports that case
        let cursor = 0;
        for (const e of elems) {
          if (e.start > cursor) {
            // Reported at the register after the hole: that is where a waiver naturally goes.
            ctx.report(e.span, { range: `${hexOffset(cursor)}..${hexOffset(e.start - 1)}`, region: q(region.name) }, `before ${e.what} ${q(e.name)}`);
          }
          cursor = Math.max(cursor, e.end);
        }
        if (cursor < region.size) {
          ctx.report(region.span, { range: `${hexOffset(cursor)}..${hexOffset(region.size - 1)}`, region: q(region.name) }, `at the end of region ${q(region.name)}`);
        }
      }
    },
  }),
});
