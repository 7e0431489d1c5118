/**
 * Layout checks: registers inside their regions and not overlapping (array elements
 * included), fields inside their register and not overlapping, reset and enum values that
 * fit. Overlaps use a sort-and-sweep, so big register arrays stay cheap.
 */
import type { DeviceIR, FieldIR, RegisterIR } from '../ir/ir.ts';
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { hex, maxUnsigned } from '../schema/numbers.ts';

/** One occupied byte range of a region. */
interface Occupied {
  readonly reg: RegisterIR;
  /** Element index, or undefined for a plain register. */
  readonly element: number | undefined;
  readonly start: number;
  /** Inclusive last byte. */
  readonly end: number;
  /** Block the register belongs to (element = block element), if any. */
  readonly block?: string | undefined;
}

/** "register 'X'" or "element [2] of register 'X'". */
function describe(o: Occupied): string {
  if (o.block !== undefined) return `register ${q(o.reg.name)} of block ${q(o.block)}[${o.element}]`;
  return o.element === undefined ? `register ${q(o.reg.name)}` : `element [${o.element}] of register ${q(o.reg.name)}`;
}

function rangeText(o: Occupied): string {
  return `${hex(BigInt(o.start))}..${hex(BigInt(o.end))}`;
}

/** Context line of a register. */
export function registerContext(reg: RegisterIR): string {
  return `in register ${q(reg.name)}`;
}

/** Each region's `default-register` names a plain register of that region (no array, no block, ≤ 32 bits). */
function checkDefaultRegisters(device: DeviceIR, sink: DiagnosticSink): void {
  for (const region of device.regions) {
    const d = region.defaultRegister;
    if (d === undefined) continue;
    const reg = device.registers.find((r) => r.name === d.name);
    const inBlock = device.blocks.some((b) => b.registers.some((r) => r.name === d.name));
    const detail = reg === undefined
      ? (inBlock ? 'is a block register; it must be a plain register of the region' : `is not a register of the device${didYouMean(d.name, device.registers.map((r) => r.name))}`)
      : reg.region !== region.name ? `lives in region ${q(reg.region)}`
      : reg.array !== undefined ? 'is a register array; it must be a single register'
      : reg.width > 32 ? 'is 64 bits wide; it must be at most 32' : undefined;
    if (detail !== undefined) sink.report('default-register', d.span, { region: q(region.name), name: q(d.name), detail });
  }
}

/** Runs the layout checks. */
export function checkLayout(device: DeviceIR, sink: DiagnosticSink): void {
  checkDefaultRegisters(device, sink);
  const regions = new Map(device.regions.map((r) => [r.name, r]));
  const byRegion = new Map<string, Occupied[]>();
  // Block registers take part element by element, as flattened registers would.
  const all: { reg: RegisterIR; base: number; copies: number; stride: number; block: string | undefined }[] = [
    ...device.registers.map((reg) => ({ reg, base: 0, copies: 1, stride: 0, block: undefined })),
    ...device.blocks.flatMap((b) => b.registers.map((reg) => ({ reg, base: b.offset, copies: b.count, stride: b.stride, block: b.name }))),
  ];
  for (const { reg, base, copies, stride: blockStride, block } of all) {
    const region = regions.get(reg.region);
    if (!region) {
      const hint = device.regions.length === 0 ? ' (the device declares no regions)' : didYouMean(reg.region, regions.keys());
      sink.report('unknown-region', reg.span, { name: q(reg.name), region: q(reg.region), hint }, registerContext(reg));
    }
    const bytes = reg.width / 8;
    const count = reg.array?.count ?? 1;
    const stride = reg.array?.stride ?? bytes;
    const list = byRegion.get(reg.region) ?? [];
    byRegion.set(reg.region, list);
    let reportedOutside = false;
    for (let k = 0; k < copies; k++) {
      for (let i = 0; i < count; i++) {
        const start = base + k * blockStride + reg.offset + i * stride;
        const o: Occupied = { reg, element: block !== undefined ? k : reg.array ? i : undefined, start, end: start + bytes - 1, block };
        list.push(o);
        if (region && o.end >= region.size && !reportedOutside) {
        reportedOutside = true;
          sink.report('register-outside-region', reg.span, { what: describe(o), range: rangeText(o), region: q(region.name), size: hex(BigInt(region.size)) }, registerContext(reg));
        }
      }
    }
    if (reg.width === 64 && region && (region.impl.max < 8 || region.impl.min > 4)) {
      sink.report('wide-register-region', reg.span, { name: q(reg.name), region: q(region.name) }, registerContext(reg));
    }
    checkFields(reg, sink);
  }
  for (const list of byRegion.values()) checkOverlaps(list, sink);
}

