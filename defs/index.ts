/**
 * Every device class devgen defines (generated type descriptions bound to their hand-written
 * behaviour), and the function that registers them in a QOM type registry.
 */
import type { DeviceClass } from '../runtime/src/device/index.ts';
import type { TypeRegistry } from '../runtime/src/qom/index.ts';
import { pl011Class } from './pl011/pl011.behavior.ts';
import { hpetClass } from './hpet/hpet.behavior.ts';
import { versatileI2cClass } from './versatile-i2c/versatile-i2c.behavior.ts';
import { pcf8574Class } from './pcf8574/pcf8574.device.ts';

/** All device classes, in registration order. */
export const deviceClasses: readonly DeviceClass[] = [pl011Class, hpetClass, versatileI2cClass, pcf8574Class];

/** Registers every device class in `registry`, skipping types already registered there. */
export function registerDevices(registry: TypeRegistry): void {
  for (const cls of deviceClasses) {
    if (!registry.has(cls.typeName)) registry.register(cls);
  }
}
