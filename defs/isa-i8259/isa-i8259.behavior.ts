/**
 * Hand-written behaviour of the 8259A PIC as far as a machine without a running CPU can see it
 * (QEMU 10.0 hw/intc/i8259.c after reset: ELCR 0, IMR 0, no acknowledge ever): a rising edge on
 * an input latches its request and the INT output goes high and stays high; every input change
 * re-drives the output, as pic_update_irq does.
 *
 * Verified on QEMU 10.0 (-M pc): with the master (device[4]) intercepted, raising the HPET's RTC
 * input (GSI 8, slave input 0) prints `IRQ raise 2`, the slave's cascade into master input 2.
 */
import type { IsaI8259Context, IsaI8259Hooks } from '../../generated/isa-i8259/isa-i8259.hooks.ts';
import { defineIsaI8259 } from '../../generated/isa-i8259/isa-i8259.qom.ts';

/** Drives INT from the latched requests (QEMU pic_update_irq with nothing masked or in service). */
function updateInt(ctx: IsaI8259Context): void {
  ctx.gpio.int[0]!.set(ctx.state.irr !== 0);
}

/** The PIC hooks, one per hook the definition declares. */
export const isaI8259Hooks: IsaI8259Hooks = {
  /** Input `n`: a rising edge latches request `n` (edge-triggered mode, QEMU pic_set_irq). */
  gpioInIrq(ctx, n, level) {
    const s = ctx.state;
    const bit = 1 << n;
    if (level) {
      if ((s.last_irr & bit) === 0) s.irr |= bit;
      s.last_irr |= bit;
    } else {
      s.last_irr &= ~bit;
    }
    updateInt(ctx);
  },

  /** Reset clears the latch (state reset values) and drops INT (QEMU pic_reset). */
  reset(ctx) {
    updateInt(ctx);
  },
};

/** The isa-i8259 device class: generated type description bound to the hooks above. */
export const isaI8259Class = defineIsaI8259(isaI8259Hooks);
