/** Deterministic virtual time, timers, and qdev clocks. */
export { VirtualClock, TimerLivelockError, createVirtualClock } from './virtual-clock.ts';
export type { VirtualTimer } from './virtual-clock.ts';
export { createClock, clockPeriodFromHz, CLOCK_PERIOD_1SEC } from './qdev-clock.ts';
export type { QdevClock } from './qdev-clock.ts';
