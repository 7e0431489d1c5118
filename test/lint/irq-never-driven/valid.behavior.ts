/** Fixture behaviour: drives the output. */
export function update(ctx: { gpio: { irq: { set(level: boolean): void }[] } }): void {
  ctx.gpio.irq[0]?.set(true);
}
