/**
 * Hand-written behaviour of the PCF8574 I/O expander, as QEMU 10.0's model (hw/gpio/pcf8574.c)
 * behaves. The chip has no registers: an I2C read returns the pin state, an I2C write sets the
 * output latch. The pin state is `input & output` (a pin written 1 is a weak pull-up and reads
 * the external level; a pin written 0 is driven low).
 *
 * QEMU quirks reproduced on purpose:
 * - a read releases nINT (drives 1) only when the pin state differs from the last one reported;
 * - a write drives nINT with (new state == last reported) ? 1 : 0, so a write can assert it;
 * - an input change asserts nINT (drives 0) when the state differs from the last reported one,
 *   and never releases it, and it never drives the output pins (only writes do);
 * - START, STOP and NACK have no handler; every written byte is ACKed;
 * - reset sets the three registers to 0xff (state `reset:` values) and drives no line.
 */
import type { Pcf8574Context, Pcf8574Hooks } from '../../generated/pcf8574/pcf8574.hooks.ts';
import { definePcf8574 } from '../../generated/pcf8574/pcf8574.qom.ts';

/** Number of I/O pins. */
const PORTS = 8;

/** The level of every pin as seen from outside: driven low by us or by the external circuit. */
function lineState(ctx: Pcf8574Context): number {
  return ctx.state.input & ctx.state.output & 0xff;
}

/** The PCF8574 hooks, one function per hook the definition declares. */
export const pcf8574Hooks: Pcf8574Hooks = {
  /** QEMU pcf8574_rx: report the pin state; a change since the last report releases nINT. */
  i2cRecv(ctx) {
    const state = lineState(ctx);
    if (ctx.state.lastrq !== state) {
      ctx.state.lastrq = state;
      ctx.gpio.nINT[0]!.set(true);
    }
    return state;
  },

  /** QEMU pcf8574_tx: latch the byte, drive the pins whose state changed, then nINT. */
  i2cSend(ctx, byte) {
    const prev = lineState(ctx);
    ctx.state.output = byte & 0xff;
    const actual = lineState(ctx);
    const diff = actual ^ prev;
    for (let line = 0; line < PORTS; line++) {
      if ((diff >> line) & 1) ctx.gpio.out[line]!.set(((actual >> line) & 1) === 1);
    }
    ctx.gpio.nINT[0]!.set(actual === ctx.state.lastrq);
    return 0;
  },

  /** QEMU pcf8574_gpio_set: an external level change; asserts nINT when the state moved. */
  gpioInPin(ctx, n, level) {
    const bit = 1 << n;
    ctx.state.input = level ? ctx.state.input | bit : ctx.state.input & ~bit & 0xff;
    if (lineState(ctx) !== ctx.state.lastrq) ctx.gpio.nINT[0]!.set(false);
  },
};

/** The pcf8574 device class: generated type description bound to the hooks above. */
export const pcf8574Class = definePcf8574(pcf8574Hooks);
