/**
 * The pieces of a device instance that hooks and the memory core see: the context object
 * every hook receives, and the MemoryRegionOps over a compiled dispatcher (with the region's
 * access trace events when they are enabled).
 */
import type { CharBackend, I2cSlaveState, RtcClock, Timer } from '../contract/context.ts';
import type { GuestLog } from '../contract/context.ts';
import type { MachineRequests } from '../contract/types.ts';
import type { I2cBus } from '../i2c/i2c-bus.ts';
import type { PciBus } from '../pci/pci-bus.ts';
import type { MemoryRegionOps } from '../memory/memory-region.ts';
import type { PropertyValue } from '../qom/property-parse.ts';
import { noopTracePoint } from '../trace/index.ts';
import type { AnyDeviceContext } from './hook-binding.ts';
import type { CompiledDispatch } from './mmio-dispatch.ts';
import { registerNameAt } from './register-layout.ts';

/** The clock services a context needs. */
export interface ContextClock {
  now(): bigint;
  createTimer(callback: () => void): Timer;
}

/** The context object hooks receive; fields in a fixed order so V8 gives it one fast shape. */
export class InstanceContext implements AnyDeviceContext {
  // A class instance, not an object literal with a getter: V8 keeps literals with accessors in
  // dictionary mode, and every hook reads `ctx.state` on the MMIO hot path. The fields are
  // declared without initialisers and stored once, in the constructor: a class field would
  // first hold undefined, and a field V8 has seen change is never treated as constant, while a
  // constant one lets the compiler fold `ctx.state`, `ctx.trace` and `ctx.gpio` of a known
  // context into the hooks it inlines.
  private declare readonly owner: { readonly path: string };
  declare readonly state: unknown;
  declare readonly props: Record<string, PropertyValue>;
  declare readonly log: GuestLog;
  private declare readonly clock: ContextClock;
  declare readonly gpio: AnyDeviceContext['gpio'];
  declare readonly lines: AnyDeviceContext['lines'];
  declare readonly clocks: AnyDeviceContext['clocks'];
  declare readonly chardev: CharBackend;
  declare readonly trace: AnyDeviceContext['trace'];
  /** The I2C slave part (QEMU I2CSlave) of devices on an I2C bus, else undefined. */
  declare readonly i2c: I2cSlaveState | undefined;
  /** Child buses by name. */
  declare readonly buses: Readonly<Record<string, I2cBus | PciBus>>;
  /** Whether the type declared the system-reset request, and the machine that carries it out. */
  private declare readonly requests: { readonly reset: boolean; readonly machine: MachineRequests | undefined };
  /** The machine's RTC clock source. */
  declare readonly rtc: RtcClock;

  constructor(
    owner: { readonly path: string },
    state: unknown,
    props: Record<string, PropertyValue>,
    log: GuestLog,
    clock: ContextClock,
    gpio: AnyDeviceContext['gpio'],
    lines: AnyDeviceContext['lines'],
    clocks: AnyDeviceContext['clocks'],
    chardev: CharBackend,
    trace: AnyDeviceContext['trace'],
    i2c: I2cSlaveState | undefined,
    buses: Readonly<Record<string, I2cBus | PciBus>>,
    requests: { readonly reset: boolean; readonly machine: MachineRequests | undefined },
    rtc: RtcClock,
  ) {
    this.owner = owner;
    this.state = state;
    this.props = props;
    this.log = log;
    this.clock = clock;
    this.gpio = gpio;
    this.lines = lines;
    this.clocks = clocks;
    this.chardev = chardev;
    this.trace = trace;
    this.i2c = i2c;
    this.buses = buses;
    this.requests = requests;
    this.rtc = rtc;
  }

  /**
   * Asks the machine for a system reset (QEMU qemu_system_reset_request). Only types whose
   * definition declares `requests: [system-reset]` see this in their generated context; for
   * any other type, or a device outside a machine, the call is logged as unimplemented and
   * does nothing.
   */
  requestSystemReset(): void {
    if (this.requests.reset && this.requests.machine !== undefined) this.requests.machine.requestReset();
    else this.log.unimp(`${this.owner.path}: system reset requested, but the device did not declare requests: [system-reset] or has no machine`);
  }

  /** QOM path of the owning instance. */
  get path(): string {
    return this.owner.path;
  }

  /** Current virtual time in ns. */
  now(): bigint {
    return this.clock.now();
  }

  /** A timer on the machine's virtual clock. */
  createTimer(callback: () => void): Timer {
    return this.clock.createTimer(callback);
  }
}

/**
 * MemoryRegionOps over a compiled dispatcher. Regions that never see 8-byte accesses (impl
 * max ≤ 4, the common case) and have no 64-bit registers use the dispatcher's functions
 * directly; an 8-byte access then reaches a ≤32-bit register as its low 32 bits.
 */
export function regionOps(d: CompiledDispatch): MemoryRegionOps {
  if ((d.region.impl.max || 4) <= 4 && !d.hasWide) return { read: d.read, write: d.write as MemoryRegionOps['write'] };
  // 8-byte accesses carry bigint; 64-bit registers take and give all 64 bits (see mmio-wide.ts).
  return { read: d.readAccess, write: d.writeAccess };
}

/**
 * Masks every offset with the region's `offsetMask` before it reaches the ops (QEMU devices
 * that decode `addr & mask`, or ignore the address); without a mask the ops are returned as
 * they are, so the common case costs nothing.
 */
export function maskedOps(ops: MemoryRegionOps, mask: number | undefined): MemoryRegionOps {
  if (mask === undefined) return ops;
  return {
    read: (offset, size) => ops.read(offset & mask, size),
    write: (offset, size, value) => ops.write(offset & mask, size, value),
  };
}

/**
 * Wraps a region's ops with its access trace events (RegionInfo.trace) when those are enabled,
 * as QEMU devices trace every read and write. Disabled events cost nothing: the ops are
 * returned as they are, so the hot path never checks a flag.
 */
export function tracedOps(ops: MemoryRegionOps, d: CompiledDispatch, trace: AnyDeviceContext['trace']): MemoryRegionOps {
  const events = d.region.trace;
  const readTp = events?.read === undefined ? noopTracePoint : trace[events.read] ?? noopTracePoint;
  const writeTp = events?.write === undefined ? noopTracePoint : trace[events.write] ?? noopTracePoint;
  if (readTp === noopTracePoint && writeTp === noopTracePoint) return ops;
  return {
    read(offset, size) {
      const value = ops.read(offset, size);
      readTp(offset, value, registerNameAt(d.registers, offset));
      return value;
    },
    write(offset, size, value) {
      writeTp(offset, value, registerNameAt(d.registers, offset));
      ops.write(offset, size, value);
    },
  };
}
