/**
 * Docs emitter: writes `generated/<dev>/<dev>.md`, a Markdown register map (regions, registers
 * with offsets, resets and access, fields with enums) for people reading the definition's result.
 */
import type { AccessKind, DeviceIR, RegisterBlockIR, RegisterIR } from '../ir/ir.ts';
import type { Emitter } from './emitter.ts';
import { bannerText } from './emitter.ts';
import { devicePath, hex, ref } from './ts-literals.ts';
import { renderTemplate } from './render.ts';

/** Text made safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function bits(msb: number, lsb: number): string {
  return msb === lsb ? String(lsb) : `${msb}:${lsb}`;
}

function registerAccess(reg: RegisterIR): string {
  const kinds = [...new Set(reg.fields.map((f) => f.access))] as AccessKind[];
  return kinds.join('/');
}

function buildDocsView(device: DeviceIR): object {
  const regions = device.regions.map((r) => ({
    row: `| ${r.name} | ${hex(r.size, 4)} | ${r.endianness} | ${r.valid.min}..${r.valid.max} | ${r.impl.min}..${r.impl.max} | ${cell(r.description)} |`,
  }));
  // Block registers are listed by their element-0 offset, named Block[n].Reg.
  type Row = { r: RegisterIR; name: string; offset: number; block: RegisterBlockIR | undefined };
  const rows: Row[] = [
    ...device.registers.map((r) => ({ r, name: r.name, offset: r.offset, block: undefined })),
    ...device.blocks.flatMap((b) => b.registers.map((r) => ({ r, name: `${b.name}[n].${r.name}`, offset: b.offset + r.offset, block: b }))),
  ];
  const sorted = rows.sort((a, b) => a.r.region.localeCompare(b.r.region) || a.offset - b.offset);
  const limitText = (b: RegisterBlockIR): string => (b.limit ? `, n ${b.limit.inclusive ? '<=' : '<'} ${b.limit.property}` : '');
  const registers = sorted.map(({ r, name, offset, block }) => {
    const offs = block ? `${hex(offset, 3)} + ${hex(block.stride, 2)}·n (n < ${block.count}${limitText(block)})`
      : r.array ? `${hex(r.offset, 3)} + ${r.array.stride}·i (i < ${r.array.count})` : hex(r.offset, 3);
    const resets = r.resetExpr ? `\`${cell(r.resetExpr.text)}\`` : r.resets.map((v) => hex(v, r.width / 4)).join(', ');
    return { row: `| ${offs} | [${name}](#${name.toLowerCase().replace(/[^a-z0-9_-]/g, '')}) | ${r.width} | ${resets} | ${registerAccess(r)} | ${cell(r.description)} |` };
  });
  const details = sorted.map(({ r, name, offset, block }) => ({
    title: name,
    meta: [
      `Offset ${hex(offset, 3)}${block ? `, ${block.count} elements, stride ${block.stride}${limitText(block)}` : r.array ? `, ${r.array.count} elements, stride ${r.array.stride}` : ''}, ${r.width} bits, region ${r.region}`,
      r.resetKeeps ? ', kept at reset' : '',
      r.storage ? `, stored in \`${r.storage}\`` : '',
      r.hooks.length ? `, hooks: ${r.hooks.join(', ')}` : '',
      ` (${ref(r.span)}).`,
    ].join(''),
    description: r.description,
    fields: r.fields.slice().sort((a, b) => b.lsb - a.lsb).map((f) => ({
      row: `| ${bits(f.msb, f.lsb)} | ${f.name} | ${f.access} | ${cell(f.description)}${f.enums.length ? ` Values: ${f.enums.map((e) => `${e.name}=${e.value}`).join(', ')}.` : ''} |`,
    })),
  }));
  return {
    banner: bannerText('docs', device.defFile),
    name: device.name,
    description: device.description,
    source: device.defFile,
    regions,
    registers,
    details,
  };
}

/** The docs emitter. */
export const docsEmitter: Emitter = {
  name: 'docs',
  emit(device) {
    return [{ path: devicePath(device, 'md'), content: renderTemplate('docs.md.hbs', buildDocsView(device)), emitter: 'docs' }];
  },
};
