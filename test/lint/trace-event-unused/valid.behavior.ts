/** Fixture behaviour: emits the trace event. */
export function tick(ctx: { trace: { t_tick(value: number): void } }): void {
  ctx.trace.t_tick(1);
}
