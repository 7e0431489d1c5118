/**
 * View model of `<dev>.mmio.ts`: one dispatch table per region, one entry per register (or
 * register-array element), with masks precomputed from the fields' access kinds so the runtime's
 * hot path only does bit operations. Registers wider than 32 bits are reported, not emitted.
 */
import type { AccessKind, DeviceIR, RegisterIR, StateFieldIR } from '../ir/ir.ts';
import type { EmitContext } from './emitter.ts';
import { bannerText } from './emitter.ts';
import { registerHookName } from './hooks.view.ts';
import { RUNTIME_IMPORT, deviceNames, docWithRef, hex, tsString } from './names.ts';
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

function entries(device: DeviceIR, reg: RegisterIR, ctx: EmitContext): EntryView[] {
  if (reg.width > 32) {
    ctx.report({
      severity: 'error', code: 'emit-register-width', span: reg.span,
      message: `register '${reg.name}' is ${reg.width} bits wide; the mmio emitter supports registers up to 32 bits`,
    });
    return [];
  }
  const masks = registerMasks(reg);
  const digits = reg.width / 4;
  const field = reg.storage === undefined ? undefined : device.state.find((s) => s.name === reg.storage);
  const hasWriteEffect = masks.writeMask !== 0n || [...masks.extra.keys()].some((m) => WRITE_EFFECT_MASKS.has(m) && masks.extra.get(m) !== 0n);
  const count = reg.array?.count ?? 1;
  const out: EntryView[] = [];
  for (let i = 0; i < count; i++) {
    const index = reg.array ? i : undefined;
    const name = reg.array ? `${reg.name}[${i}]` : reg.name;
    const offset = reg.offset + (reg.array ? i * reg.array.stride : 0);
    const reset = reg.resets[i] ?? reg.resets[0] ?? 0n;
    const props: string[] = [
      `name: ${tsString(name)}, offset: ${hex(offset, 3)}, size: ${reg.width / 8}, reset: ${hex(reset, digits)}`,
      `readMask: ${hex(masks.readMask, digits)}, writeMask: ${hex(masks.writeMask, digits)}`,
    ];
    const extra = MASK_ORDER.filter((m) => (masks.extra.get(m) ?? 0n) !== 0n).map((m) => `${m}Mask: ${hex(masks.extra.get(m) ?? 0n, digits)}`);
    if (extra.length > 0) props.push(extra.join(', '));
    const flags: string[] = [];
    if (masks.readMask === 0n && !reg.hooks.includes('read')) flags.push('writeOnly: true');
    if (!hasWriteEffect && !reg.hooks.includes('write')) flags.push('readOnly: true');
    if (reg.ignoreWrites) flags.push('ignoreWrites: true');
    if (flags.length > 0) props.push(flags.join(', '));
    if (reg.storage !== undefined) {
      const loc = storageAccess(field, reg.storage, index);
      if (field?.length === undefined) props.push(`storageField: ${tsString(reg.storage)}`);
      props.push(`get: (c) => ${loc}`, `set: (c, v) => { ${loc} = v; }`);
    }
    const idx = index === undefined ? '' : `, ${index}`;
    if (reg.hooks.includes('read')) props.push(`read: (c) => hooks.${registerHookName(reg, 'read')}(c${idx})`);
    if (reg.hooks.includes('write')) props.push(`write: (c, v) => hooks.${registerHookName(reg, 'write')}(c${idx}, v)`);
    if (reg.hooks.includes('post-write')) {
      props.push(`postWrite: (c, o, n) => hooks.${registerHookName(reg, 'post-write')}(c${idx}, o, n)`);
    }
    out.push({ doc: docWithRef(`${name}: ${reg.description}`, reg.span), props });
  }
  return out;
}

/** Builds the MMIO file's view model; entries are sorted by offset inside each region. */
export function buildMmioView(device: DeviceIR, ctx: EmitContext): MmioView {
  const n = deviceNames(device);
  const tables = device.regions.map((region) => {
    const regs = device.registers.filter((r) => r.region === region.name).slice().sort((a, b) => a.offset - b.offset || (a.name < b.name ? -1 : 1));
    const w = (x: { min: number; max: number; unaligned: boolean }): string => `{ min: ${x.min}, max: ${x.max}, unaligned: ${x.unaligned} }`;
    return {
      doc: docWithRef(`Region ${region.name}: ${region.description}`, region.span),
      region: `{ name: ${tsString(region.name)}, size: ${hex(region.size, 4)}, endianness: ${tsString(region.endianness)}, valid: ${w(region.valid)}, impl: ${w(region.impl)} }`,
      entries: regs.flatMap((r) => entries(device, r, ctx)),
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
