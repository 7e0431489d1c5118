/**
 * A device as one board instance holds it, seen from its definition alone: the register
 * elements of its first region (arrays and blocks expanded, block limits and computed resets
 * evaluated with the instance's property values), their masks from the one access-semantics
 * table, and where each element keeps its value. The conformance cases predict every answer
 * from this, so nothing here looks at the runtime or at the behaviour.
 */
import { registerMasks, type RegisterMasks } from '../ir/access-semantics.ts';
import { evalValueExpr } from '../ir/expr.ts';
import type { DeviceIR, PropertyIR, RegionIR, RegisterBlockIR, RegisterIR, ScalarType, StateFieldIR } from '../ir/ir.ts';
import { registerAccessFlags } from '../emit/mmio.view.ts';

/** One register element at its offset in the region. */
export interface PlacedElement {
  /** Name as the cases print it: `IBRD`, `PeriphID[2]`, `T[1].CONF`. */
  readonly title: string;
  readonly reg: RegisterIR;
  readonly block: RegisterBlockIR | undefined;
  /** Array or block element index, if any. */
  readonly index: number | undefined;
  readonly offset: number;
  /** Size in bytes. */
  readonly size: number;
  /** A 64-bit register reached in 32-bit lanes too. */
  readonly wide: boolean;
  /** Value at creation and after reset (the element's reset, or its storage's value when the register keeps it). */
  readonly initial: bigint;
  /** The element's storage is set to its reset value by a reset (not `reset-keeps`, not beyond a block limit). */
  readonly resets: boolean;
  readonly masks: RegisterMasks;
  readonly writeOnly: boolean;
  readonly readOnly: boolean;
  /** Key of the storage cell (elements sharing one state field share it), if storage-backed. */
  readonly storage: string | undefined;
  /** Bits the storage field holds (values are truncated to them). */
  readonly storageBits: number;
  readonly readHook: boolean;
  readonly writeHook: boolean;
  readonly postWrite: boolean;
  /**
   * The element keeps its storage at reset on a device with a `reset` hook: what it holds after
   * a reset is the behaviour's, so the definition promises no value until a write sets one.
   */
  readonly resetByHook: boolean;
}

/** The address space a device's first region is mapped into on its board. */
export type PlacedSpace = 'memory' | 'io';

/** A placed device: its region, base address, property values and register elements. */
export interface PlacedDevice {
  readonly device: DeviceIR;
  readonly region: RegionIR;
  readonly base: bigint;
  /** Memory (qtest read/write) or I/O ports (qtest in/out). */
  readonly space: PlacedSpace;
  /** Property values of this instance (defaults, then the board's settings; clamped ones clamped). */
  readonly props: ReadonlyMap<string, bigint>;
  /** Elements in offset order. */
  readonly elements: readonly PlacedElement[];
  /** Offset ranges of block elements that do not exist on this instance (beyond the limit). */
  readonly absent: readonly { readonly offset: number; readonly size: number; readonly title: string; readonly block: RegisterBlockIR }[];
}

const SCALAR_BITS: Readonly<Record<ScalarType, number>> = { bool: 1, u8: 8, i8: 8, u16: 16, i16: 16, u32: 32, i32: 32, u64: 64, i64: 64 };

function bitsOf(field: StateFieldIR | undefined, width: number): number {
  if (field === undefined) return width;
  const t = field.type;
  return t in SCALAR_BITS ? Math.min(width, SCALAR_BITS[t as ScalarType]) : width;
}

function propertyValue(p: PropertyIR, set: bigint | boolean | string | undefined): bigint {
  const v = set ?? p.default;
  let n = typeof v === 'boolean' ? (v ? 1n : 0n) : typeof v === 'bigint' ? v : 0n;
  if (p.outOfRange === 'clamp') {
    if (p.min !== undefined && n < p.min) n = p.min;
    if (p.max !== undefined && n > p.max) n = p.max;
  }
  return n;
}

/** Property values of an instance: each property's default unless `settings` (the board's) names it. */
export function instanceProps(device: DeviceIR, settings: ReadonlyMap<string, bigint | boolean | string>): Map<string, bigint> {
  return new Map(device.properties.map((p) => [p.name, propertyValue(p, settings.get(p.name))]));
}

