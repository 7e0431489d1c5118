/** doc-missing-description: user-visible declarations without a description (SVDConv M316/M317). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import type { Span } from '../../ir/ir.ts';

/** Checks devices, regions, registers, explicit fields, enum values, properties, GPIOs, clocks and state. */
export const docMissingDescription = createRule({
  id: 'doc-missing-description',
  create: (ctx) => {
    const check = (what: string, node: { name: string; description: string; span: Span }): void => {
      if (node.description.trim() === '') ctx.report(node.span, { what, name: q(node.name) });
    };
    return {
      enterDevice: (n) => check('device', n),
      enterRegion: (n) => check('region', n),
      enterRegister: (n) => check('register', n),
      enterField: (n) => { if (!n.implicit) check('field', n); },
      enterEnumValue: (n) => check('enum value', n),
      enterProperty: (n) => check('property', n),
      enterGpio: (n) => check('gpio', n),
      enterClock: (n) => check('clock', n),
      enterStateField: (n) => check('state', n),
    };
  },
});
