/**
 * Compiled MMIO dispatch: turns a register layout (register-layout.ts) into two dense arrays
 * of closures, indexed by `offset >>> shift`, built once when the device is realized, and by
 * default a specialised read/write pair generated from the same plans (mmio-specialize.ts).
 *
 * Why this shape: it is the MMIO hot path. Lookup is one shift and one array load (no search,
 * no map), and each slot holds a small closure chosen by the register's read and write plans
 * (register-semantics.ts), so the per-access work is only what that register needs.
 *
 * Decode per register: a `covering` register (the default) fills every slot it covers, so
 * with a 4-byte granule offset 0xfe1 lands in the slot of the register at 0xfe0, which answers
 * whole and unshifted (what QEMU devices that decode `offset >> 2`, like pl011, do for narrow
 * or unaligned accesses). An `exact` register answers only at its own offset (QEMU's
 * `switch (offset)`); its other bytes are bad offsets, which needs byte-sized slots.
 */
import type { GuestLog } from '../contract/context.ts';
import type { AccessValue, RegionInfo, RegisterAccessMasks } from '../contract/types.ts';
import { specializeDispatch, type SpecialRegister } from './mmio-specialize.ts';
import { compileWideRegister } from './mmio-wide.ts';
import { bindRegister, elementPresent, resetValueOf, shapeOf, type BoundRegister, type PlacedRegister, type RegisterLayout } from './register-layout.ts';
import {
  numberFormula,
  numberStepsOf,
  readPlanOf,
  writePlanOf,
  applyNumber,
  type MmioReadFn,
  type MmioWriteFn,
  type ReadPlan,
  type WideReadFn,
  type WideWriteFn,
  type WritePlan,
} from './register-semantics.ts';

/** Options of {@link compileMmioDispatch}. */
export interface CompileOptions {
  /** Generate a per-device specialised switch (default true); false keeps the closure arrays only. */
  readonly specialize?: boolean;
}

/** The result of {@link compileMmioDispatch}. */
export interface CompiledDispatch {
  readonly region: RegionInfo;
  /** log2 of the slot granule. */
  readonly shift: number;
  /** One reader per slot (bad-offset readers fill the gaps). */
  readonly readers: readonly MmioReadFn[];
  /** One writer per slot. */
  readonly writers: readonly MmioWriteFn[];
  /** Whether `read`/`write` are the generated specialised functions. */
  readonly specialized: boolean;
  /** The register elements this instance has (block elements beyond their limit left out). */
  readonly registers: readonly PlacedRegister<unknown>[];
  /** Reads `size` bytes at `offset` (value unsigned 32-bit). Never throws for guest mistakes. */
  read(offset: number, size: number): number;
  /** Writes `value` (`size` bytes) at `offset` (argument order of MemoryRegionOps). Never throws for guest mistakes. */
  write(offset: number, size: number, value: number): void;
  /** Whether the table has 64-bit registers (then `readAccess`/`writeAccess` must be used for 8-byte values). */
  readonly hasWide: boolean;
  /** Like `read`, with 8-byte accesses answered as bigint (64-bit registers answer whole). */
  readAccess(offset: number, size: number): AccessValue;
  /** Like `write`, with 8-byte values as bigint (64-bit registers take all of it). */
  writeAccess(offset: number, size: number, value: AccessValue): void;
}

const hex = (v: number): string => (v >>> 0).toString(16);

function logReader(log: GuestLog, message: (offset: number) => string): MmioReadFn {
  return (offset) => {
    log.guestError(message(offset));
    return 0;
  };
}

function logWriter(log: GuestLog, message: (offset: number, value: number) => string): MmioWriteFn {
  return (offset, _size, value) => log.guestError(message(offset, value));
}

const ignoreWriter: MmioWriteFn = () => {};

/** The closure reading one ≤32-bit register according to its plan. */
function compileReader(name: string, plan: ReadPlan<number>, b: BoundRegister<number>, log: GuestLog, typeName: string): MmioReadFn {
  switch (plan.kind) {
    case 'hook': {
      const read = b.read!;
      return () => read() >>> 0;
    }
    case 'write-only':
      return logReader(log, (o) => `${typeName}: read of write-only register ${name} (offset 0x${hex(o)})`);
    case 'const': {
      const v = plan.value;
      return () => v;
    }
    case 'storage': {
      const { get, set } = b.storage!;
      const value = numberFormula(plan.value);
      if (plan.sideEffects.length === 0) return () => value(get(), 0);
      const side = numberFormula(plan.sideEffects);
      return () => {
        const v = get();
        set(side(v, 0));
        return value(v, 0);
      };
    }
  }
}

