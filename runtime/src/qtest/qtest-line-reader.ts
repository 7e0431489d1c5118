/**
 * Splits qtest protocol input into lines. The protocol is bytes: each byte is carried as one
 * latin1 character, so bytes ≥ 0x80 reach the session (and come back in an echoed unknown
 * command) unchanged, as QEMU handles them.
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

/** One complete input line: its text, or the length of a line too long to keep. */
export type QtestInputLine = { readonly text: string } | { readonly overLong: number };

/** Accumulates protocol text and hands out complete lines in order. */
export class QtestLineReader {
  private parts: string[] = [];
  private length = 0;
  /** Bytes of the current line dropped because it is over-long; 0 while the line is kept. */
  private dropped = 0;

  /** Adds `text` (latin1, one character a byte) and yields every line it completes. */
  *push(text: string): Generator<QtestInputLine> {
    let from = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      this.add(text.slice(from, nl));
      from = nl + 1;
      if (this.dropped > 0) {
        yield { overLong: this.dropped };
      } else {
        const line = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
        yield { text: line };
      }
      this.parts = [];
      this.length = 0;
      this.dropped = 0;
    }
    this.add(text.slice(from));
  }

  private add(piece: string): void {
    if (piece === '') return;
    if (this.dropped > 0) {
      this.dropped += piece.length;
      return;
    }
    if (this.length + piece.length > MAX_LINE_LENGTH) {
      this.dropped = this.length + piece.length;
      this.parts = [];
      this.length = 0;
      return;
    }
    this.parts.push(piece);
    this.length += piece.length;
  }
}
