/**
 * Hand-written behaviour of the 8254 PIT's channel 0 output, as QEMU 10.0's i8254 irq timer
 * drives it in the channel's reset state (mode 3, count 0x10000): the output is high for the
 * first half of each period (rounded up) and low for the rest, counted from the last load.
 *
 * Verified on QEMU 10.0 (-M pc, stopped at time 0): with GSI 0 intercepted at the IOAPIC,
 * `writel 0xfed00010 2` (HPET legacy routing on: the PIT is muted) then `writel 0xfed00010 0`
 * (muting ends) prints `IRQ raise 0` at once: enabling drives the current level (high at time 0).
 */
import type { IsaPitContext, IsaPitHooks } from '../../generated/isa-pit/isa-pit.hooks.ts';
import { defineIsaPit } from '../../generated/isa-pit/isa-pit.qom.ts';

/** Input clock of the 8254 (PIT_FREQ). */
const PIT_HZ = 1_193_182n;
/** Channel 0's count after reset: 0 stands for 0x10000. */
const PIT_COUNT = 0x10000n;
const NS_PER_S = 1_000_000_000n;
/** Ticks the output stays high in mode 3 (the first half of a period, rounded up). */
const HIGH_TICKS = (PIT_COUNT + 1n) >> 1n;

/** Input-clock ticks between the last load and `ns`. */
function ticksAt(ctx: IsaPitContext, ns: bigint): bigint {
  return ((ns - ctx.state.count_load_time) * PIT_HZ) / NS_PER_S;
}

/** Arms the timer at the output's next level change after now (QEMU pit_get_next_transition_time). */
function armNextTransition(ctx: IsaPitContext): void {
  const now = ctx.now();
  const d = ticksAt(ctx, now);
  const phase = d % PIT_COUNT;
  const nextTick = d - phase + (phase < HIGH_TICKS ? HIGH_TICKS : PIT_COUNT);
  let next = ctx.state.count_load_time + (nextTick * NS_PER_S) / PIT_HZ;
  if (next <= now) next = now + 1n;
  ctx.state.irq_timer.modNs(next);
}

/** Drives the output to its current level and arms the next change (QEMU pit_irq_timer_update). */
function update(ctx: IsaPitContext): void {
  if (ctx.state.irq_disabled) return;
  const phase = ticksAt(ctx, ctx.now()) % PIT_COUNT;
  ctx.gpio.irq[0]!.set(phase < HIGH_TICKS);
  armNextTransition(ctx);
}

/** The PIT hooks, one per hook the definition declares. */
export const isaPitHooks: IsaPitHooks = {
  /** The HPET's pit-enabled line: low mutes the output, high drives it at once and follows it. */
  gpioInIrqEnable(ctx, _n, level) {
    ctx.state.irq_disabled = !level;
    if (level) update(ctx);
    else ctx.state.irq_timer.del();
  },

  /** The output's level changes. */
  irqTimerExpired(ctx) {
    update(ctx);
  },

  /** Channel 0 is reloaded at reset; an unmuted output keeps its timer running (QEMU pit_reset). */
  reset(ctx) {
    ctx.state.count_load_time = ctx.now();
    if (!ctx.state.irq_disabled) armNextTransition(ctx);
  },
};

/** The isa-pit device class: generated type description bound to the hooks above. */
export const isaPitClass = defineIsaPit(isaPitHooks);
