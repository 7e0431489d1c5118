/**
 * Docs emitter: writes `generated/<dev>/<dev>.md`, a Markdown register map (regions, registers
 * with offsets, resets and access, fields with enums) for people reading the definition's result.
 * The content comes from the documentation view model (docs.view.ts) the HTML site shares.
 */
import type { DeviceIR } from '../ir/ir.ts';
import { buildDocsView } from './docs.view.ts';
import type { Emitter } from './emitter.ts';
import { bannerText } from './emitter.ts';
import { devicePath, hex } from './ts-literals.ts';
import { renderTemplate } from './render.ts';

/** Text made safe inside a Markdown table cell. */
function cell(text: string): string {
  // Most cells have neither (a big register map has tens of thousands of cells).
  if (!text.includes('|') && !text.includes('\n')) return text;
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function markdownView(device: DeviceIR): object {
  const view = buildDocsView(device);
  const regions = view.regions.map((r) => ({
    row: `| ${r.name} | ${hex(r.size, 4)} | ${r.endianness} | ${r.valid.min}..${r.valid.max} | ${r.impl.min}..${r.impl.max} | ${cell(r.description)} |`,
  }));
  // The register map's rows and the registers' sections are rendered here rather than looped
  // over in the template: a big device has tens of thousands, and a template loop costs about
  // ten times the text it makes.
  const registers: string[] = [];
  const details: string[] = [];
  for (const r of view.registers) {
    const resets = r.resetIsExpr ? `\`${cell(r.resetText)}\`` : r.resetText;
    registers.push(`| ${r.offsetText} | [${r.name}](#${r.name.toLowerCase().replace(/[^a-z0-9_-]/g, '')}) | ${r.reg.width} | ${resets} | ${r.access} | ${cell(r.reg.description)} |\n`);
    // One string per section at once: its pieces die young (see registers.view.ts).
    const section = [`\n### ${r.name}\n\n${r.meta}\n\n${r.reg.description}\n\n| Bits | Field | Access | Description |\n| --- | --- | --- | --- |\n`];
    for (const f of r.fields) {
      section.push(`| ${f.bits} | ${f.name} | ${f.access} | ${cell(f.description)}${f.field.enums.length ? ` Values: ${f.field.enums.map((e) => `${e.name}=${e.value}`).join(', ')}.` : ''} |\n`);
    }
    details.push(section.join(''));
  }
  return {
    banner: bannerText('docs', device.defFile),
    name: device.name,
    description: device.description,
    source: device.defFile,
    regions,
    registers: registers.join(''),
    details: details.join(''),
  };
}

/** The docs emitter. */
export const docsEmitter: Emitter = {
  name: 'docs',
  emit(device) {
    return [{ path: devicePath(device, 'md'), content: renderTemplate('docs.md.hbs', markdownView(device)), emitter: 'docs' }];
  },
};
