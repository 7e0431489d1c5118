/**
 * NXP PCF8574 8-bit quasi-bidirectional I/O expander on I2C, as QEMU 10.0 models it
 * (hw/gpio/pcf8574.c; added in 9.0), written with the decorators API: the decorators are the
 * definition (read statically by the generator, never executed), the class methods are the
 * behaviour. No MMIO: a guest reaches the chip through an I2C controller.
 *
 * The chip has no registers: an I2C read returns the pin state, an I2C write sets the output
 * latch. The pin state is `input & output` (a pin written 1 is a weak pull-up and reads the
 * external level; a pin written 0 is driven low).
 *
 * QEMU quirks reproduced on purpose:
 * - a read releases nINT (drives 1) only when the pin state differs from the last one reported;
 * - a write drives nINT with (new state == last reported) ? 1 : 0, so a write can assert it;
 * - an input change asserts nINT (drives 0) when the state differs from the last reported one,
 *   and never releases it, and it never drives the output pins (only writes do);
 * - START, STOP and NACK have no handler (no `event` I2C hook); every written byte is ACKed;
 * - reset sets the three registers to 0xff (state `reset:` values) and drives no line.
 *
 * Migration: QEMU's VMSTATE_I2C_SLAVE(parent_obj, PCF8574State) comes first — the nested
 * "I2CSlave" v1 description (one u8 `address`); 160 is sizeof(I2CSlave) on a 64-bit host.
 */
import { Device, Gpio, I2c, Qemu, State, Vmstate, type Decl } from 'devgen/define';
import type { Pcf8574Context, Pcf8574Hooks } from '../../generated/pcf8574/pcf8574.hooks.ts';
import { definePcf8574 } from '../../generated/pcf8574/pcf8574.qom.ts';

/** The level of every pin as seen from outside: driven low by us or by the external circuit. */
function lineState(ctx: Pcf8574Context): number {
  return ctx.state.input & ctx.state.output & 0xff;
}

/** The PCF8574: its definition (decorators) and its hooks (methods). */
@Device({
  name: 'pcf8574',
  parent: 'i2c-slave',
  description: '8-bit quasi-bidirectional I/O expander on I2C with an active-low interrupt output (nINT).',
})
@Qemu({
  targets: ['aarch64-softmmu'],
  header: 'include/hw/gpio/pcf8574.h',
  source: 'hw/gpio/pcf8574.c',
  behavior: 'hw/gpio/pcf8574-behavior.c',
  config: 'CONFIG_PCF8574',
  struct: 'PCF8574State',
  cast: 'PCF8574',
  prefix: 'pcf8574',
})
@I2c({ hooks: ['recv', 'send'] })
@Gpio({
  name: 'pin',
  direction: 'in',
  qemuUnnamed: true,
  count: 8,
  description: 'External level of pin n (QEMU unnamed GPIO inputs 0-7).',
})
@Gpio({
  name: 'out',
  direction: 'out',
  qemuUnnamed: true,
  count: 8,
  description: 'Level of pin n as seen from outside; driven only by I2C writes (QEMU unnamed GPIO outputs 0-7).',
})
@Gpio({
  name: 'nINT',
  direction: 'out',
  count: 1,
  description: 'Interrupt request, active low (0 = asserted); QEMU\'s named output "nINT".',
})
@Vmstate({
  name: 'pcf8574',
  version: 0,
  minimumVersion: 0,
  fields: [
    { parent: 'parent_obj', vmstate: 'I2CSlave', compat: { size: 160 } },
    { field: 'lastrq' },
    { field: 'input' },
    { field: 'output' },
  ],
})
export class Pcf8574 implements Pcf8574Hooks {
  @State({ type: 'u8', reset: 0xff, description: 'Pin state last reported to the bus master (reads) or last compared against.' })
  static lastrq: Decl;

  @State({ type: 'u8', reset: 0xff, description: 'External electrical level of each pin.' })
  static input: Decl;

  @State({ type: 'u8', reset: 0xff, description: 'Written latch; 1 = weak pull-up (input), 0 = drive low.' })
  static output: Decl;

  /** QEMU pcf8574_rx: report the pin state; a change since the last report releases nINT. */
  i2cRecv(ctx: Pcf8574Context): number {
    const state = lineState(ctx);
    if (ctx.state.lastrq !== state) {
      ctx.state.lastrq = state;
      ctx.gpio.nINT[0]!.set(true);
    }
    return state;
  }

  /** QEMU pcf8574_tx: latch the byte, drive the pins whose state changed, then nINT. */
  i2cSend(ctx: Pcf8574Context, byte: number): number {
    const prev = lineState(ctx);
    ctx.state.output = byte & 0xff;
    const actual = lineState(ctx);
    const diff = actual ^ prev;
    for (let line = 0; line < ctx.gpio.out.length; line++) {
      if ((diff >> line) & 1) ctx.gpio.out[line]!.set(((actual >> line) & 1) === 1);
    }
    ctx.gpio.nINT[0]!.set(actual === ctx.state.lastrq);
    return 0;
  }

  /** QEMU pcf8574_gpio_set: an external level change; asserts nINT when the state moved. */
  gpioInPin(ctx: Pcf8574Context, n: number, level: number): void {
    const bit = 1 << n;
    ctx.state.input = level !== 0 ? ctx.state.input | bit : ctx.state.input & ~bit & 0xff;
    if (lineState(ctx) !== ctx.state.lastrq) ctx.gpio.nINT[0]!.set(false);
  }
}

/** The pcf8574 hooks: one instance of the class above. */
export const pcf8574Hooks: Pcf8574Hooks = new Pcf8574();

/** The pcf8574 device class: generated type description bound to the hooks above. */
export const pcf8574Class = definePcf8574(pcf8574Hooks);
