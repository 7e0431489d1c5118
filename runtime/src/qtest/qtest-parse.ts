/**
 * Argument decoding for the qtest protocol, reproducing the C library behaviour QEMU's
 * system/qtest.c relies on: strtoull/strtoll with base 0 (qemu_strtou64, qemu_strtoi64),
 * qemu_hexdump_line for `read`, the nibble decoder of `write`, and GLib's base64 codec
 * (g_base64_encode, g_base64_decode_inplace) for `b64read`/`b64write`.
 */

/**
 * Largest buffer a read, write, memset or b64 transfer may ask for: 16 MiB. QEMU g_mallocs
 * whatever is asked (and dies when that fails); devgen answers FAIL above this limit at once,
 * before allocating anything, so a request cannot exhaust the server's memory.
 */
export const MAX_TRANSFER = 16 * 1024 * 1024;

/** Bytes encoded per piece of a streamed answer (a multiple of 3, so base64 pieces concatenate). */
const PIECE_BYTES = 3 * 256 * 1024;

const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

/** Digits of each base strtoull takes with base 0, and the JavaScript BigInt prefix for it. */
const DIGITS = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ } as const;
const PREFIX = { 2: '0b', 8: '0o', 10: '', 16: '0x' } as const;

/**
 * Parses the magnitude part of a C integer literal with base 0 ("0x…" hex, "0b…" binary,
 * "0…" octal, else decimal), after an optional sign. Returns undefined when the text is not
 * entirely a number (QEMU's helpers are called without an end pointer, so trailing characters
 * are an error: "0x" and "0b" without a digit after them are "0" followed by garbage).
 *
 * Binary literals are what glibc 2.38 and later accept with base 0 (C23 strtol, which QEMU
 * gets as a _GNU_SOURCE program); QEMU 10.0 as Debian ships it (glibc 2.41) takes them, a
 * QEMU linked with an older glibc does not.
 */
function parseCInteger(text: string): { negative: boolean; magnitude: bigint } | undefined {
  // strtoull skips leading white space (isspace); words never hold spaces but may hold tabs.
  let s = text.replace(/^[\t\n\v\f\r ]+/, '');
  let negative = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  let digits: string;
  let radix: 2 | 8 | 10 | 16;
  if (/^0[xX][0-9a-fA-F]/.test(s)) {
    digits = s.slice(2);
    radix = 16;
  } else if (/^0[bB][01]/.test(s)) {
    digits = s.slice(2);
    radix = 2;
  } else if (s.startsWith('0')) {
    digits = s;
    radix = 8;
  } else {
    digits = s;
    radix = 10;
  }
  const re = DIGITS[radix];
  if (!re.test(digits)) return undefined;
  const prefix = PREFIX[radix];
  return { negative, magnitude: BigInt(prefix + digits) };
}

/**
 * qemu_strtou64 / qemu_strtoul (64-bit host) with base 0: a negative literal wraps modulo
 * 2^64 as strtoull does ("-1" is 0xffffffffffffffff); a magnitude beyond 64 bits is an error.
 */
export function parseU64(text: string): bigint | undefined {
  const r = parseCInteger(text);
  if (r === undefined || r.magnitude > U64_MAX) return undefined;
  return r.negative ? (U64_MAX + 1n - r.magnitude) & U64_MAX : r.magnitude;
}

/** qemu_strtoi64 with base 0: a signed 64-bit value; out of range is an error. */
export function parseI64(text: string): bigint | undefined {
  const r = parseCInteger(text);
  if (r === undefined) return undefined;
  const v = r.negative ? -r.magnitude : r.magnitude;
  return v < I64_MIN || v > I64_MAX ? undefined : v;
}

/** `0x%016x` as QEMU prints a qtest read. */
export function formatHex64(value: bigint): string {
  return '0x' + value.toString(16).padStart(16, '0');
}

/** qemu_hexdump_line without separators: two lower-case digits per byte. */
export function hexBytes(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
}

/** {@link hexBytes} in pieces of bounded size, so a large answer is never one huge string. */
export function* hexPieces(data: Uint8Array): Generator<string> {
  for (let i = 0; i < data.length; i += PIECE_BYTES) yield hexBytes(data.subarray(i, i + PIECE_BYTES));
}

function hexNibble(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  if (ch >= 0x61 && ch <= 0x66) return ch - 0x61 + 10;
  if (ch >= 0x41 && ch <= 0x46) return ch - 0x41 + 10;
  return -1;
}

/**
 * The `write` command's data decoder: the first two characters are skipped whatever they are
 * (normally "0x"); byte i comes from characters 2i+2 and 2i+3 when both exist, else it is 0.
 * A character that is not a hex digit counts as -1, as in QEMU, so "g1" gives 0xf1.
 */
export function decodeWriteData(word: string, length: number): Uint8Array {
  const text = Buffer.from(word, 'latin1');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    if (i * 2 + 4 <= text.length) {
      out[i] = ((hexNibble(text[i * 2 + 2]!) << 4) | hexNibble(text[i * 2 + 3]!)) & 0xff;
    }
  }
  return out;
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_RANK = new Uint8Array(256).fill(0xff);
for (let i = 0; i < 64; i++) B64_RANK[B64_ALPHABET.charCodeAt(i)] = i;
B64_RANK['='.charCodeAt(0)] = 0;

/** g_base64_encode: standard alphabet with '=' padding. */
export function base64Encode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** {@link base64Encode} in pieces of bounded size (whole 3-byte groups, so they concatenate). */
export function* base64Pieces(data: Uint8Array): Generator<string> {
  for (let i = 0; i < data.length; i += PIECE_BYTES) yield base64Encode(data.subarray(i, i + PIECE_BYTES));
}

/**
 * What `b64write` hands to the address space: GLib decodes in place, skipping characters
 * outside the alphabet and dropping an incomplete final group, and QEMU then writes `length`
 * bytes from that buffer. When the data decodes to fewer bytes, the rest of the buffer still
 * holds the undecoded text, then the string's NUL; bytes past that are undefined in QEMU
 * (heap contents) and are 0 here.
 */
export function decodeB64WriteBuffer(word: string, length: number): { data: Uint8Array; decoded: number } {
  const text = Buffer.from(word, 'latin1');
  const buf = new Uint8Array(Math.max(length, text.length + 1));
  buf.set(text);
  let out = 0;
  let v = 0;
  let i = 0;
  let last0 = 0;
  let last1 = 0;
  for (const c of text) {
    const rank = B64_RANK[c]!;
    if (rank === 0xff) continue;
    last1 = last0;
    last0 = c;
    v = ((v << 6) | rank) & 0xffffff;
    if (++i === 4) {
      buf[out++] = (v >> 16) & 0xff;
      if (last1 !== 0x3d) buf[out++] = (v >> 8) & 0xff;
      if (last0 !== 0x3d) buf[out++] = v & 0xff;
      i = 0;
    }
  }
  return { data: buf.slice(0, length), decoded: out };
}
