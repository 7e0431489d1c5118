/**
 * defineDevice: the function generated code calls to turn a type description plus the
 * hand-written hooks into a device class the QOM registry can register and instantiate.
 * Missing hooks are definition bugs, so they are reported here, once, with every name missing.
 */
import type { DeviceTypeInfo } from '../codegen/v1/types.ts';
import { DeviceInstance, gpioInHookName, type AnyDeviceTypeInfo, type DeviceCreateOptions } from './device-instance.ts';

/** A registered-able device type: the type record plus the bound hooks. */
export interface DeviceClass {
  /** QOM type name. */
  readonly typeName: string;
  /** QOM parent type name. */
  readonly parentTypeName: string;
  readonly description: string;
  /** The generated description (erased types). */
  readonly info: AnyDeviceTypeInfo;
  /** Creates an unrealized instance with properties applied (throws QomError on bad properties). */
  instantiate(opts: DeviceCreateOptions): DeviceInstance;
}

/** Hook names the runtime calls by convention for `info`, besides those bound in the tables. */
export function requiredHookNames(info: Pick<AnyDeviceTypeInfo, 'deviceHooks' | 'gpios' | 'chardev' | 'timerCallbacks' | 'i2cHooks'>): string[] {
  const names: string[] = [...info.deviceHooks.map(deviceHookMethod), ...(info.timerCallbacks ?? [])];
  for (const h of info.i2cHooks ?? []) names.push(`i2c${h[0]!.toUpperCase()}${h.slice(1)}`);
  for (const g of info.gpios) if (g.direction === 'in') names.push(gpioInHookName(g.name));
  if (info.chardev?.receive === true) names.push('chardevCanReceive', 'chardevReceive', 'chardevEvent');
  return names;
}

/**
 * Binds `hooks` to the generated `info`. Throws an Error naming every missing hook (a
 * programming error in behaviour code, caught by the first test that loads the device).
 */
export function defineDevice<S, C, H>(info: DeviceTypeInfo<S, C, H>, hooks: H): DeviceClass {
  const erased = info as unknown as AnyDeviceTypeInfo;
  const record = hooks as unknown as Record<string, unknown>;
  const missing = requiredHookNames(erased).filter((n) => typeof record[n] !== 'function');
  if (missing.length > 0) {
    throw new Error(`device '${info.name}' (${info.source}): hooks missing: ${missing.join(', ')}`);
  }
  return {
    typeName: info.name,
    parentTypeName: info.parent,
    description: info.description,
    info: erased,
    instantiate: (opts) => new DeviceInstance(erased, hooks, opts),
  };
}

/** Method name of a device-level hook ("pre-reset" is implemented as `preReset`). */
export function deviceHookMethod(hook: 'realize' | 'pre-reset' | 'reset'): string {
  return hook === 'pre-reset' ? 'preReset' : hook;
}
