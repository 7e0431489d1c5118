/**
 * codegen v1: the only module generated code imports. It re-exports the table shapes,
 * the context types behaviour code sees, and the runtime functions that turn a generated
 * type description plus hooks into a device class. Changing anything here is a new version.
 */
export type * from '../../contract/types.ts';
export type * from '../../contract/context.ts';
export type { I2cBus } from '../../i2c/i2c-bus.ts';
export * from '../../device/index.ts';
export * from '../../migration/index.ts';
export type * from '../../board/machine-descriptor.ts';
export { defineMachines } from '../../board/define-machines.ts';
