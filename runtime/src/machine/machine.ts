/**
 * Machine: the generic container a board definition fills in. It owns the type registry, the
 * system address space, the virtual clock, the guest log, the trace sink, the chardevs and the
 * QOM tree, and knows nothing about specific devices: the board interpreter (runtime/src/board)
 * creates devices, maps their regions and wires their lines through this API.
 */
import type { Chardev } from '../chardev/index.ts';
import type { MachineRequests } from '../contract/types.ts';
import { createRtcClock, createVirtualClock, DEFAULT_RTC_OPTIONS, parseRtcSpec, type HostTime, type MachineRtc, type RtcOptions, type VirtualClock } from '../clock/index.ts';
import type { DeviceClass } from '../device/define-device.ts';
import type { DeviceInstance } from '../device/device-instance.ts';
import { createIrqSink, type IrqHandler, type IrqSink } from '../irq/index.ts';
import { I2cConfigError } from '../i2c/index.ts';
import { createGuestLog, type RuntimeLog } from '../log/index.ts';
import { createAddressSpace, type AddressSpace, type Endianness, type Mapping } from '../memory/index.ts';
import type { PropertyValue } from '../qom/property-parse.ts';
import { QomError } from '../qom/qom-error.ts';
import { QomTree } from '../qom/qom-tree.ts';
import { TypeRegistry } from '../device/type-registry.ts';
import { createTraceSink, type TraceSink } from '../trace/index.ts';

/** Options of {@link Machine}. */
export interface MachineOptions {
  /** Machine name (for messages). */
  readonly name?: string;
  /** Device classes to register. */
  readonly types?: readonly DeviceClass[];
  /** Guest log; default a recording log that echoes nothing. */
  readonly log?: RuntimeLog;
  /** Trace sink; default all trace points off. */
  readonly trace?: TraceSink;
  /** Target byte order of the system address space; default little. */
  readonly endianness?: Endianness;
  /**
   * The RTC clock source, as QEMU's `-rtc` takes it ("base=2020-01-01T00:00:00,clock=vm") or
   * parsed; default QEMU's (host clock, UTC now). A bad spec throws RtcSpecError.
   */
  readonly rtc?: string | RtcOptions;
  /** Where host time comes from (tests fix it); default the process's clocks. */
  readonly hostTime?: HostTime;
}

/** Options of {@link Machine.createDevice}. */
export interface CreateDeviceOptions {
  /** qdev id: the device goes to /machine/peripheral/ID. */
  readonly id?: string;
  /** Properties by QEMU name; strings are parsed like -device (see DeviceCreateOptions). */
  readonly props?: Readonly<Record<string, PropertyValue>>;
  /** Container to add the device to (default /machine/peripheral with an id, else /machine/unattached). */
  readonly parentPath?: string;
  /** Child name inside the container (default ID, else "device[*]": the next free index). */
  readonly name?: string;
}

/** A user device as `-device TYPE,prop=value,id=ID` gives it (see runtime/src/qtest/device-spec.ts). */
export interface DeviceSpec {
  /** QOM type name (QEMU "driver"). */
  readonly type: string;
  /** qdev id: the device goes to /machine/peripheral/ID. */
  readonly id?: string;
  /** Properties by QEMU name, as text (parsed like -device). */
  readonly props?: Readonly<Record<string, PropertyValue>>;
}

/** Anything with numbered interrupt inputs (an IrqSink, a device's gpioInSink). */
export interface IrqInputs {
  input(n: number): IrqHandler;
}

/** QEMU's id rule (id_wellformed): a letter, then letters, digits, '-', '.', '_'. */
const ID_RE = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** A machine instance. */
export class Machine {
  readonly name: string;
  readonly registry = new TypeRegistry();
  readonly qom = new QomTree();
  readonly clock: VirtualClock = createVirtualClock();
  /** The RTC clock source devices read dates from (`-rtc base=…,clock=…`). */
  readonly rtc: MachineRtc;
  /** The system address space (CPU view). */
  readonly memory: AddressSpace;
  /**
   * The I/O port space (x86 `in`/`out`, 64 KiB): what no region covers reads all ones and
   * ignores writes without a log line, as QEMU's unassigned_io_ops do.
   */
  readonly io: AddressSpace;
  readonly log: RuntimeLog;
  readonly trace: TraceSink;
  /** Parts a board named (board-local names of its definition → device instance or stand-in). */
  readonly parts = new Map<string, unknown>();
  private readonly deviceList: DeviceInstance[] = [];
  private readonly byId = new Map<string, DeviceInstance>();
  private readonly chardevs = new Map<string, Chardev>();
  private readonly globals: { readonly type: string; readonly prop: string; readonly value: PropertyValue }[] = [];
  private resetPending = false;
  /** The request entry points devices get in their environment (bound, so a device cannot reach the machine itself). */
  private readonly requests: MachineRequests = { requestReset: () => this.requestReset() };

