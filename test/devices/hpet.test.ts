/**
 * HPET behaviour on the devgen virtual clock (machine pc): the counter, one-shot and periodic
 * timers firing at exactly their deadlines, 32-bit mode and wrap, level vs edge, status clearing,
 * legacy and GSI routing. Expected times follow QEMU 10.0's model (hw/timer/hpet.c), which
 * the oracle QEMU cannot show (its clock does not move under -S).
 */
import { describe, expect, it } from 'vitest';
import { C, R, T, TN, makeRig, type Rig } from './hpet-helpers.ts';

const GSI = 2; // the only route pc-i440fx advertises (hpet-intcap 4)

/** Programs timer n (config, then comparator) and enables the counter. */
function start(r: Rig, n: number, config: number, cmp: bigint | number): void {
  r.writel(T(n) + TN.CONF, config);
  r.writeq(T(n) + TN.CMP, cmp);
  r.writel(R.CONF, 1);
}

describe('hpet main counter', () => {
  it('counts 10 ns ticks from the virtual clock while enabled and freezes while halted', () => {
    const r = makeRig();
    r.step(5000);
    expect(r.readq(R.CNT)).toBe(0n);
    r.writel(R.CONF, 1);
    r.step(1234);
    expect(r.readq(R.CNT)).toBe(123n);
    r.step(6);
    expect(r.readq(R.CNT)).toBe(124n);
    r.writel(R.CONF, 0);
    r.step(100_000);
    expect(r.readq(R.CNT)).toBe(124n);
    r.writeq(R.CNT, 0x0fff_ffff_ffff_fff0n);
    r.writel(R.CONF, 1);
    r.step(25);
    expect(r.readq(R.CNT)).toBe(0x0fff_ffff_ffff_fff2n);
    expect(r.readl(R.CNT + 4)).toBe(0x0fff_ffff);
  });

  it('loses a counter preset above 2^64/10 on enable, as QEMU does (the ns offset wraps)', () => {
    const r = makeRig();
    r.writeq(R.CNT, 0xffff_ffff_0000_0000n);
    r.writel(R.CONF, 1);
    r.step(25);
    // offset = counter × 10 − now, in 64 bits: 0xffff_ffff_0000_0000 × 10 wraps to
    // 0xffff_fff6_0000_0000; reads give (now + offset) / 10.
    expect(r.readq(R.CNT)).toBe(1844674403075987868n);
  });

  it('ignores a counter write while running until the next disable overwrites it', () => {
    const r = makeRig();
    r.writel(R.CONF, 1);
    r.step(1000);
    r.writeq(R.CNT, 5);
    expect(r.readq(R.CNT)).toBe(100n);
    r.writel(R.CONF, 0);
    expect(r.readq(R.CNT)).toBe(100n);
  });
});

describe('hpet one-shot timers', () => {
  it('fires an edge interrupt exactly at the comparator, once', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.route(GSI), 1000);
    r.step(9_999);
    expect(r.raises(GSI)).toEqual([]);
    r.step(1);
    expect(r.raises(GSI)).toEqual([10_000n]);
    expect(r.level(GSI)).toBe(false); // a pulse
    expect(r.readq(R.STA)).toBe(0n); // edge timers never show status
    r.step(1_000_000);
    expect(r.raises(GSI)).toEqual([10_000n]);
  });

  it('counts from a counter that was preset while halted', () => {
    const r = makeRig();
    r.writeq(R.CNT, 500);
    r.step(777);
    start(r, 1, C.ENB | C.route(GSI), 800);
    r.step(10_000);
    expect(r.raises(GSI)).toEqual([777n + 3000n]);
  });

  it('re-arms on a comparator write while running', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.route(GSI), 1000);
    r.step(5000);
    r.writeq(T(0) + TN.CMP, 2000);
    r.step(20_000);
    expect(r.raises(GSI)).toEqual([20_000n]);
  });

  it('stops when the counter is disabled and re-arms on enable', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.route(GSI), 1000);
    r.step(4000);
    r.writel(R.CONF, 0);
    r.step(50_000);
    expect(r.raises(GSI)).toEqual([]);
    r.writel(R.CONF, 1); // counter resumes at 400
    r.step(10_000);
    expect(r.raises(GSI)).toEqual([54_000n + 6000n]);
  });
});

