/**
 * The RTC clock source (QEMU -rtc): spec parsing with QEMU's messages, mktimegm, the reference
 * date on each clock kind, dates relative to it, diff against the host reference, and timers on
 * the host clock (bounded timeouts re-armed until the deadline).
 */
import { describe, expect, it } from 'vitest';
import { createRtcClock, createVirtualClock, parseRtcSpec, rtcDateToSeconds, RtcSpecError, type HostTime } from '../../../../runtime/src/clock/index.ts';

function host(startMs: number): HostTime & { advance(ms: number): void; waits: number[] } {
  let now = startMs;
  let pending: { at: number; cb: () => void }[] = [];
  const waits: number[] = [];
  return {
    waits,
    nowMs: () => now,
    monotonicMs: () => now - startMs + 5_000,
    schedule(ms, cb) {
      waits.push(ms);
      const t = { at: now + ms, cb };
      pending.push(t);
      return () => void (pending = pending.filter((x) => x !== t));
    },
    advance(ms) {
      now += ms;
      for (let due = pending.filter((t) => t.at <= now); due.length > 0; due = pending.filter((t) => t.at <= now)) {
        pending = pending.filter((t) => t.at > now);
        for (const t of due) t.cb();
      }
    },
  };
}

describe('parseRtcSpec', () => {
  it('reads base and clock like QEMU -rtc', () => {
    expect(parseRtcSpec('')).toEqual({ base: { kind: 'utc' }, clock: 'host' });
    expect(parseRtcSpec('base=localtime,clock=rt')).toEqual({ base: { kind: 'localtime' }, clock: 'rt' });
    expect(parseRtcSpec('base=2006-06-17T16:01:21,clock=vm,driftfix=slew')).toEqual({ base: { kind: 'datetime', seconds: Date.UTC(2006, 5, 17, 16, 1, 21) / 1000 }, clock: 'vm' });
    expect(parseRtcSpec('base=2006-06-17')).toEqual({ base: { kind: 'datetime', seconds: Date.UTC(2006, 5, 17) / 1000 }, clock: 'host' });
  });

  it('refuses what QEMU refuses, with its messages', () => {
    for (const [spec, msg] of [['base=17-06', /invalid datetime format/], ['clock=wall', /invalid option value 'wall'/], ['driftfix=x', /invalid option value 'x'/], ['speed=2', /Invalid parameter 'speed'/]] as const) {
      expect(() => parseRtcSpec(spec)).toThrow(RtcSpecError);
      expect(() => parseRtcSpec(spec)).toThrow(msg);
    }
  });
});

describe('rtcDateToSeconds (mktimegm)', () => {
  it('agrees with Date.UTC across leap years and month ends', () => {
    for (let t = Date.UTC(1970, 0, 1); t < Date.UTC(2110, 0, 1); t += 86_400_000 * 37 + 3_723_000) {
      const d = new Date(t);
      const date = { sec: d.getUTCSeconds(), min: d.getUTCMinutes(), hour: d.getUTCHours(), mday: d.getUTCDate(), mon: d.getUTCMonth(), year: d.getUTCFullYear() - 1900, wday: 0 };
      expect(rtcDateToSeconds(date)).toBe(t / 1000);
    }
  });

  it('counts out-of-range fields on, as C does (month -1 is December of the year before)', () => {
    expect(rtcDateToSeconds({ sec: 0, min: 0, hour: 0, mday: 1, mon: -1, year: 120, wday: 0 })).toBe(Date.UTC(2019, 11, 1) / 1000);
  });
});

describe('createRtcClock', () => {
  it('clock=vm: the reference date is the base plus whole virtual seconds; timers are virtual-clock timers', () => {
    const vm = createVirtualClock();
    const rtc = createRtcClock(parseRtcSpec('base=2020-01-01T00:00:00,clock=vm'), vm, host(Date.UTC(2030, 0, 1)));
    expect(rtc.date(0)).toEqual({ sec: 0, min: 0, hour: 0, mday: 1, mon: 0, year: 120, wday: 3 });
    vm.step(61_500_000_000n);
    expect(rtc.date(3600)).toMatchObject({ hour: 1, min: 1, sec: 1 });
    let fired = 0;
    rtc.createTimer(() => fired++).modNs(vm.now() + 1_000_000_000n);
    vm.step(1_000_000_000n);
    expect(fired).toBe(1);
  });

  it('diff measures from the host clock reference whatever the RTC clock is', () => {
    const h = host(Date.UTC(2030, 0, 1));
    const rtc = createRtcClock(parseRtcSpec('base=2020-01-01T00:00:00,clock=vm'), createVirtualClock(), h);
    h.advance(4000);
    expect(rtc.diff(rtc.date(0))).toBe(-4);
  });

  it('clock=rt counts a monotonic clock from start-up', () => {
    const h = host(Date.UTC(2030, 0, 1));
    const rtc = createRtcClock(parseRtcSpec('base=2020-01-01T00:00:00,clock=rt'), createVirtualClock(), h);
    h.advance(2500);
    expect(rtc.date(0)).toMatchObject({ year: 120, sec: 2 });
  });

  it('clock=host timers wait in bounded steps and fire at their deadline', () => {
    const h = host(Date.UTC(2030, 0, 1));
    const rtc = createRtcClock(parseRtcSpec(''), createVirtualClock(), h);
    let fired = 0;
    const t = rtc.createTimer(() => fired++);
    t.modNs(rtc.now() + 40n * 86_400n * 1_000_000_000n);
    expect(h.waits[0]).toBe(0x7fff_ffff);
    h.advance(39 * 86_400_000);
    expect([fired, t.pending]).toEqual([0, true]);
    h.advance(86_400_000);
    expect([fired, t.pending]).toEqual([1, false]);
    t.modNs(rtc.now() + 1_000_000_000n);
    t.del();
    h.advance(2000);
    expect(fired).toBe(1);
  });

  it('base=localtime breaks the host time down in the host time zone', () => {
    const h = host(Date.UTC(2030, 6, 1, 12));
    const rtc = createRtcClock(parseRtcSpec('base=localtime,clock=vm'), createVirtualClock(), h);
    const local = new Date(Date.UTC(2030, 6, 1, 12));
    expect(rtc.date(0)).toMatchObject({ hour: local.getHours(), mday: local.getDate() });
    expect(rtc.diff(rtc.date(0))).toBe(0);
  });
});