/** Places `device` (its first region) at `base` of `space` with property values `props`. */
export function placeDevice(device: DeviceIR, base: bigint, props: ReadonlyMap<string, bigint>, space: PlacedSpace = 'memory'): PlacedDevice | undefined {
  const region = device.regions[0];
  if (region === undefined) return undefined;
  const prop = (name: string): bigint => props.get(name) ?? 0n;
  const stateField = (name: string | undefined, block: RegisterBlockIR | undefined): StateFieldIR | undefined => {
    if (name === undefined) return undefined;
    if (block?.state === undefined) return device.state.find((s) => s.name === name);
    const arr = device.state.find((s) => s.name === block.state);
    return device.structs.find((s) => s.name === arr?.struct)?.fields.find((f) => f.name === name);
  };
  const elements: PlacedElement[] = [];
  const absent: { offset: number; size: number; title: string; block: RegisterBlockIR }[] = [];
  const add = (reg: RegisterIR, offset: number, title: string, index: number | undefined, block: RegisterBlockIR | undefined, resets: boolean, storage: string | undefined): void => {
    const width = reg.width;
    const field = stateField(reg.storage, block);
    const declared = reg.resetExpr !== undefined
      ? BigInt.asUintN(width, evalValueExpr(reg.resetExpr.root, prop))
      : reg.resets[reg.array ? index ?? 0 : 0] ?? 0n;
    const keeps = reg.resetKeeps || !resets;
    const initial = keeps && storage !== undefined ? BigInt.asUintN(bitsOf(field, width), field?.reset ?? 0n) : declared;
    const flags = registerAccessFlags(reg);
    const resetHook = device.hooks.includes('reset');
    elements.push({
      title, reg, block, index, offset, size: width / 8, wide: width === 64,
      initial, resets: !keeps, masks: registerMasks(reg), ...flags,
      storage, storageBits: bitsOf(field, width),
      readHook: reg.hooks.includes('read'), writeHook: reg.hooks.includes('write'), postWrite: reg.hooks.includes('post-write'),
      resetByHook: resetHook && keeps && storage !== undefined,
    });
  };
  for (const reg of device.registers.filter((r) => r.region === region.name)) {
    if (reg.array === undefined) add(reg, reg.offset, reg.name, undefined, undefined, true, reg.storage);
    else {
      for (let i = 0; i < reg.array.count; i++) {
        add(reg, reg.offset + i * reg.array.stride, `${reg.name}[${i}]`, i, undefined, true, reg.storage && `${reg.storage}[${i}]`);
      }
    }
  }
  for (const block of device.blocks.filter((b) => b.region === region.name)) {
    const limit = block.limit === undefined ? block.count : Number(prop(block.limit.property));
    // Elements below the limit exist and reset; the one at the limit of an inclusive limit exists without reset.
    const reachable = Math.min(block.count, block.limit?.inclusive === true ? limit + 1 : limit);
    for (let n = 0; n < block.count; n++) {
      const start = block.offset + n * block.stride;
      if (n >= reachable) {
        absent.push({ offset: start, size: block.stride, title: `${block.name}[${n}]`, block });
        continue;
      }
      for (const reg of block.registers) {
        const storage = reg.storage === undefined ? undefined : `${block.state ?? block.name}[${n}].${reg.storage}`;
        add(reg, start + reg.offset, `${block.name}[${n}].${reg.name}`, n, block, n < limit, storage);
      }
    }
  }
  elements.sort((a, b) => a.offset - b.offset);
  return { device, region, base, space, props, elements, absent };
}

/** The element answering at `offset` (already masked by the region's `offset-mask`) under its decode rule, if any. */
export function elementAt(placed: PlacedDevice, offset: number): PlacedElement | undefined {
  for (const e of placed.elements) {
    if (offset < e.offset || offset >= e.offset + e.size) continue;
    if (e.reg.decode === 'covering') return e;
    // An exact register answers at its own offset; a 64-bit one at each of its 32-bit lanes too.
    if (offset === e.offset || (e.wide && offset === e.offset + 4)) return e;
    return undefined;
  }
  return undefined;
}
