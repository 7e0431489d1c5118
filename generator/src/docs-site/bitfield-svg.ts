/**
 * The bitfield picture of a register as inline SVG, written directly (vector, so it stays crisp
 * at any zoom, and a few kilobytes with no library): one row per 32 bits, most significant bit
 * on the left, bit numbers at every field edge, one box per field with its name, bit range and
 * access kind, linked to the field's row of the table. Bits no field covers are drawn as
 * reserved. A name too long for its box is written upwards, and shortened only if it still does
 * not fit (whole in the tooltip); the bit range is left out of boxes too narrow for it.
 */
import type { DocsRegisterView } from '../emit/docs.view.ts';
import { html } from './html-text.ts';

/** Width of one bit in SVG units. */
const BIT = 26;
/** Left and right margin. */
const PAD = 8;
/** Height of a row's bit-number band and of its boxes. */
const NUMBERS = 16;
const BOX = 90;
/** Room for a name written upwards in a narrow box, and the advance of its smaller characters. */
const VERTICAL = 68;
const CHAR_UP = 6.1;
const ROW = NUMBERS + BOX + 10;
/** Approximate advance of one character at the box font size. */
const CHAR = 6.6;

/** Bits per row. */
const ROW_BITS = 32;

interface Segment {
  readonly msb: number;
  readonly lsb: number;
  /** Field name, or undefined for reserved bits. */
  readonly name: string | undefined;
  readonly access: string;
  readonly bits: string;
  readonly href: string;
  readonly description: string;
}

function fit(text: string, width: number): string {
  const max = Math.floor((width - 6) / CHAR);
  if (text.length <= max) return text;
  return max <= 1 ? '' : `${text.slice(0, max - 1)}…`;
}

/** A name written upwards, shortened to the room a box has for it. */
function fitUp(text: string): string {
  const max = Math.floor(VERTICAL / CHAR_UP);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Every bit of the register in segments (fields and the gaps between them), msb first. */
function segments(reg: DocsRegisterView, fieldHref: (name: string) => string): Segment[] {
  const out: Segment[] = [];
  let next = reg.reg.width - 1;
  const gap = (msb: number, lsb: number): void => {
    if (msb >= lsb) out.push({ msb, lsb, name: undefined, access: '', bits: msb === lsb ? `${lsb}` : `${msb}:${lsb}`, href: '', description: 'No field: reads as zero, writes are ignored.' });
  };
  for (const f of reg.fields) {
    gap(next, f.field.msb + 1);
    out.push({ msb: f.field.msb, lsb: f.field.lsb, name: f.name, access: f.access, bits: f.bits, href: fieldHref(f.name), description: f.description });
    next = f.field.lsb - 1;
  }
  gap(next, 0);
  return out;
}

/** The register's picture; `fieldHref` gives the link of a field's table row. */
export function bitfieldSvg(reg: DocsRegisterView, fieldHref: (name: string) => string): string {
  const width = reg.reg.width;
  const rows = Math.ceil(width / ROW_BITS);
  const perRow = Math.min(width, ROW_BITS);
  const w = PAD * 2 + perRow * BIT;
  const h = rows * ROW;
  const parts: string[] = [];
  const all = segments(reg, fieldHref);
  for (let row = 0; row < rows; row++) {
    const top = row * ROW;
    const hi = width - 1 - row * perRow;
    const lo = hi - perRow + 1;
    const x = (bit: number): number => PAD + (hi - bit) * BIT;
    for (const s of all) {
      const msb = Math.min(s.msb, hi);
      const lsb = Math.max(s.lsb, lo);
      if (msb < lsb) continue;
      const bx = x(msb);
      const bw = (msb - lsb + 1) * BIT;
      const by = top + NUMBERS;
      const cls = s.name === undefined ? 'bf-reserved' : `bf-field bf-${s.access.toLowerCase()}`;
      const cx = bx + bw / 2;
      const upright = s.name !== undefined && s.name.length * CHAR + 6 <= bw;
      const label = s.name === undefined ? '' : upright ? s.name : fitUp(s.name);
      const both = `${s.bits} ${s.access}`;
      const sub = s.name === undefined ? '' : both.length * CHAR + 6 <= bw ? both : fit(s.access, bw + 4);
      const numbers = msb === lsb
        ? `<text class="bf-num" x="${bx + bw / 2}" y="${top + 12}">${msb}</text>`
        : `<text class="bf-num" x="${bx + BIT / 2}" y="${top + 12}">${msb}</text><text class="bf-num" x="${bx + bw - BIT / 2}" y="${top + 12}">${lsb}</text>`;
      const title = `<title>${html(s.name === undefined ? `bits ${s.bits}: reserved` : `${s.name} [${s.bits}] ${s.access}: ${s.description}`)}</title>`;
      const body = `<rect class="${cls}" x="${bx}" y="${by}" width="${bw}" height="${BOX}"/>`
        + (label === '' ? '' : upright
          ? `<text class="bf-name" x="${cx}" y="${by + 40}">${html(label)}</text>`
          : `<text class="bf-name bf-up" x="${cx}" y="${by + 38}" dominant-baseline="central" transform="rotate(-90 ${cx} ${by + 38})">${html(label)}</text>`)
        + (sub === '' ? '' : `<text class="bf-acc" x="${cx}" y="${by + 83}">${html(sub)}</text>`);
      parts.push(numbers);
      parts.push(s.name === undefined ? `<g>${title}${body}</g>` : `<a class="bf-link" href="${html(s.href)}" data-field="${html(s.name)}">${title}${body}</a>`);
    }
  }
  return `<svg class="bitfield" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${html(`${reg.name}: ${width}-bit register`)}">${parts.join('')}</svg>`;
}