/** The closure writing one ≤32-bit register according to its plan. */
function compileWriter(name: string, plan: WritePlan<number>, b: BoundRegister<number>, log: GuestLog, typeName: string): MmioWriteFn {
  switch (plan.kind) {
    case 'hook': {
      const write = b.write!;
      if (!plan.post) return (_o, _s, value) => write(value, 0);
      // The hook owns the store; postWrite still sees the stored value before and after it.
      const post = b.post!;
      const get = b.storage?.get;
      return (_o, _s, value) => {
        const old = get === undefined ? 0 : get() >>> 0;
        write(value, 0);
        post(old, get === undefined ? value >>> 0 : get() >>> 0);
      };
    }
    case 'ignore':
      return ignoreWriter;
    case 'read-only':
      return logWriter(log, (o, v) => `${typeName}: write to read-only register ${name} (offset 0x${hex(o)}, value 0x${hex(v)})`);
    case 'storage': {
      const { get, set } = b.storage!;
      const formula = numberFormula(plan.steps);
      if (!plan.post) return (_o, _s, value) => set(formula(get(), value));
      const post = b.post!;
      return (_o, _s, value) => {
        const old = get() >>> 0;
        const nv = formula(old, value);
        set(nv);
        post(old, nv);
      };
    }
  }
}

/** A register with `partialWrites: 'ignore'` takes only writes of all of it at its own offset. */
function wholeWritesOnly<C>(r: PlacedRegister<C>, writer: MmioWriteFn): MmioWriteFn {
  if (r.desc.partialWrites !== 'ignore') return writer;
  const { offset: at, size: whole } = r;
  return (offset, size, value) => {
    if (offset === at && size === whole) writer(offset, size, value);
  };
}

/** Largest power of two dividing `n` (n > 0), capped at 8. */
function alignmentOf(n: number): number {
  let a = 1;
  while (a < 8 && n % (a * 2) === 0) a *= 2;
  return a;
}

/** Slot granule: the largest power of two (≤ 8) dividing every offset and size; 1 when an exact register is wider than a byte. */
function granuleOf(registers: readonly PlacedRegister<unknown>[], region: RegionInfo, typeName: string): number {
  let granule = 8;
  let wide = false;
  for (const r of registers) {
    if (r.offset < 0 || r.size <= 0 || r.offset + r.size > region.size) {
      throw new Error(`${typeName}: register ${r.name} (offset 0x${hex(r.offset)}, size ${r.size}) lies outside region ${region.name}`);
    }
    granule = Math.min(granule, alignmentOf(r.offset === 0 ? 8 : r.offset), alignmentOf(r.size));
    if (r.desc.wide === true) wide = true;
    else if (r.desc.decode === 'exact' && r.size > 1) granule = 1;
  }
  // 64-bit registers decode two 32-bit lanes, so their slots are at most 4 bytes.
  return wide ? Math.min(granule, 4) : granule;
}

/**
 * Compiles `layout` for one device instance. `ctx` is the device context every closure is
 * bound to (hooks are called on `layout.self`), `log` receives guest errors, `typeName`
 * prefixes their messages. Block elements beyond their limit are left out (their offsets are
 * bad offsets) and computed reset values are fixed now, after the properties are.
 * `read`/`write` are the specialised functions unless disabled or unavailable, else the
 * closure-array dispatcher; both behave identically.
 * Throws (a definition bug, not a guest error) when registers overlap or leave the region.
 */
