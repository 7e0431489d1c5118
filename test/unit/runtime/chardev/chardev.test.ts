import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChardevEvent } from '../../../../runtime/src/contract/context.ts';
import {
  ChardevSpecError,
  createCharFrontend,
  createFileChardev,
  createMemoryChardev,
  openChardev,
  parseChardevSpec,
  type CharReceiver,
} from '../../../../runtime/src/chardev/index.ts';

/** A device with a FIFO of `depth` bytes that the test drains by hand. */
function fifoDevice(depth: number) {
  const fifo: number[] = [];
  const batches: number[][] = [];
  const events: ChardevEvent[] = [];
  const receiver: CharReceiver = {
    canReceive: () => depth - fifo.length,
    receive(data) {
      batches.push(Array.from(data));
      fifo.push(...data);
    },
    event: (ev) => events.push(ev),
  };
  return { fifo, batches, events, receiver };
}

describe('file back end', () => {
  it('truncates at open and appends every write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devgen-chardev-'));
    const path = join(dir, 'serial.out');
    writeFileSync(path, 'old contents');
    const be = createFileChardev(path);
    const fe = createCharFrontend(be);
    fe.writeAll(new TextEncoder().encode('Hello'));
    fe.writeAll(Uint8Array.of(0x2c, 0x00, 0xff));
    be.close();
    expect(Array.from(readFileSync(path))).toEqual([...Buffer.from('Hello'), 0x2c, 0x00, 0xff]);
  });

  it('is opened from a file: spec', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devgen-chardev-'));
    const path = join(dir, 'x');
    const be = openChardev(`file:${path}`);
    be.write(Uint8Array.of(65));
    be.close();
    expect(readFileSync(path, 'latin1')).toBe('A');
  });
});

describe('memory back end and flow control', () => {
  it('captures output and break state', () => {
    const be = createMemoryChardev();
    const fe = createCharFrontend(be);
    fe.writeAll(Uint8Array.of(0x41, 0x42));
    fe.setBreak(true);
    expect(be.outputText()).toBe('AB');
    expect(be.breakOn).toBe(true);
    be.clearOutput();
    expect(be.output().length).toBe(0);
  });

  it('delivers only what canReceive allows and holds the rest until acceptInput', () => {
    const be = createMemoryChardev();
    const fe = createCharFrontend(be);
    const dev = fifoDevice(2);
    fe.attach(dev.receiver);
    be.inject('abcde');
    expect(dev.fifo).toEqual([0x61, 0x62]);
    expect(fe.pendingInput).toBe(3);
    dev.fifo.shift(); // guest reads one byte
    fe.acceptInput();
    expect(dev.fifo).toEqual([0x62, 0x63]);
    dev.fifo.length = 0;
    fe.acceptInput();
    expect(dev.fifo).toEqual([0x64, 0x65]);
    expect(fe.pendingInput).toBe(0);
    expect(dev.batches.every((b) => b.length <= 2)).toBe(true);
  });

  it('a device with canReceive 1 gets one byte per call; input before attach is held', () => {
    const be = createMemoryChardev();
    be.inject('xyz');
    const fe = createCharFrontend(be);
    expect(fe.pendingInput).toBe(3);
    const got: number[][] = [];
    fe.attach({ canReceive: () => 1, receive: (d) => got.push(Array.from(d)), event() {} });
    expect(got).toEqual([[0x78], [0x79], [0x7a]]);
  });

  it('passes events to the device', () => {
    const be = createMemoryChardev();
    const fe = createCharFrontend(be);
    const dev = fifoDevice(16);
    fe.attach(dev.receiver);
    be.injectEvent('break');
    expect(dev.events).toEqual(['break']);
  });

  it('without a back end: not connected, writes dropped', () => {
    const fe = createCharFrontend(undefined);
    expect(fe.connected).toBe(false);
    fe.writeAll(Uint8Array.of(1));
    fe.setBreak(true);
    fe.acceptInput();
  });
});

describe('parseChardevSpec', () => {
  it('accepts the four forms', () => {
    expect(parseChardevSpec('null')).toEqual({ kind: 'null' });
    expect(parseChardevSpec('stdio')).toEqual({ kind: 'stdio' });
    expect(parseChardevSpec('memory')).toEqual({ kind: 'memory' });
    expect(parseChardevSpec('file:/tmp/a:b')).toEqual({ kind: 'file', path: '/tmp/a:b' });
  });

  it('rejects bad specs with a clear error', () => {
    expect(() => parseChardevSpec('file:')).toThrow(/missing file path/);
    expect(() => parseChardevSpec('socket:1234')).toThrow(ChardevSpecError);
    expect(() => parseChardevSpec('socket:1234')).toThrow(/unknown back end 'socket'/);
    expect(() => parseChardevSpec('')).toThrow(ChardevSpecError);
  });
});
