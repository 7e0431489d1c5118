/**
 * Hand-written behaviour of the PL061 GPIO controller, as QEMU 10.0's pl061 (plain, not the
 * Stellaris variant): the address-masked data window, direction, the pins' pulls as inputs,
 * edge and level interrupt detection, and INTR.
 *
 * Verified on QEMU 10.0 (-M virt, 0x09030000): see test/diff/cases/pl061-*.qtest — a write to
 * DATA element 0xff changes every output pin, to element 0x05 only pins 0 and 2; reads return
 * DATA & the element's mask; a rising input with IEV set raises GIC input 7.
 */
import type { Pl061Context, Pl061Hooks } from '../../generated/pl061/pl061.hooks.ts';
import { definePl061 } from '../../generated/pl061/pl061.qom.ts';

/** Number of pins. */
const PINS = 8;

/** QEMU pl061_pullups: input pins pulled up to 1. */
function pullups(ctx: Pl061Context): number {
  return ctx.props.pullups & ~ctx.state.dir & 0xff;
}

/** QEMU pl061_floating: input pins neither pulled up nor down (they keep their last level). */
function floating(ctx: Pl061Context): number {
  return ~(ctx.props.pullups | ctx.props.pulldowns) & ~ctx.state.dir & 0xff;
}

/**
 * QEMU pl061_update: drive the output pins that changed, latch input edges into the status
 * (edge-sensitive pins), OR in level-sensitive pins at their active level, drive INTR.
 */
function update(ctx: Pl061Context): void {
  const s = ctx.state;
  const out = ((s.data & s.dir) | pullups(ctx) | (s.old_out_data & floating(ctx))) & 0xff;
  const outChanged = s.old_out_data ^ out;
  if (outChanged !== 0) {
    s.old_out_data = out;
    for (let i = 0; i < PINS; i++) if ((outChanged & (1 << i)) !== 0) ctx.gpio.out[i]!.set((out & (1 << i)) !== 0);
  }
  const inChanged = (s.old_in_data ^ s.data) & ~s.dir & 0xff;
  if (inChanged !== 0) {
    s.old_in_data = s.data;
    for (let i = 0; i < PINS; i++) {
      const mask = 1 << i;
      if ((inChanged & mask) === 0 || (s.isense & mask) !== 0) continue;
      // Edge-sensitive pin: any edge with IBE, else the edge IEV selects.
      s.istate |= (s.ibe & mask) !== 0 ? mask : ~(s.data ^ s.iev) & mask;
    }
  }
  s.istate = (s.istate | (~(s.data ^ s.iev) & s.isense)) >>> 0;
  ctx.lines.intr.set((s.istate & s.im) !== 0);
}

/** The PL061 hooks, one per hook the definition declares. */
export const pl061Hooks: Pl061Hooks = {
  /** DATA element `mask`: the pins the access's address bits 9:2 select. */
  readDATA(ctx, mask) {
    return ctx.state.data & mask;
  },

  /** Only masked pins that are outputs change. */
  writeDATA(ctx, mask, value) {
    const s = ctx.state;
    const m = mask & s.dir;
    s.data = ((s.data & ~m) | (value & m)) >>> 0;
    update(ctx);
  },

  postWriteDIR(ctx) {
    update(ctx);
  },

  postWriteIS(ctx) {
    update(ctx);
  },

  postWriteIBE(ctx) {
    update(ctx);
  },

  postWriteIEV(ctx) {
    update(ctx);
  },

  postWriteIE(ctx) {
    update(ctx);
  },

  readMIS(ctx) {
    return ctx.state.istate & ctx.state.im;
  },

  /** Clears the status bits written as 1; a level-sensitive pin still active sets its bit again. */
  writeIC(ctx, value) {
    ctx.state.istate = (ctx.state.istate & ~value) >>> 0;
    update(ctx);
  },

  /** Only the bits the commit register allows change. */
  writeAFSEL(ctx, value) {
    const s = ctx.state;
    s.afsel = ((s.afsel & ~s.cr) | (value & s.cr)) >>> 0;
    update(ctx);
  },

  /** QEMU pl061_set_irq: an input pin takes the level; output pins ignore it. */
  gpioInIn(ctx, n, level) {
    const s = ctx.state;
    const mask = 1 << n;
    if ((s.dir & mask) !== 0) return;
    s.data = (level !== 0 ? s.data | mask : s.data & ~mask) >>> 0;
    update(ctx);
  },

  /** QEMU pl061_hold_reset: every pin that is not floating shows its pull; they are all inputs now. */
  reset(ctx) {
    const up = pullups(ctx);
    const float = floating(ctx);
    for (let i = 0; i < PINS; i++) {
      if ((float & (1 << i)) !== 0) continue;
      ctx.gpio.out[i]!.set((up & (1 << i)) !== 0);
    }
    ctx.state.old_out_data = up;
  },
};

/** The pl061 device class: generated type description bound to the hooks above. */
export const pl061Class = definePl061(pl061Hooks);
