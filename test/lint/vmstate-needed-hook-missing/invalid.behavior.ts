/** Fixture behaviour with a differently named hook. */
export function bIsNeeded(b: number): boolean {
  return b !== 0;
}
