import { describe, expect, it } from 'vitest';
import { CLOCK_PERIOD_1SEC, createClock, createVirtualClock } from '../../../../runtime/src/clock/index.ts';

describe('virtual clock', () => {
  it('starts at 0 and moves only when stepped', () => {
    const c = createVirtualClock();
    expect(c.now()).toBe(0n);
    expect(c.nextDeadline()).toBe(-1n);
    expect(c.step(10n)).toBe(10n);
    expect(c.setTime(100n)).toBe(100n);
    expect(c.setTime(50n)).toBe(100n); // never backwards, like qtest clock_set
    expect(() => c.step(-1n)).toThrow(RangeError);
  });

  it('fires timers in deadline order, equal deadlines in arming order, with now() = deadline', () => {
    const c = createVirtualClock();
    const log: string[] = [];
    const mk = (name: string) => c.createTimer(() => log.push(`${name}@${c.now()}`));
    const a = mk('a');
    const b = mk('b');
    const d = mk('d');
    const e = mk('e');
    b.modNs(300n);
    a.modNs(100n);
    d.modNs(300n);
    e.modNs(1000n);
    expect(c.nextDeadline()).toBe(100n);
    expect(a.pending).toBe(true);
    c.step(500n);
    expect(log).toEqual(['a@100', 'b@300', 'd@300']);
    expect(c.now()).toBe(500n);
    expect(a.pending).toBe(false);
    expect(a.expireNs).toBe(-1n);
    expect(e.expireNs).toBe(1000n);
  });

  it('re-arming moves a timer; del disarms it', () => {
    const c = createVirtualClock();
    const log: bigint[] = [];
    const t = c.createTimer(() => log.push(c.now()));
    t.modNs(100n);
    t.modNs(50n);
    t.modNs(70n);
    const u = c.createTimer(() => log.push(-1n));
    u.modNs(60n);
    u.del();
    c.step(1000n);
    expect(log).toEqual([70n]);
  });

  it('a callback may re-arm its own timer (periodic) and arm others', () => {
    const c = createVirtualClock();
    const log: string[] = [];
    const other = c.createTimer(() => log.push(`other@${c.now()}`));
    const periodic = c.createTimer(() => {
      log.push(`tick@${c.now()}`);
      if (c.now() === 200n) other.modNs(c.now()); // due now: runs in the same step
      periodic.modAfterNs(100n);
    });
    periodic.modNs(100n);
    c.step(350n);
    expect(log).toEqual(['tick@100', 'tick@200', 'other@200', 'tick@300']);
    expect(periodic.expireNs).toBe(400n);
  });

  it('stepToNextDeadline jumps to the earliest deadline, or stays put when none', () => {
    const c = createVirtualClock();
    expect(c.stepToNextDeadline()).toBe(0n);
    let fired = 0;
    c.createTimer(() => fired++).modNs(1234n);
    expect(c.stepToNextDeadline()).toBe(1234n);
    expect(fired).toBe(1);
  });
});

describe('qdev clock', () => {
  it('converts hz and period and propagates to children with multiplier/divider', () => {
    const src = createClock('src', { hz: 24_000_000 });
    expect(src.period).toBe(CLOCK_PERIOD_1SEC / 24_000_000n);
    expect(src.hz()).toBe(24_000_000);
    const child = createClock('child');
    expect(child.hz()).toBe(0);
    let updates = 0;
    child.onUpdate(() => updates++);
    src.multiplier = 2;
    child.setSource(src);
    expect(child.period).toBe(src.period * 2n);
    src.setHz(0);
    expect(child.period).toBe(0n);
    expect(updates).toBe(2);
  });
});