describe('hpet periodic timers', () => {
  it('fires every period; at each exact deadline QEMU re-arms 1 µs later before moving on', () => {
    const r = makeRig();
    r.writel(T(0) + TN.CONF, C.ENB | C.PERIODIC | C.SETVAL | C.route(GSI));
    r.writeq(T(0) + TN.CMP, 1000); // comparator and period: 10 µs
    r.writel(R.CONF, 1);
    r.step(45_000);
    // QEMU's catch-up loop only moves a target the counter is strictly past, so the firing at
    // the deadline arms at the same tick, which the 1 µs storm limit turns into +1 µs.
    expect(r.raises(GSI)).toEqual([10_000n, 11_000n, 20_000n, 21_000n, 30_000n, 31_000n, 40_000n, 41_000n]);
    expect(r.readq(T(0) + TN.CMP)).toBe(5000n);
  });

  it('keeps the running target when the period changes without VAL_SET', () => {
    const r = makeRig();
    r.writel(T(0) + TN.CONF, C.ENB | C.PERIODIC | C.SETVAL | C.route(GSI));
    r.writeq(T(0) + TN.CMP, 1000);
    r.writel(R.CONF, 1);
    r.step(12_000);
    // Period only; the write re-arms at the kept target (tick 2000, 20 µs), which is where the
    // timer was last armed, so the storm limit moves it to 21 µs.
    r.writeq(T(0) + TN.CMP, 3000);
    r.step(40_000);
    expect(r.raises(GSI).filter((t) => t > 12_000n)).toEqual([21_000n, 50_000n, 51_000n]);
    expect(r.state().timer[0]!.period).toBe(3000n);
  });

  it('never fires closer than 1 µs apart (1 MHz limit)', () => {
    const r = makeRig();
    r.writel(T(2) + TN.CONF, C.ENB | C.PERIODIC | C.SETVAL | C.route(GSI));
    r.writeq(T(2) + TN.CMP, 10); // 100 ns period
    r.writel(R.CONF, 1);
    r.step(10_000);
    const times = r.raises(GSI);
    expect(times.length).toBe(10);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(1000n);
  });

  it('acts as a one-shot with period 0', () => {
    const r = makeRig();
    r.writel(T(0) + TN.CONF, C.ENB | C.PERIODIC | C.route(GSI));
    r.writel(T(0) + TN.CONF, C.ENB | C.PERIODIC | C.SETVAL | C.route(GSI));
    r.writeq(T(0) + TN.CMP, 0); // comparator 0, period 0
    r.writeq(R.CNT, 0);
    r.writel(R.CONF, 1);
    r.step(100_000);
    expect(r.raises(GSI)).toEqual([1000n]);
  });
});

describe('hpet 32-bit mode', () => {
  it('a one-shot beyond the 32-bit wrap fires at the wrap, then at its match', () => {
    const r = makeRig();
    r.writeq(R.CNT, 0xffff_ff00n);
    start(r, 0, C.ENB | C.MODE32 | C.route(GSI), 0x10);
    expect(r.state().timer[0]!.wrap_flag).toBe(1);
    r.step(100_000);
    expect(r.raises(GSI)).toEqual([0x100n * 10n, 0x110n * 10n]);
    expect(r.readl(R.CNT)).toBe(10_000 - 0x100); // the low half wrapped; the counter is 64-bit
    expect(r.readq(R.CNT)).toBe(0xffff_ff00n + 10_000n);
  });

  it('a periodic 32-bit timer wraps its comparator at 2^32', () => {
    const r = makeRig();
    r.writeq(R.CNT, 0xffff_f000n);
    r.writel(T(1) + TN.CONF, C.ENB | C.PERIODIC | C.SETVAL | C.MODE32 | C.route(GSI));
    r.writeq(T(1) + TN.CMP, 0xffff_f800n); // comparator, period 0xffff_f800 truncated... then the real period:
    r.writel(T(1) + TN.CONF, C.ENB | C.PERIODIC | C.MODE32 | C.route(GSI));
    r.writeq(T(1) + TN.CMP, 0x1000); // period 0x1000 ticks
    r.writel(R.CONF, 1);
    r.step(0x800 * 10); // first match at 0xffff_f800
    expect(r.raises(GSI)).toEqual([0x800n * 10n]);
    r.step(1000); // +1 µs (exact-deadline re-arm) moves the target past the wrap
    expect(r.raises(GSI)).toEqual([0x800n * 10n, 0x800n * 10n + 1000n]);
    expect(r.readq(T(1) + TN.CMP)).toBe(0x800n);
    expect(r.state().timer[1]!.cmp64).toBe(0x1_0000_0800n);
    r.step(0x1000 * 10);
    expect(r.raises(GSI).slice(2)).toEqual([0x1800n * 10n, 0x1800n * 10n + 1000n]);
    expect(r.readq(T(1) + TN.CMP)).toBe(0x1800n);
  });

  it('matches the low 32 bits of the counter after the next wrap', () => {
    const r = makeRig();
    r.writeq(R.CNT, 0x5_0000_0100n);
    start(r, 2, C.ENB | C.MODE32 | C.route(GSI), 0x80); // below the counter's low half: next period
    expect(r.state().timer[2]!.cmp64).toBe(0x6_0000_0080n);
    r.step((0x1_0000_0000n - 0x100n) * 10n - 1n);
    expect(r.raises(GSI)).toEqual([]);
  });
});

