/**
 * The C output layer of the qemu-c emitter: how text from a definition becomes a C comment,
 * a C string literal or a number in generated C, so no description, name or path can end a
 * comment or a string early and become code. Identifiers come from names/qemu-c-names.ts.
 */
import type { DeviceIR } from '../../ir/ir.ts';
import { commentText } from '../ts-literals.ts';

/** Text made safe inside a C comment (no `*` `/` pair, no line terminator). */
export function cComment(text: string): string {
  return commentText(text);
}

/** A C string literal of `value` (printable ASCII kept, everything else escaped in octal). */
export function cString(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (byte >= 0x20 && byte < 0x7f && c !== '?') out += c;
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** A hex constant with at least `digits` digits (`0x00c`). */
export function cHex(value: number | bigint, digits = 1): string {
  return `0x${BigInt.asUintN(64, BigInt(value)).toString(16).padStart(digits, '0')}`;
}

/** An unsigned constant of a register width: `0xffU`, `0xffffffffffffffffULL`. */
export function cUnsigned(value: bigint, width: number): string {
  const v = BigInt.asUintN(width, value);
  return width > 32 ? `${cHex(v)}ULL` : `${cHex(v)}U`;
}

/** Wraps `text` into C comment lines of at most `width` characters, each starting with `lead`. */
export function wrapComment(text: string, lead: string, width = 78): string[] {
  const words = cComment(text).split(/\s+/).filter((w) => w !== '');
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && lead.length + line.length + 1 + w.length > width) {
      out.push(`${lead}${line}`);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') out.push(`${lead}${line}`);
  return out;
}

/** Output path of a generated QEMU file of a device: `generated/<dev>/qemu/<file>`. */
export function qemuOutputPath(device: Pick<DeviceIR, 'name'>, file: string): string {
  return `generated/${device.name}/qemu/${file}`;
}

/**
 * The comment block every generated C file opens with: the devgen banner (kept on its own line
 * so the write layer recognises generated files), the device description and the licence tag
 * QEMU asks of every new file.
 */
export function cBanner(banner: string, description: string): string {
  const lines = ['/*', ...wrapComment(banner, ' * ')];
  if (description !== '') lines.push(' *', ...wrapComment(description, ' * '));
  lines.push(' *', ' * SPDX-License-Identifier: GPL-2.0-or-later', ' */');
  return lines.join('\n');
}
