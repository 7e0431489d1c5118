/**
 * Specialised MMIO dispatch: per device instance, emits one `read` and one `write` function
 * whose `switch (offset >>> shift)` has a case per register slot with that register's access
 * inlined: the formulas of register-semantics.ts as source text with masks as literals,
 * storage as `S.field` (or `S.array[i]`, `S.block[i].field`), hooks called directly. Slots
 * whose access only logs a guest error fall through to the closure table; a run of constant
 * reads (an ID block) is one table lookup.
 *
 * Why generate code: with one shared dispatcher, every call through a register closure and
 * every storage accessor call is megamorphic (all registers share the same call sites), which
 * costs several times a hand-written switch. A fresh function per device gives each register
 * its own monomorphic call site, so V8 inlines the field accesses and the result runs like the
 * hand-written switch.
 *
 * Safety: only numbers (slot indexes, masks, constant values, element indexes) and storage
 * keys that are plain identifiers enter the source; other names never do (their storage is
 * reached through accessor closures). Functions are passed in through an array.
 * If the host forbids code generation (--disallow-code-generation-from-strings) the caller
 * keeps the closure-array dispatcher.
 */
import type { BoundRegister, PlacedRegister } from './register-layout.ts';
import { formulaSource, type MmioReadFn, type MmioWriteFn, type ReadPlan, type WritePlan } from './register-semantics.ts';

/** One ≤32-bit register with its slots, plans, bound accessors and compiled closures. */
export interface SpecialRegister<C> {
  readonly first: number;
  readonly last: number;
  readonly register: PlacedRegister<C>;
  readonly read: ReadPlan<number>;
  readonly write: WritePlan<number>;
  readonly bound: BoundRegister<number>;
  /** The closures of the closure dispatcher (used for the logging shapes). */
  readonly reader: MmioReadFn;
  readonly writer: MmioWriteFn;
}

/** Input of {@link specializeDispatch}. */
export interface SpecializeInput<C> {
  readonly ctx: C;
  /** The hooks object hooks are called on. */
  readonly self: unknown;
  readonly shift: number;
  readonly registers: readonly SpecialRegister<C>[];
  /** Slot ranges answered by their closures in `readers`/`writers` as they are (64-bit registers). */
  readonly opaque: readonly (readonly [number, number])[];
  readonly readers: readonly MmioReadFn[];
  readonly writers: readonly MmioWriteFn[];
  readonly badRead: MmioReadFn;
  readonly badWrite: MmioWriteFn;
}

/** Slots further apart than this start a new cluster (a new switch). */
const CLUSTER_GAP = 16;

interface Case {
  readonly first: number;
  readonly last: number;
  readonly code: string;
  /** The value a constant read answers (every slot of the case), for clusters that become tables. */
  readonly constant?: number;
}

/** Clusters of at least this many constant slots, with no gap, read from a table instead of a switch. */
const TABLE_MIN = 4;

/**
 * Emits `if (slot in range) switch (slot) {...}` per cluster of sorted cases; a gap-free cluster
 * of constant reads (an ID block) becomes one lookup in a table `ref` registers.
 */
function clusters(cases: readonly Case[], ref: (value: unknown) => string): string {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= cases.length; i++) {
    if (i === cases.length || cases[i]!.first - cases[i - 1]!.last > CLUSTER_GAP) {
      const group = cases.slice(start, i);
      const lo = group[0]!.first;
      const hi = group[group.length - 1]!.last;
      const gapless = group.every((c, k) => k === 0 || c.first === group[k - 1]!.last + 1);
      if (gapless && hi - lo + 1 >= TABLE_MIN && group.every((c) => c.constant !== undefined)) {
        const table = group.flatMap((c) => Array.from({ length: c.last - c.first + 1 }, () => c.constant!));
        out.push(`if (${lo === 0 ? '' : `slot >= ${lo} && `}slot <= ${hi}) return ${ref(table)}[slot - ${lo}];`);
      } else {
        out.push(`if (${lo === 0 ? '' : `slot >= ${lo} && `}slot <= ${hi}) switch (slot) {\n    ${group.map((c) => c.code).join('\n    ')}\n  }`);
      }
      start = i;
    }
  }
  return out.join('\n  ');
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const labelsOf = (first: number, last: number): string => {
  let labels = '';
  for (let s = first; s <= last; s++) labels += `case ${s}: `;
  return labels;
};

