/**
 * Hand-written behaviour of the HPET, as QEMU 10.0's C model (hw/timer/hpet.c) behaves. The
 * generated tables handle storage, read-only bits, the capability register and the FSB routes;
 * this file supplies the main counter, the comparators on the virtual clock, interrupt routing,
 * the legacy inputs and the migration hooks.
 *
 * Arithmetic is QEMU's: every counter, comparator and time value is an unsigned 64-bit integer
 * that wraps (bigint masked to 64 bits), and a deadline reaches the clock as a signed 64-bit value
 * (timer_mod clamps negative deadlines to 0, so they fire at the next clock movement).
 *
 * QEMU quirks reproduced on purpose (from QEMU 10.0's model; register effects checked on the
 * running binary, timing from the model since the oracle cannot move its clock):
 * - the timer block at index == `timers` is reachable (QEMU's range check is off by one);
 * - enabling the counter arms every timer, even with interrupts disabled, and a timer left at
 *   its reset comparator (all ones) in 64-bit mode lands in the past (ticks × 10 wraps) and
 *   fires at once, lowering its route line;
 * - a periodic timer that fires exactly at its deadline does not advance its comparator (the
 *   "after" test is strict), so it re-arms 1 µs later through the storm limit and fires again;
 * - GINTR_STA survives reset, and reset re-runs the interrupt "set" path with the *old*
 *   configuration for every timer whose status bit is set;
 * - a level→edge change clears the status bit before the new configuration is stored;
 * - FSB (MSI) delivery is a store to guest memory in QEMU; it is logged as unimplemented here.
 */
import type { HpetContext, HpetHooks, HpetState, HpetTimer } from '../../generated/hpet/hpet.hooks.ts';
import { defineHpet } from '../../generated/hpet/hpet.qom.ts';
import {
  GEN_CONF_ENABLE_CNF, GEN_CONF_LEG_RT_CNF, T_CONF_FSB_EN_CNF, T_CONF_INT_ENB_CNF, T_CONF_INT_ROUTE_CNF, T_CONF_INT_ROUTE_CNF_SHIFT,
  T_CONF_INT_TYPE_CNF, T_CONF_MODE32_CNF, T_CONF_TYPE_CNF, T_CONF_VAL_SET_CNF,
} from '../../generated/hpet/hpet.registers.ts';

const U64 = (1n << 64n) - 1n;
const U32 = 0xffff_ffffn;
/** ns per counter tick (100 MHz). */
const TICK_NS = 10n;
/** Periodic timers are never armed closer than this to their previous arming (QEMU's storm limit). */
const PERIODIC_MIN_NS = 1000n;
const NS_PER_SECOND = 1_000_000_000n;
/**
 * Expiries of one periodic timer at a single instant beyond which QEMU would spin (see
 * timerExpired). Legitimate sequences need at most two (an exact deadline plus the storm-limit
 * re-arm landing on the same instant after a load).
 */
const SAME_INSTANT_LIMIT = 8;

/** Legacy replacement routes: timer 0 → IRQ0, timer 1 → IRQ8 (the RTC's ISA IRQ). */
const LEGACY_ROUTE_T0 = 0;
const RTC_ISA_IRQ = 8;
/** Legacy input lines. */
const LEGACY_PIT = 0;
/** Versions up to 1 of the stream carry no timer count: they always had 3 timers. */
const V1_TIMERS = 3;

const HALF = 1n << 63n;
const TWO64 = 1n << 64n;

/** Signed view of a 64-bit pattern (QEMU passes deadlines to timer_mod as int64_t). */
function asInt64(v: bigint): bigint {
  return v < HALF ? v : BigInt.asIntN(64, v);
}

/**
 * QEMU's `1 << tn` as an int widened to uint64 for each shift count 0..31 (bit 31 sign-extends),
 * and its complement within 64 bits: looked up, since every interrupt update needs one.
 */
const BIT: readonly bigint[] = Array.from({ length: 32 }, (_, n) => (n === 31 ? 0xffff_ffff_8000_0000n : 1n << BigInt(n)));
const NOT_BIT: readonly bigint[] = BIT.map((b) => ~b & U64);

/** {@link BIT} of a timer index: shift counts wrap at 32 (what x86 does with QEMU's out-of-range shifts of a corrupt `tn`). */
function bitOf(tn: number): bigint {
  return BIT[tn & 31]!;
}

/** The low 32 bits of a 64-bit register as a number: every configuration bit the model tests lives there. */
function low32(v: bigint): number {
  return v <= U32 ? Number(v) : Number(BigInt.asUintN(32, v));
}

