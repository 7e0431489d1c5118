/** irq-never-driven: output lines the behaviour never touches (checked by name in the behaviour file). */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { camelCase } from '../../names/device-names.ts';
import { codeOf, identifiersFor, mentions } from '../helpers.ts';

/** An output group is driven when the behaviour names the group or one of its lines. */
export const irqNeverDriven = createRule({
  id: 'irq-never-driven',
  create: (ctx) => ({
    enterGpio(gpio) {
      if (gpio.direction !== 'out') return;
      const code = ctx.behaviorText === undefined ? '' : codeOf(ctx.device, ctx.behaviorText);
      const candidates = [...identifiersFor(gpio.name), ...gpio.lines.flatMap((l) => identifiersFor(l))];
      if (mentions(code, candidates)) return;
      ctx.report(gpio.span, { name: q(gpio.name), ident: q(camelCase(gpio.name)) });
    },
  }),
});
