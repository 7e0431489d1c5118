/**
 * Offset → line/column mapping for one source text. Built once per file; lookups are a
 * binary search over line starts, so diagnostics and spans stay cheap even for big inputs.
 */

/** A 1-based line/column position. */
export interface LinePos {
  readonly line: number;
  readonly col: number;
}

/** Line starts of a text, with offset → position and line → text lookups. */
export class LineIndex {
  /** Offset of the first character of each line (line 1 starts at 0). */
  readonly #starts: number[];
  readonly #text: string;

  /** Indexes `text`; `\n`, `\r\n` and lone `\r` all end a line, as YAML defines them. */
  constructor(text: string) {
    this.#text = text;
    const starts = [0];
    if (!text.includes('\r')) {
      // LF only (nearly every file): the native search finds each line end.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.#starts = starts;
  }

  /** Number of lines (an empty text has one empty line). */
  get lineCount(): number {
    return this.#starts.length;
  }

  /** 1-based line and column of a 0-based offset; offsets past the end clamp to the end. */
  position(offset: number): LinePos {
    const off = Math.max(0, Math.min(offset, this.#text.length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: off - this.#starts[lo]! + 1 };
  }

  /** Text of a 1-based line without its line terminator ('' when out of range). */
  lineText(line: number): string {
    if (line < 1 || line > this.#starts.length) return '';
    const start = this.#starts[line - 1]!;
    const end = line < this.#starts.length ? this.#starts[line]! : this.#text.length;
    return this.#text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}
