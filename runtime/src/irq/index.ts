/** IRQ lines (QEMU qemu_irq semantics) and a recording interrupt sink. */
export { createIrqLine, connectIrq } from './irq-line.ts';
export type { IrqHandler, IrqOutput } from './irq-line.ts';
export { createIrqSink } from './irq-sink.ts';
export type { IrqObserver, IrqSink } from './irq-sink.ts';
