/**
 * VMState save/load in QEMU's wire format (migration/vmstate.c semantics).
 *
 * Save mirrors vmstate_save_state: pre-save hook, then every field whose `since` is not newer
 * than the description's version (scalars big-endian, bool as one byte, arrays element after
 * element, unused as zero bytes, structs as a nested save with their own subsections), then
 * every needed subsection as 0x05, name length, name, be32 version, nested body.
 *
 * Load is ATOMIC, in two phases:
 *  1. decode: the whole stream is parsed into a staging plan (a tree of values), with every
 *     check QEMU makes (version windows, subsection names, short reads, trailing bytes).
 *     Nothing in the device is touched in this phase, so a malformed stream leaves it as is.
 *  2. commit: a snapshot of every value reachable from the description is taken (all fields
 *     of all subsections and structs, needed or not, whatever their `since`), the plan is
 *     applied in QEMU's order (pre-load, fields, subsections, post-load at every level), and
 *     if any post-load hook rejects the load (or throws) the snapshot is written back.
 *  Snapshotting every reachable value (rather than re-loading a saved stream) is what makes
 *  rollback exact for subsections that were not needed before the load (e.g. "clock/muldiv"
 *  with multiplier 1): their fields are restored too. State that is not reachable through the
 *  description (timers, IRQ levels a hook changed) is outside what rollback can restore.
 */
import type { VmField, VmScalarType, VmStateDescription } from '../contract/types.ts';
import { VMSTATE_SCALAR_SIZE } from '../formats/vmstate-dump.ts';
import { VmStreamError, VmStreamReader, VmStreamWriter } from './stream.ts';

/** QEMU_VM_SUBSECTION: marks a subsection inside a VMState body. */
export const QEMU_VM_SUBSECTION = 0x05;

/** Result of a load: success, or the reason the stream was rejected (device untouched). */
export type VmLoadResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Hooks QEMU descriptions can have that the codegen v1 contract does not carry. The runtime's
 * own descriptions (e.g. `vmstateClock`, whose QEMU twin resets multiplier/divider in
 * pre_load) add them; the loader looks for them structurally.
 */
export interface VmStateExtraHooks<C> {
  /** Runs before any field of this description is applied (QEMU pre_load). */
  readonly preLoad?: (ctx: C) => void;
}

type AnyDesc = VmStateDescription<unknown> & VmStateExtraHooks<unknown>;
type AnyField = VmField<unknown>;
type Value = number | bigint | boolean;

/** Wire size in bytes of each scalar type: the format's table, since the dump records the same sizes. */
export const VM_SCALAR_SIZE: Readonly<Record<VmScalarType, number>> = VMSTATE_SCALAR_SIZE;

const textEncoder = new TextEncoder();

/** UTF-8 bytes of a name that goes on the wire with a length byte; over 255 is a programming error. */
export function countedName(name: string, what: string): Uint8Array {
  const bytes = textEncoder.encode(name);
  if (bytes.length > 255) throw new Error(`internal error: ${what} "${name}" is longer than 255 bytes`);
  return bytes;
}

// ---------------------------------------------------------------- save

function toNumber(v: Value): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(BigInt.asUintN(32, v));
  return Math.trunc(v);
}

function toBigInt(v: Value): bigint {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return v;
  return BigInt(Math.trunc(v));
}

function putScalar(w: VmStreamWriter, type: VmScalarType, v: Value): void {
  switch (type) {
    case 'bool': w.u8(typeof v === 'boolean' ? (v ? 1 : 0) : toNumber(v) !== 0 ? 1 : 0); return;
    case 'u8': case 'i8': w.u8(toNumber(v)); return;
    case 'u16': case 'i16': w.u16(toNumber(v)); return;
    case 'u32': case 'i32': w.u32(toNumber(v)); return;
    case 'u64': case 'i64': w.u64(toBigInt(v)); return;
  }
}

