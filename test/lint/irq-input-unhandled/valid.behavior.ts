/** Fixture behaviour: handles the input. */
export function gpioInLegacy(_n: number, _level: number): void {}