describe('hpet level and edge interrupts', () => {
  it('a level timer holds its line and status until GINTR_STA is written with its bit', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.LEVEL | C.route(GSI), 100);
    r.step(1000);
    expect(r.level(GSI)).toBe(true);
    expect(r.readq(R.STA)).toBe(1n);
    r.writel(R.STA, 0x2); // not its bit
    expect(r.level(GSI)).toBe(true);
    r.writel(R.STA + 4, 0xffff_ffff); // high half: nothing there
    expect(r.readq(R.STA)).toBe(1n);
    r.writel(R.STA, 0x1);
    expect(r.level(GSI)).toBe(false);
    expect(r.readq(R.STA)).toBe(0n);
  });

  it('sets status with interrupts disabled, and raises once INT_ENB is set', () => {
    const r = makeRig();
    start(r, 1, C.LEVEL | C.route(GSI), 100);
    r.step(1000);
    expect(r.readq(R.STA)).toBe(2n);
    expect(r.level(GSI)).toBe(false);
    r.writel(T(1) + TN.CONF, C.LEVEL | C.ENB | C.route(GSI));
    expect(r.level(GSI)).toBe(true);
  });

  it('switching level→edge clears the status and lowers the line', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.LEVEL | C.route(GSI), 100);
    r.step(1000);
    r.writel(T(0) + TN.CONF, C.ENB | C.route(GSI));
    expect(r.readq(R.STA)).toBe(0n);
    expect(r.level(GSI)).toBe(false);
  });

  it('disabling the counter lowers a pending level line but keeps the status; enabling re-raises', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.LEVEL | C.route(GSI), 100);
    r.step(1000);
    r.writel(R.CONF, 0);
    expect([r.level(GSI), r.readq(R.STA)]).toEqual([false, 1n]);
    r.writel(R.CONF, 1);
    expect(r.level(GSI)).toBe(true);
  });

  it('an edge timer pulses: every raise is followed by a lower', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.route(GSI), 100);
    r.step(1000);
    expect(r.events.filter((e) => e.gsi === GSI).map((e) => e.level)).toEqual([true, false]);
  });

  it('GINTR_STA survives reset', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.LEVEL | C.route(GSI), 100);
    r.step(1000);
    r.machine.reset();
    expect(r.readq(R.STA)).toBe(1n);
    expect(r.readq(T(0) + TN.CONF)).toBe(0x4_0000_0030n);
    expect(r.readq(R.CONF)).toBe(0n);
  });
});

