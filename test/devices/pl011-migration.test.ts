/** pl011 migration: save → load → save round trip, post_load fix-ups, broken streams rejected untouched. */
import { describe, expect, it } from 'vitest';
import { R, VM, makeRig, patch } from './pl011-helpers.ts';

/** A UART with FIFO content, modem bits and odd register values. */
function busyRig() {
  const r = makeRig();
  r.writel(R.CR, 0x3f81);
  r.writel(R.LCR_H, 0x70);
  r.writel(R.IMSC, 0x7f0);
  for (const b of [0x10, 0x20, 0x30, 0x40, 0x50]) r.writel(R.DR, b);
  r.readl(R.DR);
  r.writel(R.IBRD, 0x1234);
  r.writel(R.FBRD, 0x21);
  r.writel(R.ILPR, 0xdeadbeef);
  return r;
}

describe('pl011 migration', () => {
  it('round-trips save → load → save into a fresh machine with FIFO content', () => {
    const a = busyRig();
    const stream = a.uart.save();
    const b = makeRig();
    expect(b.uart.load(stream)).toEqual({ ok: true });
    expect(Buffer.from(b.uart.save()).toString('hex')).toBe(Buffer.from(stream).toString('hex'));
    expect(b.state().read_count).toBe(4);
    expect([b.readl(R.DR), b.readl(R.DR), b.readl(R.DR), b.readl(R.DR)]).toEqual([0x20, 0x30, 0x40, 0x50]);
    expect(b.readl(R.FR) & 0x10).toBe(0x10);
  });

  it('moves a lone character to slot 0 when the FIFO is off, and masks IBRD/FBRD', () => {
    const r = makeRig();
    let s = r.uart.save();
    s = patch(s, VM.lcr, 0);
    s = patch(s, VM.read_pos, 5);
    s = patch(s, VM.read_count, 1);
    s = patch(s, VM.fifo + 5 * 4, 0x41);
    s = patch(s, VM.ibrd, 0x12345);
    s = patch(s, VM.fbrd, 0xff);
    expect(r.uart.load(s)).toEqual({ ok: true });
    expect([r.state().read_pos, r.state().read_fifo[0], r.state().ibrd, r.state().fbrd]).toEqual([0, 0x41, 0x2345, 0x3f]);
    expect(r.readl(R.DR)).toBe(0x41);
  });

  const broken: [string, (s: Uint8Array) => Uint8Array][] = [
    ['read_pos 16', (s) => patch(s, VM.read_pos, 16)],
    ['read_pos -1', (s) => patch(s, VM.read_pos, -1)],
    ['read_count 17', (s) => patch(s, VM.read_count, 17)],
    ['read_count -1', (s) => patch(s, VM.read_count, -1)],
    ['truncated body', (s) => s.slice(0, 50)],
    ['truncated before the subsection', (s) => s.slice(0, VM.read_trigger + 4 + 1)],
    ['garbage after the fields', (s) => Uint8Array.from([...s.slice(0, VM.read_trigger + 4), 0x42, 0x42, 0x42])],
    ['empty stream', () => new Uint8Array()],
  ];
  for (const [name, mutate] of broken) {
    it(`rejects a stream with ${name} and leaves the device unchanged`, () => {
      const r = busyRig();
      const before = r.uart.save();
      const fifoBefore = Array.from(r.state().read_fifo);
      const result = r.uart.load(mutate(busyRig().uart.save()));
      expect(result.ok).toBe(false);
      expect(Buffer.from(r.uart.save()).toString('hex')).toBe(Buffer.from(before).toString('hex'));
      expect(Array.from(r.state().read_fifo)).toEqual(fifoBefore);
    });
  }
});

describe('pl011 random guest accesses', () => {
  it('never throws and keeps the FIFO bookkeeping in range', () => {
    let seed = 0x2545f491;
    const rand = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const r = makeRig();
    const base = 0x0900_0000;
    const sizes = [1, 2, 4, 8] as const;
    const hot = [0x000, 0x004, 0x018, 0x02c, 0x030, 0x038, 0x044, 0xfe0];
    for (let i = 0; i < 20_000; i++) {
      const off = rand(4) === 0 ? rand(0x1010) : hot[rand(hot.length)]! + rand(4);
      const size = sizes[rand(4)]!;
      if (rand(2) === 0) {
        const v = size === 8 ? (BigInt(rand(2 ** 31)) << 32n) | BigInt(rand(2 ** 31)) : rand(2 ** 31) * 2 + rand(2);
        r.machine.memory.write(base + off, size, size === 8 ? v : Number(v) % 2 ** (8 * size));
      } else {
        r.machine.memory.read(base + off, size);
      }
      if (rand(50) === 0) r.serial.inject(String.fromCharCode(rand(256)));
      if (rand(200) === 0) r.serial.injectEvent('break');
      const s = r.state();
      expect(s.read_pos).toBeGreaterThanOrEqual(0);
      expect(s.read_pos).toBeLessThan(16);
      expect(s.read_count).toBeGreaterThanOrEqual(0);
    }
    expect(r.readl(R.FR) & 0x80).toBe(0x80);
  });
});
