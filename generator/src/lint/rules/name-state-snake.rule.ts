/** name-state-snake: state fields are snake_case, like the C fields QEMU's vmstate dump names. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Reports state fields with upper-case letters, '-' or doubled '_'. */
export const nameStateSnake = createRule({
  id: 'name-state-snake',
  create: (ctx) => ({
    enterStateField(s) {
      if (!SNAKE.test(s.name)) ctx.report(s.span, { name: q(s.name) });
    },
  }),
});
