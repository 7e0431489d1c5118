/** Generic machines: the container boards populate, and the registry of board definitions. */
export { Machine } from './machine.ts';
export type { MachineOptions, CreateDeviceOptions, DeviceSpec, IrqInputs } from './machine.ts';
export { MachineRegistry, UnknownMachineError, buildMachine } from './machine-definition.ts';
export type { MachineDefinition, MachineBuildOptions } from './machine-definition.ts';
