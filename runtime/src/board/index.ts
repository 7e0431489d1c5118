/**
 * Boards as data: the machine descriptor format generated boards are written in, the one
 * interpreter that builds any of them, and the step from descriptors to machine definitions.
 */
export type {
  MachineDescriptor, RamDescriptor, PartDescriptor, DevicePartDescriptor, StandInPartDescriptor, StandInGpioDescriptor,
  WireDescriptor, EndpointDescriptor, RegionPlacement,
} from './machine-descriptor.ts';
export { buildBoard } from './build-board.ts';
export { defineMachines, boardPart, mmioBase } from './define-machines.ts';