function checkOverlaps(list: Occupied[], sink: DiagnosticSink): void {
  const order = new Map<RegisterIR, number>();
  list.forEach((o) => order.has(o.reg) || order.set(o.reg, order.size));
  const sorted = [...list].sort((a, b) => a.start - b.start || order.get(a.reg)! - order.get(b.reg)! || (a.element ?? 0) - (b.element ?? 0));
  const reported = new Set<string>();
  let active: Occupied | undefined;
  for (const cur of sorted) {
    if (active && cur.start <= active.end) {
      // Blame the entry written later in the definition; report each register pair once.
      const [later, earlier] = order.get(cur.reg)! >= order.get(active.reg)! ? [cur, active] : [active, cur];
      const key = `${later.reg.name}\u0000${earlier.reg.name}`;
      if (!reported.has(key)) {
        reported.add(key);
        sink.report('register-overlap', later.reg.span, {
          what: describe(later), range: rangeText(later), other: describe(earlier), otherRange: rangeText(earlier), line: earlier.reg.span.line,
        }, registerContext(later.reg));
      }
    }
    if (!active || cur.end > active.end) active = cur;
  }
}

function bitsText(f: FieldIR): string {
  return f.msb === f.lsb ? String(f.lsb) : `${f.msb}:${f.lsb}`;
}

function fieldMask(f: FieldIR): bigint {
  return maxUnsigned(f.msb - f.lsb + 1) << BigInt(f.lsb);
}

function checkFields(reg: RegisterIR, sink: DiagnosticSink): void {
  const ctx = registerContext(reg);
  const widthMask = maxUnsigned(reg.width);
  let covered = 0n;
  for (const f of reg.fields) {
    if (f.msb >= reg.width) {
      sink.report('field-beyond-width', f.span, { name: q(f.name), bits: bitsText(f), width: reg.width }, ctx);
    }
    covered |= fieldMask(f);
    const fw = f.msb - f.lsb + 1;
    for (const e of f.enums) {
      if (e.value > maxUnsigned(fw)) {
        sink.report('enum-value-too-wide', e.span, { name: q(e.name), value: hex(e.value), width: fw, field: q(f.name) }, `${ctx}, field ${q(f.name)}`);
      }
    }
  }
  const sorted = [...reg.fields].sort((a, b) => a.lsb - b.lsb);
  let prev: FieldIR | undefined;
  for (const f of sorted) {
    if (prev && f.lsb <= prev.msb) {
      const [later, earlier] = reg.fields.indexOf(f) > reg.fields.indexOf(prev) ? [f, prev] : [prev, f];
      sink.report('field-overlap', later.span, { name: q(later.name), bits: bitsText(later), other: q(earlier.name), otherBits: bitsText(earlier) }, ctx);
    }
    if (!prev || f.msb > prev.msb) prev = f;
  }
  const seen = new Set<bigint>();
  for (const value of reg.resets) {
    if (seen.has(value)) continue;
    seen.add(value);
    if (value > widthMask) {
      sink.report('reset-too-wide', reg.span, { value: hex(value), width: reg.width, name: q(reg.name) }, ctx);
    } else if (reg.fields.length > 0 && (value & ~covered & widthMask) !== 0n) {
      sink.report('reset-undefined-bits', reg.span, { value: hex(value), name: q(reg.name), bits: hex(value & ~covered & widthMask) }, ctx);
    }
  }
}
