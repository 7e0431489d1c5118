import { describe, expect, it } from 'vitest';
import { VmStreamError, VmStreamReader, VmStreamWriter } from '../../../../runtime/src/migration/index.ts';
import { hex } from './fixtures.ts';

describe('VmStreamWriter / VmStreamReader', () => {
  it('writes big-endian values and grows past its initial buffer', () => {
    const w = new VmStreamWriter();
    w.u8(0x1ff);
    w.u16(0xabcd);
    w.u32(-2);
    w.u64(0x0102030405060708n);
    w.u64(-1n);
    w.zeros(3);
    w.bytes(Uint8Array.from([9, 8]));
    for (let i = 0; i < 100; i++) w.u8(i);
    const out = w.finish();
    expect(out.length).toBe(1 + 2 + 4 + 8 + 8 + 3 + 2 + 100);
    expect(hex(out.subarray(0, 28))).toBe('ff ab cd ff ff ff fe 01 02 03 04 05 06 07 08 ff ff ff ff ff ff ff ff 00 00 00 09 08');
    expect(out[out.length - 1]).toBe(99);
  });

  it('reads back what was written and reports the position', () => {
    const r = new VmStreamReader(Uint8Array.from([0x12, 0xab, 0xcd, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 0x55]));
    expect(r.u8()).toBe(0x12);
    expect(r.u16()).toBe(0xabcd);
    expect(r.u32()).toBe(0xdeadbeef);
    expect(r.u64()).toBe(0x0102030405060708n);
    expect(r.peek()).toBe(0x55);
    expect(r.peek(1)).toBeUndefined();
    expect(r.peekBytes(0, 2)).toBeUndefined();
    expect(r.offset).toBe(15);
    expect(r.remaining).toBe(1);
  });

  it('throws VmStreamError (never reads garbage) on a short stream', () => {
    const r = new VmStreamReader(Uint8Array.from([1, 2, 3]));
    expect(() => r.u32('x')).toThrow(VmStreamError);
    expect(r.offset).toBe(0);
    expect(r.u16()).toBe(0x0102);
    expect(() => r.u16()).toThrow(/stream ends inside/);
    expect(() => r.skip(2)).toThrow(VmStreamError);
    expect(() => r.bytes(5)).toThrow(VmStreamError);
    expect(r.u8()).toBe(3);
    expect(() => r.u8()).toThrow(VmStreamError);
  });

  it('reads from a subarray view at a non-zero byte offset', () => {
    const backing = Uint8Array.from([0xee, 0xee, 0x00, 0x00, 0x01, 0x02]);
    const r = new VmStreamReader(backing.subarray(2));
    expect(r.u32()).toBe(0x0102);
  });
});
