/**
 * The PL031 RTC through the bus on virt: DR against the RTC clock source (`rtc` machine option,
 * QEMU's -rtc) on the virtual clock and on a host clock the test controls, the match alarm as a
 * timer on that clock, no reset, migration with and without the tick-offset subsection (its
 * post-load hook), broken streams, and the -dump-vmstate entry against QEMU's.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import { pl031Class } from '../../defs/pl031/pl031.behavior.ts';
import type { GpioStandIn, HostTime } from 'devgen/runtime';
import { Machine } from 'devgen/runtime';
import { vmstateEntries } from '../support/qemu-vmstate-dump.ts';

const BASE = 0x0901_0000;
const DR = BASE + 0x00;
const MR = BASE + 0x04;
const LR = BASE + 0x08;
const IMSC = BASE + 0x10;
const RIS = BASE + 0x14;
const ICR = BASE + 0x1c;
/** 2020-01-01T00:00:00Z in seconds. */
const Y2020 = 0x5e0b_e100;
const SECOND = 1_000_000_000n;

/** A host clock that moves only when told to, with timeouts run when it reaches them. */
function fakeHost(startMs: number): HostTime & { advance(ms: number): void } {
  let now = startMs;
  let pending: { at: number; cb: () => void }[] = [];
  return {
    nowMs: () => now,
    monotonicMs: () => now - startMs + 1000,
    schedule(ms, cb) {
      const t = { at: now + ms, cb };
      pending.push(t);
      return () => void (pending = pending.filter((x) => x !== t));
    },
    advance(ms) {
      now += ms;
      for (;;) {
        const due = pending.filter((t) => t.at <= now);
        if (due.length === 0) return;
        pending = pending.filter((t) => t.at > now);
        for (const t of due) t.cb();
      }
    },
  };
}

function virt(rtc?: string, hostTime?: HostTime) {
  const m = createMachine('virt', { ...(rtc === undefined ? {} : { rtc }), ...(hostTime === undefined ? {} : { hostTime }) });
  const gic = m.parts.get('gic') as GpioStandIn;
  return { m, gic, readl: (a: number) => m.memory.read(a, 4) as number, writel: (a: number, v: number) => m.memory.write(a, 4, v) };
}

describe('pl031 on the RTC clock source', () => {
  it('base=DATE,clock=vm: DR reads the date and moves with the virtual clock only', () => {
    const r = virt('base=2020-01-01T00:00:00,clock=vm');
    expect(r.readl(DR)).toBe(Y2020);
    r.m.clock.step(2n * SECOND + 999_999_999n);
    expect(r.readl(DR)).toBe(Y2020 + 2);
    r.writel(LR, 100);
    expect(r.readl(DR)).toBe(100);
    r.m.clock.step(SECOND);
    expect([r.readl(DR), r.readl(LR)]).toEqual([101, 100]);
  });

  it('the match alarm is a timer on the RTC clock: it fires when the counter reaches MR', () => {
    const r = virt('base=2020-01-01T00:00:00,clock=vm');
    r.writel(IMSC, 1);
    r.writel(MR, Y2020 + 3);
    r.m.clock.step(2n * SECOND);
    expect([r.readl(RIS), r.gic.level(2)]).toEqual([0, false]);
    r.m.clock.step(SECOND);
    expect([r.readl(RIS), r.gic.level(2)]).toEqual([1, true]);
    r.writel(ICR, 1);
    expect(r.gic.level(2)).toBe(false);
  });

  it('clock=host (the default): DR follows the host clock, which moves while the virtual clock stands still', () => {
    const host = fakeHost(Date.UTC(2021, 5, 1) + 250);
    const r = virt(undefined, host);
    const start = Date.UTC(2021, 5, 1) / 1000;
    expect(r.readl(DR)).toBe(start);
    host.advance(1750);
    expect(r.readl(DR)).toBe(start + 2);
    r.writel(IMSC, 1);
    r.writel(MR, start + 5);
    host.advance(2000);
    expect(r.gic.level(2)).toBe(false);
    host.advance(1000);
    expect([r.readl(RIS), r.gic.level(2)]).toEqual([1, true]);
  });

  it('base=DATE with clock=host starts at the date and counts host seconds', () => {
    const host = fakeHost(Date.UTC(2030, 0, 1));
    const r = virt('base=2020-01-01T00:00:00', host);
    expect(r.readl(DR)).toBe(Y2020);
    host.advance(3000);
    expect(r.readl(DR)).toBe(Y2020 + 3);
  });

  it('a bad -rtc spec is refused with QEMU\'s message', () => {
    expect(() => virt('base=2020-13')).toThrow(/invalid datetime format/);
    expect(() => virt('clock=wall')).toThrow(/invalid option value 'wall'/);
    expect(() => virt('bogus=1')).toThrow(/Invalid parameter 'bogus'/);
  });

  it('a system reset leaves every register and the counter alone (QEMU has no reset)', () => {
    const r = virt('base=2020-01-01T00:00:00,clock=vm');
    r.writel(MR, 0x1234);
    r.writel(LR, 0x1000);
    r.writel(IMSC, 1);
    r.m.reset();
    expect([r.readl(MR), r.readl(LR), r.readl(IMSC), r.readl(DR)]).toEqual([0x1234, 0x1000, 1, 0x1000]);
  });
});

