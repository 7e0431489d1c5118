/**
 * View model of `<dev>.mmio.ts`: one table per region, as descriptors. Every register is
 * declared once — an array with its count, stride and per-element resets, a block with its
 * offset, count, stride, backing state and limit — and the runtime expands them per instance.
 * Masks are precomputed from the fields' access kinds (ir/access-semantics.ts) so the hot path
 * only does bit operations; storage and hooks are named, never bound.
 */
import { MASK_ORDER, hasWriteEffect, registerMasks, type RegisterMasks } from '../ir/access-semantics.ts';
import { resetRecords } from '../ir/block-records.ts';
import { variantRegisters } from '../ir/variants.ts';
import type { DeviceIR, RegionIR, RegisterBlockIR, RegisterIR } from '../ir/ir.ts';
import { deviceNames, propertyKey, regionHookName, registerHookName } from '../names/device-names.ts';
import { registerExprCode } from './expr.ts';
import type { EmitContext } from './emitter.ts';
import { bannerText } from './emitter.ts';
import type { FileView, ObjectLiteralView } from './render.ts';
import { RUNTIME_IMPORT, docWithRef, hex, moduleSpecifier, ref, tsString } from './ts-literals.ts';

/** One register descriptor. */
export type EntryView = ObjectLiteralView;

/** One block descriptor with its registers. */
export interface BlockView extends ObjectLiteralView {
  /** The registers' descriptors, rendered (entriesText). */
  readonly registers: string;
}

/** One region's table. */
export interface TableView {
  readonly doc: string;
  readonly region: string;
  /**
   * The registers' descriptors, rendered here rather than looped over in the template: a big
   * device has tens of thousands, and a template loop costs about ten times the text it makes.
   */
  readonly entries: string;
  readonly blocks: readonly BlockView[];
  /** The region's hooks as an object literal (`{ postWrite: '…' }`), or empty when it has none. */
  readonly hooks: string;
}

/**
 * One exported list of tables: the device's (`tables`), or a variant's, stated as the device's
 * tables with its own constant register values (`derived`, a runtime call) so no descriptor is
 * written twice.
 */
export interface MmioExportView {
  readonly doc: string;
  readonly name: string;
  readonly tables: readonly TableView[];
  readonly derived?: string;
}

/** Descriptors as mmio.ts.hbs places them: one `{ ... },` object literal each at `indent`, one line per prop. */
function entriesText(entries: readonly EntryView[], indent: string): string {
  const out: string[] = [];
  for (const e of entries) {
    // One string per descriptor at once: its pieces die young (see registers.view.ts).
    const row = [`${indent}/** ${e.doc} */\n${indent}{\n`];
    for (const p of e.props) row.push(`${indent}  ${p},\n`);
    row.push(`${indent}},\n`);
    out.push(row.join(''));
  }
  return out.join('');
}

/** The whole MMIO file. */
export interface MmioView extends FileView {
  readonly type: string;
  /** The device's tables first, then one list per variant. */
  readonly exports: readonly MmioExportView[];
}

/**
 * Whether a register has no readable bits and no read hook (a read logs a guest error and
 * answers 0), and whether a write can change nothing and no write hook takes it (dropped).
 */
export function registerAccessFlags(reg: Pick<RegisterIR, 'fields' | 'hooks'>, masks: RegisterMasks = registerMasks(reg)): { readonly writeOnly: boolean; readonly readOnly: boolean } {
  return {
    writeOnly: masks.readMask === 0n && !reg.hooks.includes('read'),
    readOnly: !hasWriteEffect(masks) && !reg.hooks.includes('write'),
  };
}

const HOOK_KEYS = [['read', 'read'], ['write', 'write'], ['post-write', 'postWrite']] as const;

/** The descriptor of one register (a block register when `block` is given). */
function entry(device: DeviceIR, reg: RegisterIR, block?: RegisterBlockIR): EntryView {
  const wide = reg.width === 64;
  const masks = registerMasks(reg);
  const digits = reg.width / 4;
  // 64-bit values and masks are bigint literals.
  const lit = (v: bigint): string => (wide ? `${hex(v, digits)}n` : hex(v, digits));
  const props: string[] = [];
  const resets = reg.resets.length === 0 ? [0n] : reg.resets;
  const uniform = resets.every((r) => r === resets[0]);
  props.push(`name: ${tsString(reg.name)}, offset: ${hex(reg.offset, 3)}, size: ${reg.width / 8}${wide ? ', wide: true' : ''}, reset: ${lit(resets[0]!)}`);
  if (reg.array) {
    const per = uniform ? '' : `, resets: [${resets.map(lit).join(', ')}]`;
    props.push(`array: { count: ${reg.array.count}, stride: ${hex(reg.array.stride, 1)}${per} }`);
  }
  if (reg.resetExpr) props.push(`resetFn: (c) => ${registerExprCode(device, reg.resetExpr.root, reg.width)}`);
  if (reg.resetKeeps) props.push('resetKeeps: true');
  if (reg.decode === 'exact') props.push("decode: 'exact'");
  props.push(`readMask: ${lit(masks.readMask)}, writeMask: ${lit(masks.writeMask)}`);
  const extra = MASK_ORDER.filter((m) => (masks.extra.get(m) ?? 0n) !== 0n).map((m) => `${m}Mask: ${lit(masks.extra.get(m) ?? 0n)}`);
  if (extra.length > 0) props.push(extra.join(', '));
  const flags: string[] = [];
  const access = registerAccessFlags(reg, masks);
  if (access.writeOnly) flags.push('writeOnly: true');
  if (access.readOnly) flags.push('readOnly: true');
  if (reg.ignoreWrites) flags.push('ignoreWrites: true');
  if (reg.partialWrites === 'ignore') flags.push("partialWrites: 'ignore'");
  if (flags.length > 0) props.push(flags.join(', '));
  if (reg.storage !== undefined) props.push(`storage: ${tsString(reg.storage)}`);
  const hooks = HOOK_KEYS.filter(([h]) => reg.hooks.includes(h)).map(([h, key]) => `${key}: ${tsString(registerHookName(reg, h, block))}`);
  if (hooks.length > 0) props.push(`hooks: { ${hooks.join(', ')} }`);
  const title = block ? `${block.name}[n].${reg.name}` : reg.array ? `${reg.name}[n]` : reg.name;
  return { doc: docWithRef(`${title}: ${reg.description}`, reg.span), props };
}