export function compileMmioDispatch<C extends { readonly state: unknown }>(
  layout: RegisterLayout<C>,
  ctx: C,
  log: GuestLog,
  typeName: string,
  options: CompileOptions = {},
): CompiledDispatch {
  const region = layout.region;
  const present = layout.registers.filter((r) => elementPresent(r, ctx));
  const granule = granuleOf(present as readonly PlacedRegister<unknown>[], region, typeName);
  const shift = Math.log2(granule);
  const slots = Math.ceil(region.size / granule);

  const badValue = (region.badOffsetRead ?? 0) >>> 0;
  let badRead: MmioReadFn = badValue === 0
    ? logReader(log, (o) => `${typeName}: bad offset 0x${hex(o)}`)
    : (offset) => {
        log.guestError(`${typeName}: bad offset 0x${hex(offset)}`);
        return badValue;
      };
  let badWrite = logWriter(log, (o) => `${typeName}: bad offset 0x${hex(o)}`);
  const readers: MmioReadFn[] = new Array<MmioReadFn>(slots).fill(badRead);
  const writers: MmioWriteFn[] = new Array<MmioWriteFn>(slots).fill(badWrite);
  const owner: (string | undefined)[] = new Array<string | undefined>(slots).fill(undefined);
  const claim = (first: number, last: number, name: string): void => {
    for (let o = first; o <= last; o += granule) {
      const i = o >>> shift;
      const prev = owner[i];
      if (prev !== undefined) throw new Error(`${typeName}: registers ${prev} and ${name} overlap at offset 0x${hex(o)}`);
      owner[i] = name;
    }
  };

  const wideReaders: (WideReadFn | undefined)[] = [];
  const wideWriters: (WideWriteFn | undefined)[] = [];
  const opaque: (readonly [number, number])[] = [];
  const special: SpecialRegister<C>[] = [];
  for (const r of present) {
    if (r.desc.wide === true) {
      const w = compileWideRegister(r, ctx, layout.self, log, typeName, badRead, badWrite);
      const last = r.offset + r.size - 1;
      claim(r.offset, last, r.name);
      opaque.push([r.offset >>> shift, last >>> shift]);
      for (let i = r.offset >>> shift; i <= last >>> shift; i++) {
        wideReaders[i] = w.read;
        wideWriters[i] = w.write;
        readers[i] = w.readNumber;
        writers[i] = w.writeNumber;
      }
      continue;
    }
    const masks = r.desc as RegisterAccessMasks<number>;
    const shape = shapeOf(r);
    const rp = readPlanOf(masks, shape, resetValueOf(r, ctx) as number, numberStepsOf(masks), (s, n) => applyNumber(s, n, 0));
    const wp = writePlanOf(masks, shape, numberStepsOf(masks));
    const b = bindRegister<C, number>(r, ctx, layout.self);
    const reader = compileReader(r.name, rp, b, log, typeName);
    const writer = wholeWritesOnly(r, compileWriter(r.name, wp, b, log, typeName));
    const lastByte = r.desc.decode === 'exact' ? r.offset : r.offset + r.size - 1;
    claim(r.offset, lastByte, r.name);
    for (let i = r.offset >>> shift; i <= lastByte >>> shift; i++) {
      readers[i] = reader;
      writers[i] = writer;
    }
    special.push({ first: r.offset >>> shift, last: lastByte >>> shift, register: r, read: rp, write: wp, bound: b, reader, writer });
  }

  // A default register answers every offset no register claims, past the region's end too.
  const fallback = region.defaultRegister === undefined ? undefined : special.find((s) => s.register.name === region.defaultRegister);
  if (fallback !== undefined) {
    badRead = fallback.reader;
    badWrite = fallback.writer;
    for (let i = 0; i < slots; i++) {
      if (owner[i] !== undefined) continue;
      readers[i] = badRead;
      writers[i] = badWrite;
    }
  } else if (region.defaultRegister !== undefined) {
    throw new Error(`${typeName}: default register ${region.defaultRegister} of region ${region.name} is not a plain register of it`);
  }

  const genericRead = (offset: number, size: number): number => {
    const f = readers[offset >>> shift];
    return f === undefined ? badRead(offset, size) : f(offset, size);
  };
  const genericWrite = (offset: number, size: number, value: number): void => {
    const f = writers[offset >>> shift];
    if (f === undefined) badWrite(offset, size, value);
    else f(offset, size, value);
  };
  const specialized =
    options.specialize === false
      ? undefined
      : specializeDispatch({ ctx, self: layout.self, shift, registers: special, opaque, readers, writers, badRead, badWrite });
  const read = specialized?.read ?? genericRead;
  const registerWrite = specialized?.write ?? genericWrite;
  const hasWide = opaque.length > 0;
  const narrowValue = (value: AccessValue): number => (typeof value === 'bigint' ? Number(BigInt.asUintN(32, value)) : value);
  const readAccess = !hasWide
    ? (offset: number, size: number): AccessValue => (size === 8 ? BigInt(read(offset, size)) : read(offset, size))
    : (offset: number, size: number): AccessValue => {
        const w = wideReaders[offset >>> shift];
        if (w !== undefined) return w(offset, size);
        return size === 8 ? BigInt(read(offset, size)) : read(offset, size);
      };
  const registerWriteAccess = !hasWide
    ? (offset: number, size: number, value: AccessValue): void => registerWrite(offset, size, narrowValue(value))
    : (offset: number, size: number, value: AccessValue): void => {
        const w = wideWriters[offset >>> shift];
        if (w !== undefined) w(offset, size, value);
        else registerWrite(offset, size, narrowValue(value));
      };
  // The region's post-write hook follows every write the handler takes, whatever the offset
  // decoded to (QEMU code after the write switch); without one the writers are used as they are.
  const post = layout.postWrite;
  const self = layout.self;
  const write = post === undefined ? registerWrite : (offset: number, size: number, value: number): void => {
    registerWrite(offset, size, value);
    post.call(self, ctx, offset, size);
  };
  const writeAccess = post === undefined ? registerWriteAccess : (offset: number, size: number, value: AccessValue): void => {
    registerWriteAccess(offset, size, value);
    post.call(self, ctx, offset, size);
  };
  return {
    region,
    shift,
    readers,
    writers,
    specialized: specialized !== undefined,
    registers: present as readonly PlacedRegister<unknown>[],
    read,
    write,
    hasWide,
    readAccess,
    writeAccess,
  };
}
