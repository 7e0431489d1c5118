/**
 * A stand-in for a device a machine does not model but whose GPIO lists qtest must see (the
 * virt board's GIC at /machine/unattached/device[1], its CPU at device[0]). Its unnamed inputs
 * record levels like an interrupt controller and can be intercepted exactly as QEMU's
 * qemu_irq_intercept_in does: every set reaches the interceptor, not only level changes.
 */
import { irqLevel } from '../irq/index.ts';
import type { QtestDevice, QtestGpioList, QtestIrqObserver } from './qtest-target.ts';

/** Shape of one GPIO list of a stand-in (QEMU NamedGPIOList). */
export interface GpioListSpec {
  /** null for the unnamed list; "sysbus-irq" for sysbus IRQ outputs. */
  readonly name: string | null;
  readonly inputs: number;
  readonly outputs: number;
}

/** A stand-in device: numbered inputs of its unnamed list plus its qtest view. */
export interface GpioStandIn {
  /** QOM type name it stands in for (e.g. "arm_gic"). */
  readonly typeName: string;
  /** Handler of unnamed input `n`: connect device outputs to it (IrqInputs); levels are C ints. */
  input(n: number): (level: number) => void;
  /**
   * Handler of input `n` of list `name` (null: the unnamed list), resolved once: a wire to it
   * costs a store and the interceptor's call per set, not a lookup. Undefined when the list
   * has no such input.
   */
  inputOf(name: string | null, n: number): ((level: number) => void) | undefined;
  /** Whether unnamed input `n` is high (its level is non-zero). */
  level(n: number): boolean;
  /** The int level unnamed input `n` was last set to. */
  value(n: number): number;
  /** The qtest view (see QtestTarget.resolve). */
  readonly qtestDevice: QtestDevice;
}

/** Creates a stand-in with the given GPIO lists; inputs of every list start low. */
export function createGpioStandIn(typeName: string, lists: readonly GpioListSpec[]): GpioStandIn {
  const id = {};
  const qlists: QtestGpioList[] = [];
  const inputsByList = new Map<string | null, { levels: Int32Array; observers: (QtestIrqObserver | undefined)[] }>();
  for (const spec of lists) {
    const state = { levels: new Int32Array(spec.inputs), observers: new Array<QtestIrqObserver | undefined>(spec.inputs) };
    inputsByList.set(spec.name, state);
    // Outputs of a stand-in are never driven; intercepting them installs observers that never fire.
    qlists.push({
      name: spec.name,
      inputCount: spec.inputs,
      outputCount: spec.outputs,
      interceptInput(n, observer) {
        const prev = state.observers[n];
        state.observers[n] = prev === undefined ? observer : (l) => (prev(l), observer(l));
      },
      interceptOutput() {},
    });
  }
  const setIn = (name: string | null, n: number, level: boolean | number): boolean => {
    const st = inputsByList.get(name);
    if (st === undefined || !Number.isInteger(n) || n < 0 || n >= st.levels.length) return false;
    const v = irqLevel(level);
    st.levels[n] = v;
    st.observers[n]?.(v);
    return true;
  };
  const inputOf = (name: string | null, n: number): ((level: number) => void) | undefined => {
    const st = inputsByList.get(name);
    if (st === undefined || !Number.isInteger(n) || n < 0 || n >= st.levels.length) return undefined;
    const { levels, observers } = st;
    return (level) => {
      const v = irqLevel(level);
      levels[n] = v;
      const observe = observers[n];
      if (observe !== undefined) observe(v);
    };
  };
  const unnamed = (n: number): void => {
    if (!inputsByList.has(null) || n < 0 || n >= inputsByList.get(null)!.levels.length) {
      throw new RangeError(`${typeName} stand-in has no unnamed input ${n}`);
    }
  };
  return {
    typeName,
    input(n) {
      unnamed(n);
      return inputOf(null, n)!;
    },
    inputOf,
    level(n) {
      unnamed(n);
      return inputsByList.get(null)!.levels[n] !== 0;
    },
    value(n) {
      unnamed(n);
      return inputsByList.get(null)!.levels[n]!;
    },
    qtestDevice: {
      id,
      gpioLists: qlists,
      setInput: (name, n, level) => setIn(name, n, level),
    },
  };
}
