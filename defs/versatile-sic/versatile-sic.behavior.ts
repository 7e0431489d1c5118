/**
 * Hand-written behaviour of the Versatile/PB secondary interrupt controller, as QEMU 10.0's
 * versatilepb_sic behaves. The generated tables store RAWSTAT, ENABLE (ENSET ORs in) and
 * PICENABLE (PICENSET ORs in bits 21-30); this file computes STATUS and SOFTINT, applies the
 * clear registers, and drives the outputs: output 31 follows STATUS != 0 after every accepted
 * write and input change, and an input enabled in PICENABLE is forwarded to the output of its
 * own number with the level it was set to.
 */
import type { VersatilepbSicContext, VersatilepbSicHooks } from '../../generated/versatilepb_sic/versatilepb_sic.hooks.ts';
import { defineVersatilepbSic } from '../../generated/versatilepb_sic/versatilepb_sic.qom.ts';
import { PICENABLE_PICENSET, PICENABLE_PICENSET_SHIFT, PICENABLE_PICENSET_WIDTH } from '../../generated/versatilepb_sic/versatilepb_sic.registers.ts';

/** The output that carries the ORed enabled inputs (QEMU's `s->irq`). */
const SUMMARY_OUTPUT = 31;

/** Drives the summary output from STATUS (QEMU vpb_sic_update). */
function updateSummary(ctx: VersatilepbSicContext): void {
  ctx.gpio.parent[SUMMARY_OUTPUT]!.set((ctx.state.level & ctx.state.mask) !== 0);
}

/** Re-drives every pass-through output that PICENABLE enables from its input level (QEMU vpb_sic_update_pic). */
function updatePassThrough(ctx: VersatilepbSicContext): void {
  const s = ctx.state;
  for (let i = PICENABLE_PICENSET_SHIFT; i < PICENABLE_PICENSET_SHIFT + PICENABLE_PICENSET_WIDTH; i++) {
    const bit = (1 << i) >>> 0;
    if ((s.pic_enable & bit) === 0) continue;
    ctx.gpio.parent[i]!.set((s.level & bit) !== 0);
  }
}

/** The controller hooks, one per hook the definition declares. */
export const versatilepbSicHooks: VersatilepbSicHooks = {
  /** Input `n` changed: RAWSTAT follows it, a pass-through input is forwarded as set, then STATUS drives output 31. */
  gpioInIrq(ctx, n, level) {
    const s = ctx.state;
    const bit = (1 << n) >>> 0;
    s.level = (Number(level) !== 0 ? s.level | bit : s.level & ~bit) >>> 0;
    if ((s.pic_enable & bit) !== 0) ctx.gpio.parent[n]!.set(level);
    updateSummary(ctx);
  },

  /** STATUS is computed, never stored. */
  readSTATUS(ctx) {
    return (ctx.state.level & ctx.state.mask) >>> 0;
  },

  /** ENSET's bits are stored (W1S); STATUS may have changed. */
  postWriteENABLE(ctx) {
    updateSummary(ctx);
  },

  /** ENCLR disables every input whose bit is written as one. */
  writeENCLR(ctx, value) {
    ctx.state.mask = (ctx.state.mask & ~value) >>> 0;
    updateSummary(ctx);
  },

  /** SOFTINT reads the level of input 0. */
  readSOFTINT(ctx) {
    return ctx.state.level & 1;
  },

  /** SOFTINTSET: any non-zero value enables input 0. */
  writeSOFTINT(ctx, value) {
    if (value !== 0) ctx.state.mask = (ctx.state.mask | 1) >>> 0;
    updateSummary(ctx);
  },

  /** SOFTINTCLR: any non-zero value disables input 0. */
  writeSOFTINTCLR(ctx, value) {
    if (value !== 0) ctx.state.mask = (ctx.state.mask & ~1) >>> 0;
    updateSummary(ctx);
  },

  /** PICENSET's bits 21-30 are stored (W1S): forward the newly passed inputs, then STATUS. */
  postWritePICENABLE(ctx) {
    updatePassThrough(ctx);
    updateSummary(ctx);
  },

  /** PICENCLR stops passing through every input whose bit is written as one. */
  writePICENCLR(ctx, value) {
    ctx.state.pic_enable = (ctx.state.pic_enable & ~value & PICENABLE_PICENSET) >>> 0;
    updatePassThrough(ctx);
    updateSummary(ctx);
  },
};

/** The versatilepb_sic device class: generated type description bound to the hooks above. */
export const versatilepbSicClass = defineVersatilepbSic(versatilepbSicHooks);