/** Writes one description's body (fields, then needed subsections) for `ctx`. */
export function saveInto<C>(w: VmStreamWriter, desc: VmStateDescription<C>, ctx: C): void {
  desc.preSave?.(ctx);
  for (const field of desc.fields) {
    // QEMU saves a field when the description's version_id >= the field's version_id.
    if (field.since > desc.version) continue;
    switch (field.kind) {
      case 'scalar':
        putScalar(w, field.type, field.get(ctx));
        break;
      case 'array': {
        const arr = field.get(ctx);
        const n = arrayLength(field.length, ctx);
        if (arr.length < n) {
          throw new Error(`internal error: ${desc.name}.${field.name} has ${arr.length} elements, ${n} are to be saved`);
        }
        for (let i = 0; i < n; i++) putScalar(w, field.type, arr[i]!);
        break;
      }
      case 'unused':
        w.zeros(field.size);
        break;
      case 'struct':
        saveInto(w, field.struct, field.get(ctx));
        break;
      case 'struct-array': {
        const arr = field.get(ctx);
        const n = arrayLength(field.length, ctx);
        if (arr.length < n) throw new Error(`internal error: ${desc.name}.${field.name} has ${arr.length} elements, ${n} are to be saved`);
        for (let i = 0; i < n; i++) saveInto(w, field.struct, arr[i]);
        break;
      }
      case 'timer': {
        const exp = field.get(ctx).expireNs;
        w.u64(exp < 0n ? TIMER_IDLE : exp);
        break;
      }
      case 'validate':
        break;
    }
  }
  for (const sub of desc.subsections) {
    if (!sub.needed(ctx)) continue;
    const name = countedName(sub.name, 'subsection name');
    w.u8(QEMU_VM_SUBSECTION);
    w.u8(name.length);
    w.bytes(name);
    w.u32(sub.version);
    saveInto(w, sub, ctx);
  }
}

/** Wire value of a timer that is not pending (QEMU writes -1 as a u64). */
const TIMER_IDLE = (1n << 64n) - 1n;

/** Number of elements of an array or struct-array field for `ctx` (fixed, or read from the device). */
function arrayLength<C>(length: number | ((ctx: C) => number), ctx: C): number {
  return typeof length === 'number' ? length : length(ctx);
}

/** Serialises `ctx` with `desc` exactly as QEMU's vmstate_save_state would (no section framing). */
export function saveVmState<C>(desc: VmStateDescription<C>, ctx: C): Uint8Array {
  const w = new VmStreamWriter();
  saveInto(w, desc, ctx);
  return w.finish();
}

// ---------------------------------------------------------------- decode (phase 1)

/** One decoded item of a staging plan. */
type PlanItem =
  | { readonly kind: 'scalar'; readonly field: AnyField & { kind: 'scalar' }; readonly value: Value }
  | { readonly kind: 'array'; readonly field: AnyField & { kind: 'array' }; readonly values: Value[] }
  | { readonly kind: 'struct'; readonly field: AnyField & { kind: 'struct' }; readonly plan: VmLoadPlan }
  | { readonly kind: 'struct-array'; readonly field: AnyField & { kind: 'struct-array' }; readonly plans: VmLoadPlan[] }
  | { readonly kind: 'timer'; readonly field: AnyField & { kind: 'timer' }; readonly expire: bigint }
  | { readonly kind: 'validate'; readonly field: AnyField & { kind: 'validate' } }
  | { readonly kind: 'subsection'; readonly plan: VmLoadPlan };

/** A fully decoded (not yet applied) description body. */
export interface VmLoadPlan {
  readonly desc: AnyDesc;
  readonly versionId: number;
  readonly items: readonly PlanItem[];
}

function getScalar(r: VmStreamReader, type: VmScalarType, what: string): Value {
  switch (type) {
    // QEMU stores the byte into a C bool: any non-zero byte is true.
    case 'bool': return r.u8(what) !== 0;
    case 'u8': return r.u8(what);
    case 'i8': return (r.u8(what) << 24) >> 24;
    case 'u16': return r.u16(what);
    case 'i16': return (r.u16(what) << 16) >> 16;
    case 'u32': return r.u32(what);
    case 'i32': return r.u32(what) | 0;
    case 'u64': return r.u64(what);
    case 'i64': return BigInt.asIntN(64, r.u64(what));
  }
}

function startsWithBytes(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWithBytes(a, b);
}

/**
 * Decodes one description body (vmstate_load_state without side effects). Throws
 * VmStreamError for anything QEMU would reject. `ctx` is only read, for the element counts
 * of variable-length struct arrays (the receiving device's own count, as in QEMU).
 */
