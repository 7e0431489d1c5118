/**
 * DeviceInstance: one device created from a `DeviceClass`. It owns the context the hooks see
 * (state, props, lines, clocks, chardev, trace, log, time), its compiled MMIO regions and its
 * migration entry points. Lifecycle as qdev: create (instance init: state, lines, clocks,
 * property defaults) → set properties → realize (MMIO compiled, chardev attached, realize
 * hook) → reset (register resets, state resets, reset hook).
 */
import type { CharBackend, ChardevEvent, GuestLog, I2cEvent, IrqLine, Timer } from '../contract/context.ts';
import type { MachineRequests, PropertyInfo, TimerClock, VmStateDescription } from '../contract/types.ts';
import { createClock, createRtcClock, DEFAULT_RTC_OPTIONS, type MachineRtc, type QdevClock } from '../clock/index.ts';
import { createIrqLine, type IrqHandler, type IrqOutput } from '../irq/index.ts';
import { createMmioRegion, type MemoryRegion, type MemoryRegionOps } from '../memory/memory-region.ts';
import { loadVmState, saveVmState, type VmLoadResult } from '../migration/index.ts';
import { checkPropertyValue, parsePropertyText, propertyDefault, type PropertyValue } from '../qom/property-parse.ts';
import { QomError } from '../qom/qom-error.ts';
import { noopTracePoint, type TraceSink } from '../trace/index.ts';
import type { CharReceiver, Chardev } from '../chardev/index.ts';
import { BitbangI2c } from '../i2c/bitbang-i2c.ts';
import { I2cBus } from '../i2c/i2c-bus.ts';
import { PciBus, PciConfigSpace, type PciFunction } from '../pci/index.ts';
import { ChardevPort } from './chardev-port.ts';
import type { AnyDeviceContext, AnyDeviceTypeInfo, BoundDevice } from './hook-binding.ts';
import { InstanceContext, maskedOps, regionOps, tracedOps } from './instance-context.ts';
import { compileMmioDispatch } from './mmio-dispatch.ts';
import { resetRegisters } from './register-layout.ts';

/** Machine services a device instance uses. */
export interface DeviceEnvironment {
  /** The machine's virtual clock (time and timers). */
  readonly clock: { now(): bigint; createTimer(callback: () => void): Timer };
  /** The machine's RTC clock source (`-rtc`); QEMU's default (host clock, UTC) when absent. */
  readonly rtc?: MachineRtc;
  /** Where guest errors go. */
  readonly log: GuestLog;
  /** Trace points; all no-ops when absent. */
  readonly trace?: TraceSink;
  /** Looks up a character back end by chardev id (for `chardev` properties). */
  readonly chardev?: (id: string) => Chardev | undefined;
  /** The machine's request entry points (a system reset a device asks for); absent outside a machine. */
  readonly machine?: MachineRequests;
}

/** Options of `TypeRegistry.create` / `DeviceClass.instantiate`. */
export interface DeviceCreateOptions {
  readonly env: DeviceEnvironment;
  /** qdev id (-device ...,id=X). */
  readonly id?: string;
  /**
   * Properties by QEMU name ("migrate-clk"). A string for a non-string property is parsed
   * as QEMU's command line would; other values are range-checked.
   */
  readonly props?: Readonly<Record<string, PropertyValue>>;
}

/**
 * What an I2C bus needs from a slave device (structurally the runtime I2C bus's `I2cSlave`):
 * the callbacks are present only when the type names an I2C hook for them.
 */
export interface I2cSlaveDevice {
  /** 7-bit address (from the `address` property at realize; migrated in the "I2CSlave" state). */
  readonly address: number;
  /** QOM path (or type name before placement), for messages. */
  readonly name: string;
  /** Start/stop/nack; a non-zero return NACKs a start. */
  event?(event: I2cEvent): number;
  /** A byte the master reads. */
  recv?(): number;
  /** A byte the master writes; returns 0 to ACK, non-zero to NACK. */
  send?(byte: number): number;
}

