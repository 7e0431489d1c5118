/** doc-description-is-name: descriptions that only repeat the name (SVDConv descriptive-quality warnings). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import type { Span } from '../../ir/ir.ts';

/** Lower-cased words of a name or sentence, separators and a final period dropped. */
function words(s: string): string {
  return s.trim().replace(/\.$/, '').replace(/[-_\s]+/g, ' ').toLowerCase();
}

/** Empty descriptions are doc-missing-description's business. */
export const docDescriptionIsName = createRule({
  id: 'doc-description-is-name',
  create: (ctx) => {
    const check = (what: string, node: { name: string; description: string; span: Span }): void => {
      if (node.description.trim() !== '' && words(node.description) === words(node.name)) ctx.report(node.span, { what, name: q(node.name) });
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
