/** Fixture behaviour that never reads the property. */
export function depth(): number {
  return 16;
}
