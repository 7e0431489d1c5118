/**
 * qtest server behaviour the differential cases cannot cover: inputs on which QEMU aborts (we
 * answer FAIL and keep going), clock_step/clock_set with the qtest-accelerator semantics, the
 * stream server, and argument decoding.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import { runDemo } from '../../defs/machines/demo.ts';
import {
  QtestSession,
  decodeB64WriteBuffer,
  decodeWriteData,
  parseI64,
  parseU64,
  qtestTargetFromMachine,
  runQtestServer,
} from '../../runtime/src/qtest/index.ts';

function session() {
  const machine = createMachine('virt', { serial: 'null' });
  return { machine, s: new QtestSession(qtestTargetFromMachine(machine)) };
}

describe('qtest: where QEMU aborts, devgen answers FAIL and keeps serving', () => {
  for (const bad of ['', 'readl', 'readl  0x09000fe0', 'readl 0xzz', 'readl 12abc', 'readl 0x1ffffffffffffffff', 'writel 0x09000038',
    'read 0x09000fe0 0', 'memset 0x09000038 4', 'irq_intercept_in', 'irq_intercept_in /machine', 'inl 0x10000', 'outb 0x10',
    'set_irq_in /machine/unattached/device[3] sysbus-irq 0 1', 'clock_step x', 'readl 0x09000fe0\r']) {
    it(JSON.stringify(bad), () => {
      const { s } = session();
      const out = s.command(bad);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^FAIL /);
      expect(s.command('readl 0x09000fe0')).toEqual(['OK 0x0000000000000011']);
    });
  }
});

describe('qtest clock (qtest accelerator semantics)', () => {
  it('steps and sets the virtual clock', () => {
    const { machine, s } = session();
    expect(s.command('clock_step')).toEqual(['FAIL cannot advance clock to the next deadline because there is no pending deadline']);
    expect(s.command('clock_step 100')).toEqual(['OK 100']);
    expect(s.command('clock_step 0')).toEqual(['FAIL could not advance time']);
    expect(s.command('clock_set 1000')).toEqual(['OK 1000']);
    expect(s.command('clock_set 10')).toEqual(['FAIL 1000']);
    let fired = 0n;
    machine.clock.createTimer(() => (fired = machine.clock.now())).modNs(5000n);
    expect(s.command('clock_step')).toEqual(['OK 5000']);
    expect(fired).toBe(5000n);
    expect(machine.clock.now()).toBe(5000n);
  });
});

describe('qtest argument decoding', () => {
  it('parses numbers like strtoull/strtoll with base 0', () => {
    expect(parseU64('0x10')).toBe(16n);
    expect(parseU64('010')).toBe(8n);
    expect(parseU64('-1')).toBe((1n << 64n) - 1n);
    expect(parseU64('+7')).toBe(7n);
    expect(parseU64('0x')).toBeUndefined();
    expect(parseU64('08')).toBeUndefined();
    expect(parseI64('-5')).toBe(-5n);
    expect(parseI64('0x8000000000000000')).toBeUndefined();
  });

  it('decodes write data and b64write buffers as QEMU does', () => {
    expect(Array.from(decodeWriteData('0xg1h2', 4))).toEqual([0xf1, 0xf2, 0, 0]);
    expect(Array.from(decodeWriteData('0x1', 2))).toEqual([0, 0]);
    expect(Array.from(decodeB64WriteBuffer('QUJD', 4).data)).toEqual([0x41, 0x42, 0x43, 0x44]);
    expect(Array.from(decodeB64WriteBuffer('QU*JD', 3).data)).toEqual([0x41, 0x42, 0x43]);
    expect(decodeB64WriteBuffer('QQ==', 1)).toEqual({ data: Uint8Array.of(0x41), decoded: 1 });
  });
});

describe('qtest stream server', () => {
  it('answers lines from a stream, ignores an unterminated tail and resolves at end of input', async () => {
    const machine = createMachine('virt', { serial: 'null' });
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString('latin1')));
    const done = runQtestServer({ machine, input, output });
    input.write('irq_intercept_in /machine/unattached/device[1]\nwritel 0x09000038 0x20\nwritel 0x0900');
    input.end('0000 0x41\nreadl 0x0900003c\nfoo');
    await done;
    expect(text).toBe('OK\nOK\nIRQ raise 1\nOK\nOK 0x0000000000000020\n');
  });
});

describe('demo', () => {
  it('prints what the guest sees', () => {
    const lines: string[] = [];
    expect(runDemo((l) => lines.push(l))).toBe(0);
    const all = lines.join('\n');
    expect(all).toContain('serial port received "Hello from devgen\\n"');
    expect(all).toContain('guest read back "ping"');
    expect(all).toContain('PeriphID 0x11 0x10 0x14 0x00');
  });
});