describe('hpet routing', () => {
  it('routes to the GSI in INT_ROUTE_CNF, allowed or not (QEMU does not check INT_ROUTE_CAP)', () => {
    const r = makeRig();
    r.writel(T(0) + TN.CONF, C.ENB | C.route(20));
    r.writeq(T(0) + TN.CMP, 100);
    r.writel(T(1) + TN.CONF, C.ENB | C.route(5));
    r.writeq(T(1) + TN.CMP, 200);
    r.writel(T(2) + TN.CONF, C.ENB | C.route(GSI));
    r.writeq(T(2) + TN.CMP, 300);
    r.writel(R.CONF, 1);
    r.step(5000);
    expect([r.raises(20), r.raises(5), r.raises(GSI)]).toEqual([[1000n], [2000n], [3000n]]);
  });

  it('legacy replacement: timer 0 → GSI 0, timer 1 → GSI 8, whatever their routes; timer 2 keeps its route', () => {
    const r = makeRig();
    r.writel(T(0) + TN.CONF, C.ENB | C.route(GSI));
    r.writeq(T(0) + TN.CMP, 100);
    r.writel(T(1) + TN.CONF, C.ENB | C.route(GSI));
    r.writeq(T(1) + TN.CMP, 200);
    r.writel(T(2) + TN.CONF, C.ENB | C.route(GSI));
    r.writeq(T(2) + TN.CMP, 300);
    r.writel(R.CONF, 3);
    r.events.length = 0;
    r.step(5000);
    expect([r.raises(0), r.raises(8), r.raises(GSI)]).toEqual([[1000n], [2000n], [3000n]]);
  });

  it('the PIT reaches GSI 0 only outside legacy mode (pit_enabled)', () => {
    const r = makeRig();
    // PIT channel 0, mode 3, count 0x10000 at 1.193182 MHz: the output falls at 32768 ticks.
    const fall = (32768n * 1_000_000_000n) / 1_193_182n;
    r.step(fall + 1n);
    // QEMU's i8254 converts the transition tick back to ns rounding down, finds the output still
    // high there, and retries 1 ns later; the first level change is at fall + 1.
    const changes = r.events.filter((e) => e.gsi === 0).filter((e, i, a) => i === 0 ? e.level === false : e.level !== a[i - 1]!.level);
    expect(changes.map((e) => [e.level, e.t])).toEqual([[false, fall + 1n]]);
    expect(r.level(0)).toBe(false);
    r.writel(R.CONF, 2);
    r.events.length = 0;
    r.step(200_000_000);
    expect(r.events.filter((e) => e.gsi === 0)).toEqual([]);
    r.writel(R.CONF, 0); // the PIT is re-enabled and drives its current level at once
    expect(r.events.filter((e) => e.gsi === 0).length).toBeGreaterThan(0);
  });

  it('the RTC input reaches GSI 8 outside legacy mode and its level is replayed on leaving it', () => {
    const r = makeRig();
    const rtc = r.hpet.gpioIn('legacy', 1);
    r.writel(R.CONF, 2);
    rtc.set(true);
    expect(r.level(8)).toBe(false);
    expect(r.state().rtc_irq_level).toBe(1);
    r.writel(R.CONF, 0);
    expect(r.level(8)).toBe(true);
    rtc.set(false);
    expect(r.level(8)).toBe(false);
  });

  it('an FSB-enabled timer does not drive its line (FSB delivery is not modelled and is logged)', () => {
    const r = makeRig();
    start(r, 0, C.ENB | C.FSB | C.LEVEL | C.route(GSI), 100);
    r.step(1000);
    expect(r.raises(GSI)).toEqual([]);
    const entries = (r.machine.log as unknown as { entries(): { kind: string; message: string }[] }).entries();
    expect(entries.some((e) => e.kind === 'unimp' && e.message.includes('FSB'))).toBe(true);
  });
});

describe('hpet timer count', () => {
  it('advertises the timers property in GCAP_ID and reaches block n == timers', () => {
    const r = makeRig(['hpet.timers=5']);
    expect(r.readq(R.GCAP)).toBe(0x0098_9680_8086_a401n);
    r.writel(T(5) + TN.CONF, 0x7f4e);
    expect(r.readq(T(5) + TN.CONF)).toBe(0x7f4en);
    r.writel(T(6) + TN.CONF, 0x7f4e);
    expect(r.readq(T(6) + TN.CONF)).toBe(0n);
  });

  it('clamps out-of-range timer counts as QEMU 10.0 does', () => {
    expect(makeRig(['hpet.timers=1']).readq(R.GCAP) & 0x1f00n).toBe(2n << 8n);
    expect(makeRig(['hpet.timers=40']).readq(R.GCAP) & 0x1f00n).toBe(31n << 8n);
  });
});