/** One device instance. */
export class DeviceInstance {
  /** QOM type name. */
  readonly typeName: string;
  /** qdev id, if any. */
  readonly id: string | undefined;
  /** The context every hook receives (exposed for tests and tools). */
  readonly context: AnyDeviceContext;
  private qomPath = '';
  private isRealized = false;
  private readonly info: AnyDeviceTypeInfo;
  private readonly bound: BoundDevice;
  private readonly env: DeviceEnvironment;
  private readonly props: Record<string, PropertyValue> = {};
  private readonly outputs = new Map<string, IrqOutput[]>();
  private readonly inputs = new Map<string, IrqOutput[]>();
  private readonly clockMap = new Map<string, QdevClock>();
  private readonly port: ChardevPort;
  private pendingBackend: Chardev | undefined;
  private regions: MemoryRegion[] = [];
  private readonly vmDesc: VmStateDescription<AnyDeviceContext> | undefined;
  private slaveAdapter: I2cSlaveDevice | undefined;
  private pciConfig: PciConfigSpace | undefined;

  /** An instance of the device class `bound` (see defineDevice). */
  constructor(bound: BoundDevice, opts: DeviceCreateOptions) {
    const info = bound.info;
    const self = bound.self;
    this.info = info;
    this.bound = bound;
    this.typeName = info.name;
    this.id = opts.id;
    this.env = opts.env;
    for (const p of info.properties) this.props[p.key] = propertyDefault(p);

    const gpio: Record<string, readonly IrqLine[]> = {};
    const lines: Record<string, IrqLine> = {};
    for (const g of info.gpios) {
      const group: IrqOutput[] = [];
      for (let n = 0; n < g.count; n++) group.push(createIrqLine());
      gpio[g.name] = group;
      if (g.direction === 'out') {
        this.outputs.set(g.name, group);
        g.lines.forEach((name, i) => {
          if (group[i] !== undefined) lines[name] = group[i];
        });
      } else {
        this.inputs.set(g.name, group);
        const fn = bound.hook(g.hook!);
        group.forEach((line, n) => line.connect((level) => void fn.call(self, this.context, n, level)));
      }
    }
    const clocks: Record<string, QdevClock> = {};
    for (const c of info.clocks) {
      const clk = createClock(c.name);
      clocks[c.name] = clk;
      this.clockMap.set(c.name, clk);
    }
    let receiver: CharReceiver | undefined;
    const ch = info.chardev?.hooks;
    if (ch !== undefined) {
      const canReceive = bound.hook(ch.canReceive);
      const receive = bound.hook(ch.receive);
      const event = bound.hook(ch.event);
      receiver = {
        canReceive: () => canReceive.call(self, this.context) as number,
        receive: (data: Uint8Array) => void receive.call(self, this.context, data),
        event: (ev: ChardevEvent) => void event.call(self, this.context, ev),
      };
    }
    this.port = new ChardevPort(receiver);
    const trace: Record<string, (...args: (number | bigint | boolean | string)[]) => void> = {};
    const points = opts.env.trace?.points(info.traceEvents);
    for (const e of info.traceEvents) trace[e.name] = points?.[e.name] ?? noopTracePoint;

    // Child buses exist before the state record, whose bit-bang engines drive them. Timers in
    // the state record call their hook with the element index; the context they pass is read
    // when they fire, so creating them before the context exists is fine.
    const rtc = opts.env.rtc ?? createRtcClock(DEFAULT_RTC_OPTIONS, opts.env.clock);
    const buses: Record<string, I2cBus | PciBus> = {};
    for (const b of info.buses ?? []) buses[b.name] = b.kind === 'pci' ? new PciBus(b.name) : new I2cBus(b.name);
    const state = info.createState({
      timer: (callback: string, index: number, clock: TimerClock = 'virtual'): Timer => {
        const fn = bound.hook(callback);
        const source = clock === 'rtc' ? rtc : opts.env.clock;
        return source.createTimer(() => void fn.call(self, this.context, index));
      },
      bitbangI2c: (bus: string) => new BitbangI2c(buses[bus] as I2cBus),
    });
    const i2c = info.bus === 'i2c' ? { address: 0 } : undefined;
    const requests = { reset: info.requests?.includes('system-reset') === true, machine: opts.env.machine };
    this.context = new InstanceContext(this, state, this.props, opts.env.log, opts.env.clock, gpio, lines, clocks, this.port as CharBackend, trace, i2c, buses, requests, rtc);
    this.vmDesc = bound.vmstate;
    for (const [name, value] of Object.entries(opts.props ?? {})) this.setProperty(name, value);
  }

