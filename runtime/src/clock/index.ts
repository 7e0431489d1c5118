/** Deterministic virtual time, timers, and qdev clocks. */
export { VirtualClock, TimerLivelockError, createVirtualClock } from './virtual-clock.ts';
export type { VirtualTimer } from './virtual-clock.ts';
export { createClock, clockPeriodFromHz, CLOCK_PERIOD_1SEC } from './qdev-clock.ts';
export type { QdevClock } from './qdev-clock.ts';
export { createRtcClock, parseRtcSpec, rtcDateToSeconds, systemHostTime, DEFAULT_RTC_OPTIONS, RtcSpecError } from './rtc-clock.ts';
export type { HostTime, MachineRtc, RtcBase, RtcClockKind, RtcOptions, TimeSource } from './rtc-clock.ts';
