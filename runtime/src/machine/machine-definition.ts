/**
 * Machine definitions (boards) and their registry. A definition knows how to populate a
 * generic {@link Machine}; the board interpreter (runtime/src/board) makes one from each
 * generated board descriptor. `buildMachine` is what the qtest server and the demo call.
 */
import type { Chardev } from '../chardev/index.ts';
import { Machine, type DeviceSpec, type MachineOptions } from './machine.ts';

/** What a board build receives besides the machine. */
export interface MachineBuildOptions {
  /** Serial back ends in -serial order (undefined = -serial none). */
  readonly serial?: readonly (Chardev | undefined)[];
  /** Board-specific extras (parsed by the board, documented there). */
  readonly extra?: Readonly<Record<string, string>>;
  /** User devices (`-device`), plugged after the board is built and before the first reset. */
  readonly devices?: readonly DeviceSpec[];
  /**
   * Global properties (`-global TYPE.PROP=VALUE`), in force before the board creates its
   * devices: each applies to every device of TYPE (or a subtype), before the board's own
   * property values, as QEMU applies globals when a device is created.
   */
  readonly globals?: readonly string[];
}

/** A board (QEMU MachineClass): name, description and a function that populates a machine. */
export interface MachineDefinition {
  readonly name: string;
  readonly description: string;
  /** Creates devices, maps regions and wires lines. Runs on a fresh machine; reset follows. */
  build(machine: Machine, options: MachineBuildOptions): void;
}

/** Board definitions by name. */
export class MachineRegistry {
  private readonly defs = new Map<string, MachineDefinition>();

  /** Adds a board; throws on a duplicate name. */
  register(def: MachineDefinition): void {
    if (this.defs.has(def.name)) throw new Error(`machine type '${def.name}' is already registered`);
    this.defs.set(def.name, def);
  }

  /** The board named `name`. */
  get(name: string): MachineDefinition | undefined {
    return this.defs.get(name);
  }

  /** Board names, sorted. */
  list(): string[] {
    return [...this.defs.keys()].sort();
  }
}

/** Thrown for an unknown machine name (a user mistake: print the message only). */
export class UnknownMachineError extends Error {
  constructor(readonly machineName: string, readonly known: readonly string[]) {
    super(`unsupported machine type '${machineName}'; use one of: ${known.join(', ') || '(none)'}`);
    this.name = 'UnknownMachineError';
  }
}

/**
 * Builds board `name` from `registry`: a fresh {@link Machine} with `machineOptions` and the
 * global properties, populated by the board and then reset, as QEMU does before the guest (or
 * qtest) starts. A malformed global or one a device rejects throws QomError (a user mistake).
 */
export function buildMachine(
  registry: MachineRegistry,
  name: string,
  options: MachineBuildOptions = {},
  machineOptions: MachineOptions = {},
): Machine {
  const def = registry.get(name);
  if (def === undefined) throw new UnknownMachineError(name, registry.list());
  const machine = new Machine({ name, ...machineOptions });
  for (const g of options.globals ?? []) machine.addGlobal(g);
  def.build(machine, options);
  for (const spec of options.devices ?? []) machine.plugDevice(spec);
  machine.reset();
  return machine;
}
