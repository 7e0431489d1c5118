/**
 * The boards devgen provides, and a one-call way to build one with a serial back end
 * (what `devgen qtest --machine M --serial SPEC` and the demo use).
 */
import type { Chardev } from '../../runtime/src/chardev/index.ts';
import { openChardev } from '../../runtime/src/chardev/index.ts';
import type { DeviceSpec, Machine, MachineDefinition, MachineOptions } from '../../runtime/src/machine/index.ts';
import { parseDeviceSpec } from '../../runtime/src/qtest/index.ts';
import { MachineRegistry, buildMachine } from '../../runtime/src/machine/index.ts';
import { deviceClasses } from '../index.ts';
import { virtMachine } from './virt.machine.ts';
import { pcMachine } from './pc.machine.ts';
import { versatilepbMachine } from './versatilepb.machine.ts';

/** Board definitions by machine name. */
export const machineDefinitions: Readonly<Record<string, MachineDefinition>> = {
  [virtMachine.name]: virtMachine,
  [pcMachine.name]: pcMachine,
  [versatilepbMachine.name]: versatilepbMachine,
};

/** Alias of {@link machineDefinitions} (the name the CLI imports). */
export const machines = machineDefinitions;

/** A registry holding every board in {@link machineDefinitions}. */
export function createMachineRegistry(): MachineRegistry {
  const registry = new MachineRegistry();
  for (const def of Object.values(machineDefinitions)) registry.register(def);
  return registry;
}

/** Options of {@link createMachine}. */
export interface CreateMachineOptions extends Omit<MachineOptions, 'name' | 'types'> {
  /**
   * Serial port 0: a back end, or a spec as `--serial` takes it (file:PATH, null, stdio,
   * memory). Undefined leaves the UART unconnected (QEMU -nodefaults without -serial).
   */
  readonly serial?: string | Chardev;
  /** User devices (`--device` specs such as "pcf8574,address=0x20,id=gpio0", or parsed specs). */
  readonly devices?: readonly (string | DeviceSpec)[];
}

/**
 * Builds and resets machine `name`. Throws UnknownMachineError for an unknown name and
 * ChardevSpecError for a bad serial spec (user mistakes: print the message, not the stack).
 */
export function createMachine(name: string, options: CreateMachineOptions = {}): Machine {
  const { serial, devices, ...machineOptions } = options;
  const chardev = typeof serial === 'string' ? openChardev(serial) : serial;
  const specs = (devices ?? []).map((d) => (typeof d === 'string' ? parseDeviceSpec(d) : d));
  return buildMachine(
    createMachineRegistry(),
    name,
    { serial: chardev !== undefined ? [chardev] : [], devices: specs },
    { ...machineOptions, types: deviceClasses },
  );
}

export { virtMachine } from './virt.machine.ts';
export { pcMachine } from './pc.machine.ts';
export { versatilepbMachine } from './versatilepb.machine.ts';
