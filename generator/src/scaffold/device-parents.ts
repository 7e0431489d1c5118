/**
 * The parents `devgen new device` has a starting point for, apart from the scaffold itself so
 * the command line can offer them without loading it.
 */

/** The parents `new device` has a starting point for. */
export const DEVICE_PARENTS = ['sys-bus-device', 'i2c-slave'] as const;

/** A parent of {@link DEVICE_PARENTS}. */
export type DeviceParent = (typeof DEVICE_PARENTS)[number];
