/** Fixture behaviour: reads the property. */
export function depth(ctx: { props: { fifoDepth: number } }): number {
  return ctx.props.fifoDepth;
}
