/**
 * Device runtime: turns a generated `DeviceTypeInfo` plus hand-written hooks into a device
 * class (`defineDevice`) whose instances the QOM registry creates and machines wire up.
 * Re-exported by `runtime/src/codegen/v1/index.ts`, so generated code reaches it there.
 */
export { defineDevice, requiredHookNames } from './define-device.ts';
export type { DeviceClass } from './define-device.ts';
export { DeviceInstance, gpioInHookName } from './device-instance.ts';
export type { DeviceEnvironment, DeviceCreateOptions, AnyDeviceContext, AnyDeviceTypeInfo, I2cSlaveDevice } from './device-instance.ts';
export { compileMmioDispatch, elementPresent, resetRegisters } from './mmio-dispatch.ts';
export type { CompiledDispatch, CompileOptions, MmioReadFn, MmioWriteFn } from './mmio-dispatch.ts';
export { ChardevPort } from './chardev-port.ts';
