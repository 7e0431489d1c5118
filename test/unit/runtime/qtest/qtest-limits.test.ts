/**
 * The qtest server survives any line: large transfers are answered in pieces or refused at
 * once, answers already produced are kept, over-long lines are refused, and a huge clock step
 * costs bounded work.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../../../defs/machines/index.ts';
import { QtestSession, qtestTargetFromMachine, runQtestServer } from '../../../../runtime/src/qtest/index.ts';
import { MAX_LINE_LENGTH } from '../../../../runtime/src/qtest/qtest-line-reader.ts';
import { MAX_TRANSFER } from '../../../../runtime/src/qtest/qtest-parse.ts';

const PERIPH_ID0 = 'readl 0x09000fe0';
const PERIPH_ID0_ANSWER = 'OK 0x0000000000000011';

function session(board = 'virt') {
  const machine = createMachine(board, { serial: 'null' });
  return { machine, s: new QtestSession(qtestTargetFromMachine(machine)) };
}

/** Serves `input` (written in `chunkSize` pieces) on a virt machine; resolves to the raw output bytes. */
async function serve(input: Buffer, chunkSize = 64 * 1024): Promise<Buffer> {
  const machine = createMachine('virt', { serial: 'null' });
  const inStream = new PassThrough();
  const outStream = new PassThrough();
  const parts: Buffer[] = [];
  outStream.on('data', (d: Buffer) => parts.push(d));
  const done = runQtestServer({ machine, input: inStream, output: outStream });
  for (let i = 0; i < input.length; i += chunkSize) inStream.write(input.subarray(i, i + chunkSize));
  inStream.end();
  await done;
  return Buffer.concat(parts);
}

describe('qtest transfers: streamed in pieces, over the limit refused at once', () => {
  it('refuses a 64 MiB read at once with FAIL and keeps the answers around it', async () => {
    const started = Date.now();
    const out = await serve(Buffer.from(`${PERIPH_ID0}\nread 0x40000000 0x4000000\n${PERIPH_ID0}\n`, 'latin1'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out.toString('latin1').split('\n')).toEqual([
      PERIPH_ID0_ANSWER,
      `FAIL size 67108864 over the server's ${MAX_TRANSFER}-byte transfer limit`,
      PERIPH_ID0_ANSWER,
      '',
    ]);
  });

  it('refuses every transfer command over the limit, and the limit itself is answered', () => {
    const { s } = session();
    const over = MAX_TRANSFER + 1;
    for (const cmd of [`read 0x40000000 ${over}`, `b64read 0x40000000 ${over}`, `write 0x40000000 ${over} 0x00`,
      `b64write 0x40000000 ${over} AAAA`, `memset 0x40000000 ${over} 0`]) {
      expect(s.command(cmd), cmd).toEqual([`FAIL size ${over} over the server's ${MAX_TRANSFER}-byte transfer limit`]);
    }
    expect(s.command(`memset 0x40000000 ${MAX_TRANSFER} 0xab`)).toEqual(['OK']);
    expect(s.command(`readq 0x${(0x40000000 + MAX_TRANSFER - 8).toString(16)}`)).toEqual(['OK 0xabababababababab']);
  });

  it('answers a read of the limit (16 MiB) in bounded pieces within a few seconds', () => {
    const { s } = session();
    expect(s.command('writel 0x40000000 0x12345678')).toEqual(['OK']);
    expect(s.command(`writel 0x${(0x40000000 + MAX_TRANSFER - 4).toString(16)} 0xcafef00d`)).toEqual(['OK']);
    const started = Date.now();
    const pieces = Array.from(s.answer(`read 0x40000000 ${MAX_TRANSFER}`));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(2 * 1024 * 1024);
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(total).toBe('OK 0x'.length + 2 * MAX_TRANSFER + 1);
    expect(pieces[0]).toBe('OK 0x');
    expect(pieces[1]!.startsWith('78563412')).toBe(true);
    expect(pieces.at(-2)!.endsWith('0df0feca')).toBe(true);
    expect(pieces.at(-1)).toBe('\n');
  });

  it('round-trips 1 MiB through write, b64write, read and b64read on the stream server', async () => {
    const data = Buffer.alloc(1 << 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
    const input = [
      `write 0x40000000 ${data.length} 0x${data.toString('hex')}`,
      `b64read 0x40000000 ${data.length}`,
      `b64write 0x40200000 ${data.length} ${data.toString('base64')}`,
      `read 0x40200000 ${data.length}`,
    ].join('\n') + '\n';
    const lines = (await serve(Buffer.from(input, 'latin1'), 4096)).toString('latin1').split('\n');
    expect(lines).toEqual(['OK', `OK ${data.toString('base64')}`, 'OK', `OK 0x${data.toString('hex')}`, '']);
  });

  it('refuses a line over the line limit without keeping it, then keeps serving', async () => {
    const long = 'x'.repeat(MAX_LINE_LENGTH + 10);
    const out = await serve(Buffer.from(`${PERIPH_ID0}\nwrite 0x40000000 4 0x${long}\n${PERIPH_ID0}\n`, 'latin1'), 1 << 20);
    expect(out.toString('latin1').split('\n')).toEqual([
      PERIPH_ID0_ANSWER,
      `FAIL line of ${'write 0x40000000 4 0x'.length + long.length} bytes over the server's line limit`,
      PERIPH_ID0_ANSWER,
      '',
    ]);
  });
});

describe('qtest protocol bytes', () => {
  it('echoes bytes ≥ 0x80 of an unknown command raw, one byte each', async () => {
    const out = await serve(Buffer.from([...Buffer.from('foo'), 0x80, 0xff, ...Buffer.from(' bar\n')]));
    expect([...out]).toEqual([...Buffer.from("FAIL Unknown command 'foo"), 0x80, 0xff, ...Buffer.from("'\n")]);
  });
});

describe('qtest clock_step: bounded work', () => {
  it('steps the pc board to INT64_MAX within a few seconds and keeps answering', () => {
    const { s } = session('pc');
    const started = Date.now();
    expect(s.command('clock_step 9223372036854775807')).toEqual(['OK 9223372036854775807']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(s.command('clock_step 10')).toEqual(['FAIL could not advance time']);
    expect(s.command('readl 0xfed00000')).toEqual(['OK 0x000000008086a201']);
  });

  it('is not left stuck when a timer re-arms at the current instant near INT64_MAX (HPET periodic timer)', () => {
    const { s } = session('pc');
    // HPET timer 0: periodic, interrupts on, 100-tick period; then the main counter on.
    for (const cmd of ['writel 0xfed00100 0x4c', 'writel 0xfed00108 100', 'writel 0xfed00108 100', 'writel 0xfed00010 1']) {
      expect(s.command(cmd)).toEqual(['OK']);
    }
    const started = Date.now();
    const first = s.command('clock_step 9223372036854775807');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^FAIL internal error: timers keep firing at \d+ ns .*it was stopped/);
    // The runaway timer was stopped: the clock moves again and other commands answer.
    expect(s.command('clock_step 9223372036854775807')).toEqual(['OK 9223372036854775807']);
    expect(s.command('readl 0xfed00000')).toEqual(['OK 0x000000008086a201']);
  });
});
