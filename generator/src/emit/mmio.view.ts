/**
 * View model of `<dev>.mmio.ts`: one dispatch table per region, one entry per register (or
 * register-array element), with masks precomputed from the fields' access kinds so the runtime's
 * hot path only does bit operations. 64-bit registers become `WideRegisterEntry`s (bigint masks);
 * register blocks are flattened, one entry per element and register, tagged with their element.
 */
import type { AccessKind, DeviceIR, RegionIR, RegisterBlockIR, RegisterIR, StateFieldIR } from '../ir/ir.ts';
import { registerExprCode } from './expr.ts';
import type { EmitContext } from './emitter.ts';
import { bannerText } from './emitter.ts';
import { registerHookName } from './hooks.view.ts';
import { RUNTIME_IMPORT, camelCase, deviceNames, docWithRef, hex, tsString } from './names.ts';
import type { FileView } from './render.ts';

type MaskName = 'w1c' | 'w1s' | 'w1t' | 'w0c' | 'w0s' | 'w0t' | 'wc' | 'ws' | 'rc' | 'rs';

interface AccessSemantics {
  /** Bits are returned by reads. */
  readonly read: boolean;
  /** Bits take the written value. */
  readonly write: boolean;
  readonly masks: readonly MaskName[];
}

/**
 * UVM access kinds → generic read/write semantics (register-description-tools.md §2a).
 * Write-once kinds (W1, WO1) are modelled as plain writable bits: "once" needs per-instance
 * memory the generic path does not keep; a behaviour hook can enforce it.
 */
const ACCESS: Record<AccessKind, AccessSemantics> = {
  RO: { read: true, write: false, masks: [] },
  RW: { read: true, write: true, masks: [] },
  WO: { read: false, write: true, masks: [] },
  W1: { read: true, write: true, masks: [] },
  WO1: { read: false, write: true, masks: [] },
  RC: { read: true, write: false, masks: ['rc'] },
  RS: { read: true, write: false, masks: ['rs'] },
  W1C: { read: true, write: false, masks: ['w1c'] },
  W1S: { read: true, write: false, masks: ['w1s'] },
  W1T: { read: true, write: false, masks: ['w1t'] },
  W0C: { read: true, write: false, masks: ['w0c'] },
  W0S: { read: true, write: false, masks: ['w0s'] },
  W0T: { read: true, write: false, masks: ['w0t'] },
  WC: { read: true, write: false, masks: ['wc'] },
  WS: { read: true, write: false, masks: ['ws'] },
  WRC: { read: true, write: true, masks: ['rc'] },
  WRS: { read: true, write: true, masks: ['rs'] },
  WSRC: { read: true, write: false, masks: ['ws', 'rc'] },
  WCRS: { read: true, write: false, masks: ['wc', 'rs'] },
  W1SRC: { read: true, write: false, masks: ['w1s', 'rc'] },
  W1CRS: { read: true, write: false, masks: ['w1c', 'rs'] },
  W0SRC: { read: true, write: false, masks: ['w0s', 'rc'] },
  W0CRS: { read: true, write: false, masks: ['w0c', 'rs'] },
  WOC: { read: false, write: false, masks: ['wc'] },
  WOS: { read: false, write: false, masks: ['ws'] },
};

const MASK_ORDER: readonly MaskName[] = ['w1c', 'w1s', 'w1t', 'w0c', 'w0s', 'w0t', 'wc', 'ws', 'rc', 'rs'];
const WRITE_EFFECT_MASKS: ReadonlySet<MaskName> = new Set(['w1c', 'w1s', 'w1t', 'w0c', 'w0s', 'w0t', 'wc', 'ws']);

/** Masks of a register computed from its fields (bits outside every field read 0, ignore writes). */
export interface RegisterMasks {
  readonly readMask: bigint;
  readonly writeMask: bigint;
  readonly extra: ReadonlyMap<MaskName, bigint>;
}