  constructor(options: MachineOptions = {}) {
    this.name = options.name ?? 'machine';
    this.log = options.log ?? createGuestLog();
    this.trace = options.trace ?? createTraceSink();
    const rtc = typeof options.rtc === 'string' ? parseRtcSpec(options.rtc) : (options.rtc ?? DEFAULT_RTC_OPTIONS);
    this.rtc = createRtcClock(rtc, this.clock, options.hostTime);
    this.memory = createAddressSpace({ name: 'memory', endianness: options.endianness ?? 'little', log: this.log });
    this.io = createAddressSpace({ name: 'io', endianness: 'little', log: this.log, unassigned: 'all-ones', size: 0x10000 });
    for (const t of options.types ?? []) this.registry.register(t);
    this.qom.ensureContainer('/machine/unattached');
    this.qom.ensureContainer('/machine/peripheral');
    this.qom.ensureContainer('/machine/peripheral-anon');
  }

  /** Devices in creation order. */
  get devices(): readonly DeviceInstance[] {
    return this.deviceList;
  }

  /** Registers a chardev under `id` (QEMU -chardev ...,id=ID) so `chardev` properties can name it. */
  addChardev(id: string, chardev: Chardev): void {
    if (this.chardevs.has(id)) throw new QomError('duplicate-id', `attempt to add duplicate chardev id '${id}'`);
    this.chardevs.set(id, chardev);
  }

  /** The chardev registered under `id`. */
  chardev(id: string): Chardev | undefined {
    return this.chardevs.get(id);
  }

  /**
   * A -global: sets `prop` on every device of `type` (or a subtype) created afterwards, before
   * its own properties. Accepts "type.prop=value" or the three parts.
   */
  addGlobal(spec: string): void;
  addGlobal(type: string, prop: string, value: PropertyValue): void;
  addGlobal(a: string, prop?: string, value?: PropertyValue): void {
    if (prop === undefined) {
      const m = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(a);
      if (m === null) throw new QomError('bad-property-value', `Invalid -global '${a}': expected TYPE.PROP=VALUE`);
      this.globals.push({ type: m[1]!, prop: m[2]!, value: m[3]! });
    } else {
      this.globals.push({ type: a, prop, value: value ?? null });
    }
  }

  /**
   * Creates, places, realizes and resets a device. Throws {@link QomError} for unknown types,
   * bad properties, malformed or duplicate ids.
   */
  createDevice(typeName: string, opts: CreateDeviceOptions = {}): DeviceInstance {
    const { id } = opts;
    if (id !== undefined) {
      if (!ID_RE.test(id)) throw new QomError('duplicate-id', `Parameter 'id' expects an identifier`);
      if (this.byId.has(id)) throw new QomError('duplicate-id', `Duplicate ID '${id}' for device`);
    }
    const env = {
      clock: this.clock,
      rtc: this.rtc,
      log: this.log,
      trace: this.trace,
      chardev: (cid: string) => this.chardevs.get(cid),
      machine: this.requests,
    };
    const dev = this.registry.create(typeName, { env, ...(id !== undefined ? { id } : {}) });
    for (const g of this.globals) {
      if (!this.registry.isA(typeName, g.type)) continue;
      try {
        dev.setProperty(g.prop, g.value);
      } catch (e) {
        if (e instanceof QomError) throw new QomError(e.kind, `can't apply global ${g.type}.${g.prop}=${String(g.value)}: ${e.message}`);
        throw e;
      }
    }
    for (const [k, v] of Object.entries(opts.props ?? {})) dev.setProperty(k, v);
    const parentPath = opts.parentPath ?? (id !== undefined ? '/machine/peripheral' : '/machine/unattached');
    const node = this.qom.addChild(parentPath, opts.name ?? id ?? 'device[*]', typeName, dev);
    dev.setPath(node.path);
    try {
      dev.realize();
    } catch (e) {
      this.qom.remove(node.path);
      throw e;
    }
    this.deviceList.push(dev);
    if (id !== undefined) this.byId.set(id, dev);
    dev.reset();
    return dev;
  }

