/** Fixture behaviour without an input handler. */
export function reset(): void {}
