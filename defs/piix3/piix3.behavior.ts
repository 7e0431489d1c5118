/**
 * Hand-written behaviour of the PIIX3 reset control register, as QEMU 10.0's rcr_write: a
 * write with RCPU set requests a system reset and stores nothing; otherwise only SRST is kept.
 *
 * Verified on QEMU 10.0 (-M pc): `outb 0xcf9 0x6` resets the machine before the next qtest
 * command (the HPET's configuration reads 0 again; see test/diff/cases/pc-reset-*.qtest).
 */
import type { PIIX3Hooks } from '../../generated/PIIX3/PIIX3.hooks.ts';
import { definePIIX3 } from '../../generated/PIIX3/PIIX3.qom.ts';
import { RCR_RCPU, RCR_SRST } from '../../generated/PIIX3/PIIX3.registers.ts';

/** The PIIX3 hooks, one per hook the definition declares. */
export const piix3Hooks: PIIX3Hooks = {
  /** QEMU rcr_write. */
  writeRCR(ctx, value) {
    if ((value & RCR_RCPU) !== 0) {
      ctx.requestSystemReset();
      return;
    }
    ctx.state.rcr = value & RCR_SRST;
  },
};

/** The PIIX3 device class: generated type description bound to the hooks above. */
export const pIIX3Class = definePIIX3(piix3Hooks);
