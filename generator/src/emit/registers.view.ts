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

/** One exported `const` statement (one or more declarators) with its JSDoc. */
export interface ConstView {
  readonly doc: string;
  /** `NAME = value` declarators. */
  readonly decls: string;
}

const decl = (pairs: readonly (readonly [string, string])[]): string => pairs.map(([n, v]) => `${n} = ${v}`).join(', ');

/** A group of constants (one register, one block). */
export interface ConstGroupView {
  readonly consts: readonly ConstView[];
}

/** The whole registers file. */
export interface RegistersView extends FileView {
  /**
   * Every group's `export const` statements, each group after a blank line. Rendered here
   * rather than looped over in the template: a big device has tens of thousands of them, and a
   * template loop costs about ten times the text it makes.
   */
  readonly groups: string;
}

/** The statements of groups, as registers.ts.hbs places them. */
function groupsText(groups: readonly ConstGroupView[]): string {
  const out: string[] = [];
  for (const g of groups) {
    out.push('\n');
    for (const c of g.consts) out.push(`/** ${c.doc} */\nexport const ${c.decls};\n`);
  }
  return out.join('');
}

function registerGroup(reg: RegisterIR, block?: RegisterBlockIR): ConstGroupView {
  const wide = reg.width === 64;
  const lit = (v: bigint, digits: number): string => (wide ? `${hex(v, digits)}n` : hex(v, digits));
  const title = block ? `${block.name}[n].${reg.name}` : reg.name;
  const names = registerConstNames(reg, block);
  const where = block ? 'inside each element' : 'in its region';
  const pairs: [string, string][] = [[names.offset, hex(reg.offset, 3)], [names.width, String(reg.width)]];
  const resets = reg.resets.length === 0 ? [0n] : reg.resets;
  const uniform = reg.resetExpr === undefined && resets.every((r) => r === resets[0]);
  if (uniform) pairs.push([names.reset, lit(resets[0]!, reg.width / 4)]);
  let what = `byte offset ${where}, width in bits${uniform ? ', reset value' : ''}`;
  if (reg.array) {
    const a = arrayConstNames(reg, block);
    pairs.push([a.count, String(reg.array.count)], [a.stride, hex(reg.array.stride, 1)]);
    what += ', element count and stride';
  }
  const consts: ConstView[] = [{ doc: docWithRef(`${title}: ${what}`, reg.span), decls: decl(pairs) }];
  for (const f of reg.fields.filter((x) => !x.implicit)) {
    const fc = fieldConstNames(reg, f, block);
    const bits = f.msb === f.lsb ? `bit ${f.lsb}` : `bits ${f.msb}:${f.lsb}`;
    consts.push({
      doc: docWithRef(`${title}.${f.name} (${bits}, ${f.access}), mask, shift and width: ${f.description}`, f.span),
      decls: decl([[fc.mask, lit(fieldMask(f.lsb, f.msb), reg.width / 4)], [fc.shift, String(f.lsb)], [fc.width, String(f.msb - f.lsb + 1)]]),
    });
    for (const e of f.enums) {
      consts.push({ doc: docWithRef(`${title}.${f.name} = ${e.name}: ${e.description}`, e.span), decls: decl([[enumConstName(reg, f, e.name, block), wide ? `${e.value}n` : hex(e.value, 1)]]) });
    }
  }
  return { consts };
}

function blockGroup(block: RegisterBlockIR): ConstGroupView {
  const b = blockConstNames(block);
  return {
    consts: [{
      doc: docWithRef(`Block ${block.name}: byte offset of element 0, bytes between elements, elements declared (a limit may reach fewer)`, block.span),
      decls: decl([[b.offset, hex(block.offset, 3)], [b.stride, hex(block.stride, 2)], [b.count, String(block.count)]]),
    }],
  };
}

/** Builds the registers file's view model, in offset order (blocks after the plain registers). */
export function buildRegistersView(device: DeviceIR): RegistersView {
  const regs = device.registers.slice().sort((a, b) => a.region.localeCompare(b.region) || a.offset - b.offset);
  const groups: ConstGroupView[] = regs.map((r) => registerGroup(r));
  for (const block of device.blocks.slice().sort((a, b) => a.offset - b.offset)) {
    groups.push(blockGroup(block));
    for (const r of block.registers.slice().sort((a, b) => a.offset - b.offset)) groups.push(registerGroup(r, block));
  }
  return { banner: bannerText('registers', device.defFile), imports: [], groups: groupsText(groups) };
}
