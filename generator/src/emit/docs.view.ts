/**
 * View model of a device's register documentation, shared by the Markdown register map
 * (docs.emitter.ts) and the HTML site (`devgen docs`, generator/src/docs-site): regions, the
 * registers in map order (block registers by their element-0 offset, named `Block[n].Reg`) with
 * their offset, reset and access text, and each register's fields from the most significant bit
 * down with their enums and reset bits. Text here is plain; each output format escapes it.
 */
import { fieldMask } from '../ir/access-semantics.ts';
import type { AccessKind, DeviceIR, FieldIR, RegionIR, RegisterBlockIR, RegisterIR } from '../ir/ir.ts';
import { hex, ref } from './ts-literals.ts';

/** One field of a register. */
export interface DocsFieldView {
  readonly field: FieldIR;
  readonly name: string;
  /** `7:0`, or `4` for one bit. */
  readonly bits: string;
  readonly access: AccessKind;
  readonly description: string;
  /** The field's bits of the reset value (of element 0), or undefined when a property expression computes it. */
  readonly reset: bigint | undefined;
}

/** One register (an array or block register once, with its element rule). */
export interface DocsRegisterView {
  readonly reg: RegisterIR;
  readonly block: RegisterBlockIR | undefined;
  /** `IBRD`, `T[n].CONF`. */
  readonly name: string;
  /** Offset of the register (block registers: of element 0). */
  readonly offset: number;
  /** `0x024`, `0xfe0 + 4·i (i < 4)`, `0x100 + 0x20·n (n < 24, n <= timers)`. */
  readonly offsetText: string;
  /** Reset values as hex (per element for arrays), or the expression computing it. */
  readonly resetText: string;
  readonly resetIsExpr: boolean;
  /** The fields' access kinds, `RW/RO`. */
  readonly access: string;
  /** `Offset 0x024, 32 bits, region pl011, stored in \`ibrd\` (file:line).` */
  readonly meta: string;
  /** Fields from the most significant bit down. */
  readonly fields: readonly DocsFieldView[];
}

/** The documentation of one device. */
export interface DocsView {
  readonly device: DeviceIR;
  readonly regions: readonly RegionIR[];
  readonly registers: readonly DocsRegisterView[];
}

/** `msb:lsb`, or the bit alone. */
export function bitsText(msb: number, lsb: number): string {
  return msb === lsb ? String(lsb) : `${msb}:${lsb}`;
}

function registerAccess(reg: RegisterIR): string {
  return [...new Set(reg.fields.map((f) => f.access))].join('/');
}

const limitText = (b: RegisterBlockIR): string => (b.limit ? `, n ${b.limit.inclusive ? '<=' : '<'} ${b.limit.property}` : '');

function registerView(r: RegisterIR, name: string, offset: number, block: RegisterBlockIR | undefined): DocsRegisterView {
  const offsetText = block ? `${hex(offset, 3)} + ${hex(block.stride, 2)}·n (n < ${block.count}${limitText(block)})`
    : r.array ? `${hex(r.offset, 3)} + ${r.array.stride}·i (i < ${r.array.count})` : hex(r.offset, 3);
  const meta = [
    `Offset ${hex(offset, 3)}${block ? `, ${block.count} elements, stride ${block.stride}${limitText(block)}` : r.array ? `, ${r.array.count} elements, stride ${r.array.stride}` : ''}, ${r.width} bits, region ${r.region}`,
    r.resetKeeps ? ', kept at reset' : '',
    r.storage ? `, stored in \`${r.storage}\`` : '',
    r.hooks.length ? `, hooks: ${r.hooks.join(', ')}` : '',
    ` (${ref(r.span)}).`,
  ].join('');
  const reset0 = r.resetExpr ? undefined : r.resets[0] ?? 0n;
  const fields = r.fields.slice().sort((a, b) => b.lsb - a.lsb).map((f) => ({
    field: f,
    name: f.name,
    bits: bitsText(f.msb, f.lsb),
    access: f.access,
    description: f.description,
    reset: reset0 === undefined ? undefined : (reset0 & fieldMask(f.lsb, f.msb)) >> BigInt(f.lsb),
  }));
  return {
    reg: r, block, name, offset, offsetText,
    resetText: r.resetExpr ? r.resetExpr.text : r.resets.map((v) => hex(v, r.width / 4)).join(', '),
    resetIsExpr: r.resetExpr !== undefined,
    access: registerAccess(r),
    meta,
    fields,
  };
}

/** Builds the documentation view of `device`: registers sorted by region, then offset. */
export function buildDocsView(device: DeviceIR): DocsView {
  type Row = { r: RegisterIR; name: string; offset: number; block: RegisterBlockIR | undefined };
  const rows: Row[] = [
    ...device.registers.map((r) => ({ r, name: r.name, offset: r.offset, block: undefined })),
    ...device.blocks.flatMap((b) => b.registers.map((r) => ({ r, name: `${b.name}[n].${r.name}`, offset: b.offset + r.offset, block: b }))),
  ];
  const sorted = rows.sort((a, b) => a.r.region.localeCompare(b.r.region) || a.offset - b.offset);
  return { device, regions: device.regions, registers: sorted.map(({ r, name, offset, block }) => registerView(r, name, offset, block)) };
}
