/**
 * The TypeScript output layer of the emitters: how text from a definition becomes a literal,
 * a doc comment or a path in generated TypeScript. Identifiers come from the names module
 * (names/device-names.ts); everything else that reaches generated code passes through here.
 */
import type { DeviceIR, ScalarType, Span } from '../ir/ir.ts';

/** Output path of a per-device file, e.g. `generated/pl011/pl011.hooks.ts`. */
export function devicePath(device: DeviceIR, suffix: string): string {
  return `generated/${device.name}/${device.name}.${suffix}`;
}

/**
 * Module specifier of the runtime contract in generated code: the package entry, the same from
 * every folder of every project (inside devgen's own checkout it resolves through the package's
 * self-reference).
 */
export const RUNTIME_IMPORT = 'devgen/runtime';

/** `defs/x/x.device.yaml:NN` — the provenance reference put in JSDoc. */
export function ref(span: Span): string {
  return `${span.file}:${span.line}`;
}

/** Text made safe inside a JSDoc block (no early `*\/`) and on one line. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ').trim();
}

/** A JSDoc sentence with its provenance reference: `Text (defs/..:NN).` */
export function docWithRef(text: string, span: Span): string {
  const t = docText(text).replace(/\.$/, '');
  return t.length > 0 ? `${t} (${ref(span)}).` : `${ref(span)}.`;
}

/** A single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** A hex literal with `digits` digits at least: `hex(0x90, 8)` → `0x00000090`. */
export function hex(value: number | bigint, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** Whether a scalar type is carried as bigint (64-bit) in TypeScript. */
export function isBigScalar(type: ScalarType): boolean {
  return type === 'u64' || type === 'i64';
}

/** TypeScript type of a scalar state field, property or argument. */
export function tsScalarType(type: ScalarType | 'string'): string {
  if (type === 'string') return 'string';
  if (type === 'bool') return 'boolean';
  return isBigScalar(type) ? 'bigint' : 'number';
}

const TYPED_ARRAYS: Record<ScalarType, string> = {
  bool: 'Uint8Array', u8: 'Uint8Array', u16: 'Uint16Array', u32: 'Uint32Array', u64: 'BigUint64Array',
  i8: 'Int8Array', i16: 'Int16Array', i32: 'Int32Array', i64: 'BigInt64Array',
};

/** Typed array class backing an array state field of `type` (bool arrays hold 0/1 bytes). */
export function typedArrayOf(type: ScalarType): string {
  return TYPED_ARRAYS[type];
}

/** TypeScript literal of a scalar value of `type` (bigint from the IR). */
export function scalarLiteral(type: ScalarType, value: bigint | boolean): string {
  if (type === 'bool') return String(typeof value === 'boolean' ? value : value !== 0n);
  const v = typeof value === 'boolean' ? (value ? 1n : 0n) : value;
  if (isBigScalar(type)) return `${v}n`;
  return String(v);
}
