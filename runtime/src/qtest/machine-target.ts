/**
 * Adapts a runtime {@link Machine} to the qtest server's {@link QtestTarget}: memory through
 * the system address space, the machine's virtual clock, and QOM paths resolved to the GPIO
 * lists QEMU would show for the object found there.
 *
 * GPIO list names follow QEMU: a device's sysbus IRQ outputs form one list named "sysbus-irq"
 * (so `irq_intercept_out PATH sysbus-irq` intercepts them, and the unnamed form finds nothing);
 * other groups keep their name unless the definition marks them QEMU-unnamed.
 */
import type { IrqHandler, IrqOutput, IrqSink } from '../irq/index.ts';
import { DeviceInstance } from '../device/device-instance.ts';
import type { Machine } from '../machine/machine.ts';
import type { GpioStandIn } from './gpio-stand-in.ts';
import type { QtestDevice, QtestGpioList, QtestIrqObserver, QtestTarget } from './qtest-target.ts';

/** Addresses a `number` can carry exactly; nothing is mapped above (all unassigned). */
const SAFE_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
const U64_MASK = (1n << 64n) - 1n;

function interceptLine(line: IrqOutput, observer: QtestIrqObserver): void {
  const prev: IrqHandler | undefined = line.handler;
  line.connect((level) => {
    prev?.(level);
    observer(level);
  });
}

function isStandIn(obj: unknown): obj is GpioStandIn {
  return typeof obj === 'object' && obj !== null && 'qtestDevice' in obj;
}

function isIrqSink(obj: unknown): obj is IrqSink {
  return typeof obj === 'object' && obj !== null && 'observe' in obj && 'setCount' in obj && 'input' in obj;
}

/** The qtest view of a runtime device instance. */
function deviceView(machine: Machine, dev: DeviceInstance): QtestDevice {
  const info = machine.registry.get(dev.typeName)?.deviceClass?.info;
  const gpios = info?.gpios ?? [];
  const lists: QtestGpioList[] = [];
  const sysbusOut = gpios.filter((g) => g.direction === 'out' && g.sysbus);
  if (sysbusOut.length > 0) {
    const count = sysbusOut.reduce((n, g) => n + g.count, 0);
    lists.push({
      name: 'sysbus-irq',
      inputCount: 0,
      outputCount: count,
      interceptInput() {},
      interceptOutput: (n, observer) => interceptLine(dev.sysbusIrq(n), observer),
    });
  }
  for (const g of gpios) {
    if (g.direction === 'out' && g.sysbus) continue;
    const name = g.qemuUnnamed ? null : g.name;
    const isIn = g.direction === 'in';
    lists.push({
      name,
      inputCount: isIn ? g.count : 0,
      outputCount: isIn ? 0 : g.count,
      interceptInput: (n, observer) => interceptLine(dev.gpioIn(g.name, n), observer),
      interceptOutput: (n, observer) => interceptLine(dev.gpioOut(g.name, n), observer),
    });
  }
  return {
    id: dev,
    gpioLists: lists,
    setInput(name, n, level) {
      const g = gpios.find((x) => x.direction === 'in' && (x.qemuUnnamed ? null : x.name) === name);
      if (g === undefined || !Number.isInteger(n) || n < 0 || n >= g.count) return false;
      dev.gpioIn(g.name, n).set(level);
      return true;
    },
  };
}

/**
 * The qtest view of a plain IrqSink (Machine.addIrqSink). A sink reports level changes only,
 * so an intercepted input already high is not re-announced as QEMU would; boards that need
 * exact interception use a GpioStandIn instead.
 */
function sinkView(sink: IrqSink): QtestDevice {
  const observers = new Map<number, QtestIrqObserver>();
  let subscribed = false;
  return {
    id: sink,
    gpioLists: [
      {
        name: null,
        inputCount: sink.count,
        outputCount: 0,
        interceptInput(n, observer) {
          observers.set(n, observer);
          if (!subscribed) {
            subscribed = true;
            sink.observe((i, _high, value) => observers.get(i)?.(value));
          }
        },
        interceptOutput() {},
      },
    ],
    setInput(name, n, level) {
      if (name !== null || !Number.isInteger(n) || n < 0 || n >= sink.count) return false;
      sink.input(n)(level);
      return true;
    },
  };
}

/** Wraps `machine` for the qtest server. Views are cached so a device keeps its identity. */
export function qtestTargetFromMachine(machine: Machine): QtestTarget {
  const views = new Map<object, QtestDevice>();
  const view = (obj: object, make: () => QtestDevice): QtestDevice => {
    let v = views.get(obj);
    if (v === undefined) {
      v = make();
      views.set(obj, v);
    }
    return v;
  };
  /** Splits [addr, addr+len) at the 2^64 wrap and the safe-integer limit; calls `fn` on mapped pieces. */
  const pieces = (addr: bigint, len: number, fn: (a: number, from: number, to: number) => void): void => {
    let done = 0;
    while (done < len) {
      const a = (addr + BigInt(done)) & U64_MASK;
      const untilWrap = Number((U64_MASK - a + 1n) < BigInt(len - done) ? U64_MASK - a + 1n : BigInt(len - done));
      if (a > SAFE_LIMIT) {
        done += untilWrap; // nothing is mapped up there: unassigned, reads 0
        continue;
      }
      const n = Math.min(untilWrap, Number(SAFE_LIMIT - a) + 1);
      fn(Number(a), done, done + n);
      done += n;
    }
  };
  return {
    readValue: (addr, size) => machine.memory.readValue(addr, size),
    writeValue: (addr, size, value) => machine.memory.writeValue(addr, size, value),
    readMemory(addr, data) {
      pieces(addr, data.length, (a, from, to) => data.set(machine.memory.readBytes(a, to - from), from));
    },
    writeMemory(addr, data) {
      pieces(addr, data.length, (a, from, to) => machine.memory.writeBytes(a, data.subarray(from, to)));
    },
    clock: machine.clock,
    bigEndian: false,
    runPendingRequests() {
      machine.runPendingRequests();
    },
    // cpu_inb/inw/inl and cpu_out*: address_space_read/write of the port space, little-endian.
    readPort(addr, size) {
      const b = machine.io.readBytes(addr, size);
      return (b[0]! | (size > 1 ? b[1]! << 8 : 0) | (size > 2 ? (b[2]! << 16) | (b[3]! << 24) : 0)) >>> 0;
    },
    writePort(addr, size, value) {
      const b = new Uint8Array(size);
      for (let i = 0; i < size; i++) b[i] = (value >>> (8 * i)) & 0xff;
      machine.io.writeBytes(addr, b);
    },
    resolve(path) {
      const node = machine.qom.resolveNode(path);
      if (node === undefined) return undefined;
      const obj = node.object;
      if (obj instanceof DeviceInstance) return { kind: 'device', device: view(obj, () => deviceView(machine, obj)) };
      if (isStandIn(obj)) return { kind: 'device', device: obj.qtestDevice };
      if (isIrqSink(obj)) return { kind: 'device', device: view(obj, () => sinkView(obj)) };
      return { kind: 'object' };
    },
  };
}
