/**
 * One-call machine construction for the demo and tests: a generated board (from
 * defs/machines/*.machine.yaml) built with a serial back end and user devices given as text,
 * the way `devgen qtest --machine M --serial SPEC --device SPEC` takes them.
 */
import type { Chardev, DeviceSpec, Machine, MachineOptions } from 'devgen/runtime';
import { MachineRegistry, buildMachine, openChardev, parseDeviceSpec } from 'devgen/runtime';
import { machines } from '../../generated/machines/index.ts';

export { machines };

/** Options of {@link createMachine}. */
export interface CreateMachineOptions extends Omit<MachineOptions, 'name' | 'types'> {
  /**
   * Serial port 0: a back end, or a spec as `--serial` takes it (file:PATH, null, stdio,
   * memory). Undefined leaves the UART unconnected (QEMU -nodefaults without -serial).
   */
  readonly serial?: string | Chardev;
  /** User devices (`--device` specs such as "pcf8574,address=0x20,id=gpio0", or parsed specs). */
  readonly devices?: readonly (string | DeviceSpec)[];
  /** Global properties as `--global` takes them ("hpet.timers=32"). */
  readonly globals?: readonly string[];
}

/**
 * Builds and resets machine `name`. Throws UnknownMachineError for an unknown name and
 * ChardevSpecError for a bad serial spec (user mistakes: print the message, not the stack).
 */
export function createMachine(name: string, options: CreateMachineOptions = {}): Machine {
  const { serial, devices, globals, ...machineOptions } = options;
  const chardev = typeof serial === 'string' ? openChardev(serial) : serial;
  const specs = (devices ?? []).map((d) => (typeof d === 'string' ? parseDeviceSpec(d) : d));
  const registry = new MachineRegistry();
  for (const def of Object.values(machines)) registry.register(def);
  return buildMachine(registry, name, { serial: chardev !== undefined ? [chardev] : [], devices: specs, globals: globals ?? [] }, machineOptions);
}
