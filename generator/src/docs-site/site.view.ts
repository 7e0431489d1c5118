/**
 * View models of the HTML site's pages, from the documentation view model the Markdown map
 * shares (emit/docs.view.ts) plus the parts only the site shows: IRQ/GPIO lines, clocks,
 * properties and the VMState layout. Every text is escaped here (html-text.ts); the templates
 * only place it. Anchors: `reg-<register>` per register, `reg-<register>-<field>` per field,
 * unique on a page.
 */
import { buildDocsView, type DocsRegisterView } from '../emit/docs.view.ts';
import { hex } from '../emit/ts-literals.ts';
import type { DeviceIR, VmFieldIR, VmNeededIR } from '../ir/ir.ts';
import { bitfieldSvg } from './bitfield-svg.ts';
import { html, scriptJson, slug } from './html-text.ts';

/** A table: escaped header cells and rows of escaped cells (with `id` for anchored rows). */
export interface TableView {
  readonly head: readonly string[];
  readonly rows: readonly { readonly id: string; readonly cells: readonly string[]; readonly search: string }[];
}

/** One register section of a device page. */
export interface RegisterSectionView {
  readonly id: string;
  readonly name: string;
  readonly offset: string;
  readonly meta: string;
  readonly description: string;
  readonly svg: string;
  readonly fields: TableView;
  readonly search: string;
}

/** A device page. */
export interface DevicePageView {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly source: string;
  /** Where the device sits and what it does besides registers (bus, I2C callbacks, child buses). */
  readonly bus: string;
  readonly hasRegisters: boolean;
  readonly regions: TableView;
  readonly map: TableView;
  readonly registers: readonly RegisterSectionView[];
  readonly lines: TableView;
  readonly properties: TableView;
  readonly vmstate: { readonly summary: string; readonly fields: TableView; readonly subsections: readonly { readonly title: string; readonly fields: TableView }[]; readonly structs: readonly { readonly title: string; readonly fields: TableView }[] } | undefined;
  /** One search entry per register and field (for the index page). */
  readonly entries: readonly { readonly t: string; readonly h: string; readonly d: string }[];
}

/**
 * The file name of a device's page: its QOM type name as written (names/name-rules.ts keeps it
 * to letters, digits, `-`, `_` and `.`), so "PIIX3" and "piix3" stay two pages and a link names
 * the type a user searches for.
 */
export const pageFile = (device: DeviceIR): string => `${device.name}.html`;

const table = (head: readonly string[], rows: TableView['rows']): TableView => ({ head: head.map(html), rows });
const row = (cells: readonly string[], search = '', id = ''): TableView['rows'][number] => ({ id, cells, search: html(search.toLowerCase()) });

function vmSource(f: VmFieldIR): string {
  const s = f.source;
  switch (s.kind) {
    case 'state': return `state <code>${html(s.field)}</code>${s.length ? `, ${s.length.kind === 'fixed' ? `${s.length.count} elements` : s.length.kind === 'property' ? `length from property <code>${html(s.length.property)}</code>` : `length from state field <code>${html(s.length.field)}</code>`}` : ''}${s.vmstate ? `, as <code>${html(s.vmstate)}</code>` : ''}`;
    case 'validate': return `check <code>${html(s.hook)}</code> (no bytes on the wire)`;
    case 'parent': return `parent <code>${html(s.parent)}</code> as <code>${html(s.vmstate)}</code>`;
    case 'unused': return `${s.size} unused bytes`;
    case 'clock': return `clock <code>${html(s.clock)}</code>`;
  }
}

function vmFields(fields: readonly VmFieldIR[]): TableView {
  return table(['#', 'Field', 'Carries', 'Since version', 'Line'], fields.map((f, i) => row([
    String(i + 1), html(f.name), vmSource(f), f.since === 0 ? 'always' : String(f.since), html(`${f.span.file}:${f.span.line}`),
  ])));
}

function neededText(n: VmNeededIR): string {
  switch (n.kind) {
    case 'property': return `sent while property <code>${html(n.property)}</code> is set`;
    case 'nonzero': return `sent while <code>${html(n.field)}</code> is not zero`;
    case 'hook': return `sent when hook <code>${html(n.hook)}</code> says so`;
  }
}

