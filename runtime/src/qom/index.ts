/**
 * QOM: property parsing as QEMU's command line does it, the composition tree and QOM's errors.
 * The type table lives with the device classes it holds (device/type-registry.ts).
 */
export { QomTree } from './qom-tree.ts';
export type { QomNode } from './qom-tree.ts';
export { QomError, isQomError } from './qom-error.ts';
export type { QomErrorKind } from './qom-error.ts';
export { parsePropertyText, checkPropertyValue, propertyDefault, parseQemuInteger } from './property-parse.ts';
export type { PropertyValue } from './property-parse.ts';
