/**
 * The conformance cases of one placed device, from its definition alone:
 * - `<dev>-resets`: every register's value after reset, at every valid access size and every
 *   offset inside it its decode rule answers (ID windows included);
 * - `<dev>-decode`: the decode rule (bytes of an exact register besides its own offset), wide
 *   accesses spanning several registers, unaligned accesses, sizes outside the valid window;
 * - `<dev>-offsets`: reserved ranges, offsets no register covers and block elements beyond
 *   their limit (sampled with the seed), read at every valid size and written;
 * - `<dev>-<register>`: write probes (all zeros, all ones, walking ones, seeded patterns, then
 *   narrower writes), each read back as the fields' access kinds say.
 * Every case starts from a freshly reset machine, so one register's probes never depend on
 * another's hooks. Registers with hooks are limited to what the definition still promises; the
 * header of each case says which and why.
 */
import type { Span } from '../ir/ir.ts';
import { CaseBuilder, accessSizes, lineOf } from './case-builder.ts';
import { ExpectedDevice } from './expected-device.ts';
import type { PlacedDevice, PlacedElement } from './placed-device.ts';
import { SeededRandom, probesFor } from './probes.ts';

/** One generated case before its header. */
export interface DeviceCase {
  /** File-name topic: `resets`, `decode`, `offsets`, or the register's name. */
  readonly topic: string;
  readonly subject: string;
  readonly builder: CaseBuilder;
}

/** What a hook takes away from the checks of one register, for the case headers. */
export interface HookLimit {
  /** The register as the headers name it (`T[n].CONF` for a block's). */
  readonly register: string;
  readonly span: Span;
  readonly effect: 'skipped' | 'limited';
  readonly reason: string;
}

const validSizes = (p: PlacedDevice): number[] => accessSizes(p.space).filter((s) => s >= p.region.valid.min && s <= p.region.valid.max);

const hex = (v: bigint | number, digits = 0): string => `0x${v.toString(16).padStart(digits, '0')}`;

/** The hook limits of every register of the device: one entry per register and limit (a register hooked and kept at reset has two). */
export function hookLimits(placed: PlacedDevice): HookLimit[] {
  const out: HookLimit[] = [];
  const seen = new Set<object>();
  for (const e of placed.elements) {
    if (seen.has(e.reg)) continue;
    seen.add(e.reg);
    const name = e.block ? `${e.block.name}[n].${e.reg.name}` : e.reg.name;
    if (e.readHook && e.writeHook) out.push({ register: name, span: e.reg.span, effect: 'skipped', reason: 'read and write hooks: the behaviour answers reads and takes writes' });
    else if (e.readHook) out.push({ register: name, span: e.reg.span, effect: 'skipped', reason: 'read hook: the behaviour answers reads, so nothing written can be read back' });
    else if (e.writeHook) out.push({ register: name, span: e.reg.span, effect: 'limited', reason: 'write hook: reads of the reset value only, no writes' });
    else if (e.postWrite) out.push({ register: name, span: e.reg.span, effect: 'limited', reason: 'post-write hook: the stored value is checked, not what the hook does besides' });
    if (e.resetByHook) out.push({ register: name, span: e.reg.span, effect: 'limited', reason: 'kept at reset on a device with a reset hook: its value after reset is the behaviour\'s, so it is read only after a write sets it' });
  }
  return out;
}

/** Fields of `e` covering `bits` (a mask), as `NAME ACCESS (file:line)` items. */
function fieldsText(e: PlacedElement, bits: bigint): string {
  const items = e.reg.fields
    .filter((f) => ((((1n << BigInt(f.msb - f.lsb + 1)) - 1n) << BigInt(f.lsb)) & bits) !== 0n)
    .sort((a, b) => a.lsb - b.lsb)
    .map((f) => `${f.implicit ? '(whole register)' : f.name} ${f.access} ${f.msb === f.lsb ? f.lsb : `${f.msb}:${f.lsb}`} at line ${f.span.line}`);
  return items.length === 0 ? 'no field there' : items.join(', ');
}