/** Computes a register's masks from the access kinds of its fields. */
export function registerMasks(reg: RegisterIR): RegisterMasks {
  let readMask = 0n;
  let writeMask = 0n;
  const extra = new Map<MaskName, bigint>();
  for (const f of reg.fields) {
    const bits = ((1n << BigInt(f.msb - f.lsb + 1)) - 1n) << BigInt(f.lsb);
    const sem = ACCESS[f.access];
    if (sem.read) readMask |= bits;
    if (sem.write) writeMask |= bits;
    for (const m of sem.masks) extra.set(m, (extra.get(m) ?? 0n) | bits);
  }
  return { readMask, writeMask, extra };
}

/** One register entry, as lines of `key: value` properties. */
export interface EntryView {
  readonly doc: string;
  readonly props: readonly string[];
}

/** One region's table. */
export interface TableView {
  readonly doc: string;
  readonly region: string;
  readonly entries: readonly EntryView[];
}

/** The whole MMIO file. */
export interface MmioView extends FileView {
  readonly fnDoc: string;
  readonly fn: string;
  readonly type: string;
  readonly tables: readonly TableView[];
}

function storageAccess(field: StateFieldIR | undefined, name: string, index: number | undefined): string {
  const at = field?.length !== undefined && index !== undefined ? `[${index}]` : '';
  return `c.state.${name}${at}`;
}

/** One generated entry with the offset it sorts by. */
interface PlacedEntry extends EntryView {
  readonly offset: number;
}

function entries(device: DeviceIR, reg: RegisterIR, block?: RegisterBlockIR): PlacedEntry[] {
  const wide = reg.width === 64;
  const masks = registerMasks(reg);
  const digits = reg.width / 4;
  // 64-bit values and masks are bigint literals (WideRegisterEntry).
  const lit = (v: bigint): string => (wide ? `${hex(v, digits)}n` : hex(v, digits));
  const backing = block?.state === undefined ? undefined : device.state.find((s) => s.name === block.state);
  const struct = backing?.struct === undefined ? undefined : device.structs.find((x) => x.name === backing.struct);
  const field = reg.storage === undefined ? undefined : (block ? struct?.fields : device.state)?.find((s) => s.name === reg.storage);
  const hasWriteEffect = masks.writeMask !== 0n || [...masks.extra.keys()].some((m) => WRITE_EFFECT_MASKS.has(m) && masks.extra.get(m) !== 0n);
  const copies = block?.count ?? 1;
  const count = reg.array?.count ?? 1;
  const out: PlacedEntry[] = [];
  for (let k = 0; k < copies; k++) {
    for (let i = 0; i < count; i++) {
      const index = block ? k : reg.array ? i : undefined;
      const name = block ? `${block.name}[${k}].${reg.name}` : reg.array ? `${reg.name}[${i}]` : reg.name;
      const offset = (block ? block.offset + k * block.stride : 0) + reg.offset + (reg.array ? i * reg.array.stride : 0);
      const reset = reg.resets[i] ?? reg.resets[0] ?? 0n;
      const props: string[] = [];
      if (wide) props.push('wide: true');
      props.push(`name: ${tsString(name)}, offset: ${hex(offset, 3)}, size: ${reg.width / 8}, reset: ${lit(reset)}`);
      if (reg.resetExpr) props.push(`resetFn: (c) => ${registerExprCode(device, reg.resetExpr.root, reg.width)}`);
      if (reg.resetKeeps) props.push('resetKeeps: true');
      if (block?.limit) {
        const key = `c.props.${camelCase(block.limit.property)}`;
        props.push(`element: { index: ${k}, limit: (c) => Number(${key})${block.limit.inclusive ? ', inclusive: true' : ''} }`);
      }
      props.push(`readMask: ${lit(masks.readMask)}, writeMask: ${lit(masks.writeMask)}`);
      const extra = MASK_ORDER.filter((m) => (masks.extra.get(m) ?? 0n) !== 0n).map((m) => `${m}Mask: ${lit(masks.extra.get(m) ?? 0n)}`);
      if (extra.length > 0) props.push(extra.join(', '));
      const flags: string[] = [];
      if (masks.readMask === 0n && !reg.hooks.includes('read')) flags.push('writeOnly: true');
      if (!hasWriteEffect && !reg.hooks.includes('write')) flags.push('readOnly: true');
      if (reg.ignoreWrites) flags.push('ignoreWrites: true');
      if (flags.length > 0) props.push(flags.join(', '));
      if (reg.storage !== undefined) {
        const loc = block ? `c.state.${block.state ?? ''}[${k}].${reg.storage}` : storageAccess(field, reg.storage, index);
        if (!block && !wide && field?.length === undefined) props.push(`storageField: ${tsString(reg.storage)}`);
        props.push(`get: (c) => ${loc}`, `set: (c, v) => { ${loc} = v; }`);
      }
      const idx = index === undefined ? '' : `, ${index}`;
      if (reg.hooks.includes('read')) props.push(`read: (c) => hooks.${registerHookName(reg, 'read', block)}(c${idx})`);
      if (reg.hooks.includes('write')) {
        props.push(wide
          ? `write: (c, v, m) => hooks.${registerHookName(reg, 'write', block)}(c${idx}, v, m)`
          : `write: (c, v) => hooks.${registerHookName(reg, 'write', block)}(c${idx}, v)`);
      }
      if (reg.hooks.includes('post-write')) {
        props.push(`postWrite: (c, o, n) => hooks.${registerHookName(reg, 'post-write', block)}(c${idx}, o, n)`);
      }
      out.push({ doc: docWithRef(`${name}: ${reg.description}`, reg.span), props, offset });
    }
  }
  return out;
}

