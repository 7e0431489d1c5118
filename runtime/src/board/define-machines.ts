/**
 * From board descriptors to machine definitions: what the generated board index
 * (`generated/machines/index.ts`) calls with every descriptor and the generated device classes,
 * and small lookups of facts a descriptor holds (so programs and tests do not restate them).
 */
import type { DeviceClass } from '../device/index.ts';
import type { MachineDefinition } from '../machine/index.ts';
import { buildBoard } from './build-board.ts';
import type { DevicePartDescriptor, MachineDescriptor, PartDescriptor } from './machine-descriptor.ts';

/**
 * One machine definition per descriptor, by machine name. Building one registers the device
 * classes the machine's type registry does not have yet, then interprets the descriptor.
 * Throws on two descriptors with one name (generated indexes never have them).
 */
export function defineMachines(
  descriptors: readonly MachineDescriptor[],
  deviceClasses: readonly DeviceClass[],
): Readonly<Record<string, MachineDefinition>> {
  const out: Record<string, MachineDefinition> = {};
  for (const desc of descriptors) {
    if (Object.prototype.hasOwnProperty.call(out, desc.name)) throw new Error(`machine type '${desc.name}' is defined twice`);
    out[desc.name] = {
      name: desc.name,
      description: desc.description,
      build(machine, options) {
        for (const cls of deviceClasses) if (!machine.registry.has(cls.typeName)) machine.registry.register(cls);
        buildBoard(machine, desc, options);
      },
    };
  }
  return out;
}

/** Part `name` of a board; throws when the board has none of that name. */
export function boardPart(desc: MachineDescriptor, name: string): PartDescriptor {
  const part = desc.parts.find((p) => p.name === name);
  if (part === undefined) throw new Error(`machine '${desc.name}' has no part named '${name}'`);
  return part;
}

/** Base address the board maps MMIO region `index` of device part `name` at. */
export function mmioBase(desc: MachineDescriptor, name: string, index = 0): number {
  const part = boardPart(desc, name);
  const base = part.kind === 'device' ? (part as DevicePartDescriptor).mmio[index] : undefined;
  if (base === undefined || base === null) throw new Error(`machine '${desc.name}': part '${name}' maps no MMIO region ${index}`);
  return typeof base === 'number' ? base : base.base;
}
