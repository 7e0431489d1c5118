/**
 * Every device class devgen defines (generated type descriptions bound to their hand-written
 * behaviour), and the function that registers them in a QOM type registry.
 */
import type { DeviceClass } from '../runtime/src/device/index.ts';
import type { TypeRegistry } from '../runtime/src/qom/index.ts';
import { pl011Class } from './pl011/pl011.behavior.ts';

/** All device classes, in registration order. */
export const deviceClasses: readonly DeviceClass[] = [pl011Class];

/** Registers every device class in `registry`, skipping types already registered there. */
export function registerDevices(registry: TypeRegistry): void {
  for (const cls of deviceClasses) {
    if (!registry.has(cls.typeName)) registry.register(cls);
  }
}