// Number views of the generated configuration bits, for tests on low32() of a register.
const ENABLE = Number(GEN_CONF_ENABLE_CNF);
const LEG_RT = Number(GEN_CONF_LEG_RT_CNF);
const INT_TYPE = Number(T_CONF_INT_TYPE_CNF);
const INT_ENB = Number(T_CONF_INT_ENB_CNF);
const TYPE = Number(T_CONF_TYPE_CNF);
const MODE32 = Number(T_CONF_MODE32_CNF);
const ROUTE = Number(T_CONF_INT_ROUTE_CNF);
const FSB_EN = Number(T_CONF_FSB_EN_CNF);

const enabled = (s: HpetState): boolean => (low32(s.config) & ENABLE) !== 0;
const legacy = (s: HpetState): boolean => (low32(s.config) & LEG_RT) !== 0;
const periodic = (t: HpetTimer): boolean => (low32(t.config) & TYPE) !== 0;

/** Current counter value while enabled: (now + offset) / 10, all unsigned 64-bit. */
function ticksNow(ctx: HpetContext): bigint {
  const ns = ctx.now() + ctx.state.hpet_offset;
  return (ns > U64 ? ns & U64 : ns) / TICK_NS;
}

/** Virtual time (ns, unsigned 64-bit) at which the counter reaches `tick`. */
function tickToNs(s: HpetState, tick: bigint): bigint {
  return (tick * TICK_NS - s.hpet_offset) & U64;
}

/** The 64-bit counter value a comparator designates: itself, or in 32-bit mode the next match of its low half. */
function cmp64Of(t: HpetTimer, cur: bigint, target: bigint): bigint {
  if ((low32(t.config) & MODE32) === 0) return target;
  let r = (cur & ~U32) | (target & U32);
  if (r < cur) r = (r + 0x1_0000_0000n) & U64;
  return r;
}

/** First counter value of the next 2^32 period after `cur` (QEMU hpet_next_wrap). */
function nextWrap(cur: bigint): bigint {
  return ((cur | U32) + 1n) & U64;
}

/**
 * Arms timer `t` at counter value `tick`, keeping periodic timers at least 1 µs apart
 * (`isPeriodic`: the timer's mode, known to every caller).
 */
function arm(s: HpetState, t: HpetTimer, tick: bigint, isPeriodic: boolean): void {
  let ns = tickToNs(s, tick);
  if (isPeriodic && ((ns - t.last) & U64) < PERIODIC_MIN_NS) ns = (t.last + PERIODIC_MIN_NS) & U64;
  t.last = ns;
  t.qemu_timer.modNs(asInt64(ns));
}

/**
 * QEMU's periodic catch-up, `while ((int64_t)(cmp64 - cur) < 0) cmp64 += period`, in closed form
 * (a guest can program a period that would keep that loop busy for centuries). From a target
 * behind the count, steps of p ≤ 2^63 stop at the first wrap of the difference past zero; larger
 * steps move the difference down by 2^64 − p and stop once it is below 2^63. A target at most
 * one period behind (every expiry of a steady periodic timer) takes one step without dividing.
 */
function catchUp(cmp64: bigint, cur: bigint, period: bigint): bigint {
  // The difference as a signed value first: its 64-bit pattern d0 is below 2^63 exactly when
  // it is in [0, 2^63) or below -2^63, and 2^64 - d0 is how far the target is behind.
  const diff = cmp64 - cur;
  if (diff >= 0n ? diff < HALF : diff < -HALF) return cmp64;
  let k: bigint;
  if (period <= HALF) {
    const behind = diff < 0n ? -diff : TWO64 - diff;
    if (behind <= period) {
      const r = cmp64 + period;
      return r > U64 ? r - TWO64 : r;
    }
    k = (behind + period - 1n) / period;
  } else {
    const q = TWO64 - period;
    const d0 = diff < 0n ? diff + TWO64 : diff;
    k = (d0 - HALF + 1n + q - 1n) / q;
  }
  return (cmp64 + k * period) & U64;
}

/** QEMU hpet_set_timer: recompute the 64-bit target and arm (at the wrap first for 32-bit one-shots). */
function setTimer(ctx: HpetContext, t: HpetTimer): void {
  const cur = ticksNow(ctx);
  t.wrap_flag = 0;
  t.cmp64 = cmp64Of(t, cur, t.cmp);
  if ((low32(t.config) & MODE32) !== 0 && !periodic(t) && t.cmp64 > nextWrap(cur)) {
    t.wrap_flag = 1;
    arm(ctx.state, t, nextWrap(cur), false);
    return;
  }
  arm(ctx.state, t, t.cmp64, periodic(t));
}

