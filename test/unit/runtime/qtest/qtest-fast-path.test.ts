/**
 * The qtest server's fast path (readb/w/l and writeb/w/l answered from the input bytes) gives
 * exactly the answers of the full command path, for every spelling of those commands, split at
 * any chunk boundary, with IRQ lines in their place; and batching never holds an answer back
 * from a client that waits for it before sending the next command.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../../../defs/machines/index.ts';
import { QtestSession, qtestTargetFromMachine, runQtestServer } from '../../../../runtime/src/qtest/index.ts';
import { seededRandom } from '../../../support/seeded-random.ts';

const UART = 0x09000000;
/** pl011 offsets: data, flags, baud, control, interrupt mask/raw/masked/clear, IDs, a gap. */
const OFFSETS = [0x000, 0x004, 0x018, 0x024, 0x028, 0x02c, 0x030, 0x034, 0x038, 0x03c, 0x040, 0x044, 0x048, 0xfe0, 0xffc, 0x100, 0x002, 0x001];

/** Lines of the commands the fast path takes, in many spellings, and near misses it must leave alone. */
function lines(count: number, seed: number): string[] {
  const rnd = seededRandom(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const addrText = (a: number): string => pick([
    `0x${a.toString(16)}`, `0X${a.toString(16).toUpperCase()}`, String(a), `0x${a.toString(16).padStart(12, '0')}`,
    `0${a.toString(8)}`, `0x${a.toString(16).padStart(14, '0')}`, `+${a}`, ` 0x${a.toString(16)}`,
  ]);
  const out: string[] = ['irq_intercept_out /machine/unattached/device[3] sysbus-irq', 'writel 0x09000030 0x301', 'writel 0x09000038 0x7ff'];
  for (let i = 0; i < count; i++) {
    const addr = pick([UART + pick(OFFSETS), 0x40000000 + Math.floor(rnd() * 64), 0x0a000000, 2 ** 53 - 2, 2 ** 60]);
    const size = pick(['b', 'w', 'l', 'q', 'x']);
    const value = pick([0, 1, 0x41, 0xff, 0x7ff, 0x10000, 0xffffffff, 2 ** 40 + 5, 2 ** 52 + 1]);
    const valueText = pick([`0x${value.toString(16)}`, String(value), '-1', '0b101', `0x${value.toString(16)}g`]);
    const shape = rnd();
    if (shape < 0.45) out.push(`read${size} ${addrText(addr)}`);
    else if (shape < 0.9) out.push(`write${size} ${addrText(addr)} ${valueText}`);
    else out.push(pick([`readl ${addrText(addr)} `, `writel ${addrText(addr)} 1 2`, `writel ${addrText(addr)}`, 'readl', 'read 0x09000000 4', `writel  ${addrText(addr)} 1`, '']));
  }
  return out;
}

/** Serves `input` in pieces of `chunk` bytes on a fresh virt machine; resolves to the output. */
async function serve(input: string, chunk: number, board = 'virt'): Promise<string> {
  const machine = createMachine(board, { serial: 'null' });
  const inStream = new PassThrough();
  const outStream = new PassThrough();
  const parts: Buffer[] = [];
  outStream.on('data', (d: Buffer) => parts.push(d));
  const done = runQtestServer({ machine, input: inStream, output: outStream });
  const bytes = Buffer.from(input, 'latin1');
  for (let i = 0; i < bytes.length; i += chunk) inStream.write(bytes.subarray(i, i + chunk));
  inStream.end();
  await done;
  return Buffer.concat(parts).toString('latin1');
}

/** The same lines answered one by one through the full command path. */
function slowAnswers(input: readonly string[], board = 'virt'): string {
  const machine = createMachine(board, { serial: 'null' });
  const s = new QtestSession(qtestTargetFromMachine(machine));
  return input.map((l) => s.command(l).map((a) => `${a}\n`).join('')).join('');
}

describe('qtest fast path', () => {
  it('answers 3 000 mixed lines exactly as the full path, whatever the chunk size', async () => {
    const input = lines(3000, 11);
    const want = slowAnswers(input);
    expect(want).toContain('IRQ raise');
    for (const chunk of [1, 7, 4096, 1 << 20]) {
      expect(await serve(input.map((l) => `${l}\n`).join(''), chunk), `chunk ${chunk}`).toBe(want);
    }
  });

  it('a reset a device requests runs before the next command, fast path or not', async () => {
    // versatilepb: unlock the system controller, reset through RESETCTL bit 8, read the UART.
    const input = ['writel 0x101f1024 0x1234', 'readl 0x101f1024', 'writel 0x10000020 0xa05f', 'writel 0x10000040 0x100', 'readl 0x101f1024', 'readl 0x10000020'];
    const want = slowAnswers(input, 'versatilepb');
    expect(want.split('\n')[4]).toBe('OK 0x0000000000000000');
    expect(await serve(input.map((l) => `${l}\n`).join(''), 1 << 20, 'versatilepb')).toBe(want);
  });

  it('a client that waits for each answer gets it before it sends the next command', async () => {
    const machine = createMachine('virt', { serial: 'null' });
    const inStream = new PassThrough();
    const outStream = new PassThrough();
    const done = runQtestServer({ machine, input: inStream, output: outStream });
    const answer = (line: string): Promise<string> => new Promise((resolve) => {
      let text = '';
      const onData = (d: Buffer): void => {
        text += d.toString('latin1');
        if (text.endsWith('\n')) {
          outStream.off('data', onData);
          resolve(text);
        }
      };
      outStream.on('data', onData);
      inStream.write(`${line}\n`);
    });
    expect(await answer('readl 0x09000fe0')).toBe('OK 0x0000000000000011\n');
    expect(await answer('writel 0x09000024 0x1234')).toBe('OK\n');
    expect(await answer('readl 0x09000024')).toBe('OK 0x0000000000001234\n');
    expect(await answer('endianness')).toBe('OK little\n');
    inStream.end();
    await done;
  });
});
