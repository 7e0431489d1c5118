import { describe, expect, it } from 'vitest';
import { connectIrq, createIrqLine, createIrqSink } from '../../../../runtime/src/irq/index.ts';

describe('IRQ lines', () => {
  it('call the connected handler on every set, even with the same level (qemu_set_irq)', () => {
    const seen: number[] = [];
    const line = createIrqLine();
    line.connect((l) => seen.push(l));
    line.raise();
    line.raise();
    line.set(0);
    line.set(7);
    line.set(true);
    line.set(false);
    expect(seen).toEqual([1, 1, 0, 7, 1, 0]);
    expect(line.level).toBe(false);
    line.set(5);
    expect([line.level, line.value]).toEqual([true, 5]);
  });

  it('notify onChange only when the level changes', () => {
    const changes: number[] = [];
    const line = createIrqLine((l) => changes.push(l));
    line.lower();
    line.raise();
    line.raise();
    line.set(5);
    line.set(5);
    line.set(1);
    line.lower();
    expect(changes).toEqual([1, 5, 1, 0]);
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

describe('integer levels', () => {
  it('pass through unchanged, truncated to a C int like qemu_set_irq\'s int argument', () => {
    const seen: number[] = [];
    const line = createIrqLine();
    line.connect((l) => seen.push(l));
    for (const v of [256, -1, 2 ** 31, 2 ** 32 + 3]) line.set(v);
    expect(seen).toEqual([256, -1, -(2 ** 31), 3]);
  });

  it('a sink reports 5 then 1 as two changes, both high', () => {
    const sink = createIrqSink(1);
    const events: [boolean, number][] = [];
    sink.observe((_n, high, value) => events.push([high, value]));
    sink.input(0)(5);
    sink.input(0)(1);
    sink.input(0)(1);
    sink.input(0)(0);
    expect(events).toEqual([[true, 5], [true, 1], [false, 0]]);
    expect([sink.level(0), sink.value(0), sink.setCount(0)]).toEqual([false, 0, 4]);
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
