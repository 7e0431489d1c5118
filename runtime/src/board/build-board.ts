/**
 * The board interpreter: populates a {@link Machine} from a {@link MachineDescriptor}. One
 * function builds every board; boards differ only in their data.
 *
 * Order follows QEMU's board code: RAM, then the parts in the order the definition lists them
 * (creation order is what numbers /machine/unattached/device[N], which qtest paths name), each
 * device with its properties, serial back end, MMIO mappings and bus, then the wires. A reset of
 * the whole machine follows (buildMachine).
 */
import { I2cConfigError } from '../i2c/index.ts';
import { PciConfigError } from '../pci/index.ts';
import type { MachineBuildOptions } from '../machine/index.ts';
import type { Machine } from '../machine/index.ts';
import { createRamRegion } from '../memory/index.ts';
import { QomError, type PropertyValue } from '../qom/index.ts';
import { createGpioStandIn } from '../qtest/gpio-stand-in.ts';
import { DeviceInstance } from '../device/index.ts';
import type { DevicePartDescriptor, MachineDescriptor, StandInPartDescriptor } from './machine-descriptor.ts';
import { boardError } from './board-error.ts';
import { connectWires } from './board-wires.ts';

/** Splits a part's QOM path into its container and its child name. */
function splitAt(desc: MachineDescriptor, at: string): { parent: string; child: string } {
  const cut = at.lastIndexOf('/');
  if (!at.startsWith('/') || cut === at.length - 1) throw boardError(desc, `invalid QOM path '${at}'`);
  return { parent: cut === 0 ? '/' : at.slice(0, cut), child: at.slice(cut + 1) };
}

/** A mapped region's base and priority (a plain base is priority 0). */
function placementOf(at: number | { readonly base: number; readonly priority: number }): { base: number; priority: number } {
  return typeof at === 'number' ? { base: at, priority: 0 } : at;
}

function createDevicePart(machine: Machine, desc: MachineDescriptor, part: DevicePartDescriptor, options: MachineBuildOptions): DeviceInstance {
  const props: Record<string, PropertyValue> = { ...part.props };
  if (part.serial !== undefined) {
    const backend = options.serial?.[part.serial.index];
    if (backend !== undefined) {
      // QEMU names the chardev of -serial N "serialN" and binds it to the UART's chardev property.
      const id = `serial${part.serial.index}`;
      machine.addChardev(id, backend);
      props[part.serial.property] = id;
    }
  }
  const { parent, child } = splitAt(desc, part.at);
  const dev = machine.createDevice(part.type, { props, parentPath: parent, name: child, ...(part.id !== undefined ? { id: part.id } : {}) });
  part.mmio.forEach((at, index) => {
    if (at === null) return;
    if (index >= dev.mmioCount) throw boardError(desc, `${part.type} has no MMIO region ${index} (it has ${dev.mmioCount})`);
    const { base, priority } = placementOf(at);
    machine.mapMmio(dev, index, base, priority);
  });
  (part.io ?? []).forEach((at, index) => {
    if (at === null) return;
    if (index >= dev.mmioCount) throw boardError(desc, `${part.type} has no region ${index} for I/O ports (it has ${dev.mmioCount})`);
    const { base, priority } = placementOf(at);
    machine.mapIo(dev, index, base, priority);
  });
  if (part.bus !== undefined) attachToBus(machine, desc, part, dev);
  return dev;
}

/** Puts `dev` on the child bus of an earlier part (QEMU i2c_slave_realize_and_unref on that bus; a PCI function at its devfn). */
function attachToBus(machine: Machine, desc: MachineDescriptor, part: DevicePartDescriptor, dev: DeviceInstance): void {
  const { host: hostName, name } = part.bus!;
  const host = machine.parts.get(hostName);
  if (!(host instanceof DeviceInstance)) throw boardError(desc, `bus host '${hostName}' of ${part.type} is not a device built before it`);
  const hostBuses = machine.registry.get(host.typeName)?.deviceClass?.info.buses ?? [];
  const kind = hostBuses.find((b) => b.name === name)?.kind;
  if (kind === undefined) throw boardError(desc, `${host.typeName} has no child bus '${name}'`);
  if (kind === 'pci') {
    // QEMU pci_qdev_realize: the function answers at its `addr` property (devfn).
    const fn = dev.pciFunction;
    if (fn === undefined) throw boardError(desc, `${part.type} cannot sit on bus '${name}': it is not a PCI function`);
    try {
      host.pciBus(name).attach(Number(dev.getProperty('addr')), fn);
    } catch (e) {
      if (e instanceof PciConfigError) throw new QomError('bus-config', e.message);
      throw e;
    }
    return;
  }
  const slave = dev.i2cSlave;
  if (slave === undefined) throw boardError(desc, `${part.type} cannot sit on bus '${name}': it is not an I2C slave`);
  try {
    host.bus(name).attach(slave);
  } catch (e) {
    if (e instanceof I2cConfigError) throw new QomError('bus-config', e.message);
    throw e;
  }
}

function createStandInPart(machine: Machine, desc: MachineDescriptor, part: StandInPartDescriptor): unknown {
  const standIn = createGpioStandIn(part.type, part.gpios);
  const { parent, child } = splitAt(desc, part.at);
  machine.qom.addChild(parent, child, part.type, standIn);
  return standIn;
}

/**
 * Builds board `desc` on a fresh `machine`: RAM, parts in order, wires. Named parts are
 * recorded in `machine.parts`. Throws {@link QomError} for anything the parts cannot do.
 */
export function buildBoard(machine: Machine, desc: MachineDescriptor, options: MachineBuildOptions = {}): void {
  for (const ram of desc.ram) machine.memory.map(ram.base, createRamRegion(ram.name, ram.size));
  for (const part of desc.parts) {
    if (part.withSerial !== undefined && options.serial?.[part.withSerial] === undefined) continue;
    const built = part.kind === 'device' ? createDevicePart(machine, desc, part, options) : createStandInPart(machine, desc, part);
    if (part.name === undefined) continue;
    if (machine.parts.has(part.name)) throw boardError(desc, `two parts are named '${part.name}'`);
    machine.parts.set(part.name, built);
  }
  connectWires(machine, desc);
}
