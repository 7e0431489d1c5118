/**
 * The DS1338 on versatilepb's I2C bus (0x68), bit-banged through the versatile_i2c controller:
 * the captured date on a fixed RTC source and on a host clock the test moves, time writes
 * (measured from the host clock's reference, as QEMU's qemu_timedate_diff), the 12-hour form,
 * the control register, the pointer wrap, reset, migration and the -dump-vmstate entry.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import { mmioBase } from '../../runtime/src/board/index.ts';
import { versatilepbMachine } from '../../generated/machines/versatilepb.machine.ts';
import type { HostTime } from 'devgen/runtime';
import { rigOn } from './pcf8574-helpers.ts';
import { vmstateEntries } from '../support/qemu-vmstate-dump.ts';

const RTC = 0x68;
const I2C = mmioBase(versatilepbMachine, 'i2c');
const SYSCTL = mmioBase(versatilepbMachine, 'sysctl');

/** A host clock the test moves by hand. */
function fakeHost(startMs: number): HostTime & { advance(ms: number): void } {
  let now = startMs;
  return { nowMs: () => now, monotonicMs: () => now, schedule: () => () => undefined, advance: (ms) => void (now += ms) };
}

function rig(rtc?: string, hostTime?: HostTime) {
  const r = rigOn(createMachine('versatilepb', { ...(rtc === undefined ? {} : { rtc }), ...(hostTime === undefined ? {} : { hostTime }) }), I2C);
  const regs = (ptr: number, count: number): number[] => {
    r.i2c.write(RTC, [ptr]);
    return r.i2c.read(RTC, count)!;
  };
  return { ...r, regs, dev: r.machine.device('/machine/unattached/device[24]')! };
}

const hex = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('ds1338 time and date', () => {
  it('a read captures the fixed RTC date: 2020-01-01 00:00:00, a Wednesday', () => {
    const r = rig('base=2020-01-01T00:00:00,clock=vm');
    expect(hex(r.regs(0, 8))).toBe('00 00 00 04 01 01 20 00');
    r.machine.clock.step(3_725_000_000_000n);
    expect(hex(r.regs(0, 3))).toBe('05 02 01');
  });

  it('on the host clock (the default) the date follows host time', () => {
    const host = fakeHost(Date.UTC(2024, 1, 29, 23, 59, 58));
    const r = rig(undefined, host);
    expect(hex(r.regs(0, 7))).toBe('58 59 23 05 29 02 24');
    host.advance(3000);
    expect(hex(r.regs(0, 7))).toBe('01 00 00 06 01 03 24');
  });

  it('time writes move the offset from the host reference; the date keeps running from there', () => {
    const host = fakeHost(Date.UTC(2024, 0, 1));
    const r = rig(undefined, host);
    // Day 2 is written while the date is still Monday 2024-01-01 (offset 0 days); 2099-08-15 is
    // a Saturday, so the day register then reads 7.
    r.i2c.write(RTC, [0, 0x45, 0x30, 0x13, 0x02, 0x15, 0x08, 0x99]);
    expect(hex(r.regs(0, 7))).toBe('45 30 13 07 15 08 99');
    host.advance(16_000);
    expect(hex(r.regs(0, 2))).toBe('01 31');
  });

  it('12-hour writes set the hour, which reads back in 24-hour form (QEMU never stores the mode bit)', () => {
    const r = rig(undefined, fakeHost(Date.UTC(2024, 0, 1)));
    for (const [h, back] of [[0x52, 0x00], [0x61, 0x13], [0x72, 0x12]] as const) {
      r.i2c.write(RTC, [2, h]);
      expect(r.regs(2, 1)).toEqual([back]);
    }
  });

  it('with clock=vm a time write is measured from the host clock, as in QEMU: host seconds since start shift it', () => {
    const host = fakeHost(Date.UTC(2030, 0, 1));
    const r = rig('base=2020-01-01T00:00:00,clock=vm', host);
    host.advance(5000);
    r.i2c.write(RTC, [0, 0x30]);
    expect(r.regs(0, 1)).toEqual([0x25]);
  });
});

describe('ds1338 registers', () => {
  it('control: bits 2, 3 and 6 read 0, OSF can only be cleared; NVRAM keeps bytes; the pointer wraps and recaptures', () => {
    const r = rig('base=2006-06-17T16:01:21,clock=vm');
    r.i2c.write(RTC, [7, 0xff, 0x11, 0x22]);
    expect(hex(r.regs(7, 3))).toBe('93 11 22');
    r.i2c.write(RTC, [0x3f, 0x5a]);
    expect(hex(r.regs(0x3e, 4))).toBe('00 5a 21 01');
  });

  it('ACKs its address; a system reset (through the system controller) clears registers and pointer', () => {
    const r = rig('base=2020-01-01T00:00:00,clock=vm');
    expect(r.i2c.write(RTC, [0x20, 0xab])).toEqual([true, true, true]);
    expect(r.i2c.write(0x69, [0])).toEqual([false, false]);
    r.q(`writel ${SYSCTL + 0x20} 0xa05f`);
    r.q(`writel ${SYSCTL + 0x40} 0x100`);
    r.q('readl 0x0');
    expect(r.regs(0x20, 1)).toEqual([0]);
  });
});

describe('ds1338 migration', () => {
  it('round-trips offset, day-of-week offset, registers, pointer and address byte', () => {
    const a = rig('base=2020-01-01T00:00:00,clock=vm');
    a.i2c.write(RTC, [3, 0x06, 0x12]);
    a.i2c.write(RTC, [0x30, 1, 2, 3]);
    const stream = a.dev.save();
    const b = rig('base=2020-01-01T00:00:00,clock=vm');
    expect(b.dev.load(stream)).toEqual({ ok: true });
    expect(Buffer.from(b.dev.save()).toString('hex')).toBe(Buffer.from(stream).toString('hex'));
    expect(hex(b.regs(0x30, 3))).toBe('01 02 03');
    // Day 6 was written on Wednesday 2020-01-01 (two days ahead), then the date became Sunday the 12th.
    expect(b.regs(3, 1)).toEqual([3]);
  });

  it('a version 1 stream (no day-of-week offset) loads; a truncated one is rejected and changes nothing', () => {
    const a = rig('base=2020-01-01T00:00:00,clock=vm');
    a.i2c.write(RTC, [0x30, 9]);
    const v2 = a.dev.save();
    // I2CSlave address (1), offset (8), then wday_offset (1) only in version 2.
    const v1 = Uint8Array.from([...v2.slice(0, 9), ...v2.slice(10)]);
    const b = rig('base=2020-01-01T00:00:00,clock=vm');
    expect(b.dev.load(v1, 1)).toEqual({ ok: true });
    expect(b.regs(0x30, 1)).toEqual([9]);
    const before = b.dev.save();
    expect(b.dev.load(v2.slice(0, 20)).ok).toBe(false);
    expect(Buffer.from(b.dev.save()).toString('hex')).toBe(Buffer.from(before).toString('hex'));
  });
});

describe('ds1338 -dump-vmstate', () => {
  it('equals QEMU 10.0\'s "ds1338" entry byte for byte (versatilepb)', () => {
    const { qemu, devgen } = vmstateEntries('arm', 'versatilepb', 'ds1338');
    expect(qemu).toBeDefined();
    expect(devgen).toBe(qemu);
  }, 60_000);
});
