/**
 * The machine's real-time clock source: what QEMU's `-rtc base=…,clock=…` configures
 * (system/rtc.c) and what RTC devices read through `ctx.rtc`.
 *
 * - `clock` picks the clock RTC devices count and arm their timers on: `host` (the host's time
 *   of day, QEMU's default: it moves while the machine is stopped), `rt` (a host monotonic
 *   clock) or `vm` (the machine's virtual clock, which stands still until qtest moves it).
 * - `base` is the date the guest sees when the machine starts: `utc` (the host's time now,
 *   broken down as UTC, the default), `localtime` (the same instant broken down in the host's
 *   time zone) or a date `2006-06-17T16:01:21` / `2006-06-17` (UTC).
 *
 * With `base=DATE,clock=vm` every date an RTC device computes is a function of the virtual
 * clock only, which makes its registers comparable with QEMU run the same way. The reference
 * date follows QEMU's qemu_ref_timedate: on `vm` and `rt` it is the start date plus the clock's
 * whole seconds (since start for `rt`), on `host` the host's seconds shifted by the base date's
 * distance from the host's start time. `diff` measures against the host clock's reference, as
 * qemu_timedate_diff does whatever `clock` is.
 */
import type { RtcClock, RtcDate, Timer } from '../contract/context.ts';

/** Which clock RTC devices count on (QEMU `-rtc clock=`). */
export type RtcClockKind = 'host' | 'rt' | 'vm';

/** The guest's start date (QEMU `-rtc base=`): UTC now, local now, or fixed seconds since the epoch. */
export type RtcBase = { readonly kind: 'utc' } | { readonly kind: 'localtime' } | { readonly kind: 'datetime'; readonly seconds: number };

/** A parsed `-rtc` option. */
export interface RtcOptions {
  readonly base: RtcBase;
  readonly clock: RtcClockKind;
}

/** QEMU's defaults: `base=utc,clock=host`. */
export const DEFAULT_RTC_OPTIONS: RtcOptions = { base: { kind: 'utc' }, clock: 'host' };

/** A bad `-rtc` option; `message` is QEMU's wording. */
export class RtcSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RtcSpecError';
  }
}

/** Where host time comes from (replaceable in tests). */
export interface HostTime {
  /** The host's time of day in ms since the epoch (QEMU_CLOCK_HOST). */
  nowMs(): number;
  /** A host monotonic clock in ms (QEMU_CLOCK_REALTIME). */
  monotonicMs(): number;
  /** Runs `callback` after about `ms` real milliseconds without keeping the process alive; returns a canceller. */
  schedule(ms: number, callback: () => void): () => void;
}

