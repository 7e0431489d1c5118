/**
 * The C output layer of the qemu-c emitter: how text from a definition becomes a C comment,
 * a C string literal or a number in generated C, so no description, name or path can end a
 * comment or a string early and become code. Identifiers come from names/qemu-c-names.ts.
 */
import type { DeviceIR, QemuPlacementIR } from '../../ir/ir.ts';
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

/** Where a long C line may break: after one of these, outside string literals. */
const BREAKS = [' || ', ' && ', ' | ', ', ', ' & ', ' + ', ' - ', ' << '];

/**
 * A C line of at most 80 columns where it can be: a longer one is broken after an operator or
 * a comma (outside string literals), continuation lines indented four more than the first.
 */
export function wrapCLine(line: string, width = 80): string[] {
  if (line.length <= width || /^\s*(?:\/\*|\*|#)/.test(line)) return [line];
  const lead = /^\s*/.exec(line)![0];
  const cont = `${lead}    `;
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (rest.length > width) {
    let cut = -1;
    let inString = false;
    for (let i = 0; i < rest.length && i < width; i++) {
      const ch = rest[i];
      if (ch === '"' && rest[i - 1] !== '\\') inString = !inString;
      if (inString) continue;
      for (const b of BREAKS) {
        if (rest.startsWith(b, i) && i + b.trimEnd().length <= width && i > (first ? lead.length : cont.length) + 8) cut = Math.max(cut, i + b.trimEnd().length);
      }
    }
    if (cut < 0) break;
    out.push(rest.slice(0, cut));
    rest = `${cont}${rest.slice(cut).trimStart()}`;
    first = false;
  }
  out.push(rest);
  return out;
}

/** A device the qemu-c emitter handles: one with a `qemu:` section. */
export type QemuDevice = DeviceIR & { readonly qemu: QemuPlacementIR };

/** The emitter's name, in banners. */
export const QEMU_C_EMITTER = 'qemu-c';

/** A one-line `/* text *\/` comment when it fits, else a block comment, indented by `indent`. */
export function cDocComment(text: string, indent: string): string[] {
  if (text.trim() === '') return [];
  const one = `${indent}/* ${cComment(text.trim())} */`;
  if (one.length <= 80) return [one];
  return [`${indent}/*`, ...wrapComment(text, `${indent} * `), `${indent} */`];
}

/** A prototype, wrapped after the opening parenthesis when it is too long for one line. */
export function prototypeLines(ret: string, name: string, params: readonly string[], end = ';'): string[] {
  const head = ret === '' ? `${name}(` : `${ret} ${name}(`;
  const one = `${head}${params.join(', ')})${end}`;
  if (one.length <= 80) return [one];
  const indent = ' '.repeat(head.length);
  const out: string[] = [];
  let line = head;
  params.forEach((p, i) => {
    const piece = `${p}${i === params.length - 1 ? `)${end}` : ','}`;
    if (line === head) line = `${line}${piece}`;
    else if (line.length + 1 + piece.length <= 80) line = `${line} ${piece}`;
    else {
      out.push(line);
      line = `${indent}${piece}`;
    }
  });
  out.push(line);
  return out;
}