function resetsCase(placed: PlacedDevice, model: ExpectedDevice): DeviceCase {
  const b = new CaseBuilder(model);
  const sizes = validSizes(placed);
  for (const e of placed.elements) {
    const kept = e.reg.resetKeeps ? 'kept at reset' : 'the element at the block limit is reachable but never reset';
    const what = e.resets ? `reset ${hex(e.initial, e.size * 2)}` : `value at creation ${hex(e.initial)} (${kept})`;
    for (const s of sizes.filter((x) => x <= e.size)) {
      for (let rel = 0; rel < e.size; rel += s) {
        // Bytes an exact register does not answer at are the decode case's.
        if (e.reg.decode === 'exact' && rel !== 0 && !(e.wide && rel === 4)) continue;
        b.read(e.offset + rel, s, `${e.title} ${what}, ${s}-byte read at +${rel}`, e.reg.span);
      }
    }
  }
  return { topic: 'resets', subject: 'register values after reset at every valid access size', builder: b };
}

function decodeCase(placed: PlacedDevice, model: ExpectedDevice): DeviceCase {
  const b = new CaseBuilder(model);
  const r = placed.region;
  const sizes = validSizes(placed);
  const inRegion = (o: number, s: number): boolean => o >= 0 && o + s <= r.size;
  for (const e of placed.elements) {
    if (e.reg.decode === 'exact') {
      for (const s of sizes) {
        for (let rel = s; rel < e.size; rel += s) {
          if (e.wide && rel === 4) continue;
          b.read(e.offset + rel, s, `${e.title} decodes exactly: +${rel} is a bad offset (${s}-byte read)`, e.reg.span);
        }
      }
    }
    for (const s of accessSizes(placed.space).filter((x) => x > e.size && inRegion(e.offset, x) && e.offset % x === 0)) {
      b.read(e.offset, s, `${e.title}: a ${s}-byte read is wider than the register (split as the region's valid sizes allow)`, e.reg.span);
    }
    if (r.valid.max > 1 && inRegion(e.offset + 1, r.valid.max)) {
      b.read(e.offset + 1, r.valid.max, `${e.title}: unaligned ${r.valid.max}-byte read at +1`, r.span);
    }
    for (const s of accessSizes(placed.space).filter((x) => x < r.valid.min && x <= e.size)) {
      b.read(e.offset, s, `${e.title}: a ${s}-byte read is outside the valid sizes ${r.valid.min}..${r.valid.max}`, r.span);
      if (!e.readOnly && !e.readHook && b.predictable(e.offset, Math.min(e.size, r.valid.max))) {
        const full = Math.min(e.size, r.valid.max);
        if (b.write(e.offset, s, (1n << BigInt(s * 8)) - 1n, `${e.title}: a ${s}-byte write is outside the valid sizes and dropped`, r.span, new Set([e]))) {
          b.read(e.offset, full, `${e.title} unchanged by the dropped write`, e.reg.span);
        }
      }
    }
  }
  return { topic: 'decode', subject: 'the decode rule, wide, unaligned and invalid-size accesses', builder: b };
}

/** Byte ranges of the region no element answers at and no reserved range or absent element claims. */
function unassigned(placed: PlacedDevice): { offset: number; size: number }[] {
  const used = new Uint8Array(placed.region.size);
  const mark = (o: number, s: number): void => {
    used.fill(1, Math.max(0, o), Math.min(used.length, o + s));
  };
  for (const e of placed.elements) mark(e.offset, e.size);
  for (const x of placed.region.reserved ?? []) mark(x.offset, x.size);
  for (const a of placed.absent) mark(a.offset, a.size);
  const out: { offset: number; size: number }[] = [];
  for (let o = 0; o < used.length;) {
    if (used[o] === 1) { o++; continue; }
    const start = o;
    while (o < used.length && used[o] === 0) o++;
    out.push({ offset: start, size: o - start });
  }
  return out;
}