function registerSection(r: DocsRegisterView, used: Set<string>, page: string, entries: DevicePageView['entries'][number][]): RegisterSectionView {
  let id = `reg-${slug(r.name)}`;
  for (let n = 2; used.has(id); n++) id = `reg-${slug(r.name)}-${n}`;
  used.add(id);
  const fieldId = new Map<string, string>();
  for (const f of r.fields) {
    let fid = `${id}-${slug(f.name)}`;
    for (let n = 2; used.has(fid); n++) fid = `${id}-${slug(f.name)}-${n}`;
    used.add(fid);
    fieldId.set(f.name, fid);
  }
  entries.push({ t: r.name, h: `${page}#${id}`, d: r.reg.description });
  const rows = r.fields.map((f) => {
    entries.push({ t: `${r.name}.${f.name}`, h: `${page}#${fieldId.get(f.name)!}`, d: f.description });
    const enums = f.field.enums.length === 0 ? ''
      : `<ul class="enums">${f.field.enums.map((e) => `<li><code>${html(e.name)}</code> = ${html(e.value)}${e.description ? ` — ${html(e.description)}` : ''}</li>`).join('')}</ul>`;
    return row([
      html(f.bits),
      `<a href="#${fieldId.get(f.name)!}">${html(f.name)}</a>`,
      `<span class="acc acc-${html(f.access.toLowerCase())}">${html(f.access)}</span>`,
      f.reset === undefined ? 'computed' : html(hex(f.reset, 1)),
      `${html(f.description)}${enums}`,
    ], `${f.name} ${f.description}`, fieldId.get(f.name)!);
  });
  return {
    id,
    name: html(r.name),
    offset: html(r.offsetText),
    meta: html(r.meta.replace(/`/g, '')),
    description: html(r.reg.description),
    svg: bitfieldSvg(r, (name) => `#${fieldId.get(name)!}`),
    fields: table(['Bits', 'Field', 'Access', 'Reset', 'Description'], rows),
    search: html([r.name, r.reg.description, ...r.fields.map((f) => f.name)].join(' ').toLowerCase()),
  };
}

/** The page of one device. */
export function devicePageView(device: DeviceIR): DevicePageView {
  const docs = buildDocsView(device);
  const file = pageFile(device);
  const used = new Set<string>(['top', 'regions', 'map', 'registers', 'lines', 'properties', 'vmstate', 'search']);
  const entries: DevicePageView['entries'][number][] = [];
  const sections = docs.registers.map((r) => registerSection(r, used, file, entries));
  const map = table(['Offset', 'Register', 'Width', 'Reset', 'Access', 'Description'], docs.registers.map((r, i) => row([
    html(r.offsetText), `<a href="#${sections[i]!.id}">${html(r.name)}</a>`, String(r.reg.width),
    r.resetIsExpr ? `<code>${html(r.resetText)}</code>` : html(r.resetText), html(r.access), html(r.reg.description),
  ], `${r.name} ${r.reg.description} ${r.fields.map((f) => f.name).join(' ')}`)));
  const regions = table(['Name', 'Size', 'Endianness', 'Valid sizes', 'Implemented sizes', 'Description'], docs.regions.map((r) => row([
    html(r.name), html(hex(r.size, 4)), html(r.endianness), `${r.valid.min}..${r.valid.max}`, `${r.impl.min}..${r.impl.max}`, html(r.description),
  ])));
  const lines = table(['Name', 'Kind', 'Direction', 'Lines', 'Description'], [
    ...device.gpios.map((g) => row([
      `<code>${html(g.name)}</code>`, g.sysbus ? 'sysbus IRQ' : g.qemuUnnamed ? 'GPIO (unnamed in QEMU)' : 'named GPIO', html(g.direction),
      g.lines.length > 0 ? g.lines.map((l, i) => `${i}: <code>${html(l)}</code>`).join(', ') : String(g.count), html(g.description),
    ])),
    ...device.clocks.map((c) => row([`<code>${html(c.name)}</code>`, 'clock', html(c.direction), '1', html(c.description)])),
    ...(device.chardev ? [row([`<code>${html(device.chardev.property)}</code>`, 'character back end', device.chardev.receive ? 'in/out' : 'out', '1', 'The device\'s serial port.'])] : []),
  ]);
  const properties = table(['Name', 'Type', 'Default', 'Range', 'Description'], device.properties.map((p) => row([
    `<code>${html(p.name)}</code>`, html(p.type), p.default === undefined ? '—' : html(typeof p.default === 'bigint' ? String(p.default) : JSON.stringify(p.default)),
    p.min === undefined && p.max === undefined ? '—' : html(`${p.min ?? ''}..${p.max ?? ''}${p.outOfRange === 'clamp' ? ' (clamped)' : ''}`),
    html(`${p.description}${p.inherited ? ' (inherited from the bus parent type)' : ''}`),
  ])));
  const vm = device.vmstate;
  return {
    file,
    name: html(device.name),
    description: html(device.description),
    source: html(device.defFile),
    bus: html([
      `QOM parent ${device.parent}`,
      device.bus === 'i2c' ? `an I2C slave${device.i2c ? ` (callbacks: ${device.i2c.hooks.join(', ') || 'none'})` : ''}` : device.bus === 'sysbus' ? 'on the system bus' : 'on no modelled bus',
      ...device.buses.map((b) => `masters the ${b.busKind} bus "${b.name}"`),
    ].join('; ') + '.'),
    hasRegisters: sections.length > 0,
    regions,
    map,
    registers: sections,
    lines,
    properties,
    vmstate: vm === undefined ? undefined : {
      summary: html(`"${vm.name}", version ${vm.version}, accepts streams from version ${vm.minimumVersion}${vm.preSave ? ', pre-save hook' : ''}${vm.postLoad ? ', post-load hook' : ''}.`),
      fields: vmFields(vm.fields),
      subsections: vm.subsections.map((s) => ({ title: `<code>${html(s.name)}</code>, version ${s.version} (from ${s.minimumVersion}); ${neededText(s.needed)}`, fields: vmFields(s.fields) })),
      structs: vm.structs.map((s) => ({ title: `<code>${html(s.name)}</code> (struct <code>${html(s.struct)}</code>), version ${s.version} (from ${s.minimumVersion})`, fields: vmFields(s.fields) })),
    },
    entries,
  };
}

/** The index page: every device with a link, and the search entries of all of them. */
export function indexView(pages: readonly DevicePageView[], devices: readonly DeviceIR[]): object {
  return {
    devices: pages.map((p, i) => ({
      file: p.file, name: p.name, description: p.description,
      registers: String(p.registers.length), fields: String(p.entries.length - p.registers.length), source: html(devices[i]!.defFile),
    })),
    index: scriptJson(pages.flatMap((p, i) => p.entries.map((e) => ({ t: `${devices[i]!.name} ${e.t}`, h: e.h, d: e.d })))),
  };
}