  /**
   * Plugs a user device (QEMU `-device TYPE,prop=value,id=ID`) after the board is built: the
   * device goes to /machine/peripheral/ID (or /machine/peripheral-anon/device[N] without an id)
   * and onto the first bus of its kind the board has (QEMU's qbus_find_recursive from the main
   * system bus): an I2C slave onto the first device's child I2C bus, in creation order.
   * Throws {@link QomError} for unknown types, bad properties, a missing bus ('no-bus') or a
   * bus that refuses the device ('bus-config', e.g. two I2C slaves at one address).
   */
  plugDevice(spec: DeviceSpec): DeviceInstance {
    const cls = this.registry.get(spec.type)?.deviceClass;
    const bus = cls?.info.bus ?? 'sysbus';
    if (cls !== undefined && bus === 'i2c') {
      const i2cBusOf = (d: DeviceInstance) => this.registry.get(d.typeName)?.deviceClass?.info.buses?.find((b) => b.kind === 'i2c');
      const host = this.deviceList.find((d) => i2cBusOf(d) !== undefined);
      if (host === undefined) throw new QomError('no-bus', `No 'i2c-bus' bus found for device '${spec.type}'`);
      const busName = i2cBusOf(host)!.name;
      const dev = this.createDevice(spec.type, {
        ...(spec.id !== undefined ? { id: spec.id } : { parentPath: '/machine/peripheral-anon' }),
        props: spec.props ?? {},
      });
      const slave = dev.i2cSlave;
      if (slave === undefined) throw new QomError('no-bus', `Device '${spec.type}' has no I2C slave interface`);
      try {
        host.bus(busName).attach(slave);
      } catch (e) {
        this.unplug(dev);
        if (e instanceof I2cConfigError) throw new QomError('bus-config', e.message);
        throw e;
      }
      return dev;
    }
    if (cls === undefined) {
      // Let createDevice produce QEMU's wording for unknown or abstract types.
      this.createDevice(spec.type, spec.id !== undefined ? { id: spec.id } : {});
    }
    throw new QomError('no-bus', `Device '${spec.type}' can't go on the board '${this.name}' with -device (no bus of kind '${bus}' takes user devices)`);
  }

  /** Removes a device created by {@link createDevice} from the machine and the QOM tree. */
  private unplug(dev: DeviceInstance): void {
    const i = this.deviceList.indexOf(dev);
    if (i >= 0) this.deviceList.splice(i, 1);
    if (dev.id !== undefined) this.byId.delete(dev.id);
    if (dev.path !== '') this.qom.remove(dev.path);
  }

  /** The device with qdev id `id`, or at QOM path `path` (absolute or partial). */
  device(idOrPath: string): DeviceInstance | undefined {
    const byId = this.byId.get(idOrPath);
    if (byId !== undefined) return byId;
    const obj = this.qom.resolvePath(idOrPath);
    return this.deviceList.find((d) => d === obj);
  }

  /** The object at a QOM path (QEMU object_resolve_path). */
  resolvePath(path: string): unknown {
    return this.qom.resolvePath(path);
  }

  /** Maps MMIO region `index` of `device` at `base` in the system address space (sysbus_mmio_map; sysbus_mmio_map_overlap with a priority). */
  mapMmio(device: DeviceInstance, index: number, base: number, priority = 0): Mapping {
    return this.memory.map(base, device.mmio(index), priority);
  }

  /** Maps region `index` of `device` at I/O port `base` of the port space (isa_register_ioport), over lower priorities. */
  mapIo(device: DeviceInstance, index: number, base: number, priority = 0): Mapping {
    return this.io.map(base, device.mmio(index), priority);
  }

  /** Connects output `n` of GPIO group `group` of `device` to input `input` of `sink` (qdev_connect_gpio_out_named). */
  connectGpio(device: DeviceInstance, group: string, n: number, sink: IrqInputs, input: number): void {
    device.gpioOut(group, n).connect(sink.input(input));
  }

  /** Connects sysbus IRQ `n` of `device` to input `input` of `sink` (sysbus_connect_irq). */
  connectSysbusIrq(device: DeviceInstance, n: number, sink: IrqInputs, input: number): void {
    device.sysbusIrq(n).connect(sink.input(input));
  }

  /**
   * Adds an interrupt-controller stand-in with `count` inputs at QOM `path` (e.g. where the
   * real board has its GIC, so that qtest's irq_intercept_in finds it there).
   */
  addIrqSink(path: string, count: number, typeName = 'irq-sink'): IrqSink {
    const sink = createIrqSink(count, path);
    this.qom.add(path, typeName, sink);
    return sink;
  }

  /**
   * System reset (qemu_system_reset → device cold reset): every device, newest first. QEMU
   * resets the qdev tree bus by bus, and a bus lists its children newest first (the pc's HPET
   * is reset before the PICs, so the edge its reset drives into them is cleared again).
   */
  reset(): void {
    for (let i = this.deviceList.length - 1; i >= 0; i--) this.deviceList[i]!.reset();
  }

  /**
   * Asks for a system reset (QEMU qemu_system_reset_request), as a device behaviour does through
   * `ctx.requestSystemReset()` when its definition declares `requests: [system-reset]`. The reset
   * does not happen inside the access that asked for it: it is pending until
   * {@link runPendingRequests}, which whoever drives the machine calls between guest accesses
   * (the qtest server before each command, as QEMU's main loop resets between qtest lines).
   */
  requestReset(): void {
    this.resetPending = true;
  }

  /** Whether a requested system reset has not run yet. */
  get resetRequested(): boolean {
    return this.resetPending;
  }

  /**
   * Carries out pending requests: a requested system reset resets every device once (several
   * requests before it runs are one reset, as in QEMU). Returns whether a reset ran.
   */
  runPendingRequests(): boolean {
    if (!this.resetPending) return false;
    this.resetPending = false;
    this.reset();
    return true;
  }
}
