/**
 * Hand-written behaviour of the 8254 PIT, as QEMU 10.0's i8254 counts: a counter's value and
 * output are functions of the virtual time since its last load (nothing ticks), so with the
 * clock standing still a guest sees exactly what programming alone does — a mode 0 load drops
 * OUT at once, a latch freezes the count, read-back reports output, access mode and mode.
 * Channel 0's output drives the `irq` line through a timer armed at its next change
 * (QEMU's irq_timer); channels 1 and 2 are computed when read.
 *
 * Verified on QEMU 10.0 (-M pc, stopped at time 0): `inb 0x40` after reset reads 0 (the low
 * byte of 0x10000); `outb 0x43 0x30; outb 0x40 5; outb 0x40 0` with GSI 0 intercepted at the
 * IOAPIC prints `IRQ lower 0` (mode 0 output low until the count runs out); see
 * test/diff/cases/pit-*.qtest.
 */
import type { IsaPitContext, IsaPitHooks, IsaPitPitChannel as PitChannel } from '../../generated/isa-pit/isa-pit.hooks.ts';
import { defineIsaPit } from '../../generated/isa-pit/isa-pit.qom.ts';
import { SPEAKER_DATA_ON, SPEAKER_DATA_ON_SHIFT, SPEAKER_GATE2, SPEAKER_OUT2, SPEAKER_REFRESH } from '../../generated/isa-pit/isa-pit.registers.ts';

/** Input clock of the 8254 (PIT_FREQ). */
const PIT_HZ = 1_193_182n;
const NS_PER_S = 1_000_000_000n;

/** read_state / write_state / rw_mode values (QEMU RW_STATE_*). */
const RW_LSB = 1;
const RW_MSB = 2;
const RW_WORD0 = 3;
const RW_WORD1 = 4;

/** Channel 2 is the speaker's. */
const SPEAKER_CHANNEL = 2;

/** Input-clock ticks of `ch` between its last load and `ns` (QEMU muldiv64 rounds down). */
function ticks(ch: PitChannel, ns: bigint): bigint {
  return ((ns - ch.count_load_time) * PIT_HZ) / NS_PER_S;
}

/** QEMU pit_get_count: the counter's current value. */
function currentCount(ctx: IsaPitContext, ch: PitChannel): number {
  const d = ticks(ch, ctx.now());
  const count = BigInt(ch.count);
  switch (ch.mode) {
    case 0:
    case 1:
    case 4:
    case 5:
      return Number((count - d) & 0xffffn);
    case 3:
      // Mode 3 counts down by two.
      return Number(count - ((2n * d) % count));
    default:
      return Number(count - (d % count));
  }
}

/** QEMU pit_get_out: the output level at `ns`. */
function outputAt(ch: PitChannel, ns: bigint): boolean {
  const d = ticks(ch, ns);
  const count = BigInt(ch.count);
  switch (ch.mode) {
    case 1:
      return d < count;
    case 2:
      return d % count === 0n && d !== 0n;
    case 3:
      return d % count < (count + 1n) >> 1n;
    case 4:
    case 5:
      return d === count;
    default:
      return d >= count;
  }
}

/** QEMU pit_get_next_transition_time: when the output changes next after `ns`, or -1n. */
function nextTransition(ch: PitChannel, ns: bigint): bigint {
  const d = ticks(ch, ns);
  const count = BigInt(ch.count);
  let next: bigint;
  switch (ch.mode) {
    case 1:
      if (d >= count) return -1n;
      next = count;
      break;
    case 2: {
      const base = (d / count) * count;
      next = d - base === 0n && d !== 0n ? base + count : base + count + 1n;
      break;
    }
    case 3: {
      const base = (d / count) * count;
      const half = (count + 1n) >> 1n;
      next = d - base < half ? base + half : base + count;
      break;
    }
    case 4:
    case 5:
      if (d < count) next = count;
      else if (d === count) next = count + 1n;
      else return -1n;
      break;
    default:
      if (d >= count) return -1n;
      next = count;
      break;
  }
  let at = ch.count_load_time + (next * NS_PER_S) / PIT_HZ;
  // The tick-to-ns rounding can land on or before `ns`; QEMU then moves one ns on.
  if (at <= ns) at = ns + 1n;
  return at;
}

