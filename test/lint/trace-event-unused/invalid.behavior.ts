/** Fixture behaviour: only a longer name contains the event's name. */
export function tick(ctx: { trace: { t_tick_more(value: number): void } }): void {
  ctx.trace.t_tick_more(1);
}
