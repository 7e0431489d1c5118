/**
 * Trace sink: turns trace-event descriptions into callable trace points. Disabled events get
 * one shared no-op function, so a trace point on the MMIO hot path costs a call and nothing else.
 * Enabled events print like QEMU's "log" trace backend without timestamps: `name formatted\n`.
 */
import type { TraceEventInfo } from '../contract/types.ts';
import { formatPrintf, type PrintfArg } from './printf.ts';

/** A callable trace point. */
export type TracePoint = (...args: PrintfArg[]) => void;

/** Options of {@link createTraceSink}. */
export interface TraceSinkOptions {
  /**
   * Which events are enabled: true = all, false/undefined = none, or a list of patterns where
   * `*` matches any run of characters (QEMU `-trace pl011_*`).
   */
  readonly enable?: boolean | readonly string[];
  /** Where formatted lines go (newline included). Default process.stderr. */
  readonly write?: (line: string) => void;
}

/** Hands out trace points by event description. */
export interface TraceSink {
  /** Whether an event of this name would be printed. */
  isEnabled(name: string): boolean;
  /** A trace point for `event`: the shared no-op when disabled. */
  point(event: TraceEventInfo): TracePoint;
  /** Trace points for a device's events, keyed by event name. */
  points(events: readonly TraceEventInfo[]): Record<string, TracePoint>;
}

/** The no-op trace point every disabled event shares. */
export const noopTracePoint: TracePoint = () => {};

function patternToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

/** Creates a trace sink; with no options every event is a no-op. */
export function createTraceSink(options: TraceSinkOptions = {}): TraceSink {
  const enable = options.enable ?? false;
  const patterns = Array.isArray(enable) ? enable.map(patternToRegExp) : [];
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const isEnabled = (name: string): boolean => (enable === true ? true : patterns.some((re) => re.test(name)));
  const point = (event: TraceEventInfo): TracePoint => {
    if (!isEnabled(event.name)) return noopTracePoint;
    const prefix = `${event.name} `;
    return (...args: PrintfArg[]) => {
      try {
        write(prefix + formatPrintf(event.format, args) + '\n');
      } catch {
        // Tracing must never disturb the device.
      }
    };
  };
  return {
    isEnabled,
    point,
    points(events) {
      const out: Record<string, TracePoint> = {};
      for (const e of events) out[e.name] = point(e);
      return out;
    },
  };
}