  /** QOM path ("" until a machine places the device in its tree). */
  get path(): string {
    return this.qomPath;
  }

  /** Whether realize() has run. */
  get realized(): boolean {
    return this.isRealized;
  }

  /** @internal Called by the machine when the device is placed in the QOM tree. */
  setPath(path: string): void {
    this.qomPath = path;
  }

  /** Property descriptors of the type. */
  get properties(): readonly PropertyInfo[] {
    return this.info.properties;
  }

  /**
   * Sets property `name` (QEMU name). A string for a non-string property is parsed like
   * `-device`/`-global`; throws {@link QomError} with QEMU's wording on a bad name or value,
   * and after realize.
   */
  setProperty(name: string, value: PropertyValue): void {
    const p = this.info.properties.find((x) => x.name === name);
    if (p === undefined) throw new QomError('unknown-property', `Property '${this.typeName}.${name}' not found`);
    if (this.isRealized) {
      throw new QomError(
        'realized',
        `Attempt to set property '${name}' on device '${this.id ?? this.path}' (type '${this.typeName}') after it was realized`,
      );
    }
    const resolve = (id: string): boolean => this.env.chardev?.(id) !== undefined;
    const v =
      typeof value === 'string' && p.type !== 'string' && p.type !== 'chardev'
        ? parsePropertyText(this.typeName, p, value, resolve)
        : checkPropertyValue(this.typeName, p, value, resolve);
    // Declared ranges are enforced here unless the device clamps at realize (outOfRange 'clamp').
    if (p.outOfRange !== 'clamp' && (typeof v === 'number' || typeof v === 'bigint')
      && ((p.min !== undefined && v < p.min) || (p.max !== undefined && v > p.max))) {
      throw new QomError(
        'bad-property-value',
        `Property ${this.typeName}.${name} doesn't take value ${v} (minimum: ${p.min ?? '-'}, maximum: ${p.max ?? '-'})`,
      );
    }
    this.props[p.key] = v;
    if (p.type === 'chardev' && this.info.chardev?.property === p.name) {
      this.pendingBackend = typeof v === 'string' ? this.env.chardev?.(v) : undefined;
    }
  }

  /** Current value of property `name` (QEMU name), or undefined when the type has none. */
  getProperty(name: string): PropertyValue | undefined {
    const p = this.info.properties.find((x) => x.name === name);
    return p === undefined ? undefined : this.props[p.key];
  }

  /** Realizes the device: creates its MMIO regions (dispatch compiled on first access), attaches the chardev, runs the realize hook. Idempotent. */
  realize(): void {
    if (this.isRealized) return;
    // Properties whose out-of-range values QEMU clamps in realize (rather than rejecting them when set).
    for (const p of this.info.properties) {
      if (p.outOfRange !== 'clamp') continue;
      const v = this.props[p.key];
      if (typeof v !== 'number' && typeof v !== 'bigint') continue;
      if (p.min !== undefined && v < p.min) this.props[p.key] = typeof v === 'bigint' ? BigInt(p.min) : Number(p.min);
      else if (p.max !== undefined && v > p.max) this.props[p.key] = typeof v === 'bigint' ? BigInt(p.max) : Number(p.max);
    }
    const slave = (this.context as InstanceContext).i2c;
    if (slave !== undefined && typeof this.props.address === 'number') slave.address = this.props.address;
    this.regions = this.bound.layouts.map((t) => createMmioRegion(t.region, this.lazyOps(t), this.id ?? this.typeName));
    if (this.pendingBackend !== undefined) this.port.setBackend(this.pendingBackend);
    this.pendingBackend = undefined;
    this.isRealized = true;
    this.deviceHook(this.info.deviceHooks.realize);
  }

