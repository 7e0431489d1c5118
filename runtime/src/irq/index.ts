/** IRQ lines (QEMU qemu_irq semantics, int levels) and a recording interrupt sink. */
export { createIrqLine, connectIrq, irqLevel } from './irq-line.ts';
export type { IrqHandler, IrqOutput } from './irq-line.ts';
export { createIrqSink } from './irq-sink.ts';
export type { IrqObserver, IrqSink } from './irq-sink.ts';
