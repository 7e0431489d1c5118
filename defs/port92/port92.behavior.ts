/**
 * Hand-written behaviour of system control port A, as QEMU 10.0's port92 device: a write keeps
 * the byte, drives the A20 output with its A20 bit and, when FAST_RESET goes from 0 to 1, asks
 * the machine for a reset; the device's own reset clears FAST_RESET and leaves the other bits
 * (the register is `reset-keeps`).
 *
 * Verified on QEMU 10.0 (-M pc): see test/diff/cases/pc-port92-*.qtest.
 */
import type { Port92Hooks } from '../../generated/port92/port92.hooks.ts';
import { definePort92 } from '../../generated/port92/port92.qom.ts';
import { PORTA_A20, PORTA_FAST_RESET } from '../../generated/port92/port92.registers.ts';

/** The port92 hooks, one per hook the definition declares. */
export const port92Hooks: Port92Hooks = {
  /** QEMU port92_write. */
  writePORTA(ctx, value) {
    const old = ctx.state.outport;
    ctx.state.outport = value;
    ctx.gpio.a20[0]!.set((value & PORTA_A20) !== 0 ? 1 : 0);
    if ((value & PORTA_FAST_RESET) !== 0 && (old & PORTA_FAST_RESET) === 0) ctx.requestSystemReset();
  },

  /** QEMU port92_reset: only the fast reset bit goes back to 0. */
  reset(ctx) {
    ctx.state.outport &= ~PORTA_FAST_RESET;
  },
};

/** The port92 device class: generated type description bound to the hooks above. */
export const port92Class = definePort92(port92Hooks);
