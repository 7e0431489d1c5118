/**
 * The qtest protocol is bytes: an unknown command holding bytes ≥ 0x80 is echoed raw by QEMU
 * 10.0, and devgen's stream server must print the very same bytes.
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import { runQtestServer } from '../../runtime/src/qtest/index.ts';
import { qemuBinary } from '../support/qemu-oracle.ts';

/** Bad commands with high bytes, then a command QEMU answers, so its last answer marks the end. */
const INPUT = Buffer.concat([
  Buffer.from('foo'), Buffer.from([0x80]), Buffer.from('\n'),
  Buffer.from([0xc3, 0xa9, 0xff, 0x20]), Buffer.from('x\n'),
  Buffer.from('readl 0x09000fe0\n'),
]);
const ANSWERS = 3;

/** QEMU's stdout for INPUT, as bytes. */
function onQemu(): Promise<Buffer> {
  const argv = ['-S', '-M', 'virt', '-qtest', 'stdio', '-qtest-log', '/dev/null', '-display', 'none', '-nodefaults'];
  const proc = spawn(qemuBinary('aarch64'), argv, { stdio: ['pipe', 'pipe', 'ignore'] });
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error('QEMU did not answer in 20 s'));
    }, 20_000);
    proc.stdout.on('data', (d: Buffer) => {
      parts.push(d);
      if (Buffer.concat(parts).filter((b) => b === 0x0a).length >= ANSWERS) proc.kill('SIGTERM');
    });
    proc.on('error', reject);
    proc.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(parts));
    });
    proc.stdin.end(INPUT);
  });
}

/** devgen's stream server output for INPUT, as bytes. */
async function onDevgen(): Promise<Buffer> {
  const input = new PassThrough();
  const output = new PassThrough();
  const parts: Buffer[] = [];
  output.on('data', (d: Buffer) => parts.push(d));
  const done = runQtestServer({ machine: createMachine('virt', { serial: 'null' }), input, output });
  input.end(INPUT);
  await done;
  return Buffer.concat(parts);
}

describe('qtest protocol bytes against QEMU 10.0', () => {
  it('echoes high bytes of an unknown command exactly as QEMU does', async () => {
    const want = await onQemu();
    expect(want.includes(Buffer.from([0x27, 0x66, 0x6f, 0x6f, 0x80, 0x27]))).toBe(true);
    expect([...(await onDevgen())]).toEqual([...want]);
  }, 30_000);
});