/** The process's own clocks. */
export const systemHostTime: HostTime = {
  nowMs: () => Date.now(),
  // CLOCK_MONOTONIC, as QEMU_CLOCK_REALTIME reads it (and without loading Node's perf_hooks).
  monotonicMs: () => Number(process.hrtime.bigint()) / 1e6,
  schedule(ms, callback) {
    const t = setTimeout(callback, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

/**
 * QEMU mktimegm: seconds since the epoch of a broken-down UTC date, days from the month and
 * year fields as they are (out-of-range fields count on, as in C with truncating division).
 */
export function rtcDateToSeconds(d: RtcDate): number {
  let y = d.year + 1900;
  let m = d.mon + 1;
  if (m < 3) {
    m += 12;
    y--;
  }
  const days = d.mday + Math.trunc((153 * m - 457) / 5) + 365 * y + Math.trunc(y / 4) - Math.trunc(y / 100) + Math.trunc(y / 400) - 719469;
  return 86400 * days + 3600 * d.hour + 60 * d.min + d.sec;
}

/** gmtime: `seconds` since the epoch broken down as UTC. */
function utcDate(seconds: number): RtcDate {
  const t = new Date(seconds * 1000);
  return { sec: t.getUTCSeconds(), min: t.getUTCMinutes(), hour: t.getUTCHours(), mday: t.getUTCDate(), mon: t.getUTCMonth(), year: t.getUTCFullYear() - 1900, wday: t.getUTCDay() };
}

/** localtime: `seconds` since the epoch broken down in the host's time zone. */
function localDate(seconds: number): RtcDate {
  const t = new Date(seconds * 1000);
  return { sec: t.getSeconds(), min: t.getMinutes(), hour: t.getHours(), mday: t.getDate(), mon: t.getMonth(), year: t.getFullYear() - 1900, wday: t.getDay() };
}

/** mktime: a broken-down local date to seconds since the epoch (the host's time zone decides). */
function localSeconds(d: RtcDate): number {
  return Math.floor(new Date(d.year + 1900, d.mon, d.mday, d.hour, d.min, d.sec).getTime() / 1000);
}

/** Reads the integers of `text` the way sscanf's `%d` conversions separated by `seps` do; undefined when fewer match. */
function scanInts(text: string, seps: readonly string[]): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  for (let k = 0; k <= seps.length; k++) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const m = /^[+-]?\d+/.exec(text.slice(i));
    if (m === null) return undefined;
    out.push(Number.parseInt(m[0], 10));
    i += m[0].length;
    if (k < seps.length) {
      if (text[i] !== seps[k]) return undefined;
      i++;
    }
  }
  return out;
}

/** A base date as QEMU configure_rtc_base_datetime reads it: `Y-M-DTh:m:s` or `Y-M-D`, UTC. */
function parseDatetime(text: string): number {
  const full = scanInts(text, ['-', '-', 'T', ':', ':']);
  const parts = full ?? scanInts(text, ['-', '-']);
  if (parts === undefined) throw new RtcSpecError("invalid datetime format\nvalid formats: '2006-06-17T16:01:21' or '2006-06-17'");
  const [year, mon, mday, hour = 0, min = 0, sec = 0] = parts as [number, number, number, number?, number?, number?];
  return rtcDateToSeconds({ year: year - 1900, mon: mon - 1, mday, hour, min, sec, wday: 0 });
}

/**
 * Parses an `-rtc` option value (`base=utc|localtime|DATE`, `clock=host|rt|vm`, comma
 * separated; `driftfix` is accepted and has no effect, as on machines without an mc146818).
 */
export function parseRtcSpec(spec: string): RtcOptions {
  let base: RtcBase = DEFAULT_RTC_OPTIONS.base;
  let clock: RtcClockKind = DEFAULT_RTC_OPTIONS.clock;
  for (const part of spec.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (key === 'base') {
      base = value === 'utc' ? { kind: 'utc' } : value === 'localtime' ? { kind: 'localtime' } : { kind: 'datetime', seconds: parseDatetime(value) };
    } else if (key === 'clock') {
      if (value !== 'host' && value !== 'rt' && value !== 'vm') throw new RtcSpecError(`invalid option value '${value}'`);
      clock = value;
    } else if (key === 'driftfix') {
      if (value !== 'none' && value !== 'slew') throw new RtcSpecError(`invalid option value '${value}'`);
    } else {
      throw new RtcSpecError(`Invalid parameter '${key}'`);
    }
  }
  return { base, clock };
}

/** The virtual clock as the RTC source uses it (time, and timers for `clock=vm`). */
export interface TimeSource {
  now(): bigint;
  createTimer(callback: () => void): Timer;
}

/** The machine's RTC source: the {@link RtcClock} devices see, plus timers on its clock. */
export interface MachineRtc extends RtcClock {
  readonly options: RtcOptions;
  /** A timer on the RTC clock (the virtual clock's with `clock=vm`, a host timer otherwise). */
  createTimer(callback: () => void): Timer;
}

/**
 * A host-clock timer: a real timeout, re-armed while the host clock has not reached the
 * deadline yet (timeouts are bounded and may fire early).
 */
class HostTimer implements Timer {
  private deadline = -1n;
  private cancel: (() => void) | undefined;
  constructor(
    private readonly nowNs: () => bigint,
    private readonly host: HostTime,
    private readonly callback: () => void,
  ) {}
  get expireNs(): bigint {
    return this.deadline;
  }
  get pending(): boolean {
    return this.deadline >= 0n;
  }
  modNs(deadlineNs: bigint): void {
    this.del();
    this.deadline = deadlineNs < 0n ? 0n : deadlineNs;
    this.wait();
  }
  del(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.deadline = -1n;
  }
  private wait(): void {
    // setTimeout takes at most 2^31-1 ms; a farther deadline waits in steps.
    const leftMs = Number((this.deadline - this.nowNs()) / 1_000_000n);
    this.cancel = this.host.schedule(Math.min(Math.max(leftMs, 0), 0x7fff_ffff), () => {
      this.cancel = undefined;
      if (this.deadline < 0n) return;
      if (this.nowNs() < this.deadline) return this.wait();
      this.deadline = -1n;
      this.callback();
    });
  }
}

/**
 * Creates the RTC source of a machine, configured now (QEMU configure_rtc runs at start-up:
 * the host's time then is the `utc`/`localtime` start date and the origin of a fixed base's
 * offset).
 */
export function createRtcClock(options: RtcOptions, virtual: TimeSource, host: HostTime = systemHostTime): MachineRtc {
  const hostStartS = Math.floor(host.nowMs() / 1000);
  const rtStartS = Math.floor(host.monotonicMs() / 1000);
  const startS = options.base.kind === 'datetime' ? options.base.seconds : hostStartS;
  const hostToBaseS = options.base.kind === 'datetime' ? hostStartS - options.base.seconds : 0;
  const hostNs = (): bigint => BigInt(Math.floor(host.nowMs() * 1e6));
  const clockNs: () => bigint = options.clock === 'vm' ? () => virtual.now() : options.clock === 'rt' ? () => BigInt(Math.floor(host.monotonicMs() * 1e6)) : hostNs;
  /** qemu_ref_timedate for the RTC clock or the host clock. */
  const refSeconds = (kind: RtcClockKind): number => {
    switch (kind) {
      case 'vm':
        return Number(virtual.now() / 1_000_000_000n) + startS;
      case 'rt':
        return Math.floor(host.monotonicMs() / 1000) - rtStartS + startS;
      case 'host':
        return Math.floor(host.nowMs() / 1000) - hostToBaseS;
    }
  };
  const local = options.base.kind === 'localtime';
  return {
    options,
    now: clockNs,
    date: (offsetSeconds) => {
      const t = refSeconds(options.clock) + offsetSeconds;
      return local ? localDate(t) : utcDate(t);
    },
    diff: (d) => (local ? localSeconds(d) : rtcDateToSeconds(d)) - refSeconds('host'),
    createTimer: (callback) => (options.clock === 'vm' ? virtual.createTimer(callback) : new HostTimer(clockNs, host, callback)),
  };
}
