/**
 * Access tracing: a region's `trace:` events fire for every guest access with the offset, the
 * value and the register name (as QEMU's pl011_read/pl011_write do), only when enabled.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import { createTraceSink } from '../../runtime/src/trace/index.ts';

const UART = 0x0900_0000;

function tracedMachine(enable: readonly string[]): { lines: string[]; write(addr: number, v: number): void; read(addr: number): number } {
  const lines: string[] = [];
  const machine = createMachine('virt', { serial: 'memory', trace: createTraceSink({ enable, write: (t) => lines.push(...t.split('\n').filter((l) => l !== '')) }) });
  return {
    lines,
    write: (addr, v) => machine.memory.write(UART + addr, 4, v),
    read: (addr) => machine.memory.read(UART + addr, 4) as number,
  };
}

describe('pl011 access tracing', () => {
  it('traces reads and writes with offset, value and register name', () => {
    const m = tracedMachine(['pl011_read', 'pl011_write']);
    m.write(0x038, 0x20);
    expect(m.read(0xfe4)).toBe(0x10);
    m.read(0x00c);
    expect(m.lines).toEqual([
      'pl011_write addr 0x038 value 0x00000020 reg IMSC',
      'pl011_read addr 0xfe4 value 0x00000010 reg PeriphID[1]',
      'pl011_read addr 0x00c value 0x00000000 reg UNKNOWN',
    ]);
  });

  it('stays silent for events that are not enabled', () => {
    const m = tracedMachine(['pl011_irq_state']);
    m.write(0x038, 0x20);
    m.read(0x018);
    expect(m.lines).toEqual(['pl011_irq_state irq state 0']);
  });
});
