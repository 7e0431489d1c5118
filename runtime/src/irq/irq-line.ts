/**
 * IRQ/GPIO lines with QEMU qemu_irq semantics.
 *
 * A level is a C int, as qemu_set_irq takes it: devices pass on what they receive (the HPET
 * forwards an RTC level of 5 as 5), and what a receiver stores is its own business (the HPET
 * keeps it in a uint8_t, the PIC only asks whether it is non-zero). Booleans are the common
 * case: `set(true)` is level 1, `set(false)` level 0. A number is truncated to 32 bits as a
 * C int conversion does.
 *
 * QEMU's qemu_set_irq() calls the connected handler on *every* set, even when the level does
 * not change; level-triggered sinks are idempotent, so that is harmless, and some sinks
 * (counters, the qtest interceptor's pass-through) observe it. We do the same for the
 * connected handler. The line also remembers its level (QEMU does not) so devices and tests
 * can query it, and `onChange` observers hear only real level changes (5 then 1 is a change),
 * which is what the IrqLine contract promises to observers.
 */
import type { IrqLine } from '../contract/context.ts';

/** Receives every level set on a line it is connected to (QEMU qemu_irq_handler): a C int. */
export type IrqHandler = (level: number) => void;

/** An output line that can be wired to a sink input. */
export interface IrqOutput extends IrqLine {
  /** Connects the line to `handler` (replacing any previous connection); undefined disconnects. */
  connect(handler: IrqHandler | undefined): void;
  /** The handler the line drives now, if any (an interception wraps it). */
  readonly handler: IrqHandler | undefined;
  /** Whether a handler is connected. */
  readonly connected: boolean;
}

/** A level as the C int qemu_set_irq receives: true 1, false 0, a number truncated to 32 bits. */
export function irqLevel(level: boolean | number): number {
  return level === true ? 1 : level === false ? 0 : level | 0;
}

class IrqLineImpl implements IrqOutput {
  private current = 0;
  private target: IrqHandler | undefined;
  private readonly onChange: IrqHandler | undefined;

  constructor(onChange: IrqHandler | undefined) {
    this.onChange = onChange;
  }

  get level(): boolean {
    return this.current !== 0;
  }

  get value(): number {
    return this.current;
  }

  get connected(): boolean {
    return this.target !== undefined;
  }

  get handler(): IrqHandler | undefined {
    return this.target;
  }

  set(level: boolean | number): void {
    const l = irqLevel(level);
    const changed = l !== this.current;
    this.current = l;
    if (changed && this.onChange !== undefined) this.onChange(l);
    if (this.target !== undefined) this.target(l);
  }

  raise(): void {
    this.set(1);
  }

  lower(): void {
    this.set(0);
  }

  pulse(): void {
    this.set(1);
    this.set(0);
  }

  connect(handler: IrqHandler | undefined): void {
    this.target = handler;
  }
}

/**
 * Creates a line, initially low. `onChange` runs only when the level actually changes;
 * a connected handler (see {@link IrqOutput.connect}) runs on every set.
 */
export function createIrqLine(onChange?: IrqHandler): IrqOutput {
  return new IrqLineImpl(onChange);
}

/** Connects an output line to input `n` of a sink (QEMU sysbus_connect_irq / qdev_connect_gpio_out). */
export function connectIrq(output: IrqOutput, sink: { input(n: number): IrqHandler }, n: number): void {
  output.connect(sink.input(n));
}
