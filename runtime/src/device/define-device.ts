/**
 * defineDevice: the function generated code calls to turn a type description plus the
 * hand-written hooks into a device class the QOM registry can register and instantiate.
 * Missing hooks are definition bugs, so they are reported here, once, with every hook missing
 * (see hook-binding.ts).
 */
import type { DeviceTypeInfo } from '../contract/types.ts';
import { DeviceInstance, type DeviceCreateOptions } from './device-instance.ts';
import { bindDevice, type AnyDeviceTypeInfo } from './hook-binding.ts';

/** A registered-able device type: the type record plus the bound hooks, and its variants' classes. */
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
  /** Classes of the type's variants (parent: this class), registered with it. */
  readonly variants: readonly DeviceClass[];
}

/**
 * Binds `hooks` to the generated `info`. Throws an Error naming every missing hook with its
 * kind and definition line (a programming error in behaviour code, caught by the first test
 * that loads the device).
 */
export function defineDevice<S, C, H>(info: DeviceTypeInfo<S, C, H>, hooks: H): DeviceClass {
  const erased = info as unknown as AnyDeviceTypeInfo;
  return {
    ...bindClass(erased, hooks),
    // A variant is the type under its own name, parented by it, with its own tables.
    variants: (erased.variants ?? []).map((v) => ({
      ...bindClass({ ...erased, name: v.name, parent: erased.name, description: v.description, source: v.source, mmio: v.mmio, variants: [] }, hooks),
      variants: [],
    })),
  };
}

function bindClass(info: AnyDeviceTypeInfo, hooks: unknown): Omit<DeviceClass, 'variants'> {
  const bound = bindDevice(info, hooks);
  return {
    typeName: info.name,
    parentTypeName: info.parent,
    description: info.description,
    info,
    instantiate: (opts) => new DeviceInstance(bound, opts),
  };
}
