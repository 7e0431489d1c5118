/**
 * Register layout: a generated `MmioTable` (register arrays and blocks declared once, storage
 * named once, hooks named) expanded into one placed register per element, with its absolute
 * offset, its element name, the key path of its storage and its hook functions.
 *
 * Why expand once per device class: the table describes every instance alike; only a block's
 * limit (a property) and computed resets differ per instance, and those are evaluated when an
 * instance is realized or reset. Element names follow the definition's own notation
 * (`NAME[i]` for array elements, `BLOCK[i].NAME` for block registers), as messages use them.
 */
import type { AnyRegisterDescriptor, BlockDescriptor, MmioTable, RegionInfo } from '../contract/types.ts';
import type { RegisterShape } from './register-semantics.ts';

/** A hook method as the runtime calls it, with `this` = the hooks object. */
export type HookFn = (this: unknown, ...args: unknown[]) => unknown;

/** Keys from `ctx.state` to a register's value: [field], [arrayField, i] or [blockField, i, field]. */
export type StoragePath = readonly [string] | readonly [string, number] | readonly [string, number, string];

/** Block element a placed register belongs to. */
export interface ElementOf<C> {
  readonly index: number;
  readonly limit?: (ctx: C) => number;
  readonly inclusive?: boolean;
}

/** One register element at its place in the region. */
export interface PlacedRegister<C> {
  /** `NAME`, `NAME[i]` or `BLOCK[i].NAME`. */
  readonly name: string;
  /** Byte offset inside the region. */
  readonly offset: number;
  readonly size: number;
  /** The descriptor it was expanded from (masks, wide, resetFn, resetKeeps, decode). */
  readonly desc: AnyRegisterDescriptor<C>;
  /** The element's declared reset value (`array.resets[i]` or `reset`). */
  readonly reset: number | bigint;
  /** Element index hooks receive after ctx (array and block registers). */
  readonly index: number | undefined;
  readonly storage: StoragePath | undefined;
  readonly read: HookFn | undefined;
  readonly write: HookFn | undefined;
  readonly postWrite: HookFn | undefined;
  /** The block element, for limits. */
  readonly element: ElementOf<C> | undefined;
}

/** A table expanded for one device class. */
export interface RegisterLayout<C> {
  readonly region: RegionInfo;
  readonly registers: readonly PlacedRegister<C>[];
  /** The region's post-write hook (`postWrite(ctx, offset, size)` after every write it takes). */
  readonly postWrite?: HookFn;
  /**
   * Block records beyond a block's `count` that its reset still covers (`resetCount`): they
   * have no address, so the dispatcher never sees them; only {@link resetRegisters} does.
   */
  readonly unaddressed: readonly PlacedRegister<C>[];
  /** The hooks object every hook is called on. */
  readonly self: unknown;
}

/** Resolves a hook name to the function the behaviour provides. */
export type HookLookup = (name: string, where: string) => HookFn;

/** A lookup on a hooks object; a name that is not a function there is a definition bug. */
export function hooksLookup(hooks: unknown, typeName: string): HookLookup {
  const record = (hooks ?? {}) as Record<string, unknown>;
  return (name, where) => {
    const fn = record[name];
    if (typeof fn !== 'function') throw new Error(`${typeName}: hook '${name}' of ${where} is not a function of the behaviour`);
    return fn as HookFn;
  };
}

/**
 * Expands `table` into placed registers, resolving hook names with `lookup`.
 * Throws (a definition bug) for a block register without a block state field or an array
 * inside a block.
 */
export function layoutMmioTable<C, H>(table: MmioTable<C, H>, self: unknown, lookup: HookLookup): RegisterLayout<C> {
  const out: PlacedRegister<C>[] = [];
  const unaddressed: PlacedRegister<C>[] = [];
  const place = (
    d: AnyRegisterDescriptor<C, H>, name: string, offset: number, reset: number | bigint,
    index: number | undefined, storage: StoragePath | undefined, element: ElementOf<C> | undefined, addressed = true,
  ): void => {
    const hook = (n: string | undefined, kind: string): HookFn | undefined => (n === undefined ? undefined : lookup(n, `${kind} of register ${name}`));
    (addressed ? out : unaddressed).push({
      name, offset, size: d.size, desc: d as AnyRegisterDescriptor<C>, reset, index, storage, element,
      read: hook(d.hooks?.read, 'read hook'),
      write: hook(d.hooks?.write, 'write hook'),
      postWrite: hook(d.hooks?.postWrite, 'post-write hook'),
    });
  };
  for (const d of table.registers) {
    if (d.array === undefined) {
      place(d, d.name, d.offset, d.reset, undefined, d.storage === undefined ? undefined : [d.storage], undefined);
      continue;
    }
    for (let i = 0; i < d.array.count; i++) {
      const reset = d.array.resets?.[i] ?? d.reset;
      place(d, `${d.name}[${i}]`, d.offset + i * d.array.stride, reset, i, d.storage === undefined ? undefined : [d.storage, i], undefined);
    }
  }
  for (const b of table.blocks ?? []) placeBlock(b, place);
  const postWrite = table.hooks?.postWrite === undefined ? undefined : lookup(table.hooks.postWrite, `post-write hook of region ${table.region.name}`);
  return { region: table.region, registers: out, unaddressed, self, ...(postWrite === undefined ? {} : { postWrite }) };
}

