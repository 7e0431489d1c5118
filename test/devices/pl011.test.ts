/** pl011 behaviour through the bus: TX, RX with flow control, interrupt lines, loopback, break, reset. */
import { describe, expect, it } from 'vitest';
import { R, makeRig } from './pl011-helpers.ts';

const FR_RXFE = 0x10;
const FR_RXFF = 0x40;
const FR_TXFE = 0x80;

describe('pl011 transmit', () => {
  it('sends the low byte of each DR write to the chardev and sets RIS.TX', () => {
    const r = makeRig();
    for (const ch of 'Hello from devgen') r.writel(R.DR, 0xffffff00 | ch.charCodeAt(0));
    expect(r.serial.outputText()).toBe('Hello from devgen');
    expect(r.readl(R.RIS)).toBe(0x20);
    expect(r.line(2)).toBe(false); // masked
    r.writel(R.IMSC, 0x20);
    expect([r.line(0), r.line(2), r.gicLevel()]).toEqual([true, true, true]);
    r.writel(R.ICR, 0x20);
    expect([r.line(0), r.line(2), r.gicLevel()]).toEqual([false, false, false]);
  });

  it('logs a guest error for a write to a disabled UART but still transmits', () => {
    const r = makeRig();
    r.writel(R.DR, 0x41);
    r.writel(R.CR, 0x301);
    r.writel(R.DR, 0x42);
    r.writel(R.CR, 0x001);
    r.writel(R.DR, 0x43);
    expect(r.serial.outputText()).toBe('ABC');
    const msgs = (r.machine.log as unknown as { entries(): { message: string }[] }).entries().map((e) => e.message);
    expect(msgs.filter((m) => m === 'PL011 data written to disabled UART')).toHaveLength(1);
    expect(msgs.filter((m) => m === 'PL011 data written to disabled TX UART')).toHaveLength(1);
  });
});

describe('pl011 receive', () => {
  it('takes one byte at a time without FIFO and the rest as DR reads free space', () => {
    const r = makeRig();
    r.serial.inject('abc');
    expect(r.state().read_count).toBe(1);
    expect(r.readl(R.FR) & (FR_RXFF | FR_RXFE)).toBe(FR_RXFF);
    expect(r.readl(R.RIS) & 0x10).toBe(0x10);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) got.push(r.readl(R.DR));
    expect(String.fromCharCode(...got)).toBe('abc');
    expect(r.readl(R.FR) & (FR_RXFF | FR_RXFE)).toBe(FR_RXFE);
    expect(r.readl(R.RIS) & 0x10).toBe(0);
  });

  it('fills 16 entries with FEN and delivers the rest after reads', () => {
    const r = makeRig();
    r.writel(R.LCR_H, 0x70);
    const text = 'abcdefghijklmnopqrstuvwxyz';
    r.serial.inject(text);
    expect(r.state().read_count).toBe(16);
    expect(r.readl(R.FR) & FR_RXFF).toBe(FR_RXFF);
    let got = '';
    for (let i = 0; i < text.length; i++) got += String.fromCharCode(r.readl(R.DR) & 0xff);
    expect(got).toBe(text);
    expect(r.readl(R.FR)).toBe(FR_RXFE | FR_TXFE);
  });

  it('raises the RX line at the first byte when IMSC.RX is set', () => {
    const r = makeRig();
    r.writel(R.IMSC, 0x10);
    r.serial.inject('x');
    expect([r.line(0), r.line(1), r.gicLevel()]).toEqual([true, true, true]);
    expect(r.readl(R.DR)).toBe(0x78);
    expect([r.line(0), r.line(1), r.gicLevel()]).toEqual([false, false, false]);
  });

  it('turns a chardev break into a 0x400 entry (RSR.BE after the read), not RIS.BE', () => {
    const r = makeRig();
    r.serial.injectEvent('break');
    expect(r.readl(R.RIS)).toBe(0x10);
    expect(r.readl(R.DR)).toBe(0x400);
    expect(r.readl(R.RSR)).toBe(0x4);
    r.writel(R.RSR, 0);
    expect(r.readl(R.RSR)).toBe(0);
  });

  it('drops chardev bytes and breaks in loopback but loops TX back', () => {
    const r = makeRig();
    r.writel(R.CR, 0x381);
    r.serial.inject('zz');
    r.serial.injectEvent('break');
    expect(r.state().read_count).toBe(0);
    r.writel(R.DR, 0x55);
    expect(r.readl(R.DR)).toBe(0x55);
    expect(r.serial.outputText()).toBe('U');
  });
});

