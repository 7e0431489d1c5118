/**
 * The PIT's counters programmed through their ports, on the devgen virtual clock (QEMU's qtest
 * oracle runs stopped, so this is where time moves): mode 0 raises OUT0 once at the terminal
 * count, mode 2 gives one-tick pulses every period, the live count runs down between reads,
 * and the speaker port's bit 5 follows channel 2's square wave. Expected times are QEMU's
 * arithmetic: tick k is at floor(k * 10^9 / 1193182) ns after the load.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import { QtestSession, qtestTargetFromMachine } from '../../runtime/src/qtest/index.ts';

const HZ = 1_193_182n;
const tickNs = (k: bigint): bigint => (k * 1_000_000_000n) / HZ;

function rig(): { m: Machine; q: (cmd: string) => string[] } {
  const m = createMachine('pc');
  const s = new QtestSession(qtestTargetFromMachine(m));
  return { m, q: (cmd) => s.command(cmd) };
}

describe('isa-pit on the virtual clock', () => {
  it('mode 0: OUT0 drops at the load and rises once at the terminal count', () => {
    const { q } = rig();
    q('irq_intercept_in /machine/i440fx/ioapic');
    q('outb 0x43 0x30');
    q('outb 0x40 0xe8');
    // OUT0 falls here, unannounced: QEMU's qtest record of every line starts at 0.
    expect(q('outb 0x40 0x03')).toEqual(['OK']); // count 1000
    const due = tickNs(1000n);
    expect(q(`clock_step ${due - 1n}`)).toEqual([`OK ${due - 1n}`]);
    // At the rounded-down deadline the tick count is one short; the rise follows 1 ns later.
    expect(q('clock_step 2')).toEqual(['IRQ raise 0', `OK ${due + 1n}`]);
    expect(q('clock_step 100000000')).toEqual([`OK ${due + 1n + 100_000_000n}`]);
  });

  it('mode 2: a one-tick pulse at the end of every period', () => {
    const { m, q } = rig();
    const raises: bigint[] = [];
    const ioapic = m.resolvePath('/machine/i440fx/ioapic') as { qtestDevice: { gpioLists: { name: string | null; interceptInput(n: number, o: (l: number) => void): void }[] } };
    q('outb 0x43 0x34');
    q('outb 0x40 0xa9');
    q('outb 0x40 0x04'); // count 1193: about 1 ms
    let last = 0;
    ioapic.qtestDevice.gpioLists.find((l) => l.name === null)!.interceptInput(0, (level) => {
      if (level !== 0 && last === 0) raises.push(m.clock.now());
      last = level;
    });
    m.clock.step(5_000_000n);
    expect(raises).toHaveLength(4);
    // QEMU arms the timer one tick after each period's end (base + count + 1); at that
    // rounded-down instant the tick count is still the period's end, so the output is high
    // there and falls 1 ns later: pulses come one period apart.
    expect(raises[0]).toBe(tickNs(1194n));
    for (let i = 1; i < raises.length; i++) expect(raises[i]! - tickNs(1193n * BigInt(i + 1) + 1n)).toBeLessThanOrEqual(1n);
  });

  it('the live count runs down between reads; a latch holds it', () => {
    const { m, q } = rig();
    q('outb 0x43 0x34');
    q('outb 0x40 0x10');
    q('outb 0x40 0x27'); // count 10000, mode 2
    m.clock.step(tickNs(2500n) + 1n);
    q('outb 0x43 0x00');
    m.clock.step(tickNs(1000n));
    const lo = Number(q('inb 0x40')[0]!.slice(3));
    const hi = Number(q('inb 0x40')[0]!.slice(3));
    expect(hi * 256 + lo).toBe(10000 - 2500);
    const lo2 = Number(q('inb 0x40')[0]!.slice(3));
    const hi2 = Number(q('inb 0x40')[0]!.slice(3));
    expect(hi2 * 256 + lo2).toBeLessThan(10000 - 3400);
  });

  it('the speaker port shows channel 2 in mode 3 toggling every half period', () => {
    const { m, q } = rig();
    q('outb 0x61 1'); // gate 2 high
    q('outb 0x43 0xb6');
    q('outb 0x42 100');
    q('outb 0x42 0');
    const out2 = (): boolean => (Number(q('inb 0x61')[0]!.slice(3)) & 0x20) !== 0;
    expect(out2()).toBe(true);
    m.clock.step(tickNs(50n) + 1n);
    expect(out2()).toBe(false);
    m.clock.step(tickNs(51n));
    expect(out2()).toBe(true);
  });
});