function placeBlock<C, H>(
  b: BlockDescriptor<C, H>,
  place: (d: AnyRegisterDescriptor<C, H>, name: string, offset: number, reset: number | bigint, index: number, storage: StoragePath | undefined, element: ElementOf<C>, addressed: boolean) => void,
): void {
  for (const d of b.registers) {
    if (d.array !== undefined) throw new Error(`block ${b.name}: register ${d.name} is an array (arrays inside blocks are not supported)`);
    if (d.storage !== undefined && b.state === undefined) throw new Error(`block ${b.name}: register ${d.name} names storage but the block has no state field`);
  }
  // Records from `count` up to `resetCount` have no address: they are placed for the reset only.
  const records = Math.max(b.count, b.resetCount ?? b.count);
  for (let i = 0; i < records; i++) {
    const element: ElementOf<C> = { index: i, limit: b.limit, inclusive: b.inclusive };
    for (const d of b.registers) {
      const storage: StoragePath | undefined = d.storage === undefined ? undefined : [b.state!, i, d.storage];
      place(d, `${b.name}[${i}].${d.name}`, b.offset + i * b.stride + d.offset, d.reset, i, storage, element, i < b.count);
    }
  }
}

/** Whether a block element exists for this instance (index below its limit, or at it when inclusive). */
export function elementPresent<C>(r: PlacedRegister<C>, ctx: C): boolean {
  const el = r.element;
  if (el?.limit === undefined) return true;
  const lim = el.limit(ctx);
  return el.index < lim || (el.inclusive === true && el.index === lim);
}

/** Whether a block element is reset (strictly below its limit, whatever `inclusive` says). */
export function elementResets<C>(r: PlacedRegister<C>, ctx: C): boolean {
  const el = r.element;
  return el?.limit === undefined || el.index < el.limit(ctx);
}

/** The reset value of `r` for this instance: computed from properties when it has `resetFn`. */
export function resetValueOf<C>(r: PlacedRegister<C>, ctx: C): number | bigint {
  const fn = r.desc.resetFn as ((c: C) => number | bigint) | undefined;
  const v = fn === undefined ? r.reset : fn(ctx);
  return r.desc.wide === true ? BigInt.asUintN(64, BigInt(v)) : Number(v) >>> 0;
}

/** Storage accessors of one register, bound to one state record. */
export interface StorageAccess<V> {
  readonly get: () => V;
  readonly set: (v: V) => void;
}

type Holder = Record<string | number, unknown>;

/** Accessors for `path` inside `state` (each access walks the path, so replaced arrays are seen). */
export function storageAccess<V>(state: unknown, path: StoragePath): StorageAccess<V> {
  const s = state as Holder;
  if (path.length === 1) {
    const [a] = path;
    return { get: () => s[a] as V, set: (v) => void (s[a] = v) };
  }
  if (path.length === 2) {
    const [a, i] = path;
    return { get: () => (s[a] as Holder)[i] as V, set: (v) => void ((s[a] as Holder)[i] = v) };
  }
  const [a, i, f] = path;
  return { get: () => ((s[a] as Holder[])[i]!)[f] as V, set: (v) => void (((s[a] as Holder[])[i]!)[f] = v) };
}

/**
 * Applies register reset values to every storage-backed register of `layout` (and to the block
 * records without an address that a block's reset covers), except `resetKeeps` registers and
 * block elements at or beyond their limit.
 */
export function resetRegisters<C extends { readonly state: unknown }>(layout: RegisterLayout<C>, ctx: C): void {
  for (const r of [...layout.registers, ...layout.unaddressed]) {
    if (r.storage === undefined || r.desc.resetKeeps === true || !elementResets(r, ctx)) continue;
    storageAccess(ctx.state, r.storage).set(resetValueOf(r, ctx));
  }
}

/** Name of the register covering `offset` (for trace messages), or `UNKNOWN`. */
export function registerNameAt<C>(registers: readonly PlacedRegister<C>[], offset: number): string {
  return registers.find((r) => offset >= r.offset && offset < r.offset + r.size)?.name ?? 'UNKNOWN';
}

/** A placed register bound to one instance: storage accessors and hook callers. */
export interface BoundRegister<V> {
  readonly storage: StorageAccess<V> | undefined;
  /** `read(ctx[, index])`. */
  readonly read: (() => V) | undefined;
  /** `write(ctx[, index], value)`; 64-bit registers also get the written-bits mask. */
  readonly write: ((value: V, mask: V) => void) | undefined;
  /** `postWrite(ctx[, index], old, new)`. */
  readonly post: ((oldValue: V, newValue: V) => void) | undefined;
}

/** Binds `r` to `ctx`: hooks are called on `self` with ctx, then the element index when `r` has one. */
export function bindRegister<C extends { readonly state: unknown }, V>(r: PlacedRegister<C>, ctx: C, self: unknown): BoundRegister<V> {
  const i = r.index;
  const call0 = (fn: HookFn) => (i === undefined ? () => fn.call(self, ctx) as V : () => fn.call(self, ctx, i) as V);
  const call1 = (fn: HookFn) => (i === undefined ? (a: V) => void fn.call(self, ctx, a) : (a: V) => void fn.call(self, ctx, i, a));
  const call2 = (fn: HookFn) => (i === undefined ? (a: V, b: V) => void fn.call(self, ctx, a, b) : (a: V, b: V) => void fn.call(self, ctx, i, a, b));
  return {
    storage: r.storage === undefined ? undefined : storageAccess<V>(ctx.state, r.storage),
    read: r.read === undefined ? undefined : call0(r.read),
    write: r.write === undefined ? undefined : r.desc.wide === true ? call2(r.write) : call1(r.write),
    post: r.postWrite === undefined ? undefined : call2(r.postWrite),
  };
}

/** The formula-relevant shape of a placed register. */
export function shapeOf<C>(r: PlacedRegister<C>): RegisterShape {
  return { readHook: r.read !== undefined, writeHook: r.write !== undefined, postWrite: r.postWrite !== undefined, storage: r.storage !== undefined };
}
