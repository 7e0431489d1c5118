/**
 * The runtime's built-in "clock" VMState description, wire-compatible with QEMU's
 * hw/core/clock-vmstate.c: version 0, one u64 `period` (2^-32 ns units), and a
 * "clock/muldiv" subsection (version 1) sent only when multiplier or divider is not 1.
 * Like QEMU it resets multiplier/divider to 1 before loading, so a stream without the
 * subsection means "no multiplier/divider".
 */
import type { Clock } from '../contract/context.ts';
import type { VmStateDescription, VmSubsection } from '../contract/types.ts';
import type { VmStateExtraHooks } from './vmstate.ts';

const muldiv: VmSubsection<Clock> = {
  name: 'clock/muldiv',
  version: 1,
  minimumVersion: 1,
  needed: (clk) => clk.multiplier !== 1 || clk.divider !== 1,
  fields: [
    { kind: 'scalar', name: 'multiplier', type: 'u32', since: 0, get: (c) => c.multiplier, set: (c, v) => { c.multiplier = Number(v); } },
    { kind: 'scalar', name: 'divider', type: 'u32', since: 0, get: (c) => c.divider, set: (c, v) => { c.divider = Number(v); } },
  ],
  subsections: [],
};

const clock: VmStateDescription<Clock> & VmStateExtraHooks<Clock> = {
  name: 'clock',
  version: 0,
  minimumVersion: 0,
  preLoad: (clk) => {
    clk.multiplier = 1;
    clk.divider = 1;
  },
  fields: [
    {
      kind: 'scalar', name: 'period', type: 'u64', since: 0,
      get: (c) => c.period,
      set: (c, v) => { c.period = BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Number(v))); },
    },
  ],
  subsections: [muldiv],
};

/**
 * VMState description of a `Clock` (context.ts). Typed with an `unknown` context so generated
 * code can put it straight into a struct field (`struct: vmstateClock`); the object it is
 * given must be a `Clock`.
 */
export const vmstateClock: VmStateDescription<unknown> = clock as unknown as VmStateDescription<unknown>;