/** QEMU pit_irq_timer_update for channel 0: drive OUT0 as it is at `at` and arm its next change. */
function irqUpdate(ctx: IsaPitContext, at: bigint): void {
  const ch = ctx.state.channels[0]!;
  if (ctx.state.irq_disabled) return;
  const expire = nextTransition(ch, at);
  ctx.gpio.irq[0]!.set(outputAt(ch, at));
  ch.next_transition_time = expire;
  if (expire !== -1n) ch.irq_timer.modNs(expire);
  else ch.irq_timer.del();
}

/** QEMU pit_load_count: 0 loads 0x10000; the count restarts now. */
function loadCount(ctx: IsaPitContext, index: number, value: number): void {
  const ch = ctx.state.channels[index]!;
  ch.count_load_time = ctx.now();
  ch.count = value === 0 ? 0x10000 : value;
  if (index === 0) irqUpdate(ctx, ch.count_load_time);
}

/** QEMU pit_latch_count: keeps the current count until it is read (a second latch does nothing). */
function latchCount(ctx: IsaPitContext, ch: PitChannel): void {
  if (ch.count_latched !== 0) return;
  ch.latched_count = currentCount(ctx, ch) & 0xffff;
  ch.count_latched = ch.rw_mode;
}

/** QEMU pit_set_gate: a rising gate restarts the count in modes 1, 2, 3 and 5. */
function setGate(ctx: IsaPitContext, index: number, level: number): void {
  const ch = ctx.state.channels[index]!;
  if ([1, 2, 3, 5].includes(ch.mode) && ch.gate < level) {
    ch.count_load_time = ctx.now();
    if (index === 0) irqUpdate(ctx, ch.count_load_time);
  }
  ch.gate = level;
}

/** The read-back command: latch count and/or status of each selected counter. */
function readBack(ctx: IsaPitContext, value: number): void {
  for (let i = 0; i < 3; i++) {
    if ((value & (2 << i)) === 0) continue;
    const ch = ctx.state.channels[i]!;
    if ((value & 0x20) === 0) latchCount(ctx, ch);
    if ((value & 0x10) === 0 && ch.status_latched === 0) {
      ch.status = ((outputAt(ch, ctx.now()) ? 1 : 0) << 7) | (ch.rw_mode << 4) | (ch.mode << 1) | ch.bcd;
      ch.status_latched = 1;
    }
  }
}

