/**
 * Device runtime: turns a generated `DeviceTypeInfo` plus hand-written hooks into a device
 * class (`defineDevice`) whose instances the QOM registry creates and machines wire up.
 * Re-exported by `runtime/src/codegen/v1/index.ts`, so generated code reaches it there.
 */
export { defineDevice } from './define-device.ts';
export type { DeviceClass } from './define-device.ts';
export { DeviceInstance } from './device-instance.ts';
export type { DeviceEnvironment, DeviceCreateOptions, I2cSlaveDevice } from './device-instance.ts';
export { bindDevice } from './hook-binding.ts';
export type { AnyDeviceContext, AnyDeviceTypeInfo, BoundDevice } from './hook-binding.ts';
export { compileMmioDispatch } from './mmio-dispatch.ts';
export type { CompiledDispatch, CompileOptions } from './mmio-dispatch.ts';
export { elementPresent, hooksLookup, layoutMmioTable, resetRegisters } from './register-layout.ts';
export type { HookFn, HookLookup, PlacedRegister, RegisterLayout, StoragePath } from './register-layout.ts';
export type { MmioReadFn, MmioWriteFn, WideReadFn, WideWriteFn } from './register-semantics.ts';
export { ChardevPort } from './chardev-port.ts';
export { withRegisterResets } from './variant-tables.ts';
export type { RegisterResets } from './variant-tables.ts';