  /**
   * The ops of region `layout`, compiled on its first access rather than at realize: a board
   * builds every device it has, while a conversation usually touches a few of them. The first
   * access puts the compiled functions into the ops object the region holds, so later accesses
   * go straight to them.
   */
  private lazyOps(layout: BoundDevice['layouts'][number]): MemoryRegionOps {
    const ops: MemoryRegionOps = {
      read: (offset, size) => compile().read(offset, size),
      write: (offset, size, value) => compile().write(offset, size, value),
    };
    let real: MemoryRegionOps | undefined;
    const compile = (): MemoryRegionOps => {
      if (real !== undefined) return real; // a caller that kept the first functions
      const d = compileMmioDispatch(layout, this.context, this.env.log, this.typeName);
      real = maskedOps(tracedOps(regionOps(d), d, this.context.trace), d.region.offsetMask);
      ops.read = real.read;
      ops.write = real.write;
      return real;
    };
    return ops;
  }

  /**
   * Device reset: the pre-reset hook (sees the old state, like the first half of QEMU's reset
   * handlers), storage registers to their reset values, state resets, then the reset hook.
   */
  reset(): void {
    this.deviceHook(this.info.deviceHooks.preReset);
    this.pciConfig?.reset();
    for (const t of this.bound.layouts) resetRegisters(t, this.context);
    this.info.resetState(this.context.state);
    this.deviceHook(this.info.deviceHooks.reset);
  }

  /** Runs device-level hook `name` (realize, pre-reset, reset) when the type names one. */
  private deviceHook(name: string | undefined): void {
    if (name !== undefined) this.bound.hook(name).call(this.bound.self, this.context);
  }

  /** Number of MMIO regions (sysbus MMIO indexes), known after realize. */
  get mmioCount(): number {
    return this.regions.length;
  }

  /** MMIO region `i` (sysbus_mmio_get_region). Throws before realize or for a bad index. */
  mmio(i: number): MemoryRegion {
    const r = this.regions[i];
    if (r === undefined) {
      throw new RangeError(`${this.typeName}: no MMIO region ${i} (${this.isRealized ? `has ${this.regions.length}` : 'not realized'})`);
    }
    return r;
  }

  /** Output line `n` of GPIO group `group`; connect it to a sink input. */
  gpioOut(group: string, n: number): IrqOutput {
    return pick(this.outputs, group, n, this.typeName, 'output');
  }

  /** Input line `n` of GPIO group `group`; setting it calls the group's `gpioIn…` hook. */
  gpioIn(group: string, n: number): IrqOutput {
    return pick(this.inputs, group, n, this.typeName, 'input');
  }

  /** The inputs of `group` as a sink (`input(n)` handler), so other outputs can connect to them. */
  gpioInSink(group: string): { input(n: number): IrqHandler } {
    return { input: (n) => { const line = this.gpioIn(group, n); return (level) => line.set(level); } };
  }

  /**
   * The I2C slave interface of a device on an I2C bus (QEMU I2CSlaveClass): the bus calls
   * `event` on start/stop/nack, `recv` for a byte the master reads, `send` for a byte it writes
   * (returns 0 for ACK). Undefined for other devices.
   */
  get i2cSlave(): I2cSlaveDevice | undefined {
    const slave = (this.context as InstanceContext).i2c;
    if (slave === undefined) return undefined;
    if (this.slaveAdapter !== undefined) return this.slaveAdapter;
    const self = this.bound.self;
    const ctx = this.context;
    const names = this.info.i2c ?? {};
    const owner = this;
    // Only the callbacks the behaviour implements are present: the bus answers the others
    // as QEMU does for a missing class callback (ACK starts, read 0xff, NACK written bytes).
    const adapter: { -readonly [K in keyof I2cSlaveDevice]: I2cSlaveDevice[K] } = {
      get address() {
        return slave.address;
      },
      get name() {
        return owner.path || owner.typeName;
      },
    };
    if (names.event !== undefined) {
      const fn = this.bound.hook(names.event);
      adapter.event = (event) => Number(fn.call(self, ctx, event) ?? 0);
    }
    if (names.recv !== undefined) {
      const fn = this.bound.hook(names.recv);
      adapter.recv = () => Number(fn.call(self, ctx)) & 0xff;
    }
    if (names.send !== undefined) {
      const fn = this.bound.hook(names.send);
      adapter.send = (byte) => Number(fn.call(self, ctx, byte & 0xff));
    }
    this.slaveAdapter = adapter;
    return adapter;
  }