export function decodeVmState(desc: AnyDesc, r: VmStreamReader, versionId: number, ctx?: unknown): VmLoadPlan {
  // A version_id is a 32-bit unsigned field on the wire; anything else (NaN, a fraction, a
  // negative or huge number handed to load()) would slip past both window comparisons below.
  if (!Number.isInteger(versionId) || versionId < 0 || versionId > 0xffffffff) {
    throw new VmStreamError(`${desc.name}: version_id ${versionId} is not an integer in 0..4294967295`, r.offset);
  }
  if (versionId > desc.version) {
    throw new VmStreamError(`${desc.name}: incoming version_id ${versionId} is too new for local version_id ${desc.version}`, r.offset);
  }
  if (versionId < desc.minimumVersion) {
    throw new VmStreamError(`${desc.name}: incoming version_id ${versionId} is too old for local minimum version_id ${desc.minimumVersion}`, r.offset);
  }
  const items: PlanItem[] = [];
  for (const field of desc.fields) {
    if (field.since > versionId) continue;
    const what = `${desc.name}:${field.name}`;
    switch (field.kind) {
      case 'scalar':
        items.push({ kind: 'scalar', field, value: getScalar(r, field.type, what) });
        break;
      case 'array': {
        // A variable array takes the receiving device's own count, as QEMU's VARRAY does.
        const n = arrayLength(field.length, ctx);
        if (typeof field.length !== 'number' && n > field.get(ctx).length) {
          throw new VmStreamError(`${what}: ${n} elements do not fit the device's ${field.get(ctx).length}`, r.offset);
        }
        const values: Value[] = new Array<Value>(n);
        for (let i = 0; i < n; i++) values[i] = getScalar(r, field.type, `${what}[${i}]`);
        items.push({ kind: 'array', field, values });
        break;
      }
      case 'unused':
        r.skip(field.size, what);
        break;
      case 'struct':
        // A nested struct is always loaded at its own description's version (VMS_STRUCT).
        items.push({ kind: 'struct', field, plan: decodeVmState(field.struct, r, field.struct.version, ctx) });
        break;
      case 'struct-array': {
        const n = arrayLength(field.length, ctx);
        const plans: VmLoadPlan[] = [];
        for (let i = 0; i < n; i++) plans.push(decodeVmState(field.struct, r, field.struct.version, ctx));
        items.push({ kind: 'struct-array', field, plans });
        break;
      }
      case 'timer':
        items.push({ kind: 'timer', field, expire: r.u64(what) });
        break;
      case 'validate':
        items.push({ kind: 'validate', field });
        break;
    }
  }
  decodeSubsections(desc, r, items, ctx);
  return { desc, versionId, items };
}

// vmstate_subsection_load: a 0x05 byte only starts a subsection of *this* description if the
// name is at least "<name>" plus one byte and starts with "<name>"; otherwise the loop stops
// silently and the bytes are left for the enclosing level (a parent's subsection after a
// nested struct). A name with the right prefix that is not a known subsection is an error.
function decodeSubsections(desc: AnyDesc, r: VmStreamReader, items: PlanItem[], ctx: unknown): void {
  const own = countedName(desc.name, 'description name');
  while (r.peek(0) === QEMU_VM_SUBSECTION) {
    const len = r.peek(1) ?? 0;
    if (len < own.length + 1) return;
    const nameBytes = r.peekBytes(2, len);
    if (nameBytes === undefined) return;
    if (!startsWithBytes(nameBytes, own)) return;
    const sub = desc.subsections.find((s) => sameBytes(countedName(s.name, 'subsection name'), nameBytes)) as
      | (AnyDesc & { needed: unknown })
      | undefined;
    const name = new TextDecoder().decode(nameBytes);
    if (sub === undefined) throw new VmStreamError(`${desc.name}: unknown subsection "${name}"`, r.offset);
    r.skip(2 + len);
    // QEMU reads a be32 but keeps it in a uint8_t: only the low byte counts.
    const version = r.u32(`version of subsection ${name}`) & 0xff;
    items.push({ kind: 'subsection', plan: decodeVmState(sub, r, version, ctx) });
  }
}

// ---------------------------------------------------------------- commit (phase 2)