function offsetsCase(placed: PlacedDevice, model: ExpectedDevice, seed: number): DeviceCase {
  const b = new CaseBuilder(model);
  const r = placed.region;
  const sizes = validSizes(placed);
  const g = r.valid.max;
  const rng = new SeededRandom(seed, `${placed.device.name}/offsets`);
  const ranges: { offset: number; size: number; what: string; span: Span }[] = [
    ...(r.reserved ?? []).map((x) => ({ offset: x.offset, size: x.size, what: `reserved ${hex(x.offset, 3)}+${hex(x.size)}`, span: x.span })),
    ...unassigned(placed).map((x) => ({ offset: x.offset, size: x.size, what: `no register at ${hex(x.offset, 3)}+${hex(x.size)}`, span: r.span })),
    ...placed.absent.map((a) => ({ offset: a.offset, size: a.size, what: `${a.title} is beyond the block's limit`, span: a.block.limit?.span ?? a.block.span })),
  ].sort((x, y) => x.offset - y.offset);
  for (const range of ranges) {
    const first = Math.ceil(range.offset / g) * g;
    const last = Math.floor((range.offset + range.size - g) / g) * g;
    if (last < first) continue;
    const samples = new Set<number>([first, last]);
    const words = (last - first) / g + 1;
    for (let i = 0; i < 2 && words > 2; i++) samples.add(first + rng.below(words) * g);
    for (const o of [...samples].sort((x, y) => x - y)) {
      for (const s of sizes) b.read(o, s, `${range.what}: ${s}-byte read at ${hex(o, 3)}`, range.span);
      if (b.write(o, g, (1n << BigInt(g * 8)) - 1n, `${range.what}: write at ${hex(o, 3)} is ignored`, range.span, new Set())) {
        b.read(o, g, `${range.what}: still reads the same after the write`, range.span);
      }
    }
  }
  return { topic: 'offsets', subject: 'reserved and unassigned offsets', builder: b };
}

function registerCase(placed: PlacedDevice, model: ExpectedDevice, elements: readonly PlacedElement[], seed: number): DeviceCase | undefined {
  const b = new CaseBuilder(model);
  const r = placed.region;
  const first = elements[0]!;
  const name = first.block ? `${first.block.name}-${first.reg.name}` : first.reg.name;
  for (const e of elements) {
    if (e.readHook || e.writeHook) continue;
    const size = Math.min(8, Math.max(e.size, r.valid.min));
    const bits = e.size * 8;
    const only = new Set([e]);
    const rng = new SeededRandom(seed, `${placed.device.name}/${e.title}`);
    const kind = e.readOnly ? 'read-only: writes change nothing' : `write mask ${hex(e.masks.writeMask, e.size * 2)}`;
    for (const p of probesFor(bits, rng, !e.readOnly)) {
      const bitsText = p.bit === undefined ? `fields ${fieldsText(e, (1n << BigInt(bits)) - 1n)}` : fieldsText(e, 1n << BigInt(p.bit));
      if (!b.write(e.offset, size, p.value, `${e.title} ${kind}; probe ${p.kind} ${hex(p.value, e.size * 2)}`, e.reg.span, only)) break;
      b.read(e.offset, size, `${e.title} after ${p.kind}: ${bitsText}`, e.reg.span);
    }
    // Narrower writes: each reaches the register as the region's implemented sizes make it.
    for (const s of accessSizes(placed.space).filter((x) => x < size && x >= r.valid.min)) {
      const v = rng.bits(s * 8);
      for (let rel = 0; rel < e.size; rel += s) {
        if (!b.write(e.offset + rel, s, v, `${e.title}: ${s}-byte write ${hex(v)} at +${rel}`, r.span, only)) continue;
        b.read(e.offset, size, `${e.title} after the ${s}-byte write at +${rel}`, e.reg.span);
      }
    }
  }
  if (b.checks === 0) return undefined;
  return { topic: name.toLowerCase(), subject: `write probes of ${first.block ? `${first.block.name}[n].${first.reg.name}` : first.reg.name} read back by access kind (${lineOf(first.reg.span)})`, builder: b };
}

/** Every case of `placed`; empty ones are left out. */
export function deviceCases(placed: PlacedDevice, seed: number): DeviceCase[] {
  const fresh = (): ExpectedDevice => new ExpectedDevice(placed);
  const cases: DeviceCase[] = [resetsCase(placed, fresh()), decodeCase(placed, fresh()), offsetsCase(placed, fresh(), seed)];
  const byRegister = new Map<object, PlacedElement[]>();
  for (const e of placed.elements) byRegister.set(e.reg, [...(byRegister.get(e.reg) ?? []), e]);
  for (const elements of byRegister.values()) {
    const c = registerCase(placed, fresh(), elements, seed);
    if (c !== undefined) cases.push(c);
  }
  return cases.filter((c) => c.builder.checks > 0);
}
