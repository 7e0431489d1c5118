/** Fixture behaviour: the subsection's needed hook. */
export function bNeeded(b: number): boolean {
  return b !== 0;
}
