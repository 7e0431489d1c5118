/**
 * Compiled MMIO dispatch: turns a generated `MmioTable` into two dense arrays of closures,
 * indexed by `offset >>> shift`, built once when the device is realized.
 *
 * Why this shape: it is the MMIO hot path. Lookup is one shift and one array load (no search,
 * no map), and each slot holds a small closure chosen by the register's shape (hook, storage
 * with or without masks, constant, clear-on-read, ...), so the per-access work is only what
 * that register needs. Every closure kind comes from one factory below, so each kind shares
 * one function literal and all readers/writers have the same call signature.
 *
 * Lookup is by the register *covering* the offset: with a 4-byte granule, offset 0xfe1 lands
 * in the slot of the register at 0xfe0. The register answers whole and unshifted, which is
 * what QEMU devices that decode `offset >> 2` (pl011) do for narrow or unaligned accesses.
 */
import type { GuestLog } from '../codegen/v1/context.ts';
import type { AccessValue, AnyRegisterEntry, MmioTable, RegionInfo, RegisterEntry, WideRegisterEntry } from '../codegen/v1/types.ts';
import { specializeDispatch } from './mmio-specialize.ts';
import { compileWideRegister, type WideReadFn, type WideWriteFn } from './mmio-wide.ts';
import { readPlanOf, writeMasks, writePlanOf, type WriteMasks } from './register-plan.ts';

/** A compiled register reader: offset inside the region and access size in bytes. */
export type MmioReadFn = (offset: number, size: number) => number;
/** A compiled register writer. */
export type MmioWriteFn = (offset: number, size: number, value: number) => void;

/** Options of {@link compileMmioDispatch}. */
export interface CompileOptions {
  /** Generate a per-device specialised switch (default true); false keeps the closure arrays only. */
  readonly specialize?: boolean;
}

