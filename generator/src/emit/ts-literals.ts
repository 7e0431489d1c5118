/**
 * The TypeScript output layer of the emitters: how text from a definition becomes a literal,
 * a comment or a module specifier in generated TypeScript. Identifiers come from the names
 * module (names/device-names.ts), which checks every name before it is used; everything else
 * that reaches generated code from outside — definition paths, the `behavior:` path,
 * descriptions, trace formats, string defaults — passes through here, so no text of a
 * definition can end a comment or a string early and become code.
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

/** `defs/x/x.device.yaml:NN` as data (a string literal's content, a message). */
export function provenance(span: Span): string {
  return `${span.file}:${span.line}`;
}

/** Line terminators of ECMAScript (a `//` comment ends at any of them) and other C0/C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const escapeControl = (c: string): string => {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
};

/**
 * Text made safe inside a `//` comment of generated code (banners): no line terminator (LF, CR,
 * U+2028, U+2029) can end the line; control characters are shown as escapes.
 */
export function lineCommentText(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/**
 * Text made safe inside any comment of generated code, `//` or `/** … *\/`: a `*\/` cannot end
 * the block and no line terminator (LF, CR, U+2028, U+2029) can end the line; control
 * characters are shown as escapes, so a file name with a newline stays readable on one line.
 */
export function commentText(text: string): string {
  // Most text has nothing to escape: one scan decides (a generated file holds tens of thousands).
  if (!COMMENT_UNSAFE.test(text)) return text;
  return text.replace(/\*\//g, '*\\/').replace(CONTROL, escapeControl);
}

/** What commentText changes: a comment end or a control character. */
const COMMENT_UNSAFE = /\*\/|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** `defs/x/x.device.yaml:NN` — the provenance reference put in comments and JSDoc. */
export function ref(span: Span): string {
  return commentText(provenance(span));
}

/** Prose made safe inside a JSDoc block (no early `*\/`) and on one line (line breaks become spaces). */
export function docText(text: string): string {
  const oneLine = LINE_BREAK.test(text) ? text.replace(/[\s\u2028\u2029]*[\r\n\u2028\u2029][\s\u2028\u2029]*/g, ' ') : text;
  return commentText(oneLine.trim());
}

/** A line terminator (what docText folds). */
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** A JSDoc sentence with its provenance reference: `Text (defs/..:NN).` */
export function docWithRef(text: string, span: Span): string {
  const d = docText(text);
  const t = d.endsWith('.') ? d.slice(0, -1) : d;
  return t.length > 0 ? `${t} (${ref(span)}).` : `${ref(span)}.`;
}

/** A single-quoted TypeScript string literal (quotes, backslashes, line terminators and controls escaped). */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(CONTROL, escapeControl)}'`;
}

/** A module specifier as written after `from` (a string literal; the brand makes every import pass here). */
export type ModuleSpecifier = string & { readonly moduleSpecifier: true };

/** The `from` literal of an import of `path`. */
export function moduleSpecifier(path: string): ModuleSpecifier {
  return tsString(path) as ModuleSpecifier;
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