  /**
   * The PCI function of a device on a PCI bus: its configuration space, built on first use
   * from the definition's `pci:` header and the `multifunction` property (set before realize).
   * Undefined for other devices.
   */
  get pciFunction(): PciFunction | undefined {
    const info = this.info.pci;
    if (info === undefined) return undefined;
    if (this.pciConfig === undefined) this.pciConfig = new PciConfigSpace(info, this.props.multifunction === true);
    return { name: this.path || this.typeName, config: this.pciConfig };
  }

  /** I2C child bus `name` the device created (e.g. the I2C bus of an I2C controller). */
  bus(name: string): I2cBus {
    const b = (this.context as InstanceContext).buses[name];
    if (!(b instanceof I2cBus)) throw new RangeError(`${this.typeName}: no I2C child bus '${name}'`);
    return b;
  }

  /** PCI child bus `name` the device created (the bus of a PCI host bridge). */
  pciBus(name: string): PciBus {
    const b = (this.context as InstanceContext).buses[name];
    if (!(b instanceof PciBus)) throw new RangeError(`${this.typeName}: no PCI child bus '${name}'`);
    return b;
  }

  /**
   * Sysbus IRQ `n` (sysbus_connect_irq): outputs of the sysbus GPIO groups, in definition order,
   * form one index space.
   */
  sysbusIrq(n: number): IrqOutput {
    const all: IrqOutput[] = [];
    for (const g of this.info.gpios) if (g.direction === 'out' && g.sysbus) all.push(...this.outputs.get(g.name)!);
    const line = all[n];
    if (line === undefined) throw new RangeError(`${this.typeName}: no sysbus IRQ ${n} (has ${all.length})`);
    return line;
  }

  /** Clock `name` (qdev_get_clock_in/out). */
  clock(name: string): QdevClock {
    const c = this.clockMap.get(name);
    if (c === undefined) throw new RangeError(`${this.typeName}: no clock '${name}'`);
    return c;
  }

  /** Attaches a character back end directly (undefined detaches); before realize it is attached at realize. */
  setChardev(backend: Chardev | undefined): void {
    if (this.isRealized) this.port.setBackend(backend);
    else this.pendingBackend = backend;
  }

  /** Whether the type has a migration description. */
  get migratable(): boolean {
    return this.vmDesc !== undefined;
  }

  /** The bound migration description (throws when the type does not migrate). */
  get vmstate(): VmStateDescription<AnyDeviceContext> {
    if (this.vmDesc === undefined) throw new Error(`${this.typeName}: device type has no migration state`);
    return this.vmDesc;
  }

  /** Saves the device state in QEMU's VMState wire format (body only, no section framing). */
  save(): Uint8Array {
    return saveVmState(this.vmstate, this.context);
  }

  /** Loads state saved by {@link save} (or QEMU); on failure the device is left unchanged. */
  load(data: Uint8Array, versionId?: number): VmLoadResult {
    return loadVmState(this.vmstate, this.context, data, versionId);
  }
}

function pick(map: Map<string, IrqOutput[]>, group: string, n: number, typeName: string, what: string): IrqOutput {
  const g = map.get(group);
  if (g === undefined) throw new RangeError(`${typeName}: no GPIO ${what} group '${group}'`);
  const line = g[n];
  if (line === undefined) throw new RangeError(`${typeName}: GPIO ${what} group '${group}' has no line ${n} (has ${g.length})`);
  return line;
}