describe('pl031 migration', () => {
  /** A pl031 alone on a machine with the given RTC source and properties. */
  function lone(rtc: string, props: Record<string, string> = {}) {
    const m = new Machine({ types: [pl031Class], rtc });
    const dev = m.createDevice('pl031', { props });
    m.mapMmio(dev, 0, BASE);
    return { m, dev, readl: (a: number) => m.memory.read(a, 4) as number, writel: (a: number, v: number) => m.memory.write(a, 4, v) };
  }

  it('round-trips with the tick-offset subsection: the counter continues on a machine with another date', () => {
    const a = lone('base=2020-01-01T00:00:00,clock=vm');
    a.writel(LR, 5000);
    a.writel(MR, 0x7777);
    const stream = a.dev.save();
    const b = lone('base=2010-01-01T00:00:00,clock=vm');
    expect(b.dev.load(stream)).toEqual({ ok: true });
    expect([b.readl(DR), b.readl(MR), b.readl(LR)]).toEqual([5000, 0x7777, 5000]);
    expect(Buffer.from(b.dev.save()).toString('hex')).toBe(Buffer.from(stream).toString('hex'));
  });

  it('without the subsection (migrate-tick-offset off) the main section\'s virtual-clock offset is converted back', () => {
    const host = fakeHost(Date.UTC(2025, 0, 1));
    const src = new Machine({ types: [pl031Class], rtc: 'base=2020-01-01T00:00:00', hostTime: host });
    const a = src.createDevice('pl031', { props: { 'migrate-tick-offset': 'off' } });
    src.clock.step(10n * SECOND);
    host.advance(7000);
    const stream = a.save();
    // main section: offset relative to the virtual clock = DR - vm seconds; no subsection bytes follow
    const dst = new Machine({ types: [pl031Class], rtc: 'base=2020-01-01T00:00:00,clock=vm' });
    const b = dst.createDevice('pl031');
    dst.mapMmio(b, 0, BASE);
    dst.clock.step(4n * SECOND);
    expect(b.load(stream)).toEqual({ ok: true });
    // source DR was 2020 + 7 s at vm 10 s: the offset from the virtual clock is 2020 - 3 s; here at vm 4 s that is 2020 + 1 s
    expect(dst.memory.read(DR, 4)).toBe(Y2020 + 1);
    expect(stream.length).toBe(4 * 6);
  });

  it('a load re-arms the alarm against the loaded MR', () => {
    const a = lone('base=2020-01-01T00:00:00,clock=vm');
    a.writel(MR, Y2020 + 2);
    a.writel(IMSC, 1);
    const b = lone('base=2020-01-01T00:00:00,clock=vm');
    expect(b.dev.load(a.dev.save())).toEqual({ ok: true });
    b.m.clock.step(2n * SECOND);
    expect(b.readl(RIS)).toBe(1);
  });

  it('rejects a truncated stream and a wrong subsection and changes nothing', () => {
    const a = lone('base=2020-01-01T00:00:00,clock=vm');
    a.writel(LR, 42);
    const before = a.dev.save();
    const other = lone('base=2020-01-01T00:00:00,clock=vm');
    other.writel(LR, 77);
    const good = other.dev.save();
    for (const bad of [good.slice(0, 10), good.slice(0, good.length - 2), Uint8Array.from([...good.slice(0, 24), 5, 3, 0x78, 0x79, 0x7a])]) {
      expect(a.dev.load(bad).ok).toBe(false);
      expect(Buffer.from(a.dev.save()).toString('hex')).toBe(Buffer.from(before).toString('hex'));
      expect(a.readl(DR)).toBe(42);
    }
  });
});

describe('pl031 -dump-vmstate', () => {
  it('equals QEMU 10.0\'s "pl031" entry byte for byte (virt)', () => {
    const { qemu, devgen } = vmstateEntries('aarch64', 'virt', 'pl031');
    expect(qemu).toBeDefined();
    expect(devgen).toBe(qemu);
  }, 60_000);
});
