/** Fixture behaviour: mentions the irq only in a comment, which does not count. */
export function update(): void {
  // the irq would be raised here
}