/**
 * QEMU update_irq: sets or clears the timer's status bit (set only for level timers, whatever
 * the enables) and drives its route: raise (level) or pulse (edge) when set and both enables
 * are on, otherwise lower. `config` is the timer configuration to act on (the one stored,
 * unless a configuration write acts on the value it replaced).
 */
function updateIrq(ctx: HpetContext, t: HpetTimer, set: boolean, config: bigint = t.config, c: number = low32(config)): void {
  const s = ctx.state;
  const gen = low32(s.config);
  const tn = t.tn & 0xff;
  const route = tn <= 1 && (gen & LEG_RT) !== 0 ? (tn === 0 ? LEGACY_ROUTE_T0 : RTC_ISA_IRQ) : (c & ROUTE) >>> T_CONF_INT_ROUTE_CNF_SHIFT;
  const level = (c & INT_TYPE) !== 0;
  if (set && level) s.isr = (s.isr | bitOf(tn)) & U64;
  else if (s.isr !== 0n) s.isr &= NOT_BIT[tn & 31]!;
  const fsb = (c & FSB_EN) !== 0;
  const line = ctx.gpio.irq[route]!;
  if (set && (c & INT_ENB) !== 0 && (gen & ENABLE) !== 0) {
    if (fsb) {
      ctx.log.unimp(`hpet: FSB interrupt delivery of timer ${tn} (store of 0x${(t.fsb & U32).toString(16)} to 0x${(t.fsb >> 32n).toString(16)}) not implemented`);
    } else if (level) {
      line.raise();
    } else {
      line.pulse();
    }
  } else if (!fsb) {
    line.lower();
  }
}

/** QEMU hpet_del_timer: stop it; a set status bit re-runs "set" (level line stays up only while enabled). */
function delTimer(ctx: HpetContext, t: HpetTimer): void {
  t.qemu_timer.del();
  if ((ctx.state.isr & bitOf(t.tn)) !== 0n) updateIrq(ctx, t, true);
}

/** Merges a lane write into a 64-bit register (QEMU deposit64 of the written bits). */
function deposit(old: bigint, value: bigint, mask: bigint): bigint {
  return ((old & ~mask) | (value & mask)) & U64;
}

/** Number of timers the device really has (the `timers` property). */
function timerCount(ctx: HpetContext): number {
  return ctx.props.timers;
}