/** Builds the specialised read/write pair, or undefined when code generation is unavailable. */
export function specializeDispatch<C>(input: SpecializeInput<C>): { read: MmioReadFn; write: MmioWriteFn } | undefined {
  const fns: unknown[] = [];
  const ref = (f: unknown): string => {
    fns.push(f);
    return `f${fns.length - 1}`;
  };
  /** Storage as source: a direct field path when every key is an identifier, else the accessors. */
  const storageCode = (s: SpecialRegister<C>): { get: string; set: (v: string) => string } | undefined => {
    const path = s.register.storage;
    const access = s.bound.storage;
    if (path === undefined || access === undefined) return undefined;
    if (path.every((k) => typeof k === 'number' || IDENT.test(k))) {
      const code = 'S' + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
      return { get: code, set: (v) => `${code} = ${v}` };
    }
    const get = ref(access.get);
    const set = ref(access.set);
    return { get: `${get}()`, set: (v) => `${set}(${v})` };
  };
  // Hooks bound to the hooks object once: a plain call is smaller than `.call(H, ...)`, and
  // every byte counts against the engine's limit for inlining a function into its caller.
  const boundHooks = new Map<unknown, string>();
  const hookRef = (fn: unknown): string => {
    let name = boundHooks.get(fn);
    if (name === undefined) {
      name = ref((fn as (...args: unknown[]) => unknown).bind(input.self));
      boundHooks.set(fn, name);
    }
    return name;
  };
  /** A hook call with ctx, then the element index, then `args`. */
  const hookCall = (s: SpecialRegister<C>, fn: unknown, ...args: string[]): string => {
    const index = s.register.index === undefined ? [] : [String(s.register.index)];
    return `${hookRef(fn)}(${['ctx', ...index, ...args].join(', ')})`;
  };
  const readCode = (s: SpecialRegister<C>): string | undefined => {
    const p = s.read;
    const st = storageCode(s);
    switch (p.kind) {
      case 'hook': return `return ${hookCall(s, s.register.read)} >>> 0;`;
      case 'write-only': return undefined; // a guest error: the closure table answers it
      case 'const': return `return ${p.value >>> 0};`;
      case 'storage':
        if (p.sideEffects.length === 0) return `return ${formulaSource(p.value, st!.get, '0')};`;
        return `{ const v = ${st!.get}; ${st!.set(formulaSource(p.sideEffects, 'v', '0'))}; return ${formulaSource(p.value, 'v', '0')}; }`;
    }
  };
  const writeCode = (s: SpecialRegister<C>): string | undefined => {
    const p = s.write;
    const st = storageCode(s);
    switch (p.kind) {
      case 'hook': {
        if (!p.post) return `${hookCall(s, s.register.write, 'value')}; return;`;
        const stored = (fallback: string): string => (st === undefined ? fallback : `${st.get} >>> 0`);
        return `{ const old = ${stored('0')}; ${hookCall(s, s.register.write, 'value')}; `
          + `${hookCall(s, s.register.postWrite, 'old', stored('value >>> 0'))}; return; }`;
      }
      case 'ignore': return 'return;';
      case 'read-only': return undefined; // a guest error: the closure table answers it
      case 'storage':
        if (!p.post) return `${st!.set(formulaSource(p.steps, st!.get, 'value'))}; return;`;
        return `{ const old = ${st!.get} >>> 0; const nv = ${formulaSource(p.steps, 'old', 'value')}; ${st!.set('nv')}; `
          + `${hookCall(s, s.register.postWrite, 'old', 'nv')}; return; }`;
    }
  };

  // Cases per register, in slot order, then grouped into clusters of nearby slots: each
  // cluster gets its own dense switch (a jump table), so a register file with an ID block at
  // the far end of the region (0xfe0) does not turn the switch into a binary search. Accesses
  // that only log a guest error (reads of write-only, writes of read-only registers) have no
  // case: the closure table answers them, which keeps the functions small enough for the
  // engine to inline them, and the hooks they call, into their callers.
  const readCases: Case[] = [];
  const writeCases: Case[] = [];
  for (const s of input.registers) {
    const labels = labelsOf(s.first, s.last);
    const read = readCode(s);
    if (read !== undefined) readCases.push({ first: s.first, last: s.last, code: labels + read, constant: s.read.kind === 'const' ? s.read.value >>> 0 : undefined });
    // partialWrites 'ignore': only the whole register at its own offset is written.
    const whole = s.register.desc.partialWrites === 'ignore' ? `if (offset !== ${s.register.offset} || size !== ${s.register.size}) return; ` : '';
    const write = writeCode(s);
    if (write !== undefined) writeCases.push({ first: s.first, last: s.last, code: labels + whole + write });
  }
  for (const [first, last] of input.opaque) {
    const labels = labelsOf(first, last);
    readCases.push({ first, last, code: `${labels}return ${ref(input.readers[first])}(offset, size);` });
    writeCases.push({ first, last, code: `${labels}${ref(input.writers[first])}(offset, size, value); return;` });
  }
  readCases.sort((a, b) => a.first - b.first);
  writeCases.sort((a, b) => a.first - b.first);
  const { readers, writers, badRead, badWrite } = input;
  const shift = input.shift;
  const coldRead = ref((offset: number, size: number): number => (readers[offset >>> shift] ?? badRead)(offset, size));
  const coldWrite = ref((offset: number, size: number, value: number): void => (writers[offset >>> shift] ?? badWrite)(offset, size, value));
  const readSwitch = clusters(readCases, ref);
  const writeSwitch = clusters(writeCases, ref);
  // `var`, not `const`: the functions below are hoisted above these bindings, so a `const`
  // would cost a hole check at every use; the state object is a local of each function.
  const prelude = fns.map((_, i) => `var f${i} = F[${i}];`).join('\n');
  const src = `"use strict";
var STATE = ctx.state;
${prelude}
function read(offset, size) {
  const S = STATE;
  const slot = offset >>> ${shift};
  ${readSwitch}
  return ${coldRead}(offset, size);
}
function write(offset, size, value) {
  const S = STATE;
  const slot = offset >>> ${shift};
  ${writeSwitch}
  ${coldWrite}(offset, size, value);
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
