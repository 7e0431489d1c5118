/**
 * View model of `<dev>.registers.ts`: the register map as constants behaviour code imports
 * instead of restating it — per register its offset (`A_FR`), width and reset; per field its
 * mask (`FR_RXFE`), shift and width; per enum value its unshifted value; per block and array
 * its offset, stride and count. Names come from the names module, in QEMU's registerfields
 * spelling, so renaming a register or field in the definition breaks the behaviour's build.
 */
import { fieldMask } from '../ir/access-semantics.ts';
import type { DeviceIR, RegisterBlockIR, RegisterIR } from '../ir/ir.ts';
import {
  arrayConstNames, blockConstNames, enumConstName, fieldConstNames, registerConstNames,
} from '../names/device-names.ts';
import { bannerText } from './emitter.ts';
import type { FileView } from './render.ts';
import { docWithRef, hex } from './ts-literals.ts';

/** The whole registers file. */
export interface RegistersView extends FileView {
  /**
   * Every group's `export const` statements (one group per register and block), each group
   * after a blank line. Rendered here rather than looped over in the template: a big device has
   * tens of thousands of them, and a template loop costs about ten times the text it makes.
   */
  readonly groups: string;
}

/** Appends one `export const` statement (its declarators `NAME = value`) with its JSDoc. */
function statement(out: string[], doc: string, decls: string): void {
  out.push('/** ', doc, ' */\nexport const ', decls, ';\n');
}

/** Appends the group of one register (a block register when `block` is given). */
function registerGroup(out: string[], reg: RegisterIR, block?: RegisterBlockIR): void {
  const wide = reg.width === 64;
  const digits = reg.width / 4;
  const lit = (v: bigint): string => (wide ? `${hex(v, digits)}n` : hex(v, digits));
  const title = block ? `${block.name}[n].${reg.name}` : reg.name;
  const names = registerConstNames(reg, block);
  const where = block ? 'inside each element' : 'in its region';
  let decls = `${names.offset} = ${hex(reg.offset, 3)}, ${names.width} = ${reg.width}`;
  const resets = reg.resets.length === 0 ? [0n] : reg.resets;
  const uniform = reg.resetExpr === undefined && resets.every((r) => r === resets[0]);
  if (uniform) decls += `, ${names.reset} = ${lit(resets[0]!)}`;
  let what = `byte offset ${where}, width in bits${uniform ? ', reset value' : ''}`;
  if (reg.array) {
    const a = arrayConstNames(reg, block);
    decls += `, ${a.count} = ${reg.array.count}, ${a.stride} = ${hex(reg.array.stride, 1)}`;
    what += ', element count and stride';
  }
  out.push('\n');
  statement(out, docWithRef(`${title}: ${what}`, reg.span), decls);
  for (const f of reg.fields) {
    if (f.implicit) continue;
    const fc = fieldConstNames(reg, f, block);
    const bits = f.msb === f.lsb ? `bit ${f.lsb}` : `bits ${f.msb}:${f.lsb}`;
    statement(out, docWithRef(`${title}.${f.name} (${bits}, ${f.access}), mask, shift and width: ${f.description}`, f.span),
      `${fc.mask} = ${lit(fieldMask(f.lsb, f.msb))}, ${fc.shift} = ${f.lsb}, ${fc.width} = ${f.msb - f.lsb + 1}`);
    for (const e of f.enums) {
      statement(out, docWithRef(`${title}.${f.name} = ${e.name}: ${e.description}`, e.span), `${enumConstName(reg, f, e.name, block)} = ${wide ? `${e.value}n` : hex(e.value, 1)}`);
    }
  }
}

/** Appends the group of one block. */
function blockGroup(out: string[], block: RegisterBlockIR): void {
  const b = blockConstNames(block);
  out.push('\n');
  statement(out, docWithRef(`Block ${block.name}: byte offset of element 0, bytes between elements, elements declared (a limit may reach fewer)`, block.span),
    `${b.offset} = ${hex(block.offset, 3)}, ${b.stride} = ${hex(block.stride, 2)}, ${b.count} = ${block.count}`);
}

/** Builds the registers file's view model, in offset order (blocks after the plain registers). */
export function buildRegistersView(device: DeviceIR): RegistersView {
  const regs = device.registers.slice().sort((a, b) => a.region.localeCompare(b.region) || a.offset - b.offset);
  const out: string[] = [];
  // Each group is made one string at once: its pieces then die young, and only the text of the
  // file outlives the next garbage collection (a big device has tens of thousands of groups).
  const group = (add: (row: string[]) => void): void => {
    const row: string[] = [];
    add(row);
    out.push(row.join(''));
  };
  for (const r of regs) group((row) => registerGroup(row, r));
  for (const block of device.blocks.slice().sort((a, b) => a.offset - b.offset)) {
    group((row) => blockGroup(row, block));
    for (const r of block.registers.slice().sort((a, b) => a.offset - b.offset)) group((row) => registerGroup(row, r, block));
  }
  return { banner: bannerText('registers', device.defFile), imports: [], groups: out.join('') };
}
