/**
 * Shared fixtures for the migration tests: a small device-like state with every field kind,
 * a description of it, a Clock implementation and a state fingerprint that sees every value.
 */
import type { Clock } from '../../../../runtime/src/contract/context.ts';
import type { VmStateDescription } from '../../../../runtime/src/contract/types.ts';
import { vmstateClock } from '../../../../runtime/src/migration/index.ts';

/** A plain Clock (period in 2^-32 ns). */
export function makeClock(period = 0n, multiplier = 1, divider = 1): Clock {
  return {
    period,
    multiplier,
    divider,
    hz() {
      return this.period === 0n ? 0 : Number((1_000_000_000n << 32n) / this.period);
    },
  };
}

/** State of the test device. */
export interface DevState {
  flags: number;
  pos: number;
  big: bigint;
  on: boolean;
  fifo: Uint32Array;
  late: number;
  extraOn: boolean;
  extra: number;
  clk: Clock;
}

/** Context of the test device (like generated code: hooks see `ctx.state`). */
export interface DevCtx {
  state: DevState;
  postLoads: number;
}

/** A fresh context with distinctive values derived from `seed`. */
export function makeDev(seed: number): DevCtx {
  return {
    postLoads: 0,
    state: {
      flags: (0x1000_0000 + seed) >>> 0,
      pos: seed % 16,
      big: 0x0102_0304_0506_0700n + BigInt(seed),
      on: seed % 2 === 1,
      fifo: Uint32Array.from([seed, seed + 1, seed + 2, 0xffff_fff0 + (seed % 8)]),
      late: 0x100 + seed,
      extraOn: false,
      extra: seed & 0xff,
      clk: makeClock(BigInt(seed) * 1000n),
    },
  };
}

/** Description of the test device: version 2 (min 1); "late" exists since 2; one subsection. */
export function devDesc(version = 2): VmStateDescription<DevCtx> {
  return {
    name: 'dev',
    version,
    minimumVersion: 1,
    postLoad: (ctx) => {
      ctx.postLoads++;
      return ctx.state.pos >= 16 ? `pos ${ctx.state.pos} out of range` : undefined;
    },
    fields: [
      { kind: 'unused', name: 'unused', size: 4, since: 0 },
      { kind: 'scalar', name: 'flags', type: 'u32', since: 0, get: (c) => c.state.flags, set: (c, v) => { c.state.flags = Number(v); } },
      { kind: 'scalar', name: 'pos', type: 'i32', since: 0, get: (c) => c.state.pos, set: (c, v) => { c.state.pos = Number(v); } },
      { kind: 'scalar', name: 'big', type: 'u64', since: 0, get: (c) => c.state.big, set: (c, v) => { c.state.big = BigInt(v); } },
      { kind: 'scalar', name: 'on', type: 'bool', since: 0, get: (c) => c.state.on, set: (c, v) => { c.state.on = Boolean(v); } },
      { kind: 'array', name: 'fifo', type: 'u32', length: 4, since: 0, get: (c) => c.state.fifo },
      { kind: 'struct', name: 'clk', since: 0, struct: vmstateClock, get: (c) => c.state.clk, compatSize: 8 },
      { kind: 'scalar', name: 'late', type: 'u16', since: 2, get: (c) => c.state.late, set: (c, v) => { c.state.late = Number(v); } },
    ],
    subsections: [
      {
        name: 'dev/extra',
        version: 1,
        minimumVersion: 1,
        needed: (c) => c.state.extraOn,
        fields: [{ kind: 'scalar', name: 'extra', type: 'u8', since: 0, get: (c) => c.state.extra, set: (c, v) => { c.state.extra = Number(v); } }],
        subsections: [],
      },
    ],
  };
}

/** A fingerprint of every value in the state (bigints and typed arrays included). */
export function fingerprint(ctx: DevCtx): string {
  const { clk, ...rest } = ctx.state;
  return JSON.stringify({ ...rest, clk: { period: clk.period, multiplier: clk.multiplier, divider: clk.divider } }, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint32Array ? Array.from(v) : v,
  );
}

/** Hex of a byte array, for readable failures. */
export function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
