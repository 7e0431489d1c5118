/**
 * Hand-written behaviour of the ARM Versatile / SBCon I2C controller, as QEMU 10.0's model
 * (hw/i2c/arm_sbcon_i2c.c, type "versatile_i2c") behaves. The guest sets lines through
 * SB_CONTROLS (offset 0) and clears them through SB_CONTROLC (offset 4); after every write —
 * to a register or to a bad offset — the controller passes SCL, then SDA, to the bit-banged I2C
 * engine, and keeps the SDA level the engine answers for reads of SB_CONTROLS (bit 1; bit 0 is
 * SCL as driven).
 *
 * Verified on QEMU 10.0 (-M versatilepb, base 0x10002000): reads of offset 0 give
 * (out & 1) | (in << 1); offset 4 and every other offset read -1 (logged); a write at another
 * offset changes no register but still drives the lines (which matters while the engine has not
 * yet seen the guest's lines, e.g. the first write after power-on); an 8-byte access is split
 * into offsets 0 and 4; nothing is reset by a system reset (QEMU has no reset handler) and the
 * device has no migration state.
 */
import type { VersatileI2cContext, VersatileI2cHooks } from '../../generated/versatile_i2c/versatile_i2c.hooks.ts';
import { defineVersatileI2c } from '../../generated/versatile_i2c/versatile_i2c.qom.ts';
import {
  A_SB_CONTROLC, SB_CONTROLS_SCL, SB_CONTROLS_SDA, SB_CONTROLS_SDA_SHIFT,
} from '../../generated/versatile_i2c/versatile_i2c.registers.ts';

/** The controller hooks, one per `hooks:` entry of the definition. */
export const versatileI2cHooks: VersatileI2cHooks = {
  /** SB_CONTROLS read: SCL as driven, SDA as seen on the bus. */
  readSB_CONTROLS(ctx) {
    return ((ctx.state.out & SB_CONTROLS_SCL) | (ctx.state.in << SB_CONTROLS_SDA_SHIFT)) >>> 0;
  },

  /** SB_CONTROLC read: not decoded by QEMU (a bad offset): logged, reads -1. */
  readSB_CONTROLC(ctx) {
    ctx.log.guestError(`arm_sbcon_i2c_read: Bad offset 0x${A_SB_CONTROLC.toString(16)}`);
    return 0xffffffff;
  },

  /**
   * QEMU's tail of every write, whatever the offset (the registers already stored their set or
   * cleared bits): SCL first, then SDA; the SDA answer is what the guest reads.
   */
  regionPostWriteArmSbconI2c(ctx) {
    const s = ctx.state;
    s.bitbang.set('scl', (s.out & SB_CONTROLS_SCL) !== 0);
    s.in = s.bitbang.set('sda', (s.out & SB_CONTROLS_SDA) !== 0);
  },
};

/** The versatile_i2c device class: generated type description bound to the hooks above. */
export const versatileI2cClass = defineVersatileI2c(versatileI2cHooks);