/** Applies a plan in QEMU's order; returns a post-load rejection message, if any. */
function applyPlan(plan: VmLoadPlan, ctx: unknown): string | undefined {
  plan.desc.preLoad?.(ctx);
  for (const item of plan.items) {
    switch (item.kind) {
      case 'scalar':
        item.field.set(ctx, item.value);
        break;
      case 'array': {
        const arr = item.field.get(ctx);
        for (let i = 0; i < item.values.length; i++) arr[i] = item.values[i]!;
        break;
      }
      case 'struct': {
        const err = applyPlan(item.plan, item.field.get(ctx));
        if (err !== undefined) return err;
        break;
      }
      case 'struct-array': {
        const arr = item.field.get(ctx);
        for (let i = 0; i < item.plans.length; i++) {
          const err = applyPlan(item.plans[i]!, arr[i]);
          if (err !== undefined) return err;
        }
        break;
      }
      case 'timer': {
        // QEMU timer_get: -1 deletes the timer, anything else arms it at that absolute time.
        const t = item.field.get(ctx);
        if (item.expire === TIMER_IDLE) t.del();
        else t.modNs(item.expire);
        break;
      }
      case 'validate': {
        const err = item.field.check(ctx, plan.versionId);
        if (err !== undefined) return `${plan.desc.name}: ${item.field.name}: ${err}`;
        break;
      }
      case 'subsection': {
        const err = applyPlan(item.plan, ctx);
        if (err !== undefined) return err;
        break;
      }
    }
  }
  const err = plan.desc.postLoad?.(ctx, plan.versionId);
  return err === undefined ? undefined : `${plan.desc.name}: post-load failed: ${err}`;
}

/** Captures every value reachable from `desc` (all subsections, all versions) and returns its restorer. */
function snapshot(desc: AnyDesc, ctx: unknown, out: (() => void)[] = []): (() => void)[] {
  for (const field of desc.fields) {
    switch (field.kind) {
      case 'scalar': {
        const v = field.get(ctx);
        out.push(() => field.set(ctx, v));
        break;
      }
      case 'array': {
        const arr = field.get(ctx);
        const copy = Array.from(arr);
        out.push(() => {
          for (let i = 0; i < copy.length; i++) arr[i] = copy[i]!;
        });
        break;
      }
      case 'struct':
        snapshot(field.struct, field.get(ctx), out);
        break;
      case 'struct-array':
        for (const el of field.get(ctx)) snapshot(field.struct, el, out);
        break;
      case 'timer': {
        const t = field.get(ctx);
        const exp = t.expireNs;
        out.push(() => (exp < 0n ? t.del() : t.modNs(exp)));
        break;
      }
      case 'unused':
      case 'validate':
        break;
    }
  }
  for (const sub of desc.subsections) snapshot(sub, ctx, out);
  return out;
}

/**
 * Applies a decoded plan atomically: on a post-load rejection the state is restored. A hook
 * that throws is a rejection too (reported as an internal error): a load never throws.
 */
export function commitVmState(plan: VmLoadPlan, ctx: unknown): VmLoadResult {
  const restore = snapshot(plan.desc, ctx);
  let error: string | undefined;
  try {
    error = applyPlan(plan, ctx);
  } catch (e) {
    error = `${plan.desc.name}: internal error in a load hook: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (error !== undefined) {
    for (const undo of restore) undo();
    return { ok: false, error };
  }
  return { ok: true };
}

/**
 * Loads a VMState body (no section framing) into `ctx`, like QEMU's vmstate_load_state with
 * the stream's version `versionId`. Trailing bytes after the top level are an error. On any
 * error the device is left exactly as it was (see the module comment).
 */
export function loadVmState<C>(
  desc: VmStateDescription<C>,
  ctx: C,
  data: Uint8Array,
  versionId: number = desc.version,
): VmLoadResult {
  let plan: VmLoadPlan;
  try {
    const r = new VmStreamReader(data);
    plan = decodeVmState(desc as unknown as AnyDesc, r, versionId, ctx);
    if (r.remaining > 0) {
      throw new VmStreamError(`${desc.name}: ${r.remaining} trailing byte(s) after the state`, r.offset);
    }
  } catch (e) {
    if (e instanceof VmStreamError) return { ok: false, error: e.message };
    return { ok: false, error: `${desc.name}: internal error while decoding: ${e instanceof Error ? e.message : String(e)}` };
  }
  return commitVmState(plan, ctx);
}
