import { describe, expect, it } from 'vitest';
import { createGuestLog } from '../../../../runtime/src/log/index.ts';
import { createTraceSink, formatPrintf, noopTracePoint } from '../../../../runtime/src/trace/index.ts';

describe('guest log', () => {
  it('records entries by kind, strips the trailing newline, and echoes only enabled kinds', () => {
    const lines: string[] = [];
    const log = createGuestLog({ echo: ['guest-error'], write: (l) => lines.push(l) });
    log.guestError('pl011_read: Bad offset 0x100\n');
    log.unimp('pl011: unsupported feature');
    log.invalidMem("Invalid read at addr 0x0, size 4, region 'x', reason: rejected");
    expect(log.entries()).toEqual([
      { kind: 'guest-error', message: 'pl011_read: Bad offset 0x100' },
      { kind: 'unimp', message: 'pl011: unsupported feature' },
      { kind: 'invalid-mem', message: "Invalid read at addr 0x0, size 4, region 'x', reason: rejected" },
    ]);
    expect(lines).toEqual(['pl011_read: Bad offset 0x100\n']);
  });

  it('is bounded and counts what it dropped', () => {
    const log = createGuestLog({ capacity: 3 });
    for (let i = 0; i < 10; i++) log.guestError(`e${i}`);
    expect(log.entries().map((e) => e.message)).toEqual(['e7', 'e8', 'e9']);
    expect(log.dropped).toBe(7);
    log.clear();
    expect(log.entries()).toEqual([]);
  });

  it('never throws, even when the echo writer throws or the message is not a string', () => {
    const log = createGuestLog({
      echo: true,
      write: () => {
        throw new Error('stderr closed');
      },
    });
    expect(() => log.guestError('x')).not.toThrow();
    expect(() => log.unimp(undefined as unknown as string)).not.toThrow();
    expect(log.entries().length).toBe(2);
  });
});

describe('printf formatting', () => {
  it('handles the conversions trace formats use', () => {
    expect(formatPrintf('addr 0x%03x value 0x%08x reg %s', [0x18, 0x90, 'FR'])).toBe('addr 0x018 value 0x00000090 reg FR');
    expect(formatPrintf('%d %u %i', [-5, -1, 42])).toBe('-5 4294967295 42');
    expect(formatPrintf('%02x|%5d|%-4s|%X|%%', [0xa, 42, 'ab', 0xbeef])).toBe('0a|   42|ab  |BEEF|%');
    expect(formatPrintf('%' + 'l' + 'x %' + 'llu', [0x1234567890n, 18446744073709551615n])).toBe('1234567890 18446744073709551615');
    expect(formatPrintf('%#x %#o %c', [255, 8, 65])).toBe('0xff 010 A');
    expect(formatPrintf('%d %s', [true])).toBe('1 ');
  });
});

describe('trace sink', () => {
  const ev = { name: 'pl011_read', args: ['addr', 'value', 'regname'], format: 'addr 0x%03x value 0x%08x reg %s' };

  it('is a shared no-op when disabled', () => {
    const sink = createTraceSink();
    expect(sink.point(ev)).toBe(noopTracePoint);
    expect(sink.isEnabled('pl011_read')).toBe(false);
  });

  it('prints "name formatted" for enabled events, matching patterns', () => {
    const lines: string[] = [];
    const sink = createTraceSink({ enable: ['pl011_*'], write: (l) => lines.push(l) });
    const points = sink.points([ev, { name: 'other', args: [], format: 'x' }]);
    points.pl011_read!(0x18, 0x90, 'FR');
    points.other!();
    expect(lines).toEqual(['pl011_read addr 0x018 value 0x00000090 reg FR\n']);
    expect(points.other).toBe(noopTracePoint);
  });
});
