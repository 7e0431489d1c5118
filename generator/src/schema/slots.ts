/**
 * The number slots of format v1: every place a definition writes a number, with its allowed
 * range (and, where only a few values make sense, the values). Lowering applies them with the
 * number rules (numbers.ts); the published JSON Schema states the same ranges, so an editor
 * and devgen agree on what a number may be.
 */
import type { ScalarType } from '../ir/ir.ts';
import { indexSlot, unsignedSlot, type NumberSlot } from './numbers.ts';

/** The one format version this devgen reads (`devgen: 1`). */
export const FORMAT_VERSION = 1;

/** Register widths in bits. */
export const REGISTER_WIDTHS: readonly number[] = [8, 16, 32, 64];

/** Access sizes in bytes (a region's `valid:` / `impl:` windows). */
export const ACCESS_SIZES: readonly number[] = [1, 2, 4, 8];

/** Range of a scalar type (state and property values) as a number slot. */
export function scalarSlot(type: ScalarType, what: string): NumberSlot {
  if (type === 'bool') return { what, min: 0n, max: 1n };
  const bits = Number(type.slice(1));
  if (type.startsWith('u')) return unsignedSlot(what, bits);
  const half = 1n << BigInt(bits - 1);
  return { what, min: -half, max: half - 1n };
}

/** Every fixed number slot, by what it holds. */
export const SLOTS = {
  formatVersion: indexSlot('the format version'),
  accessSize: indexSlot('an access size', 1n, 8n),
  regionSize: indexSlot('a region size', 1n),
  badOffsetRead: unsignedSlot('a bad-offset read value'),
  offsetMask: indexSlot('an offset mask', 0n, 0xffffffffn),
  reservedOffset: indexSlot('a reserved offset'),
  reservedSize: indexSlot('a reserved size', 1n),
  registerOffset: indexSlot('a register offset'),
  registerWidth: unsignedSlot('a register width', 16),
  registerReset: unsignedSlot('a register reset value'),
  arrayCount: indexSlot('an array count', 1n, 65536n),
  arrayStride: indexSlot('an array stride', 1n),
  blockOffset: indexSlot('a block offset'),
  blockCount: indexSlot('a block count', 1n, 65536n),
  blockStride: indexSlot('a block stride', 1n),
  bitIndex: indexSlot('a bit index', 0n, 63n),
  enumValue: unsignedSlot('an enum value'),
  gpioCount: indexSlot('a gpio count', 1n, 1024n),
  stateLength: indexSlot('a state array length', 1n, 1n << 24n),
  version: indexSlot('a version', 0n, 0x7fffffffn),
  cSize: indexSlot('a C size', 1n, 1n << 32n),
  vmLength: indexSlot('an array length', 1n, 1n << 24n),
  pciWord: unsignedSlot('a 16-bit PCI header value', 16),
  pciByte: unsignedSlot('an 8-bit PCI header value', 8),
  pciBar: indexSlot('a BAR number', 0n, 5n),
  pciBarSize: indexSlot('a BAR size', 4n, 1n << 31n),
  pciConfigOffset: indexSlot('a configuration space offset', 0x40n, 0xffn),
  pciRegisterReset: unsignedSlot('a configuration register reset value', 32),
  // Lowering reads any 32-bit size so that sema can say "at least 1 byte" (unused-size).
  unusedSize: { what: 'an unused size', min: -(1n << 31n), max: 1n << 31n },
} as const satisfies Record<string, NumberSlot>;
