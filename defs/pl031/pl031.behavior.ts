/**
 * Behaviour of the PL031 real-time clock, as QEMU 10.0's model behaves. The generated tables do
 * the rest (MR, LR and IMSC storage with their masks, CR's constant 1, the ID bytes, bad-offset
 * and wrong-direction logs); this file supplies the counter, the match alarm, the interrupt line
 * and the migration fix-ups.
 *
 * The counter is `tick_offset` plus the whole seconds of the machine's RTC clock (`ctx.rtc`,
 * what `-rtc clock=` picks); at start-up the offset makes it read the date `-rtc base=` gives.
 * The alarm is a timer on the RTC clock (`clock: rtc` in the definition).
 */
import type { Pl031Context, Pl031Hooks } from '../../generated/pl031/pl031.hooks.ts';
import { definePl031 } from '../../generated/pl031/pl031.qom.ts';
import { IMSC_MASK, RIS_RTCRIS } from '../../generated/pl031/pl031.registers.ts';
import { rtcDateToSeconds } from 'devgen/runtime';

const NS_PER_SECOND = 1_000_000_000n;

/** Whole seconds of a clock reading, as a u32 like QEMU's arithmetic. */
function seconds(ns: bigint): number {
  return Number((ns / NS_PER_SECOND) & 0xffff_ffffn);
}

/** QEMU pl031_get_count: the value DR reads, wrapping at 32 bits. */
function count(ctx: Pl031Context): number {
  return (ctx.state.tick_offset + seconds(ctx.rtc.now())) >>> 0;
}

/** Whole seconds from the virtual clock to the RTC clock (C's truncating division). */
function rtcMinusVirtualSeconds(ctx: Pl031Context): number {
  const delta = ctx.rtc.now() - ctx.now();
  return Number(delta / NS_PER_SECOND);
}

/** QEMU pl031_update: the line follows RIS AND IMSC. */
function updateLine(ctx: Pl031Context): void {
  const level = ctx.state.is & ctx.state.im;
  ctx.trace.pl031_irq_state(level);
  ctx.gpio.irq[0]!.set(level);
}

/** QEMU pl031_interrupt: the match sets RIS and updates the line. */
function raiseAlarm(ctx: Pl031Context): void {
  ctx.state.is = RIS_RTCRIS;
  ctx.trace.pl031_alarm_raised();
  updateLine(ctx);
}

/**
 * QEMU pl031_set_alarm: the seconds until the counter reaches MR, wrapping like the counter, so
 * a match in the past is 2^32 seconds away. A match now raises the interrupt at once.
 */
function setAlarm(ctx: Pl031Context): void {
  const ticks = (ctx.state.mr - count(ctx)) >>> 0;
  ctx.trace.pl031_set_alarm(ticks);
  if (ticks === 0) {
    ctx.state.alarm.del();
    raiseAlarm(ctx);
  } else {
    ctx.state.alarm.modNs(ctx.rtc.now() + BigInt(ticks) * NS_PER_SECOND);
  }
}

/** The PL031 hooks, one function per hook of defs/pl031/pl031.device.yaml. */
export const pl031Hooks: Pl031Hooks = {
  /** The counter starts at the RTC's start date. */
  realize(ctx) {
    ctx.state.tick_offset = (rtcDateToSeconds(ctx.rtc.date(0)) - seconds(ctx.rtc.now())) >>> 0;
  },

  readDR(ctx) {
    return count(ctx);
  },

  /** A new match value re-arms the alarm. */
  postWriteMR(ctx) {
    setAlarm(ctx);
  },

  /** Loading moves the offset so that the counter reads the value now; LR keeps it as written. */
  postWriteLR(ctx, _oldValue, newValue) {
    const s = ctx.state;
    s.tick_offset = (s.tick_offset + newValue - count(ctx)) >>> 0;
    setAlarm(ctx);
  },

  /** A new mask takes effect on the line at once. */
  postWriteIMSC(ctx) {
    updateLine(ctx);
  },

  /** MIS is computed, never stored. */
  readMIS(ctx) {
    return (ctx.state.is & ctx.state.im & IMSC_MASK) >>> 0;
  },

  /** Clears every RIS bit set in the written value, then updates the line. */
  writeICR(ctx, value) {
    ctx.state.is = (ctx.state.is & ~value) >>> 0;
    updateLine(ctx);
  },

  /** The counter reached MR. */
  alarmFired(ctx) {
    raiseAlarm(ctx);
  },

  /** The main section carries the offset relative to the virtual clock (what old QEMUs expect). */
  vmstatePreSave(ctx) {
    ctx.state.tick_offset_vmstate = (ctx.state.tick_offset + rtcMinusVirtualSeconds(ctx)) >>> 0;
  },

  /** The stream carried the RTC-relative offset itself. */
  vmstatePostLoadTickOffset(ctx) {
    ctx.state.tick_offset_migrated = true;
    return undefined;
  },

  /**
   * Without the subsection the source was an old QEMU: convert its virtual-clock offset back.
   * Then the alarm is re-armed against the loaded match value, as QEMU does. The mark is
   * cleared for the next load (QEMU clears it in pre-load).
   */
  vmstatePostLoad(ctx) {
    const s = ctx.state;
    if (!s.tick_offset_migrated) s.tick_offset = (s.tick_offset_vmstate - rtcMinusVirtualSeconds(ctx)) >>> 0;
    s.tick_offset_migrated = false;
    setAlarm(ctx);
    return undefined;
  },
};

/** The pl031 device class: generated type description bound to the hooks above. */
export const pl031Class = definePl031(pl031Hooks);
