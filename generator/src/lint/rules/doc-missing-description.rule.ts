/** doc-missing-description: user-visible declarations without a description (SVDConv M316/M317). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { documentedNodes } from '../helpers.ts';

/** Checks devices, regions, registers, explicit fields, enum values, properties, GPIOs, clocks and state. */
export const docMissingDescription = createRule({
  id: 'doc-missing-description',
  create: (ctx) => documentedNodes((what, node) => {
    if (node.description.trim() === '') ctx.report(node.span, { what, name: q(node.name) });
  }),
});
