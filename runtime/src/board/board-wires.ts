/**
 * IRQ/GPIO wiring of a board: each wire connects device outputs to inputs of other devices or
 * of stand-ins. An output wired to several inputs drives them all, in the order of the board's
 * wires (QEMU boards do this with a splitter, e.g. the pc's GSI handler feeding PIC then IOAPIC).
 */
import { DeviceInstance } from '../device/index.ts';
import type { IrqOutput } from '../irq/index.ts';
import type { Machine } from '../machine/index.ts';
import type { GpioStandIn } from '../qtest/gpio-stand-in.ts';
import { boardError } from './board-error.ts';
import type { EndpointDescriptor, MachineDescriptor } from './machine-descriptor.ts';

type Handler = (level: number) => void;

function isStandIn(obj: unknown): obj is GpioStandIn {
  return typeof obj === 'object' && obj !== null && 'qtestDevice' in obj && 'typeName' in obj;
}

/** A named part, or a board error naming what the board has. */
function partOf(machine: Machine, desc: MachineDescriptor, end: EndpointDescriptor): unknown {
  const part = machine.parts.get(end.part);
  if (part === undefined) throw boardError(desc, `a wire names part '${end.part}', which the board does not have`);
  return part;
}

/** GPIO group `group` of a device with its direction and size, checked against its type. */
function deviceGroup(machine: Machine, desc: MachineDescriptor, dev: DeviceInstance, end: EndpointDescriptor, direction: 'in' | 'out'): void {
  const gpios = machine.registry.get(dev.typeName)?.deviceClass?.info.gpios ?? [];
  const g = gpios.find((x) => x.name === end.group);
  if (g === undefined || g.direction !== direction) {
    const have = gpios.filter((x) => x.direction === direction).map((x) => x.name);
    throw boardError(desc, `${dev.typeName} '${end.part}' has no GPIO ${direction}put group '${end.group}' (it has ${have.join(', ') || 'none'})`);
  }
  if (end.index < 0 || end.index >= g.count) throw boardError(desc, `${dev.typeName} '${end.part}' GPIO group '${g.name}' has no line ${end.index} (it has ${g.count})`);
}

/** The handler that sets input `end` (plus `k` lines further). */
function inputHandler(machine: Machine, desc: MachineDescriptor, end: EndpointDescriptor, k: number): Handler {
  const part = partOf(machine, desc, end);
  const n = end.index + k;
  const at = { ...end, index: n };
  if (part instanceof DeviceInstance) {
    deviceGroup(machine, desc, part, at, 'in');
    const line = part.gpioIn(end.group!, n);
    return (level) => line.set(level);
  }
  if (isStandIn(part)) {
    const handler = part.inputOf(end.group ?? null, n);
    if (handler === undefined) throw boardError(desc, `stand-in ${part.typeName} '${end.part}' has no input ${end.group ?? '(unnamed)'}[${n}]`);
    return handler;
  }
  throw boardError(desc, `part '${end.part}' has no GPIO inputs`);
}

/** The output line `end` (plus `k` lines further); only devices drive outputs. */
function outputLine(machine: Machine, desc: MachineDescriptor, end: EndpointDescriptor, k: number): IrqOutput {
  const part = partOf(machine, desc, end);
  if (!(part instanceof DeviceInstance)) throw boardError(desc, `part '${end.part}' is a stand-in: its outputs are never driven, so it cannot start a wire`);
  const at = { ...end, index: end.index + k };
  deviceGroup(machine, desc, part, at, 'out');
  return part.gpioOut(end.group!, at.index);
}

/** Connects every wire of `desc`; fan-outs keep the board's order. */
export function connectWires(machine: Machine, desc: MachineDescriptor): void {
  const fanOut = new Map<IrqOutput, Handler[]>();
  for (const wire of desc.wires) {
    for (let k = 0; k < wire.count; k++) {
      const line = outputLine(machine, desc, wire.from, k);
      const handlers = fanOut.get(line) ?? [];
      handlers.push(inputHandler(machine, desc, wire.to, k));
      fanOut.set(line, handlers);
    }
  }
  for (const [line, handlers] of fanOut) {
    const only = handlers.length === 1 ? handlers[0]! : undefined;
    line.connect(only ?? ((level) => { for (const h of handlers) h(level); }));
  }
}