/** The HPET hooks, one function per hook the definition declares. */
export const hpetHooks: HpetHooks = {
  /**
   * GEN_CONF is already stored (bits 1:0 writable). Enabling sets the offset so the counter
   * continues from its stored value, re-asserts pending level interrupts and arms every timer;
   * disabling freezes the counter and stops the timers. LEG_RT mutes the PIT and RTC pass-through.
   */
  postWriteGEN_CONF(ctx, oldValue, newValue) {
    const s = ctx.state;
    const n = timerCount(ctx);
    if ((oldValue & GEN_CONF_ENABLE_CNF) === 0n && (newValue & GEN_CONF_ENABLE_CNF) !== 0n) {
      s.hpet_offset = (s.hpet_counter * TICK_NS - ctx.now()) & U64;
      for (let i = 0; i < n; i++) {
        const t = s.timer[i]!;
        if ((t.config & T_CONF_INT_ENB_CNF) !== 0n && (s.isr & bitOf(i)) !== 0n) updateIrq(ctx, t, true);
        setTimer(ctx, t);
      }
    } else if ((oldValue & GEN_CONF_ENABLE_CNF) !== 0n && (newValue & GEN_CONF_ENABLE_CNF) === 0n) {
      s.hpet_counter = ticksNow(ctx);
      for (let i = 0; i < n; i++) delTimer(ctx, s.timer[i]!);
    }
    const irq = ctx.gpio.irq;
    const pit = ctx.gpio['pit-enabled'][0]!;
    if ((oldValue & GEN_CONF_LEG_RT_CNF) === 0n && (newValue & GEN_CONF_LEG_RT_CNF) !== 0n) {
      pit.set(false);
      irq[LEGACY_ROUTE_T0]!.lower();
      irq[RTC_ISA_IRQ]!.lower();
    } else if ((oldValue & GEN_CONF_LEG_RT_CNF) !== 0n && (newValue & GEN_CONF_LEG_RT_CNF) === 0n) {
      irq[LEGACY_ROUTE_T0]!.lower();
      pit.set(true);
      irq[RTC_ISA_IRQ]!.set(s.rtc_irq_level);
    }
  },

  /** Write 1 to clear: only bits set in both the value and the status clear (and lower the line). */
  writeGINTR_STA(ctx, value) {
    const s = ctx.state;
    const cleared = value & s.isr;
    const n = timerCount(ctx);
    for (let i = 0; i < n; i++) {
      if ((cleared & bitOf(i)) !== 0n) updateIrq(ctx, s.timer[i]!, false);
    }
  },

  /** Live count while enabled, the stored (frozen) value while halted. */
  readMAIN_CNT(ctx) {
    return enabled(ctx.state) ? ticksNow(ctx) : ctx.state.hpet_counter;
  },

  /**
   * Tn_CONF is already stored with its writable bits applied. A level→edge change clears the
   * status bit on the route of the replaced configuration, INT_ENB 0→1 with the status bit
   * set re-asserts, 32-bit mode truncates the comparator and period, and a running counter re-arms.
   */
  postWriteT_CONF(ctx, index, oldVal, newVal) {
    const s = ctx.state;
    const t = s.timer[index]!;
    if ((oldVal & T_CONF_INT_TYPE_CNF) !== 0n && (newVal & T_CONF_INT_TYPE_CNF) === 0n) updateIrq(ctx, t, false, oldVal);
    if ((oldVal & T_CONF_INT_ENB_CNF) === 0n && (newVal & T_CONF_INT_ENB_CNF) !== 0n && (s.isr & bitOf(index)) !== 0n) {
      updateIrq(ctx, t, true);
    }
    if ((newVal & T_CONF_MODE32_CNF) !== 0n) {
      t.cmp &= U32;
      t.period &= U32;
    }
    if (enabled(s)) setTimer(ctx, t);
  },

  /**
   * Tn_COMPARATOR: in 32-bit mode the high half is ignored and a low write zero-extends; a
   * periodic timer takes the value as its period (and as its comparator only with VAL_SET).
   */
  writeT_CMP(ctx, index, value, mask) {
    const s = ctx.state;
    const t = s.timer[index]!;
    let v = value;
    let m = mask;
    if ((t.config & T_CONF_MODE32_CNF) !== 0n) {
      if ((mask & U32) === 0n) return; // high half: QEMU only traces it
      v = value & U32;
      m = U64;
    }
    if (!periodic(t) || (t.config & T_CONF_VAL_SET_CNF) !== 0n) t.cmp = deposit(t.cmp, v, m);
    if (periodic(t)) t.period = deposit(t.period, v, m);
    t.config &= ~T_CONF_VAL_SET_CNF;
    if (enabled(s)) setTimer(ctx, t);
  },

  /**
   * PIT (0) and RTC (1) inputs pass to IRQ0 / IRQ8 unless legacy routing owns those lines. The
   * level passes on as the int it is; the RTC's is also kept in the u8 `rtc_irq_level`, as
   * QEMU's uint8_t keeps it (256 is kept as 0), for when legacy routing ends.
   */
  gpioInLegacy(ctx, n, level) {
    const s = ctx.state;
    if (n === LEGACY_PIT) {
      if (!legacy(s)) ctx.gpio.irq[LEGACY_ROUTE_T0]!.set(level);
    } else {
      s.rtc_irq_level = level & 0xff;
      if (!legacy(s)) ctx.gpio.irq[RTC_ISA_IRQ]!.set(level);
    }
  },

  /**
   * QEMU hpet_timer: a periodic timer advances its target past the current count (strictly:
   * equal does not advance) and re-arms; a 32-bit one-shot waiting for the wrap arms its real
   * target; then the interrupt is set.
   */
  timerExpired(ctx, index) {
    const s = ctx.state;
    const t = s.timer[index]!;
    const period = t.period;
    const cur = ticksNow(ctx);
    const config = low32(t.config);
    if ((config & TYPE) !== 0 && period !== 0n) {
      t.cmp64 = catchUp(t.cmp64, cur, period);
      t.cmp = (config & MODE32) !== 0 ? t.cmp64 & U32 : t.cmp64;
      arm(s, t, t.cmp64, true);
      // A target whose ns value wraps (huge comparator or period) can land in the past again and
      // again: QEMU then refires at the same instant forever (or ~10^6 times while the storm
      // limit creeps up to now). Past a few refires, skip to what QEMU ends with: the first
      // storm-limit step after now, or no deadline at all when it never gets there.
      const now = ctx.now();
      if (t.fired_at === now) t.fired_count++;
      else {
        t.fired_at = now;
        t.fired_count = 1;
      }
      if (t.fired_count > SAME_INSTANT_LIMIT && t.qemu_timer.expireNs <= now) {
        const last = asInt64(t.last);
        if (last < 0n) {
          t.qemu_timer.del();
          ctx.log.guestError(`hpet: timer ${index} periodic target beyond the clock's range; QEMU would refire it forever, stopped`);
        } else {
          const steps = (now - last) / PERIODIC_MIN_NS + 1n;
          t.last = (t.last + steps * PERIODIC_MIN_NS) & U64;
          t.qemu_timer.modNs(asInt64(t.last));
          ctx.log.guestError(`hpet: timer ${index} periodic target in the past; skipped QEMU's refires at ${now} ns`);
        }
      }
    } else if (t.wrap_flag !== 0) {
      t.wrap_flag = 0;
      arm(s, t, t.cmp64, (config & TYPE) !== 0);
    }
    updateIrq(ctx, t, true, t.config, config);
  },

  /** The stream carries the live count (if running) and the configured number of timers. */
  vmstatePreSave(ctx) {
    const s = ctx.state;
    if (enabled(s)) s.hpet_counter = ticksNow(ctx);
    s.num_timers_save = timerCount(ctx);
  },

  /**
   * QEMU 10.0 post_load: 64-bit targets are recomputed from the saved counter, the storm limit
   * is re-based one second back, and without the offset subsection the offset follows the
   * counter. Properties are not touched (10.0 stopped overwriting them).
   */
  vmstatePostLoad(ctx) {
    const s = ctx.state;
    const now = ctx.now();
    const n = timerCount(ctx);
    for (let i = 0; i < n; i++) {
      const t = s.timer[i]!;
      t.cmp64 = cmp64Of(t, s.hpet_counter, t.cmp);
      t.last = (now - NS_PER_SECOND) & U64;
    }
    if (!ctx.props.hpetOffsetSaved) s.hpet_offset = (s.hpet_counter * TICK_NS - now) & U64;
    return undefined;
  },

  /** The stream's timer count must equal ours (version 1 streams always had 3 timers). */
  numTimersMatch(ctx, versionId) {
    const sent = versionId >= 2 ? ctx.state.num_timers_save : V1_TIMERS;
    if (sent !== timerCount(ctx)) return `hpet: num_timers must match (stream has ${sent}, device has ${timerCount(ctx)})`;
    return undefined;
  },

  /** The offset travels only while the counter runs, and only if the machine type wants it. */
  offsetNeeded(ctx) {
    return enabled(ctx.state) && ctx.props.hpetOffsetSaved;
  },

  /**
   * Every timer knows its index (QEMU sets `tn` for all 32 at realize). QEMU's warning for
   * hpet-intcap 0 goes to stderr (warn_report), not to the guest log, so it is not repeated here.
   */
  realize(ctx) {
    const s = ctx.state;
    for (let i = 0; i < s.timer.length; i++) s.timer[i]!.tn = i;
  },

  /**
   * QEMU hpet_reset, first half (it still sees the old configuration): stop every timer and, if
   * its status bit is set, re-run "set" so a pending level line stays as it was; drive
   * pit_enabled high (the PIT's answer passes through only if legacy routing was off).
   */
  preReset(ctx) {
    const s = ctx.state;
    const n = timerCount(ctx);
    for (let i = 0; i < n; i++) {
      const t = s.timer[i]!;
      t.qemu_timer.del();
      if ((s.isr & bitOf(t.tn)) !== 0n) updateIrq(ctx, t, true);
    }
    ctx.gpio['pit-enabled'][0]!.set(true);
  },

  /**
   * QEMU hpet_reset, second half: the registers already took their reset values (GEN_CONF 0,
   * MAIN_CNT's frozen count, timer configuration and comparator; GINTR_STA and the FSB routes
   * are kept, as QEMU keeps them), so only the state behind no register remains: period, wrap
   * flag, offset.
   */
  reset(ctx) {
    const s = ctx.state;
    const n = timerCount(ctx);
    for (let i = 0; i < n; i++) {
      const t = s.timer[i]!;
      t.period = 0n;
      t.wrap_flag = 0;
    }
    s.hpet_offset = 0n;
  },
};

/** The hpet device class: generated type description bound to the hooks above. */
export const hpetClass = defineHpet(hpetHooks);
