import { describe, expect, it } from 'vitest';
import { connectIrq, createIrqLine, createIrqSink } from '../../../../runtime/src/irq/index.ts';

describe('IRQ lines', () => {
  it('call the connected handler on every set, even with the same level (qemu_set_irq)', () => {
    const seen: boolean[] = [];
    const line = createIrqLine();
    line.connect((l) => seen.push(l));
    line.raise();
    line.raise();
    line.set(0);
    line.set(7);
    expect(seen).toEqual([true, true, false, true]);
    expect(line.level).toBe(true);
  });

  it('notify onChange only when the level changes', () => {
    const changes: boolean[] = [];
    const line = createIrqLine((l) => changes.push(l));
    line.lower();
    line.raise();
    line.raise();
    line.lower();
    expect(changes).toEqual([true, false]);
  });

  it('pulse is observable as raise then lower', () => {
    const sink = createIrqSink(2);
    const events: string[] = [];
    sink.observe((n, l) => events.push(`${l ? 'raise' : 'lower'} ${n}`));
    const line = createIrqLine();
    connectIrq(line, sink, 1);
    line.pulse();
    expect(events).toEqual(['raise 1', 'lower 1']);
    expect(line.level).toBe(false);
  });
});

describe('IRQ sink', () => {
  it('records levels and set counts, and reports only level changes (qtest interceptor)', () => {
    const sink = createIrqSink(4, 'gic');
    const events: [number, boolean][] = [];
    const stop = sink.observe((n, l) => events.push([n, l]));
    const a = createIrqLine();
    const b = createIrqLine();
    connectIrq(a, sink, 0);
    connectIrq(b, sink, 3);
    a.raise();
    a.raise();
    b.lower();
    b.raise();
    expect(events).toEqual([
      [0, true],
      [3, true],
    ]);
    expect(sink.level(0)).toBe(true);
    expect(sink.level(1)).toBe(false);
    expect(sink.setCount(0)).toBe(2);
    expect(sink.setCount(3)).toBe(2);
    stop();
    a.lower();
    expect(events.length).toBe(2);
    expect(sink.level(0)).toBe(false);
  });

  it('rejects bad input numbers', () => {
    const sink = createIrqSink(2);
    expect(() => sink.input(2)).toThrow(RangeError);
    expect(() => sink.level(-1)).toThrow(RangeError);
  });
});
