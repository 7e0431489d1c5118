/**
 * IRQ/GPIO lines with QEMU qemu_irq semantics.
 *
 * QEMU's qemu_set_irq() calls the connected handler on *every* set, even when the level does
 * not change; level-triggered sinks are idempotent, so that is harmless, and some sinks
 * (counters, the qtest interceptor's pass-through) observe it. We do the same for the
 * connected handler. The line also remembers its level (QEMU does not) so devices and tests
 * can query it, and `onChange` observers hear only real level changes, which is what the
 * IrqLine contract promises to observers.
 */
import type { IrqLine } from '../contract/context.ts';

/** Receives every level set on a line it is connected to (QEMU qemu_irq_handler). */
export type IrqHandler = (level: boolean) => void;

/** An output line that can be wired to a sink input. */
export interface IrqOutput extends IrqLine {
  /** Connects the line to `handler` (replacing any previous connection); undefined disconnects. */
  connect(handler: IrqHandler | undefined): void;
  /** Whether a handler is connected. */
  readonly connected: boolean;
}

class IrqLineImpl implements IrqOutput {
  private current = false;
  private handler: IrqHandler | undefined;
  private readonly onChange: IrqHandler | undefined;

  constructor(onChange: IrqHandler | undefined) {
    this.onChange = onChange;
  }

  get level(): boolean {
    return this.current;
  }

  get connected(): boolean {
    return this.handler !== undefined;
  }

  set(level: boolean | number): void {
    const l = level === true || (typeof level === 'number' && level !== 0);
    const changed = l !== this.current;
    this.current = l;
    if (changed && this.onChange !== undefined) this.onChange(l);
    if (this.handler !== undefined) this.handler(l);
  }

  raise(): void {
    this.set(true);
  }

  lower(): void {
    this.set(false);
  }

  pulse(): void {
    this.set(true);
    this.set(false);
  }

  connect(handler: IrqHandler | undefined): void {
    this.handler = handler;
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
