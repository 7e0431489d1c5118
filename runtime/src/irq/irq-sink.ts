/**
 * IrqSink: a stand-in interrupt controller with N numbered inputs. It records the int level of
 * each input and how often it was set, and notifies observers of level *changes* only, which is
 * what QEMU's qtest interceptor reports ("IRQ raise N" / "IRQ lower N" is printed only when the
 * intercepted int level differs from the last one it saw: 5 then 1 is announced twice).
 */
import { irqLevel, type IrqHandler } from './irq-line.ts';

/** Observer of level changes on a sink input: whether it is high, and its int level. */
export type IrqObserver = (n: number, level: boolean, value: number) => void;

/** A numbered set of interrupt inputs. */
export interface IrqSink {
  readonly name: string;
  /** Number of inputs. */
  readonly count: number;
  /** The handler for input `n` (connect an output line to it). Throws a RangeError for a bad index. */
  input(n: number): IrqHandler;
  /** Whether input `n` is high (its level is non-zero). */
  level(n: number): boolean;
  /** The int level input `n` was last set to. */
  value(n: number): number;
  /** How many times input `n` was set (including sets to the same level). */
  setCount(n: number): number;
  /** Adds an observer of level changes; returns a function removing it. */
  observe(observer: IrqObserver): () => void;
}

/** Creates a sink with `count` inputs, all low. */
export function createIrqSink(count: number, name = 'irq-sink'): IrqSink {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`irq sink '${name}': bad input count ${count}`);
  const levels = new Int32Array(count);
  const sets = new Float64Array(count);
  let observers: IrqObserver[] = [];
  const handlers: IrqHandler[] = [];
  for (let i = 0; i < count; i++) {
    handlers.push((level: number) => {
      sets[i]!++;
      const v = irqLevel(level);
      if (levels[i] === v) return;
      levels[i] = v;
      for (const o of observers) o(i, v !== 0, v);
    });
  }
  const check = (n: number): void => {
    if (!Number.isInteger(n) || n < 0 || n >= count) throw new RangeError(`irq sink '${name}' has no input ${n} (0..${count - 1})`);
  };
  return {
    name,
    count,
    input(n) {
      check(n);
      return handlers[n]!;
    },
    level(n) {
      check(n);
      return levels[n] !== 0;
    },
    value(n) {
      check(n);
      return levels[n]!;
    },
    setCount(n) {
      check(n);
      return sets[n]!;
    },
    observe(observer) {
      observers = [...observers, observer];
      return () => {
        observers = observers.filter((o) => o !== observer);
      };
    },
  };
}
