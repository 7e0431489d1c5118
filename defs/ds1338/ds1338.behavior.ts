/**
 * Hand-written behaviour of the DS1338 I2C real-time clock, as QEMU 10.0's model behaves: the
 * register pointer, the capture of the RTC's date into the time registers, time writes that
 * move the offset, and the control register's read-as-zero and clear-only bits.
 */
import type { Ds1338Context, Ds1338Hooks } from '../../generated/ds1338/ds1338.hooks.ts';
import { defineDs1338 } from '../../generated/ds1338/ds1338.qom.ts';
import type { RtcDate } from 'devgen/runtime';

/** Register numbers: the time and date registers, then the control register. */
const REG_SECONDS = 0;
const REG_MINUTES = 1;
const REG_HOURS = 2;
const REG_DAY = 3;
const REG_DATE = 4;
const REG_MONTH = 5;
const REG_YEAR = 6;
const REG_CONTROL = 7;
/** Hours register: 12-hour mode and its PM flag. */
const HOURS_12 = 0x40;
const HOURS_PM = 0x20;
/** Control register: the oscillator-stop flag, which a write can only clear, and the bits that read back. */
const CTRL_OSF = 0x20;
const CTRL_WRITABLE = 0xb3;

function toBcd(v: number): number {
  return ((Math.trunc(v / 10) << 4) | (v % 10)) & 0xff;
}

function fromBcd(v: number): number {
  return (v >> 4) * 10 + (v & 0x0f);
}

/** The RTC's date moved by the chip's offset (QEMU qemu_get_timedate(&now, s->offset)). */
function chipDate(ctx: Ds1338Context): RtcDate {
  return ctx.rtc.date(Number(ctx.state.offset));
}

/** Copies the current date into the time registers (QEMU capture_current_time). */
function captureTime(ctx: Ds1338Context): void {
  const s = ctx.state;
  const now = chipDate(ctx);
  s.nvram[REG_SECONDS] = toBcd(now.sec);
  s.nvram[REG_MINUTES] = toBcd(now.min);
  if ((s.nvram[REG_HOURS]! & HOURS_12) !== 0) {
    let h = now.hour;
    if (h % 12 === 0) h += 12;
    s.nvram[REG_HOURS] = h <= 12 ? HOURS_12 | toBcd(h) : HOURS_12 | HOURS_PM | toBcd(h - 12);
  } else {
    s.nvram[REG_HOURS] = toBcd(now.hour);
  }
  s.nvram[REG_DAY] = ((now.wday + s.wday_offset) % 7) + 1;
  s.nvram[REG_DATE] = toBcd(now.mday);
  s.nvram[REG_MONTH] = toBcd(now.mon + 1);
  s.nvram[REG_YEAR] = toBcd(now.year - 100);
}

/** Steps the pointer; wrapping to 0 captures the time again (QEMU inc_regptr). */
function incrementPointer(ctx: Ds1338Context): void {
  const s = ctx.state;
  s.ptr = (s.ptr + 1) & (s.nvram.length - 1);
  if (s.ptr === 0) captureTime(ctx);
}

/** A write to time register `reg`: the date with that field replaced, as the new offset. */
function writeTime(ctx: Ds1338Context, reg: number, data: number): void {
  const s = ctx.state;
  const now = { ...chipDate(ctx) };
  switch (reg) {
    case REG_SECONDS:
      now.sec = fromBcd(data & 0x7f);
      break;
    case REG_MINUTES:
      now.min = fromBcd(data & 0x7f);
      break;
    case REG_HOURS:
      if ((data & HOURS_12) !== 0) {
        let h = fromBcd(data & (HOURS_PM - 1));
        if ((data & HOURS_PM) !== 0) h += 12;
        if (h % 12 === 0) h -= 12;
        now.hour = h;
      } else {
        now.hour = fromBcd(data & (HOURS_12 - 1));
      }
      break;
    case REG_DAY:
      // The register holds 1-7 (0 is undefined on the chip); the offset is kept modulo 7.
      s.wday_offset = ((data & 7) - 1 - now.wday + 7) % 7;
      break;
    case REG_DATE:
      now.mday = fromBcd(data & 0x3f);
      break;
    case REG_MONTH:
      now.mon = fromBcd(data & 0x1f) - 1;
      break;
    default:
      now.year = fromBcd(data) + 100;
      break;
  }
  s.offset = BigInt(ctx.rtc.diff(now));
}

/** The DS1338 hooks, one per hook the definition declares. */
export const ds1338Hooks: Ds1338Hooks = {
  /** START of a read captures the time; START of a write expects the pointer byte. */
  i2cEvent(ctx, event) {
    if (event === 'start-recv') captureTime(ctx);
    else if (event === 'start-send') ctx.state.addr_byte = true;
    return 0;
  },

  i2cRecv(ctx) {
    const s = ctx.state;
    const value = s.nvram[s.ptr]!;
    ctx.trace.ds1338_recv(s.ptr, value);
    incrementPointer(ctx);
    return value;
  },

  i2cSend(ctx, byte) {
    const s = ctx.state;
    ctx.trace.ds1338_send(s.ptr, byte);
    if (s.addr_byte) {
      s.ptr = byte & (s.nvram.length - 1);
      s.addr_byte = false;
      return 0;
    }
    if (s.ptr < REG_CONTROL) {
      writeTime(ctx, s.ptr, byte);
    } else if (s.ptr === REG_CONTROL) {
      const data = byte & CTRL_WRITABLE;
      s.nvram[REG_CONTROL] = (data & ~CTRL_OSF) | (data & s.nvram[REG_CONTROL]! & CTRL_OSF);
    } else {
      s.nvram[s.ptr] = byte;
    }
    incrementPointer(ctx);
    return 0;
  },

  /** The registers are cleared too (the scalar fields take their reset values). */
  reset(ctx) {
    ctx.state.nvram.fill(0);
  },
};

/** The ds1338 device class: generated type description bound to the hooks above. */
export const ds1338Class = defineDs1338(ds1338Hooks);
