/**
 * qdev clocks (QEMU hw/core/clock.c): a period in units of 2^-32 ns, an optional source clock
 * whose period is propagated to children scaled by the source's multiplier/divider, and
 * update callbacks devices use to recompute baud rates and the like.
 */
import type { Clock } from '../contract/context.ts';

/** One second in 2^-32 ns units (QEMU CLOCK_PERIOD_1SEC). */
export const CLOCK_PERIOD_1SEC = 1_000_000_000n << 32n;

/** Period for a frequency in Hz (0 Hz = disabled = period 0), like CLOCK_PERIOD_FROM_HZ. */
export function clockPeriodFromHz(hz: number): bigint {
  const h = BigInt(Math.floor(hz));
  return h > 0n ? CLOCK_PERIOD_1SEC / h : 0n;
}

/** A clock as the runtime manages it: the codegen Clock plus wiring and notification. */
export interface QdevClock extends Clock {
  readonly name: string;
  /** Sets the period and propagates it to children; callbacks run when the period changed. */
  setPeriod(period: bigint): void;
  /** Sets the frequency (0 disables the clock). */
  setHz(hz: number): void;
  /** Makes this clock follow `source` (QEMU clock_set_source); its period is taken at once. */
  setSource(source: QdevClock): void;
  /** Adds a callback run after the period changes; returns a function removing it. */
  onUpdate(callback: () => void): () => void;
  /** Period a child of this clock gets: period * multiplier / divider. */
  childPeriod(): bigint;
}

class QdevClockImpl implements QdevClock {
  period = 0n;
  multiplier = 1;
  divider = 1;
  private children: QdevClockImpl[] = [];
  private source: QdevClockImpl | undefined;
  private callbacks: (() => void)[] = [];

  constructor(readonly name: string) {}

  hz(): number {
    return this.period === 0n ? 0 : Number(CLOCK_PERIOD_1SEC / this.period);
  }

  childPeriod(): bigint {
    const div = BigInt(this.divider || 1);
    return (this.period * BigInt(this.multiplier)) / div;
  }

  setPeriod(period: bigint): void {
    if (period < 0n) throw new RangeError(`clock '${this.name}': negative period`);
    const changed = period !== this.period;
    this.period = period;
    if (changed) for (const cb of this.callbacks) cb();
    const p = this.childPeriod();
    for (const c of this.children) c.setPeriod(p);
  }

  setHz(hz: number): void {
    this.setPeriod(clockPeriodFromHz(hz));
  }

  setSource(source: QdevClock): void {
    if (!(source instanceof QdevClockImpl)) throw new TypeError('clock source must come from createClock()');
    if (this.source) this.source.children = this.source.children.filter((c) => c !== this);
    this.source = source;
    source.children.push(this);
    this.setPeriod(source.childPeriod());
  }

  onUpdate(callback: () => void): () => void {
    this.callbacks = [...this.callbacks, callback];
    return () => {
      this.callbacks = this.callbacks.filter((c) => c !== callback);
    };
  }
}

/** Creates a clock, disabled (period 0) unless `period` or `hz` is given. */
export function createClock(name = 'clk', init: { readonly period?: bigint; readonly hz?: number } = {}): QdevClock {
  const c = new QdevClockImpl(name);
  if (init.period !== undefined) c.period = init.period;
  else if (init.hz !== undefined) c.period = clockPeriodFromHz(init.hz);
  return c;
}
