/**
 * Splits qtest protocol input into lines. The protocol is bytes, and lines are found in the
 * bytes as they arrive (a line is a range of the input, not a string, until a command needs
 * its text), so bytes ≥ 0x80 reach the session (and come back in an echoed unknown command)
 * unchanged, as QEMU handles them.
 *
 * New input is searched for '\n' on its own, so a long line arriving in many chunks costs
 * linear time. A line longer than {@link MAX_LINE_LENGTH} is not kept: its bytes are dropped as
 * they come and the line is reported as over-long once its newline arrives (QEMU would buffer
 * it whole; devgen bounds its memory instead).
 */
import { MAX_TRANSFER } from './qtest-parse.ts';

/**
 * Longest line kept: a `write` of {@link MAX_TRANSFER} bytes in hex ("0x" and two digits a
 * byte) plus room for the command word, address and size.
 */
export const MAX_LINE_LENGTH = 2 * MAX_TRANSFER + 256;

/** {@link QtestLineReader.next}: no complete line is left in the input given so far. */
export const NO_LINE = 0;
/** {@link QtestLineReader.next}: a line is at `bytes[start, end)`. */
export const LINE = 1;
/** {@link QtestLineReader.next}: a line too long to keep ended; its length is `overLong`. */
export const OVER_LONG = 2;

/** Accumulates protocol bytes and hands out complete lines in order, one at a time. */
export class QtestLineReader {
  /** The input being split: the line begun earlier (if any), then the newest chunk. */
  bytes: Uint8Array = new Uint8Array(0);
  /** The last line handed out, as a range of {@link bytes}. */
  start = 0;
  end = 0;
  /** The length of the last over-long line handed out. */
  overLong = 0;
  private pos = 0;
  /** Bytes of the current line dropped because it is over-long; 0 while the line is kept. */
  private dropped = 0;

  /** Adds `chunk`; the lines it completes come from {@link next}. */
  push(chunk: Uint8Array): void {
    const rest = this.bytes.length - this.pos;
    if (rest === 0) {
      // A plain Uint8Array view, never a Buffer: searching it is the engine's own indexOf
      // (Buffer's goes through Node's binding on every call), and the lines the session reads
      // are always the same kind of array.
      this.bytes = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    } else {
      // The line begun earlier (kept whole: it is never over the limit) goes ahead of the chunk.
      const joined = new Uint8Array(rest + chunk.length);
      joined.set(this.bytes.subarray(this.pos));
      joined.set(chunk, rest);
      this.bytes = joined;
    }
    this.pos = 0;
  }

  /** Finds the next complete line: {@link LINE}, {@link OVER_LONG} or {@link NO_LINE}. */
  next(): number {
    const bytes = this.bytes;
    const from = this.pos;
    const nl = bytes.indexOf(0x0a, from);
    if (nl < 0) {
      const kept = bytes.length - from;
      if (this.dropped > 0 || kept > MAX_LINE_LENGTH) {
        // Over the limit before its end: count its bytes, keep none.
        this.dropped += kept;
        this.bytes = new Uint8Array(0);
        this.pos = 0;
      }
      return NO_LINE;
    }
    this.pos = nl + 1;
    if (this.dropped > 0 || nl - from > MAX_LINE_LENGTH) {
      this.overLong = this.dropped + nl - from;
      this.dropped = 0;
      return OVER_LONG;
    }
    this.start = from;
    this.end = nl;
    return LINE;
  }
}