/** The result of {@link compileMmioDispatch}. */
export interface CompiledDispatch {
  readonly region: RegionInfo;
  /** log2 of the slot granule (largest power of two dividing every register offset and size). */
  readonly shift: number;
  /** One reader per slot (bad-offset readers fill the gaps). */
  readonly readers: readonly MmioReadFn[];
  /** One writer per slot. */
  readonly writers: readonly MmioWriteFn[];
  /** Whether `read`/`write` are the generated specialised functions. */
  readonly specialized: boolean;
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

// ---- readers -------------------------------------------------------------------------------

function hookReader<C>(read: (ctx: C) => number, ctx: C): MmioReadFn {
  return () => read(ctx) >>> 0;
}

function constReader(value: number): MmioReadFn {
  return () => value;
}

function storageReader<C>(get: (ctx: C) => number, ctx: C): MmioReadFn {
  return () => get(ctx) >>> 0;
}

function maskedStorageReader<C>(get: (ctx: C) => number, ctx: C, mask: number): MmioReadFn {
  return () => (get(ctx) & mask) >>> 0;
}

/** Storage read with side effects: clear `rc` bits and set `rs` bits after reading. */
function sideEffectReader<C>(
  get: (ctx: C) => number,
  set: (ctx: C, v: number) => void,
  ctx: C,
  mask: number,
  rc: number,
  rs: number,
): MmioReadFn {
  const keep = ~rc;
  return () => {
    const v = get(ctx);
    set(ctx, ((v & keep) | rs) >>> 0);
    return (v & mask) >>> 0;
  };
}

function logReader(log: GuestLog, message: (offset: number) => string): MmioReadFn {
  return (offset) => {
    log.guestError(message(offset));
    return 0;
  };
}

// ---- writers -------------------------------------------------------------------------------

function hookWriter<C>(write: (ctx: C, v: number) => void, ctx: C): MmioWriteFn {
  return (_offset, _size, value) => write(ctx, value);
}

function fullStorageWriter<C>(set: (ctx: C, v: number) => void, ctx: C): MmioWriteFn {
  return (_offset, _size, value) => set(ctx, value >>> 0);
}

function maskedStorageWriter<C>(get: (ctx: C) => number, set: (ctx: C, v: number) => void, ctx: C, mask: number): MmioWriteFn {
  const keep = ~mask;
  return (_offset, _size, value) => set(ctx, ((get(ctx) & keep) | (value & mask)) >>> 0);
}

function maskedPostWriter<C>(
  get: (ctx: C) => number,
  set: (ctx: C, v: number) => void,
  post: (ctx: C, oldValue: number, newValue: number) => void,
  ctx: C,
  mask: number,
): MmioWriteFn {
  const keep = ~mask;
  return (_offset, _size, value) => {
    const old = get(ctx) >>> 0;
    const nv = ((old & keep) | (value & mask)) >>> 0;
    set(ctx, nv);
    post(ctx, old, nv);
  };
}

function generalWriter<C>(
  get: (ctx: C) => number,
  set: (ctx: C, v: number) => void,
  post: ((ctx: C, oldValue: number, newValue: number) => void) | undefined,
  ctx: C,
  m: WriteMasks,
): MmioWriteFn {
  const { keep, wm, w1c, w1s, w1t, w0c, w0s, w0t, wc, ws } = m;
  return (_offset, _size, value) => {
    const old = get(ctx) >>> 0;
    const inv = ~value;
    let nv = (old & keep) | (value & wm);
    nv &= ~(value & w1c);
    nv |= value & w1s;
    nv ^= value & w1t;
    nv &= ~(inv & w0c);
    nv |= inv & w0s;
    nv ^= inv & w0t;
    nv &= ~wc;
    nv |= ws;
    nv >>>= 0;
    set(ctx, nv);
    if (post !== undefined) post(ctx, old, nv);
  };
}

/** A write hook followed by postWrite (rare: the hook owns storage, post still wants old/new). */
function hookPostWriter<C>(
  write: (ctx: C, v: number) => void,
  get: ((ctx: C) => number) | undefined,
  post: (ctx: C, oldValue: number, newValue: number) => void,
  ctx: C,
): MmioWriteFn {
  return (_offset, _size, value) => {
    const old = get === undefined ? 0 : get(ctx) >>> 0;
    write(ctx, value);
    post(ctx, old, get === undefined ? value >>> 0 : get(ctx) >>> 0);
  };
}

const ignoreWriter: MmioWriteFn = () => {};

function logWriter(log: GuestLog, message: (offset: number, value: number) => string): MmioWriteFn {
  return (offset, _size, value) => log.guestError(message(offset, value));
}

// ---- compilation ---------------------------------------------------------------------------

const ALL = 0xffff_ffff;

function compileReader<C>(e: RegisterEntry<C>, ctx: C, log: GuestLog, typeName: string): MmioReadFn {
  const plan = readPlanOf(e);
  switch (plan.kind) {
    case 'hook':
      return hookReader(plan.read, ctx);
    case 'const':
      return constReader(plan.value);
    case 'storage':
      return plan.mask === ALL ? storageReader(plan.get, ctx) : maskedStorageReader(plan.get, ctx, plan.mask);
    case 'closure':
      if (e.writeOnly === true || e.get === undefined || e.set === undefined) {
        return logReader(log, (o) => `${typeName}: read of write-only register ${e.name} (offset 0x${hex(o)})`);
      }
      return sideEffectReader(e.get, e.set, ctx, e.readMask >>> 0, (e.rcMask ?? 0) >>> 0, (e.rsMask ?? 0) >>> 0);
  }
}

function compileWriter<C>(e: RegisterEntry<C>, ctx: C, log: GuestLog, typeName: string): MmioWriteFn {
  const plan = writePlanOf(e);
  switch (plan.kind) {
    case 'hook':
      return hookWriter(plan.write, ctx);
    case 'ignore':
      return ignoreWriter;
    case 'storage':
      if (plan.post !== undefined) return maskedPostWriter(plan.get, plan.set, plan.post, ctx, plan.mask);
      return plan.mask === ALL ? fullStorageWriter(plan.set, ctx) : maskedStorageWriter(plan.get, plan.set, ctx, plan.mask);
    case 'closure':
      if (e.write !== undefined && e.postWrite !== undefined) return hookPostWriter(e.write, e.get, e.postWrite, ctx);
      if (e.readOnly === true || e.get === undefined || e.set === undefined) {
        return logWriter(log, (o, v) => `${typeName}: write to read-only register ${e.name} (offset 0x${hex(o)}, value 0x${hex(v)})`);
      }
      return generalWriter(e.get, e.set, e.postWrite, ctx, writeMasks(e));
  }
}

/** Largest power of two dividing `n` (n > 0), capped at 8. */
function alignmentOf(n: number): number {
  let a = 1;
  while (a < 8 && n % (a * 2) === 0) a *= 2;
  return a;
}

/** Whether a block element exists for this instance (index below its limit, or at it when inclusive). */
export function elementPresent<C>(e: AnyRegisterEntry<C>, ctx: C): boolean {
  const el = e.element;
  if (el?.limit === undefined) return true;
  const lim = el.limit(ctx);
  return el.index < lim || (el.inclusive === true && el.index === lim);
}

/** Whether a block element is reset (strictly below its limit, whatever `inclusive` says). */
function elementResets<C>(e: AnyRegisterEntry<C>, ctx: C): boolean {
  const el = e.element;
  return el?.limit === undefined || el.index < el.limit(ctx);
}

/**
 * Compiles `table` for one device instance. `ctx` is the device context every closure is
 * bound to, `log` receives guest errors, `typeName` prefixes their messages. `read`/`write`
 * are the specialised functions (mmio-specialize.ts) unless disabled or unavailable, else
 * the closure-array dispatcher; both behave identically.
 * Throws (a definition bug, not a guest error) when registers overlap or leave the region.
 */
export function compileMmioDispatch<C>(
  table: MmioTable<C>,
  ctx: C,
  log: GuestLog,
  typeName: string,
  options: CompileOptions = {},
): CompiledDispatch {
  const region = table.region;
  // Block elements beyond their limit are dropped (their offsets become bad offsets); reset
  // values computed from properties are fixed now, after the properties are.
  const narrow: RegisterEntry<C>[] = [];
  const wide: WideRegisterEntry<C>[] = [];
  for (const e of table.registers) {
    if (!elementPresent(e, ctx)) continue;
    if (e.wide === true) wide.push(e.resetFn === undefined ? e : { ...e, reset: BigInt.asUintN(64, e.resetFn(ctx)) });
    else narrow.push(e.resetFn === undefined ? e : { ...e, reset: e.resetFn(ctx) >>> 0 });
  }
  let granule = 8;
  for (const e of [...narrow, ...wide]) {
    if (e.offset < 0 || e.size <= 0 || e.offset + e.size > region.size) {
      throw new Error(`${typeName}: register ${e.name} (offset 0x${hex(e.offset)}, size ${e.size}) lies outside region ${region.name}`);
    }
    granule = Math.min(granule, alignmentOf(e.offset === 0 ? 8 : e.offset), alignmentOf(e.size));
  }
  // 64-bit registers decode two 32-bit lanes, so their slots are at most 4 bytes; with exact
  // offsets every byte is its own slot and a register fills only the slot of its offset.
  if (wide.length > 0) granule = Math.min(granule, 4);
  const exact = region.exactOffsets === true;
  if (exact) granule = 1;
  const shift = Math.log2(granule);
  const slots = Math.ceil(region.size / granule);

  const badValue = (region.badOffsetRead ?? 0) >>> 0;
  const badRead: MmioReadFn = badValue === 0
    ? logReader(log, (o) => `${typeName}: bad offset 0x${hex(o)}`)
    : (offset) => {
        log.guestError(`${typeName}: bad offset 0x${hex(offset)}`);
        return badValue;
      };
  const badWrite = logWriter(log, (o) => `${typeName}: bad offset 0x${hex(o)}`);
  const readers: MmioReadFn[] = new Array<MmioReadFn>(slots).fill(badRead);
  const writers: MmioWriteFn[] = new Array<MmioWriteFn>(slots).fill(badWrite);
  const owner: (string | undefined)[] = new Array<string | undefined>(slots).fill(undefined);

  const slotRanges: (readonly [number, number])[] = [];
  const wideReaders: (WideReadFn | undefined)[] = [];
  const wideWriters: (WideWriteFn | undefined)[] = [];
  const opaque: (readonly [number, number])[] = [];
  for (const e of wide) {
    const w = compileWideRegister(e, ctx, log, typeName, badRead, badWrite);
    opaque.push([e.offset >>> shift, (e.offset + e.size - 1) >>> shift]);
    for (let o = e.offset; o < e.offset + e.size; o += granule) {
      const i = o >>> shift;
      const prev = owner[i];
      if (prev !== undefined) throw new Error(`${typeName}: registers ${prev} and ${e.name} overlap at offset 0x${hex(o)}`);
      owner[i] = e.name;
      wideReaders[i] = w.read;
      wideWriters[i] = w.write;
      readers[i] = w.readNumber;
      writers[i] = w.writeNumber;
    }
  }
  for (const e of narrow) {
    const lastByte = exact ? e.offset : e.offset + e.size - 1;
    slotRanges.push([e.offset >>> shift, lastByte >>> shift]);
    const r = compileReader(e, ctx, log, typeName);
    const w = compileWriter(e, ctx, log, typeName);
    for (let o = e.offset; o <= lastByte; o += granule) {
      const i = o >>> shift;
      const prev = owner[i];
      if (prev !== undefined) throw new Error(`${typeName}: registers ${prev} and ${e.name} overlap at offset 0x${hex(o)}`);
      owner[i] = e.name;
      readers[i] = r;
      writers[i] = w;
    }
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
  const special =
    options.specialize === false
      ? undefined
      : specializeDispatch({ ctx, shift, registers: narrow, slots: slotRanges, opaque, readers, writers, badRead, badWrite });
  const read = special?.read ?? genericRead;
  const write = special?.write ?? genericWrite;
  const readAccess = wide.length === 0
    ? (offset: number, size: number): AccessValue => (size === 8 ? BigInt(read(offset, size)) : read(offset, size))
    : (offset: number, size: number): AccessValue => {
        const w = wideReaders[offset >>> shift];
        if (w !== undefined) return w(offset, size);
        return size === 8 ? BigInt(read(offset, size)) : read(offset, size);
      };
  const writeAccess = wide.length === 0
    ? (offset: number, size: number, value: AccessValue): void => write(offset, size, typeof value === 'bigint' ? Number(BigInt.asUintN(32, value)) : value)
    : (offset: number, size: number, value: AccessValue): void => {
        const w = wideWriters[offset >>> shift];
        if (w !== undefined) w(offset, size, value);
        else write(offset, size, typeof value === 'bigint' ? Number(BigInt.asUintN(32, value)) : value);
      };
  return {
    region,
    shift,
    readers,
    writers,
    specialized: special !== undefined,
    read,
    write,
    hasWide: wide.length > 0,
    readAccess,
    writeAccess,
  };
}

/**
 * Applies register reset values to every storage-backed register of `table`, except
 * `resetKeeps` registers and block elements at or beyond their limit.
 */
export function resetRegisters<C>(table: MmioTable<C>, ctx: C): void {
  for (const e of table.registers) {
    if (e.set === undefined || e.resetKeeps === true || !elementResets(e, ctx)) continue;
    if (e.wide === true) e.set(ctx, BigInt.asUintN(64, e.resetFn === undefined ? e.reset : e.resetFn(ctx)));
    else e.set(ctx, (e.resetFn === undefined ? e.reset : e.resetFn(ctx)) >>> 0);
  }
}
