/**
 * TypeRegistry: QEMU's QOM type table in miniature. Types form parent chains rooted at
 * "object"; the built-in abstract types are object → device → sys-bus-device and
 * device → i2c-slave. Device classes (from `defineDevice`) register under a parent that
 * must already exist; `create` instantiates a concrete device type and applies properties
 * (QEMU -device / -global string syntax or typed values).
 */
import type { DeviceClass } from './define-device.ts';
import type { DeviceCreateOptions, DeviceInstance } from './device-instance.ts';
import { QomError } from '../qom/qom-error.ts';

/** What the registry knows about one type. */
export interface QomTypeInfo {
  readonly name: string;
  /** Parent type name; undefined only for "object". */
  readonly parent: string | undefined;
  /** Abstract types cannot be instantiated. */
  readonly abstract: boolean;
  readonly description: string;
  /** The device class, for concrete device types. */
  readonly deviceClass: DeviceClass | undefined;
}

/** Built-in abstract types, in registration order. */
export const BUILTIN_TYPES: readonly { readonly name: string; readonly parent: string | undefined; readonly description: string }[] = [
  { name: 'object', parent: undefined, description: 'Root of the QOM type hierarchy.' },
  { name: 'device', parent: 'object', description: 'A qdev device: properties, realize, reset.' },
  { name: 'sys-bus-device', parent: 'device', description: 'A device on the system bus: MMIO regions and IRQ outputs.' },
  { name: 'i2c-slave', parent: 'device', description: 'A device on an I2C bus.' },
  { name: 'pci-device', parent: 'device', description: 'A function on a PCI bus.' },
];

/** The QOM type table. */
export class TypeRegistry {
  private readonly types = new Map<string, QomTypeInfo>();

  constructor() {
    for (const t of BUILTIN_TYPES) this.registerAbstract(t.name, t.parent, t.description);
  }

  /** Registers an abstract type (e.g. a bus-specific device base). */
  registerAbstract(name: string, parent: string | undefined, description = ''): QomTypeInfo {
    return this.add({ name, parent, abstract: true, description, deviceClass: undefined });
  }

  /**
   * Registers a device class, then its variants (children of it). Throws {@link QomError} on a
   * duplicate name or unknown/non-device parent.
   */
  register(deviceClass: DeviceClass): QomTypeInfo {
    const info = this.registerOne(deviceClass);
    for (const v of deviceClass.variants ?? []) this.registerOne(v);
    return info;
  }

  private registerOne(deviceClass: DeviceClass): QomTypeInfo {
    if (this.types.has(deviceClass.typeName)) {
      throw new QomError('duplicate-type', `type '${deviceClass.typeName}' is already registered`);
    }
    const parent = this.types.get(deviceClass.parentTypeName);
    if (parent === undefined) {
      throw new QomError('bad-parent', `type '${deviceClass.typeName}': parent type '${deviceClass.parentTypeName}' is not registered`);
    }
    if (!this.isA(parent.name, 'device')) {
      throw new QomError('bad-parent', `type '${deviceClass.typeName}': parent type '${parent.name}' is not a device type`);
    }
    return this.add({
      name: deviceClass.typeName,
      parent: parent.name,
      abstract: false,
      description: deviceClass.description,
      deviceClass,
    });
  }

  /** Whether a type of this name is registered. */
  has(name: string): boolean {
    return this.types.has(name);
  }

  /** The type record, or undefined. */
  get(name: string): QomTypeInfo | undefined {
    return this.types.get(name);
  }

  /** The type's chain from itself up to "object" (empty for unknown types). */
  ancestors(name: string): string[] {
    const out: string[] = [];
    let t = this.types.get(name);
    while (t !== undefined) {
      out.push(t.name);
      t = t.parent === undefined ? undefined : this.types.get(t.parent);
    }
    return out;
  }

  /** Whether `type` is `ancestor` or derives from it (QEMU object_class_dynamic_cast). */
  isA(type: string, ancestor: string): boolean {
    return this.ancestors(type).includes(ancestor);
  }

  /** Names of all registered types deriving from `ancestor` (default all), sorted; abstract ones only when asked. */
  list(ancestor = 'object', includeAbstract = false): string[] {
    return [...this.types.values()]
      .filter((t) => (includeAbstract || !t.abstract) && this.isA(t.name, ancestor))
      .map((t) => t.name)
      .sort();
  }

  /**
   * Instantiates device type `typeName` with its properties applied (not yet realized).
   * Throws {@link QomError} for unknown or abstract types and bad properties.
   */
  create(typeName: string, opts: DeviceCreateOptions): DeviceInstance {
    const t = this.types.get(typeName);
    if (t === undefined) {
      // QEMU's wording, plus what is loaded: a device missing here was never generated or registered.
      const loaded = this.list('device');
      throw new QomError('unknown-type', `'${typeName}' is not a valid device model name (device types loaded: ${loaded.join(', ') || 'none'})`);
    }
    if (t.abstract || t.deviceClass === undefined) {
      throw new QomError('abstract-type', `'${typeName}' is an abstract type and cannot be instantiated`);
    }
    return t.deviceClass.instantiate(opts);
  }

  private add(info: QomTypeInfo): QomTypeInfo {
    if (this.types.has(info.name)) throw new QomError('duplicate-type', `type '${info.name}' is already registered`);
    if (info.parent !== undefined && !this.types.has(info.parent)) {
      throw new QomError('bad-parent', `type '${info.name}': parent type '${info.parent}' is not registered`);
    }
    this.types.set(info.name, info);
    return info;
  }
}
