/**
 * Deterministic virtual clock and its timers (QEMU_CLOCK_VIRTUAL under qtest).
 *
 * Time is a bigint in ns, starts at 0 and moves only when told to (step / setTime /
 * stepToNextDeadline), like QEMU stopped with -S and driven by qtest clock_step/clock_set.
 * Moving time fires due timers in deadline order; timers with equal deadlines fire in the order
 * they were armed (QEMU inserts a timer after every timer that expires no later than it).
 * While a callback runs, now() equals that timer's deadline, as in QEMU's qtest_clock_warp,
 * which warps to each deadline in turn before running the timer list.
 *
 * A move runs at most {@link EXPIRY_BUDGET} expiries exactly. Past that budget a timer that
 * re-armed itself some period after its previous expiry (a periodic timer) is skipped
 * ahead by whole periods to its last deadline not after the target and fires once there; so
 * `clock_step 9223372036854775807` with a 27 ms periodic timer costs a bounded amount of work
 * instead of 10^17 callbacks. This is the one place the clock deviates from QEMU, which runs
 * every expiry: the skipped expiries' side effects (IRQ pulses, counters a callback bumps) do
 * not happen; the state at the target is that of the last expiry, which does run.
 */
import type { Timer } from '../contract/context.ts';

/** A timer created by a {@link VirtualClock}. */
export interface VirtualTimer extends Timer {
  /** Arms the timer `deltaNs` after the current time (QEMU timer_mod relative helper). */
  modAfterNs(deltaNs: bigint): void;
}

/**
 * Thrown when timers keep re-arming at the same instant: a model bug, not a guest error. The
 * runaway timer is disarmed before this is thrown, so the next move of the clock works again.
 */
export class TimerLivelockError extends Error {
  constructor(atNs: bigint) {
    super(`timers keep firing at ${atNs} ns without time advancing (a timer re-arms itself at the current time; it was stopped)`);
    this.name = 'TimerLivelockError';
  }
}

/** Fires allowed at one instant before {@link TimerLivelockError}. Generous: only a livelock reaches it. */
const MAX_FIRES_AT_ONE_INSTANT = 1_000_000;

/**
 * Expiries one move of the clock runs one by one before periodic timers are skipped ahead
 * (about a second of callbacks on the pc board's PIT).
 */
export const EXPIRY_BUDGET = 100_000;

class TimerImpl implements VirtualTimer {
  expire = -1n;
  /** Arming sequence number; orders timers with equal deadlines. */
  seq = 0;
  /** Distance from its last expiry to the deadline it re-armed itself at then; 0n when unknown. */
  period = 0n;
  constructor(
    private readonly clock: VirtualClock,
    readonly callback: () => void,
  ) {}
  get expireNs(): bigint {
    return this.expire;
  }
  get pending(): boolean {
    return this.expire >= 0n;
  }
  modNs(deadlineNs: bigint): void {
    this.clock.arm(this, deadlineNs < 0n ? 0n : deadlineNs);
  }
  modAfterNs(deltaNs: bigint): void {
    this.modNs(this.clock.now() + deltaNs);
  }
  del(): void {
    this.clock.disarm(this);
  }
}

/** The deterministic virtual clock: time source plus the list of armed timers. */
export class VirtualClock {
  private time = 0n;
  /** Armed timers sorted by (deadline, arming order). Few timers exist, so a sorted array wins. */
  private readonly queue: TimerImpl[] = [];
  private nextSeq = 0;

  /** Current virtual time in ns. */
  now(): bigint {
    return this.time;
  }

  /** Creates a disarmed timer that calls `callback` on expiry. */
  createTimer(callback: () => void): VirtualTimer {
    return new TimerImpl(this, callback);
  }

  /** Earliest armed deadline in ns, or -1n when no timer is armed (QEMU's "no deadline"). */
  nextDeadline(): bigint {
    const head = this.queue[0];
    return head === undefined ? -1n : head.expire;
  }

  /** Advances time by `ns` (≥ 0), firing every timer due up to the new time. Returns the new time. */
  step(ns: bigint): bigint {
    if (ns < 0n) throw new RangeError(`virtual clock cannot step backwards (${ns} ns)`);
    return this.runUntil(this.time + ns);
  }

  /**
   * Moves time to `ns`, firing due timers on the way. Like qtest clock_set, a target in the
   * past leaves the clock where it is. Returns the resulting time.
   */
  setTime(ns: bigint): bigint {
    return this.runUntil(ns > this.time ? ns : this.time);
  }

  /** Advances to the earliest deadline and fires what is due then (qtest clock_step without argument). */
  stepToNextDeadline(): bigint {
    const d = this.nextDeadline();
    if (d < 0n) return this.time;
    return this.runUntil(d > this.time ? d : this.time);
  }

  /** @internal Arms or re-arms `t` (called by the timer). */
  arm(t: TimerImpl, deadline: bigint): void {
    this.remove(t);
    t.expire = deadline;
    t.seq = this.nextSeq++;
    // Insert after every timer due no later than this one (stable for equal deadlines): from
    // the end, since a re-armed timer usually goes late in a short queue.
    const q = this.queue;
    let i = q.length;
    q.push(t);
    while (i > 0 && q[i - 1]!.expire > deadline) {
      q[i] = q[i - 1]!;
      i--;
    }
    q[i] = t;
  }

  /** @internal Disarms `t` (called by the timer). */
  disarm(t: TimerImpl): void {
    this.remove(t);
    t.expire = -1n;
  }

  private remove(t: TimerImpl): void {
    if (t.expire < 0n) return;
    const i = this.queue.indexOf(t);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private runUntil(target: bigint): bigint {
    let firesHere = 0;
    let lastInstant = -1n;
    let fired = 0;
    for (;;) {
      const head = this.queue[0];
      if (head === undefined || head.expire > target) break;
      if (fired >= EXPIRY_BUDGET && head.period > 0n && head.expire + head.period <= target) {
        // Skip whole periods: the timer's last deadline not after the target, where it fires.
        this.arm(head, head.expire + ((target - head.expire) / head.period) * head.period);
        continue;
      }
      this.queue.shift();
      if (head.expire > this.time) this.time = head.expire;
      if (this.time === lastInstant) {
        if (++firesHere > MAX_FIRES_AT_ONE_INSTANT) {
          // Stop the runaway timer so the clock is usable afterwards.
          head.expire = -1n;
          throw new TimerLivelockError(this.time);
        }
      } else {
        lastInstant = this.time;
        firesHere = 1;
      }
      const firedAt = this.time;
      head.expire = -1n;
      head.period = 0n;
      fired++;
      head.callback();
      if (head.expire > firedAt) head.period = head.expire - firedAt;
    }
    if (target > this.time) this.time = target;
    return this.time;
  }
}

/** Creates a virtual clock at time 0 with no timers. */
export function createVirtualClock(): VirtualClock {
  return new VirtualClock();
}