/** The descriptor of one block. */
function blockView(device: DeviceIR, block: RegisterBlockIR): BlockView {
  const props = [`name: ${tsString(block.name)}, offset: ${hex(block.offset, 3)}, count: ${block.count}, stride: ${hex(block.stride, 2)}`];
  if (block.state !== undefined) props.push(`state: ${tsString(block.state)}`);
  if (block.limit) {
    props.push(`limit: (c) => Number(c.props.${propertyKey(block.limit.property)})${block.limit.inclusive ? ', inclusive: true' : ''}`);
  }
  // Records beyond `count` that the reset still covers: the whole state array.
  const records = resetRecords(device, block);
  if (records > block.count) props.push(`resetCount: ${records}`);
  const regs = block.registers.slice().sort((a, b) => a.offset - b.offset);
  return { doc: docWithRef(`Block ${block.name}: ${block.description}`, block.span), props, registers: entriesText(regs.map((r) => entry(device, r, block)), '          ') };
}

/** The tables of `device` (or of a variant, as deviceAsVariant gives it), one per region. */
function tablesOf(device: DeviceIR): TableView[] {
  return device.regions.map((region) => {
    const regs = device.registers.filter((r) => r.region === region.name).slice().sort((a, b) => a.offset - b.offset || (a.name < b.name ? -1 : 1));
    const blocks = device.blocks.filter((b) => b.region === region.name).slice().sort((a, b) => a.offset - b.offset);
    const w = (x: { min: number; max: number; unaligned: boolean }): string => `{ min: ${x.min}, max: ${x.max}, unaligned: ${x.unaligned} }`;
    return {
      doc: docWithRef(`Region ${region.name}: ${region.description}`, region.span),
      region: `{ name: ${tsString(region.name)}, size: ${hex(region.size, 4)}, endianness: ${tsString(region.endianness)}, valid: ${w(region.valid)}, impl: ${w(region.impl)}${
        region.badOffsetRead === undefined ? '' : `, badOffsetRead: ${hex(region.badOffsetRead, 8)}`}${
        region.offsetMask === undefined ? '' : `, offsetMask: ${hex(BigInt(region.offsetMask), 1)}`}${
        region.defaultRegister === undefined ? '' : `, defaultRegister: ${tsString(region.defaultRegister.name)}`}${traceLiteral(region)} }`,
      entries: entriesText(regs.map((r) => entry(device, r)), '      '),
      blocks: blocks.map((b) => blockView(device, b)),
      hooks: region.hooks.includes('post-write') ? `{ postWrite: ${tsString(regionHookName(region, 'post-write'))} }` : '',
    };
  });
}

/** Builds the MMIO file's view model; registers and blocks are sorted by offset inside each region. */
export function buildMmioView(device: DeviceIR, _ctx: EmitContext): MmioView {
  const n = deviceNames(device);
  const variants = device.variants.map((v): MmioExportView => {
    const values = variantRegisters(device, v).map(({ register, values: vs }) => {
      const lit = (x: bigint): string => (register.width === 64 ? `${hex(x, 16)}n` : hex(x, register.width / 4));
      return `${tsString(register.name)}: [${vs.map(lit).join(', ')}]`;
    });
    return {
      doc: `MMIO tables of variant ${v.name}: those of ${device.name} with its own constant register values (${ref(v.span)}).`,
      name: deviceNames(v).mmio,
      tables: [],
      derived: `withRegisterResets(${n.mmio}, { ${values.join(', ')} })`,
    };
  });
  return {
    banner: bannerText('mmio', device.defFile),
    imports: [
      { typeOnly: true, names: 'MmioTable', from: moduleSpecifier(RUNTIME_IMPORT) },
      ...(device.variants.length > 0 ? [{ typeOnly: false, names: 'withRegisterResets', from: moduleSpecifier(RUNTIME_IMPORT) }] : []),
      { typeOnly: true, names: `${n.type}Context, ${n.type}Hooks`, from: moduleSpecifier(`./${n.stem}.hooks.ts`) },
    ],
    type: n.type,
    exports: [
      { doc: `MMIO tables of ${device.name} in sysbus MMIO index order (${ref(device.regions[0]?.span ?? device.span)}).`, name: n.mmio, tables: tablesOf(device) },
      ...variants,
    ],
  };
}

/** The region's access trace events as a literal fragment (empty when it declares none). */
function traceLiteral(region: RegionIR): string {
  const t = region.trace;
  if (t === undefined || (t.read === undefined && t.write === undefined)) return '';
  const parts = [t.read === undefined ? '' : `read: ${tsString(t.read)}`, t.write === undefined ? '' : `write: ${tsString(t.write)}`].filter((p) => p !== '');
  return `, trace: { ${parts.join(', ')} }`;
}
