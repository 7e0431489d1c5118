/**
 * Specialised MMIO dispatch: per device instance, emits one `read` and one `write` function
 * whose `switch (offset >>> shift)` has a case per register slot with that register's access
 * inlined (masks as literals, storage accessors and hooks called from their own call site).
 *
 * Why generate code: with one shared dispatcher, every call through a register closure and
 * every storage accessor call is megamorphic (all registers share the same call sites), which
 * costs several times a hand-written switch. A fresh function per device gives each register
 * its own monomorphic call site, so V8 inlines the generated accessors (`ctx.state.cr`) and the
 * result runs like the hand-written switch.
 *
 * Safety: only numbers (slot indexes, masks, constant values) and fixed identifiers enter the
 * source; names from definitions never do. Functions are passed in through an array.
 * If the host forbids code generation (--disallow-code-generation-from-strings) the caller
 * keeps the closure-array dispatcher.
 */
import type { RegisterEntry } from '../codegen/v1/types.ts';
import type { MmioReadFn, MmioWriteFn } from './mmio-dispatch.ts';
import { readPlanOf, writePlanOf } from './register-plan.ts';

/** Input of {@link specializeDispatch}: the registers with their slots and fallback closures. */
export interface SpecializeInput<C> {
  readonly ctx: C;
  readonly shift: number;
  readonly registers: readonly RegisterEntry<C>[];
  /** Slot range [first, last] of each register (same order as `registers`). */
  readonly slots: readonly (readonly [number, number])[];
  /** Slot ranges answered by their closures in `readers`/`writers` as they are (e.g. 64-bit registers). */
  readonly opaque?: readonly (readonly [number, number])[];
  /** The generic closures, used for rare register shapes and for unmapped slots. */
  readonly readers: readonly MmioReadFn[];
  readonly writers: readonly MmioWriteFn[];
  readonly badRead: MmioReadFn;
  readonly badWrite: MmioWriteFn;
}

const ALL = 0xffff_ffff;
/** Slots further apart than this start a new cluster (a new switch). */
const CLUSTER_GAP = 16;

/** Emits `if (slot in range) switch (slot) {...}` per cluster of sorted cases. */
function clusters(cases: readonly { first: number; last: number; code: string }[]): string {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= cases.length; i++) {
    if (i === cases.length || cases[i]!.first - cases[i - 1]!.last > CLUSTER_GAP) {
      const group = cases.slice(start, i);
      const lo = group[0]!.first;
      const hi = group[group.length - 1]!.last;
      out.push(`if (slot >= ${lo} && slot <= ${hi}) switch (slot) {\n    ${group.map((c) => c.code).join('\n    ')}\n  }`);
      start = i;
    }
  }
  return out.join('\n  ');
}
const lit = (n: number): string => `(${n | 0})`;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The field a register's storage lives in, when the table names a plain scalar field. */
function storageFieldOf<C>(e: RegisterEntry<C>): string | undefined {
  const f = e.storageField;
  return f !== undefined && e.get !== undefined && e.set !== undefined && IDENT.test(f) ? f : undefined;
}

/** The RegisterEntry write formula with zero masks left out (see types.ts). */
function generalWrite<C>(e: RegisterEntry<C>, get: string, set: (v: string) => string, post: string | undefined): string {
  const parts = [`const old = ${get} >>> 0;`, `let nv = (old & ${lit(~e.writeMask)}) | (value & ${lit(e.writeMask)});`];
  const m = (x: number | undefined): number => (x ?? 0) | 0;
  if (m(e.w1cMask) !== 0) parts.push(`nv &= ~(value & ${lit(m(e.w1cMask))});`);
  if (m(e.w1sMask) !== 0) parts.push(`nv |= value & ${lit(m(e.w1sMask))};`);
  if (m(e.w1tMask) !== 0) parts.push(`nv ^= value & ${lit(m(e.w1tMask))};`);
  if (m(e.w0cMask) !== 0) parts.push(`nv &= ~(~value & ${lit(m(e.w0cMask))});`);
  if (m(e.w0sMask) !== 0) parts.push(`nv |= ~value & ${lit(m(e.w0sMask))};`);
  if (m(e.w0tMask) !== 0) parts.push(`nv ^= ~value & ${lit(m(e.w0tMask))};`);
  if (m(e.wcMask) !== 0) parts.push(`nv &= ${lit(~m(e.wcMask))};`);
  if (m(e.wsMask) !== 0) parts.push(`nv |= ${lit(m(e.wsMask))};`);
  parts.push('nv >>>= 0;', `${set('nv')};`);
  if (post !== undefined) parts.push(`${post}(ctx, old, nv);`);
  return parts.join(' ');
}

