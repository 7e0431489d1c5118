import { describe, expect, it } from 'vitest';
import { EXPIRY_BUDGET, TimerLivelockError, createVirtualClock } from '../../../../runtime/src/clock/virtual-clock.ts';

const I64_MAX = (1n << 63n) - 1n;

describe('virtual clock: the work of one move is bounded', () => {
  it('runs the first expiries exactly, then skips a periodic timer by whole periods to its last deadline', () => {
    const c = createVirtualClock();
    let fires = 0;
    let lastAt = -1n;
    const t = c.createTimer(() => {
      fires++;
      lastAt = c.now();
      t.modAfterNs(1000n);
    });
    t.modNs(1000n);
    const started = Date.now();
    expect(c.step(I64_MAX)).toBe(I64_MAX);
    expect(Date.now() - started).toBeLessThan(5000);
    // The budget ran one by one, then one more expiry at the last period boundary.
    expect(fires).toBe(EXPIRY_BUDGET + 1);
    expect(lastAt).toBe((I64_MAX / 1000n) * 1000n);
    expect(t.expireNs).toBe(lastAt + 1000n);
  });

  it('keeps exact expiry order below the budget', () => {
    const c = createVirtualClock();
    let fires = 0;
    const t = c.createTimer(() => {
      fires++;
      t.modAfterNs(7n);
    });
    t.modNs(7n);
    c.step(7n * 1000n);
    expect(fires).toBe(1000);
  });

  it('stops a timer that re-arms at the current instant, so the next move works', () => {
    const c = createVirtualClock();
    const t = c.createTimer(() => t.modNs(c.now()));
    t.modNs(10n);
    expect(() => c.step(100n)).toThrow(TimerLivelockError);
    expect(t.pending).toBe(false);
    expect(c.step(100n)).toBe(110n);
  });
});