/** Builds the MMIO file's view model; entries are sorted by offset inside each region. */
export function buildMmioView(device: DeviceIR, _ctx: EmitContext): MmioView {
  const n = deviceNames(device);
  const tables = device.regions.map((region) => {
    const regs = device.registers.filter((r) => r.region === region.name).slice().sort((a, b) => a.offset - b.offset || (a.name < b.name ? -1 : 1));
    const placed = [
      ...regs.flatMap((r) => entries(device, r)),
      ...device.blocks.filter((b) => b.region === region.name).flatMap((b) => b.registers.flatMap((r) => entries(device, r, b))),
    ].sort((a, b) => a.offset - b.offset);
    const w = (x: { min: number; max: number; unaligned: boolean }): string => `{ min: ${x.min}, max: ${x.max}, unaligned: ${x.unaligned} }`;
    return {
      doc: docWithRef(`Region ${region.name}: ${region.description}`, region.span),
      region: `{ name: ${tsString(region.name)}, size: ${hex(region.size, 4)}, endianness: ${tsString(region.endianness)}, valid: ${w(region.valid)}, impl: ${w(region.impl)}${
        region.exactOffsets ? ', exactOffsets: true' : ''}${region.badOffsetRead === undefined ? '' : `, badOffsetRead: ${hex(region.badOffsetRead, 8)}`}${traceLiteral(region)} }`,
      entries: placed.map(({ doc, props }) => ({ doc, props })),
    };
  });
  return {
    banner: bannerText('mmio', device.defFile),
    imports: [
      { typeOnly: true, names: 'MmioTable', from: RUNTIME_IMPORT },
      { typeOnly: true, names: `${n.type}Context, ${n.type}Hooks`, from: `./${n.stem}.hooks.ts` },
    ],
    fnDoc: `MMIO dispatch tables of ${device.name} in sysbus MMIO index order, bound to \`hooks\` (${device.defFile}:${device.regions[0]?.span.line ?? device.span.line}).`,
    fn: `${n.value}MmioTables`,
    type: n.type,
    tables,
  };
}

/** The region's access trace events as a literal fragment (empty when it declares none). */
function traceLiteral(region: RegionIR): string {
  const t = region.trace;
  if (t === undefined || (t.read === undefined && t.write === undefined)) return '';
  const parts = [t.read === undefined ? '' : `read: ${tsString(t.read)}`, t.write === undefined ? '' : `write: ${tsString(t.write)}`].filter((p) => p !== '');
  return `, trace: { ${parts.join(', ')} }`;
}
