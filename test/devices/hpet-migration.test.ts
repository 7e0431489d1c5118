/**
 * HPET migration on the devgen clock: a save in the middle of a countdown, loaded into a fresh
 * pc machine at the same virtual time, fires at the same times as the original; broken streams
 * are rejected with the device unchanged.
 */
import { describe, expect, it } from 'vitest';
import { C, R, T, TN, makeRig, registerSnapshot, type Rig } from './hpet-helpers.ts';

const GSI = 2;

/** A running HPET: a one-shot (50 µs), a periodic timer (20 µs), a level timer already fired. */
function busyRig(globals: readonly string[] = []): Rig {
  const r = makeRig(globals);
  r.writel(T(0) + TN.CONF, C.ENB | C.route(GSI));
  r.writeq(T(0) + TN.CMP, 5000);
  r.writel(T(1) + TN.CONF, C.ENB | C.PERIODIC | C.SETVAL | C.route(GSI));
  r.writeq(T(1) + TN.CMP, 2000);
  r.writel(T(2) + TN.CONF, C.ENB | C.LEVEL | C.route(20));
  r.writeq(T(2) + TN.CMP, 300);
  r.writeq(T(2) + TN.FSB, 0x1234_5678_9abc_def0n);
  r.hpet.gpioIn('legacy', 1).set(true); // RTC level 1: the rtc_irq_level subsection is sent
  r.writel(R.CONF, 1);
  r.step(23_000);
  return r;
}

/** Fresh pc machine whose clock stands at `r`'s time. */
function twinAt(r: Rig, globals: readonly string[] = []): Rig {
  const b = makeRig(globals);
  b.machine.clock.setTime(r.now());
  return b;
}

describe('hpet migration', () => {
  it('a countdown saved halfway fires at the same virtual times after loading', () => {
    const a = busyRig();
    const stream = a.hpet.save();
    const b = twinAt(a);
    expect(b.hpet.load(stream)).toEqual({ ok: true });
    expect(registerSnapshot(b)).toEqual(registerSnapshot(a));
    expect(b.state().rtc_irq_level).toBe(1);
    a.events.length = 0;
    a.step(100_000);
    b.step(100_000);
    // Same times: the periodic timer's 40/41 µs (exact deadline, then +1 µs), the one-shot at its
    // original 50 µs deadline, then 60/61 ... 120/121 µs (now is 123 µs). One difference is QEMU's own: its
    // post_load puts the storm limit's `last` one second back, so the first exact-deadline
    // re-arm on the destination lands at the same instant and fires once more there.
    expect(a.raises(GSI)).toEqual([40_000n, 41_000n, 50_000n, 60_000n, 61_000n, 80_000n, 81_000n, 100_000n, 101_000n, 120_000n, 121_000n]);
    expect(b.raises(GSI)).toEqual([40_000n, ...a.raises(GSI)]);
    expect(registerSnapshot(b)).toEqual(registerSnapshot(a));
    expect(Buffer.from(b.hpet.save()).toString('hex')).toBe(Buffer.from(a.hpet.save()).toString('hex'));
  });

  it('a 32-bit one-shot waiting for the wrap keeps its wrap flag and both interrupts', () => {
    const mk = (): Rig => {
      const r = makeRig();
      r.writeq(R.CNT, 0xffff_ff00n);
      r.writel(T(0) + TN.CONF, C.ENB | C.MODE32 | C.route(GSI));
      r.writeq(T(0) + TN.CMP, 0x10);
      r.writel(R.CONF, 1);
      r.step(1000);
      return r;
    };
    const a = mk();
    const b = twinAt(a);
    expect(b.hpet.load(a.hpet.save())).toEqual({ ok: true });
    expect(b.state().timer[0]!.wrap_flag).toBe(1);
    b.step(10_000);
    expect(b.raises(GSI)).toEqual([2560n, 2720n]);
  });

  it('without the offset subsection (hpet-offset-saved=off) the counter continues from the saved count', () => {
    const a = busyRig(['hpet.hpet-offset-saved=off']);
    const b = twinAt(a, ['hpet.hpet-offset-saved=off']);
    b.step(7_000); // the destination clock is ahead: the counter still resumes at the saved value
    expect(b.hpet.load(a.hpet.save())).toEqual({ ok: true });
    expect(b.readq(R.CNT)).toBe(2300n);
  });

  it('sends the offset subsection only while enabled', () => {
    const r = makeRig();
    const idle = r.hpet.save();
    r.writel(R.CONF, 1);
    const running = r.hpet.save();
    expect(Buffer.from(idle).includes(Buffer.from('hpet/offset'))).toBe(false);
    expect(Buffer.from(running).includes(Buffer.from('hpet/offset'))).toBe(true);
  });

  const broken: [string, (s: Uint8Array) => Uint8Array][] = [
    ['a truncated body', (s) => s.slice(0, 40)],
    ['a truncated last timer', (s) => s.slice(0, 8 * 3 + 1 + 3 * 50)],
    ['garbage after the state', (s) => Uint8Array.from([...s, 0x42, 0x42])],
    ['an empty stream', () => new Uint8Array()],
    ['a different timer count', (s) => {
      const out = s.slice();
      out[24] = 4; // num_timers_save
      return out;
    }],
  ];
  for (const [name, mutate] of broken) {
    it(`rejects ${name} and leaves the device unchanged`, () => {
      const r = busyRig();
      const twin = busyRig();
      const before = registerSnapshot(r);
      const expiries = r.state().timer.map((t) => t.qemu_timer.expireNs);
      const result = r.hpet.load(mutate(busyRig().hpet.save()));
      expect(result.ok).toBe(false);
      expect(registerSnapshot(r)).toEqual(before);
      expect(r.state().timer.map((t) => t.qemu_timer.expireNs)).toEqual(expiries);
      r.events.length = 0;
      twin.events.length = 0;
      r.step(100_000);
      twin.step(100_000);
      expect(r.raises(GSI)).toEqual(twin.raises(GSI));
    });
  }

  it('rejects a stream from a machine with more timers, and names the check for a patched count', () => {
    const a = busyRig(['hpet.timers=4']);
    const b = twinAt(a);
    expect(b.hpet.load(a.hpet.save()).ok).toBe(false);
    const patched = busyRig().hpet.save().slice();
    patched[24] = 4;
    const result = busyRig().hpet.load(patched);
    expect(result.ok ? '' : result.error).toMatch(/num_timers must match/);
  });

  it('accepts a version 1 stream only for 3 timers', () => {
    const a = busyRig();
    const v2 = a.hpet.save();
    // Version 1 has no num_timers byte (at offset 24, after config, isr and the counter).
    const v1 = Uint8Array.from([...v2.slice(0, 24), ...v2.slice(25)]);
    expect(twinAt(a).hpet.load(v1, 1)).toEqual({ ok: true });
    const b4 = twinAt(a, ['hpet.timers=4']);
    expect(b4.hpet.load(v1, 1).ok).toBe(false);
  });
});
