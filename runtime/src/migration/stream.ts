/**
 * Big-endian byte streams for QEMU's migration wire format (QEMUFile's qemu_put_be32 and
 * friends). The writer grows as needed; the reader is bounded: reading past the end throws
 * `VmStreamError`, which the migration entry points catch and turn into a rejected load,
 * so a short stream never escapes as an exception to callers of `loadVmState`/`loadSection`.
 */

/** A malformed migration stream (short read, bad marker, unknown subsection, bad version...). */
export class VmStreamError extends Error {
  /** Byte offset in the stream where the problem was found. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'VmStreamError';
    this.offset = offset;
  }
}

/** Appends big-endian values to a growing buffer. */
export class VmStreamWriter {
  private buf = new Uint8Array(64);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  /** Number of bytes written so far. */
  get length(): number {
    return this.len;
  }

  // Grows geometrically so long saves stay linear.
  private reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** One byte (the value is truncated to 8 bits, like a C uint8_t). */
  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.len, v & 0xff);
    this.len += 1;
  }

  /** Big-endian 16 bits (truncated). */
  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.len, v & 0xffff);
    this.len += 2;
  }

  /** Big-endian 32 bits (truncated; negative numbers are written in two's complement). */
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.len, v >>> 0);
    this.len += 4;
  }

  /** Big-endian 64 bits (two's complement for negative values). */
  u64(v: bigint): void {
    this.reserve(8);
    this.view.setBigUint64(this.len, BigInt.asUintN(64, v));
    this.len += 8;
  }

  /** Raw bytes. */
  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  /** `n` zero bytes (QEMU's "unused" buffers). */
  zeros(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Reads big-endian values from a byte array; every read is bounds-checked. */
export class VmStreamReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  /** Current read position. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.data.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.data.length) {
      throw new VmStreamError(`stream ends inside ${what}: need ${n} byte(s), ${this.remaining} left`, this.pos);
    }
  }

  /** One unsigned byte. */
  u8(what = 'a byte'): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }

  /** Big-endian unsigned 16 bits. */
  u16(what = 'a 16-bit value'): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  /** Big-endian unsigned 32 bits. */
  u32(what = 'a 32-bit value'): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  /** Big-endian unsigned 64 bits. */
  u64(what = 'a 64-bit value'): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  /** `n` raw bytes (a copy). */
  bytes(n: number, what = 'a buffer'): Uint8Array {
    this.need(n, what);
    const out = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Skips `n` bytes. */
  skip(n: number, what = 'a buffer'): void {
    this.need(n, what);
    this.pos += n;
  }

  /** The byte `ahead` bytes past the position without consuming it; undefined past the end. */
  peek(ahead = 0): number | undefined {
    const at = this.pos + ahead;
    return at < this.data.length ? this.data[at] : undefined;
  }

  /** `n` bytes starting `ahead` bytes past the position, without consuming; undefined if short. */
  peekBytes(ahead: number, n: number): Uint8Array | undefined {
    const at = this.pos + ahead;
    return at + n <= this.data.length ? this.data.subarray(at, at + n) : undefined;
  }
}