/** The PIT hooks, one per hook the definition declares. */
export const isaPitHooks: IsaPitHooks = {
  /** The HPET's pit-enabled line: low mutes the output, high drives it at once and follows it. */
  gpioInIrqEnable(ctx, _n, level) {
    ctx.state.irq_disabled = level === 0;
    if (level !== 0) irqUpdate(ctx, ctx.now());
    else ctx.state.channels[0]!.irq_timer.del();
  },

  /**
   * Channel 0's output changes: evaluated at the transition time itself, as QEMU's
   * pit_irq_timer does. That is now, unless the clock moved this timer on by whole periods
   * (its bound on one step's expiries); then it is now.
   */
  irqTimerExpired(ctx, index) {
    const due = ctx.state.channels[index]!.next_transition_time;
    const now = ctx.now();
    irqUpdate(ctx, due < now ? now : due);
  },

  /** A count read: a latched status first, then a latched count, else the live count by read state. */
  readCOUNTER(ctx, index) {
    const ch = ctx.state.channels[index]!;
    if (ch.status_latched !== 0) {
      ch.status_latched = 0;
      return ch.status;
    }
    if (ch.count_latched !== 0) {
      switch (ch.count_latched) {
        case RW_MSB:
          ch.count_latched = 0;
          return (ch.latched_count >> 8) & 0xff;
        case RW_WORD0:
          ch.count_latched = RW_MSB;
          return ch.latched_count & 0xff;
        default:
          ch.count_latched = 0;
          return ch.latched_count & 0xff;
      }
    }
    const count = currentCount(ctx, ch);
    switch (ch.read_state) {
      case RW_MSB:
        return (count >> 8) & 0xff;
      case RW_WORD0:
        ch.read_state = RW_WORD1;
        return count & 0xff;
      case RW_WORD1:
        ch.read_state = RW_WORD0;
        return (count >> 8) & 0xff;
      default:
        return count & 0xff;
    }
  },

  /** A count write, by write state: low byte, high byte, or the two halves of a word. */
  writeCOUNTER(ctx, index, value) {
    const ch = ctx.state.channels[index]!;
    const v = value & 0xff;
    switch (ch.write_state) {
      case RW_MSB:
        loadCount(ctx, index, v << 8);
        break;
      case RW_WORD0:
        ch.write_latch = v;
        ch.write_state = RW_WORD1;
        break;
      case RW_WORD1:
        loadCount(ctx, index, ch.write_latch | (v << 8));
        ch.write_state = RW_WORD0;
        break;
      default:
        loadCount(ctx, index, v);
        break;
    }
  },

  /** The mode/command port is write-only; QEMU answers 0 without a log line. */
  readCONTROL() {
    return 0;
  },

  /**
   * A control word: counter select in bits 7:6 (3 = read-back), access in 5:4 (0 = latch),
   * mode in 3:1, BCD in 0. Programming a mode does not touch the output until a count is
   * loaded, as in QEMU.
   */
  writeCONTROL(ctx, value) {
    const v = value & 0xff;
    const channel = v >> 6;
    if (channel === 3) {
      readBack(ctx, v);
      return;
    }
    const ch = ctx.state.channels[channel]!;
    const access = (v >> 4) & 3;
    if (access === 0) {
      latchCount(ctx, ch);
      return;
    }
    ch.rw_mode = access;
    ch.read_state = access;
    ch.write_state = access;
    ch.mode = (v >> 1) & 7;
    ch.bcd = v & 1;
  },

  /** QEMU pcspk_io_read: gate 2, speaker data, the refresh toggle (flipped by every read), output 2. */
  readSPEAKER(ctx) {
    const s = ctx.state;
    const ch = s.channels[SPEAKER_CHANNEL]!;
    s.refresh_clock ^= SPEAKER_REFRESH;
    return (ch.gate !== 0 ? SPEAKER_GATE2 : 0) | (s.speaker_data_on !== 0 ? SPEAKER_DATA_ON : 0) | s.refresh_clock | (outputAt(ch, ctx.now()) ? SPEAKER_OUT2 : 0);
  },

  /** QEMU pcspk_io_write: bit 1 is speaker data, bit 0 channel 2's gate (set on every write). */
  writeSPEAKER(ctx, value) {
    ctx.state.speaker_data_on = (value & SPEAKER_DATA_ON) >> SPEAKER_DATA_ON_SHIFT;
    setGate(ctx, SPEAKER_CHANNEL, value & SPEAKER_GATE2);
  },

  /**
   * QEMU pit_reset: mode 3, gate high except channel 2's, count 0x10000 loaded now; channel 0
   * re-arms its timer unless muted, without driving the line. Everything else survives.
   */
  reset(ctx) {
    const now = ctx.now();
    ctx.state.channels.forEach((ch, i) => {
      ch.mode = 3;
      ch.gate = i === SPEAKER_CHANNEL ? 0 : 1;
      ch.count_load_time = now;
      ch.count = 0x10000;
    });
    const ch0 = ctx.state.channels[0]!;
    if (!ctx.state.irq_disabled) {
      ch0.next_transition_time = nextTransition(ch0, now);
      ch0.irq_timer.modNs(ch0.next_transition_time);
    }
  },
};

/** The isa-pit device class: generated type description bound to the hooks above. */
export const isaPitClass = defineIsaPit(isaPitHooks);
