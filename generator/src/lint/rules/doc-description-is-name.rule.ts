/** doc-description-is-name: descriptions that only repeat the name (SVDConv descriptive-quality warnings). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { documentedNodes } from '../helpers.ts';

/** Lower-cased words of a name or sentence, separators and a final period dropped. */
function words(s: string): string {
  return s.trim().replace(/\.$/, '').replace(/[-_\s]+/g, ' ').toLowerCase();
}

/** Empty descriptions are doc-missing-description's business. */
export const docDescriptionIsName = createRule({
  id: 'doc-description-is-name',
  create: (ctx) => documentedNodes((what, node) => {
    if (node.description.trim() !== '' && words(node.description) === words(node.name)) ctx.report(node.span, { what, name: q(node.name) });
  }),
});