/** Builds the specialised read/write pair, or undefined when code generation is unavailable. */
export function specializeDispatch<C>(input: SpecializeInput<C>): { read: MmioReadFn; write: MmioWriteFn } | undefined {
  const fns: unknown[] = [];
  const ref = (f: unknown): string => {
    fns.push(f);
    return `f${fns.length - 1}`;
  };
  // Cases per register, in slot order, then grouped into clusters of nearby slots: each
  // cluster gets its own dense switch (a jump table), so a register file with an ID block at
  // the far end of the region (0xfe0) does not turn the switch into a binary search.
  // Storage access as code: a direct field access when the table names the field.
  const field = storageFieldOf;
  const getCode = (e: RegisterEntry<C>): string => {
    const f = field(e);
    return f !== undefined ? `S.${f}` : `${ref(e.get)}(ctx)`;
  };
  const setCode = (e: RegisterEntry<C>, v: string): string => {
    const f = field(e);
    return f !== undefined ? `S.${f} = ${v}` : `${ref(e.set)}(ctx, ${v})`;
  };
  const order = input.registers.map((_, i) => i).sort((a, b) => input.slots[a]![0] - input.slots[b]![0]);
  const readCases: { first: number; last: number; code: string }[] = [];
  const writeCases: { first: number; last: number; code: string }[] = [];
  for (const i of order) {
    const e = input.registers[i]!;
    const [first, last] = input.slots[i]!;
    let labels = '';
    for (let s = first; s <= last; s++) labels += `case ${s}: `;

    const rp = readPlanOf(e);
    let r: string;
    if (rp.kind === 'hook') r = `return ${ref(rp.read)}(ctx) >>> 0;`;
    else if (rp.kind === 'const') r = `return ${rp.value >>> 0};`;
    else if (rp.kind === 'storage') {
      const g = e.set !== undefined ? getCode(e) : `${ref(rp.get)}(ctx)`;
      r = rp.mask === ALL ? `return ${g} >>> 0;` : `return (${g} & ${lit(rp.mask)}) >>> 0;`;
    }
    else if (e.writeOnly !== true && e.get !== undefined && e.set !== undefined) {
      // Clear/set on read, inline.
      const keep = ~(e.rcMask ?? 0);
      r = `{ const v = ${getCode(e)}; ${setCode(e, `((v & ${lit(keep)}) | ${lit(e.rsMask ?? 0)}) >>> 0`)}; return (v & ${lit(e.readMask)}) >>> 0; }`;
    } else r = `return ${ref(input.readers[first])}(offset, size);`;
    readCases.push({ first, last, code: labels + r });

    const wp = writePlanOf(e);
    let w: string;
    if (wp.kind === 'hook') w = `${ref(wp.write)}(ctx, value); return;`;
    else if (wp.kind === 'ignore') w = 'return;';
    else if (wp.kind === 'storage') {
      const nv = wp.mask === ALL ? 'value >>> 0' : `((${getCode(e)} & ${lit(~wp.mask)}) | (value & ${lit(wp.mask)})) >>> 0`;
      if (wp.post === undefined) w = `${setCode(e, nv)}; return;`;
      else {
        const nvOld = wp.mask === ALL ? 'value >>> 0' : `((old & ${lit(~wp.mask)}) | (value & ${lit(wp.mask)})) >>> 0`;
        w = `{ const old = ${getCode(e)} >>> 0; const nv = ${nvOld}; ${setCode(e, 'nv')}; ${ref(wp.post)}(ctx, old, nv); return; }`;
      }
    } else if (e.write === undefined && e.readOnly !== true && e.get !== undefined && e.set !== undefined) {
      w = `{ ${generalWrite(e, getCode(e), (v) => setCode(e, v), e.postWrite === undefined ? undefined : ref(e.postWrite))} return; }`;
    } else w = `${ref(input.writers[first])}(offset, size, value); return;`;
    writeCases.push({ first, last, code: labels + w });
  }
  for (const [first, last] of input.opaque ?? []) {
    let labels = '';
    for (let s = first; s <= last; s++) labels += `case ${s}: `;
    readCases.push({ first, last, code: `${labels}return ${ref(input.readers[first])}(offset, size);` });
    writeCases.push({ first, last, code: `${labels}${ref(input.writers[first])}(offset, size, value); return;` });
  }
  readCases.sort((a, b) => a.first - b.first);
  writeCases.sort((a, b) => a.first - b.first);
  const badR = ref(input.badRead);
  const badW = ref(input.badWrite);
  const prelude = fns.map((_, i) => `const f${i} = F[${i}];`).join('\n');
  const src = `"use strict";
const S = ctx.state;
${prelude}
function read(offset, size) {
  const slot = offset >>> ${input.shift};
  ${clusters(readCases)}
  return ${badR}(offset, size);
}
function write(offset, size, value) {
  const slot = offset >>> ${input.shift};
  ${clusters(writeCases)}
  ${badW}(offset, size, value);
}
return { read, write };`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- deliberate: see the module comment.
    const factory = new Function('ctx', 'F', src) as (ctx: C, f: unknown[]) => { read: MmioReadFn; write: MmioWriteFn };
    return factory(input.ctx, fns);
  } catch {
    return undefined;
  }
}
