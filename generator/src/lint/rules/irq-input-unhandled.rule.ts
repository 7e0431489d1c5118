/** irq-input-unhandled: input lines without a handler in the behaviour file. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { gpioInHookName } from '../../names/device-names.ts';
import { codeOf, identifiersFor, mentions } from '../helpers.ts';

/** An input group is handled when the behaviour defines gpioIn<Name> (or names the group). */
export const irqInputUnhandled = createRule({
  id: 'irq-input-unhandled',
  create: (ctx) => ({
    enterGpio(gpio) {
      if (gpio.direction !== 'in') return;
      const code = ctx.behaviorText === undefined ? '' : codeOf(ctx.device, ctx.behaviorText);
      if (mentions(code, [...identifiersFor(gpio.name), gpioInHookName(gpio.name)])) return;
      ctx.report(gpio.span, { name: q(gpio.name), ident: q(gpioInHookName(gpio.name)) });
    },
  }),
});
