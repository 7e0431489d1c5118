/** Trace points (QEMU trace-events, "log" backend style) and the printf formatter behind them. */
export { createTraceSink, noopTracePoint } from './trace-sink.ts';
export type { TracePoint, TraceSink, TraceSinkOptions } from './trace-sink.ts';
export { formatPrintf } from './printf.ts';
export type { PrintfArg } from './printf.ts';
