/**
 * The boards devgen provides, and a one-call way to build one with a serial back end
 * (what `devgen qtest --machine M --serial SPEC` and the demo use).
 */
import type { Chardev } from '../../runtime/src/chardev/index.ts';
import { openChardev } from '../../runtime/src/chardev/index.ts';
import type { Machine, MachineDefinition, MachineOptions } from '../../runtime/src/machine/index.ts';
import { MachineRegistry, buildMachine } from '../../runtime/src/machine/index.ts';
import { deviceClasses } from '../index.ts';
import { virtMachine } from './virt.machine.ts';

/** Board definitions by machine name. */
export const machineDefinitions: Readonly<Record<string, MachineDefinition>> = {
  [virtMachine.name]: virtMachine,
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
}

/**
 * Builds and resets machine `name`. Throws UnknownMachineError for an unknown name and
 * ChardevSpecError for a bad serial spec (user mistakes: print the message, not the stack).
 */
export function createMachine(name: string, options: CreateMachineOptions = {}): Machine {
  const { serial, ...machineOptions } = options;
  const chardev = typeof serial === 'string' ? openChardev(serial) : serial;
  return buildMachine(
    createMachineRegistry(),
    name,
    { serial: chardev !== undefined ? [chardev] : [] },
    { ...machineOptions, types: deviceClasses },
  );
}

export { virtMachine } from './virt.machine.ts';