describe('pl011 interrupt lines', () => {
  it('drives each of the six lines from RIS & IMSC with its mask', () => {
    const r = makeRig();
    r.writel(R.IMSC, 0x7ff);
    // TX (line 2)
    r.writel(R.DR, 0x41);
    expect([0, 1, 2, 3, 4, 5].map((i) => r.line(i))).toEqual([true, false, true, false, false, false]);
    r.writel(R.ICR, 0x20);
    // RX via loopback (line 1)
    r.writel(R.CR, 0x381);
    r.writel(R.DR, 0x42);
    r.writel(R.ICR, 0x20);
    expect([0, 1, 2, 3, 4, 5].map((i) => r.line(i))).toEqual([true, true, false, false, false, false]);
    r.readl(R.DR);
    expect(r.line(0)).toBe(false);
    // Modem status via loopback (line 4)
    r.writel(R.CR, 0x3c81);
    expect([0, 1, 2, 3, 4, 5].map((i) => r.line(i))).toEqual([true, false, false, false, true, false]);
    r.writel(R.ICR, 0xf);
    expect(r.line(4)).toBe(false);
    // RT (line 3) is never raised by QEMU's model; E (line 5) only from a migrated RIS.
    expect(r.line(3)).toBe(false);
    const stream = r.uart.save();
    const view = new DataView(stream.buffer, stream.byteOffset);
    view.setUint32(28, 0x780, false);
    expect(r.uart.load(stream)).toEqual({ ok: true });
    r.writel(R.IMSC, 0x780);
    expect([0, 1, 2, 3, 4, 5].map((i) => r.line(i))).toEqual([true, false, false, false, false, true]);
    r.writel(R.IMSC, 0);
    expect([0, 1, 2, 3, 4, 5].map((i) => r.line(i))).toEqual([false, false, false, false, false, false]);
  });

  it('mirrors the modem outputs in loopback and keeps them latched after LBE is cleared', () => {
    const r = makeRig();
    r.writel(R.CR, 0x3c80);
    expect(r.readl(R.FR) & 0x107).toBe(0x107);
    expect(r.readl(R.RIS)).toBe(0xf);
    r.writel(R.CR, 0x0300);
    expect(r.readl(R.FR) & 0x107).toBe(0x107);
    r.writel(R.CR, 0x0880);
    expect(r.readl(R.FR) & 0x107).toBe(0x001);
    expect(r.readl(R.RIS)).toBe(0x2);
  });
});

describe('pl011 loopback FIFO edge cases', () => {
  it('pushes a break with the old depth when FEN and BRK are set together', () => {
    const r = makeRig();
    r.writel(R.CR, 0x381);
    r.writel(R.LCR_H, 0x11);
    expect(r.readl(R.FR)).toBe(0xc0);
    expect(r.serial.breakOn).toBe(true);
    r.writel(R.LCR_H, 0x10);
    expect(r.serial.breakOn).toBe(false);
  });

  it('counts past the depth without FIFO and re-reads slot 0', () => {
    const r = makeRig();
    r.writel(R.CR, 0x381);
    for (const b of [0x31, 0x32, 0x33]) r.writel(R.DR, b);
    expect(r.state().read_count).toBe(3);
    expect([r.readl(R.DR), r.readl(R.DR), r.readl(R.DR), r.readl(R.DR)]).toEqual([0x33, 0x33, 0x33, 0x33]);
    expect(r.readl(R.FR) & FR_RXFE).toBe(FR_RXFE);
  });
});

describe('pl011 reset', () => {
  it('restores reset values, keeps FIFO contents and does not touch the lines', () => {
    const r = makeRig();
    r.writel(R.IMSC, 0x20);
    r.writel(R.CR, 0x381);
    r.writel(R.LCR_H, 0x70);
    r.writel(R.DR, 0x5a);
    for (const off of [R.ILPR, R.IBRD, R.FBRD, R.IFLS, R.DMACR]) r.writel(off, 0x3);
    expect(r.gicLevel()).toBe(true);
    r.machine.reset();
    const regs = [R.RSR, R.FR, R.ILPR, R.IBRD, R.FBRD, R.LCR_H, R.CR, R.IFLS, R.IMSC, R.RIS, R.MIS, R.DMACR].map((o) => r.readl(o));
    expect(regs).toEqual([0, 0x90, 0, 0, 0, 0, 0x300, 0x12, 0, 0, 0, 0]);
    expect(r.state().read_fifo[0]).toBe(0x5a);
    expect([r.state().read_pos, r.state().read_count, r.state().read_trigger]).toEqual([0, 0, 1]);
    expect(r.gicLevel()).toBe(true); // QEMU's reset does not recompute the lines
    expect(r.readl(R.DR)).toBe(0x5a); // stale entry of the empty FIFO
  });
});
