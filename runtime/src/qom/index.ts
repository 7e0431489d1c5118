/** QOM: the type registry, property parsing as QEMU's command line does it, and the composition tree. */
export { TypeRegistry, BUILTIN_TYPES } from './type-registry.ts';
export type { QomTypeInfo } from './type-registry.ts';
export { QomTree } from './qom-tree.ts';
export type { QomNode } from './qom-tree.ts';
export { QomError, isQomError } from './qom-error.ts';
export type { QomErrorKind } from './qom-error.ts';
export { parsePropertyText, checkPropertyValue, propertyDefault, parseQemuInteger } from './property-parse.ts';
export type { PropertyValue } from './property-parse.ts';
