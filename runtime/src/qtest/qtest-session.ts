/**
 * The qtest protocol engine: one line in, the answer lines out, as QEMU 10.0's system/qtest.c
 * answers them. It is synchronous (the runtime is), so asynchronous "IRQ raise|lower N" lines
 * raised while a command runs come out before that command's OK, as with QEMU.
 *
 * Where QEMU aborts on malformed input (a g_assert on a missing or unparsable argument, an
 * empty line, a non-device QOM path, `read` of 0 bytes, an out-of-range port, a missing GPIO
 * for set_irq_in), QEMU's process dies and the client sees end of file. We answer one
 * `FAIL <reason>` line instead and keep serving; that is the only intended divergence.
 * clock_step/clock_set follow the qtest accelerator (the oracle QEMU build runs TCG and
 * answers `FAIL Unknown command` for them): they move the virtual clock and answer `OK <ns>`.
 *
 * Limits QEMU does not have, so that no line can exhaust the server: a transfer over
 * MAX_TRANSFER (16 MiB) answers FAIL at once, before anything is allocated, and a line longer
 * than MAX_LINE_LENGTH answers FAIL (see qtest-line-reader.ts). Large answers are produced in
 * pieces (see {@link QtestSession.answer}), never as one huge string.
 */
import { LINE, NO_LINE, OVER_LONG, QtestLineReader } from './qtest-line-reader.ts';
import {
  MAX_TRANSFER,
  base64Pieces,
  decodeB64WriteBuffer,
  decodeWriteData,
  formatHex64,
  hexPieces,
  parseI64,
  parseU64,
} from './qtest-parse.ts';
import type { QtestDevice, QtestTarget } from './qtest-target.ts';

const I64_MAX = (1n << 63n) - 1n;

function* prefixed(head: string, rest: Iterable<string>): Generator<string> {
  yield head;
  yield* rest;
}

/** Thrown inside a command where QEMU would abort; turned into one FAIL line. */
class QtestAbort extends Error {}

function need(words: readonly string[], count: number): void {
  for (let i = 1; i <= count; i++) {
    if (words[i] === undefined) throw new QtestAbort(`missing argument ${i} (QEMU aborts: assertion failed)`);
  }
}

function u64(word: string): bigint {
  const v = parseU64(word);
  if (v === undefined) throw new QtestAbort(`bad number '${word}' (QEMU aborts: assertion failed)`);
  return v;
}

function i64(word: string): bigint {
  const v = parseI64(word);
  if (v === undefined) throw new QtestAbort(`bad number '${word}' (QEMU aborts: assertion failed)`);
  return v;
}

function int32(word: string): number {
  const v = parseI64(word);
  if (v === undefined || v < -(2n ** 31n) || v >= 2n ** 31n) {
    throw new QtestAbort(`bad number '${word}' (QEMU aborts: assertion failed)`);
  }
  return Number(v);
}

function transferLength(word: string): number {
  const len = u64(word);
  if (len > BigInt(MAX_TRANSFER)) throw new QtestAbort(`size ${len} over the server's ${MAX_TRANSFER}-byte transfer limit`);
  return Number(len);
}

/** An answer line whose text is produced piece by piece (a large read). */
interface StreamedLine {
  readonly pieces: () => Iterable<string>;
}

type AnswerLine = string | StreamedLine;

function lineText(line: AnswerLine): string {
  return typeof line === 'string' ? line : Array.from(line.pieces()).join('');
}

/** Size of the buffer the common commands' answers are written into. */
const OUT_BYTES = 64 * 1024;
/** Room kept free in it: more than one answer with its IRQ lines needs. */
const OUT_MARGIN = 1024;
/** Lower-case hex digits as bytes. */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** bytes[from, to) as a latin1 string (one character a byte). */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}

/** The FAIL line of a command that threw: QEMU's abort as a reason, or an internal error. */
function failureLine(err: unknown): string {
  if (err instanceof QtestAbort) return `FAIL ${err.message}`;
  return `FAIL internal error: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * The value of b[from, to) when it is a number every C library reads the same way: `0x`/`0X`
 * and 1–13 hex digits, `0`, or a decimal of up to 15 digits without a leading zero; -1 for
 * anything else (signs, octal, binary, longer numbers: the full parser decides those).
 */
function plainNumber(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return -1;
  const c0 = b[from]!;
  if (c0 === 0x30 /* 0 */ && n > 2 && (b[from + 1]! | 0x20) === 0x78 /* x */) {
    if (n > 15) return -1;
    let v = 0;
    for (let i = from + 2; i < to; i++) {
      const c = b[i]!;
      const l = c | 0x20;
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }
  if (c0 === 0x30) return n === 1 ? 0 : -1;
  if (n > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** A qtest conversation with one machine. */
export class QtestSession {
  private readonly target: QtestTarget;
  /** Lines produced by the command being processed (async IRQ lines, then the answer). */
  private pending: AnswerLine[] = [];
  /** Where async lines go when no command is running (e.g. a listener set by the server). */
  private readonly onAsync: ((line: string) => void) | undefined;
  private inCommand = false;
  /** The device whose IRQs are intercepted (QEMU allows one). */
  private interceptDevice: object | undefined;
  /** Last level reported per IRQ number, shared by every intercepted list as in QEMU. */
  private readonly irqLevels = new Map<number, number>();
  private readonly reader = new QtestLineReader();
  /** Answer bytes of the common commands not handed out yet (see {@link feedBytes}). */
  private out = new Uint8Array(OUT_BYTES);
  private outPos = 0;

  /**
   * @param target the machine to drive.
   * @param onAsync receives async lines emitted outside a command (none today: the clock only
   *   moves inside clock_step/clock_set); defaults to dropping them.
   */
  constructor(target: QtestTarget, onAsync?: (line: string) => void) {
    this.target = target;
    this.onAsync = onAsync;
  }

  /** Processes one command line (without its newline); returns the lines QEMU would print. */
  command(line: string): string[] {
    return this.run(line).map(lineText);
  }

  /**
   * Processes one command line and yields the protocol text QEMU would print for it, newlines
   * included, in pieces of bounded size: a large read is never built as one string.
   */
  *answer(line: string): Generator<string> {
    for (const l of this.run(line)) {
      if (typeof l === 'string') {
        yield l + '\n';
      } else {
        yield* l.pieces();
        yield '\n';
      }
    }
  }

  /**
   * Feeds raw protocol text (latin1: one character a byte); yields the answers to the complete
   * lines in order, in pieces. An unterminated tail waits for the next call, as in QEMU. Each
   * command runs only when the consumer asks for its answer, so answers already taken are
   * out before a later command starts.
   */
  *feedPieces(text: string): Generator<string> {
    for (const piece of this.feedBytes(Buffer.from(text, 'latin1'))) {
      yield typeof piece === 'string' ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('latin1');
    }
  }

  /** {@link feedPieces} joined into one string, for small conversations. */
  feed(text: string): string {
    return Array.from(this.feedPieces(text)).join('');
  }

  /**
   * {@link feedPieces} on raw bytes, the server's form: the answers of the common commands
   * are written as bytes into one buffer, handed out as a piece once it fills and before any
   * other command runs (so order and the streaming of large answers are kept); other answers
   * are latin1 strings. A piece handed out is never written to again.
   */
  *feedBytes(chunk: Uint8Array): Generator<Uint8Array | string> {
    const reader = this.reader;
    reader.push(chunk);
    for (let kind = reader.next(); kind !== NO_LINE; kind = reader.next()) {
      if (kind === LINE && this.quick(reader.bytes, reader.start, reader.end)) {
        if (this.outPos > OUT_BYTES - OUT_MARGIN) yield this.takeOut();
        continue;
      }
      if (this.outPos > 0) yield this.takeOut();
      if (kind === OVER_LONG) yield `FAIL line of ${reader.overLong} bytes over the server's line limit\n`;
      else yield* this.answer(latin1(reader.bytes, reader.start, reader.end));
    }
    if (this.outPos > 0) yield this.takeOut();
  }

  /** The answer bytes written so far, as a piece; later answers go to a fresh buffer. */
  private takeOut(): Uint8Array {
    const piece = this.out.subarray(0, this.outPos);
    this.out = new Uint8Array(OUT_BYTES);
    this.outPos = 0;
    return piece;
  }

  /** Makes room for `n` more answer bytes. */
  private reserve(n: number): void {
    if (this.outPos + n <= this.out.length) return;
    const grown = new Uint8Array(this.outPos + n + OUT_MARGIN);
    grown.set(this.out.subarray(0, this.outPos));
    this.out = grown;
  }

  /** Appends latin1 `text` to the answer bytes. */
  private putText(text: string): void {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.out[this.outPos++] = text.charCodeAt(i) & 0xff;
  }

  private run(line: string): AnswerLine[] {
    this.pending = [];
    this.inCommand = true;
    try {
      // A reset a device requested during the previous command runs now; what it drives on
      // intercepted lines comes out before this command's answer, as QEMU prints it.
      this.target.runPendingRequests?.();
      this.dispatch(line);
    } catch (err) {
      this.send(failureLine(err));
    } finally {
      this.inCommand = false;
    }
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /**
   * Answers a readb/w/l or writeb/w/l line (bytes[from, to)) whose arguments are plain hex
   * (`0x`, up to 13 digits) or decimal numbers and whose access stays below 2^53, writing the
   * answer (after any IRQ lines the access raised) into the answer bytes; false, having done
   * nothing, for every other line, which {@link run} answers. Same answers, without making
   * strings of the line or going through bigint.
   */
  private quick(b: Uint8Array, from: number, to: number): boolean {
    const target = this.target;
    if (target.readValue === undefined || target.writeValue === undefined || target.bigEndian === true) return false;
    let sizeAt: number;
    if (b[from] === 0x72 && b[from + 1] === 0x65 && b[from + 2] === 0x61 && b[from + 3] === 0x64) sizeAt = from + 4; // read
    else if (b[from] === 0x77 && b[from + 1] === 0x72 && b[from + 2] === 0x69 && b[from + 3] === 0x74 && b[from + 4] === 0x65) sizeAt = from + 5; // write
    else return false;
    const sc = b[sizeAt];
    const size = sc === 0x6c /* l */ ? 4 : sc === 0x62 /* b */ ? 1 : sc === 0x77 /* w */ ? 2 : 0;
    if (size === 0 || b[sizeAt + 1] !== 0x20) return false;
    const isWrite = sizeAt === from + 5;
    const addrFrom = sizeAt + 2;
    let addrTo = b.indexOf(0x20, addrFrom);
    if (addrTo >= to) addrTo = -1;
    if (isWrite ? addrTo < 0 : addrTo >= 0) return false;
    if (addrTo < 0) addrTo = to;
    const addr = plainNumber(b, addrFrom, addrTo);
    if (addr < 0 || addr + size > Number.MAX_SAFE_INTEGER) return false;
    let value = 0;
    if (isWrite) {
      const sp = b.indexOf(0x20, addrTo + 1);
      if (sp >= 0 && sp < to) return false;
      value = plainNumber(b, addrTo + 1, to);
      if (value < 0) return false;
      value %= size === 4 ? 0x1_0000_0000 : size === 2 ? 0x1_0000 : 0x100;
    }
    let read = -1;
    let failure: string | undefined;
    this.inCommand = true;
    try {
      // As in run(): a reset requested by the previous command runs before this one.
      target.runPendingRequests?.();
      if (isWrite) target.writeValue(addr, size, value);
      else read = target.readValue(addr, size);
    } catch (err) {
      failure = failureLine(err);
    } finally {
      this.inCommand = false;
    }
    if (this.pending.length > 0) {
      for (const l of this.pending) this.putText(lineText(l) + '\n');
      this.pending = [];
    }
    if (failure !== undefined) this.putText(failure + '\n');
    else if (isWrite) this.putText('OK\n');
    else this.putRead(read);
    return true;
  }

  /** `OK 0x%016x` and a newline for a 32-bit read, as bytes. */
  private putRead(v: number): void {
    this.reserve(22);
    const o = this.out;
    let p = this.outPos;
    o[p++] = 0x4f; // O
    o[p++] = 0x4b; // K
    o[p++] = 0x20;
    o[p++] = 0x30; // 0
    o[p++] = 0x78; // x
    for (let i = 0; i < 8; i++) o[p++] = 0x30;
    for (let shift = 28; shift >= 0; shift -= 4) o[p++] = HEX_DIGITS[(v >>> shift) & 0xf]!;
    o[p++] = 0x0a;
    this.outPos = p;
  }

  private send(line: AnswerLine): void {
    if (this.inCommand) this.pending.push(line);
    else this.onAsync?.(lineText(line));
  }

  private irqObserver(n: number): (level: number) => void {
    return (level) => {
      // QEMU keeps the last int level per number (all 0 when the conversation opens), so
      // set_irq_in 7 after a raise to 1 is announced again as a raise.
      const v = level | 0;
      if ((this.irqLevels.get(n) ?? 0) === v) return;
      this.irqLevels.set(n, v);
      this.send(`IRQ ${v !== 0 ? 'raise' : 'lower'} ${n}`);
    };
  }

  private dispatch(line: string): void {
    // QEMU splits on single spaces (g_strsplit), so "a  b" has an empty word in the middle.
    const words = line.split(' ');
    const cmd = words[0]!;
    if (line === '') throw new QtestAbort('empty command (QEMU aborts: assertion failed)');
    switch (cmd) {
      case 'irq_intercept_out':
      case 'irq_intercept_in':
        return this.irqIntercept(words, cmd === 'irq_intercept_out');
      case 'set_irq_in':
        return this.setIrqIn(words);
      case 'outb':
      case 'outw':
      case 'outl':
        return this.portOut(words);
      case 'inb':
      case 'inw':
      case 'inl':
        return this.portIn(words);
      case 'writeb':
      case 'writew':
      case 'writel':
      case 'writeq':
        return this.writeN(words, { b: 1, w: 2, l: 4, q: 8 }[cmd[5] as 'b' | 'w' | 'l' | 'q']);
      case 'readb':
      case 'readw':
      case 'readl':
      case 'readq':
        return this.readN(words, { b: 1, w: 2, l: 4, q: 8 }[cmd[4] as 'b' | 'w' | 'l' | 'q']);
      case 'read':
        return this.read(words);
      case 'b64read':
        return this.b64read(words);
      case 'write':
        return this.write(words);
      case 'memset':
        return this.memset(words);
      case 'b64write':
        return this.b64write(words);
      case 'endianness':
        return this.send(this.target.bigEndian === true ? 'OK big' : 'OK little');
      case 'clock_step':
        return this.clockStep(words);
      case 'module_load':
        need(words, 2);
        return this.send('FAIL');
      case 'clock_set':
        return this.clockSet(words);
      default:
        return this.send(`FAIL Unknown command '${cmd}'`);
    }
  }

  private resolveDevice(path: string): QtestDevice | undefined {
    const r = this.target.resolve(path);
    if (r === undefined) return undefined;
    if (r.kind !== 'device') throw new QtestAbort(`'${path}' is not a device (QEMU aborts: invalid object cast)`);
    return r.device;
  }

  private irqIntercept(words: readonly string[], outbound: boolean): void {
    need(words, 1);
    const named = words[2] !== undefined;
    const dev = this.resolveDevice(words[1]!);
    if (dev === undefined) return this.send('FAIL Unknown device');
    if (named && !outbound) return this.send('FAIL Interception of named in-GPIOs not yet supported');
    if (this.interceptDevice !== undefined) {
      return this.send(this.interceptDevice === dev.id ? 'OK' : 'FAIL IRQ intercept already enabled');
    }
    const wanted = named ? words[2]! : null;
    let installed = false;
    for (const list of dev.gpioLists) {
      if (outbound) {
        if (list.name !== wanted) continue;
        for (let i = 0; i < list.outputCount; i++) list.interceptOutput(i, this.irqObserver(i));
        installed = true;
      } else {
        for (let i = 0; i < list.inputCount; i++) list.interceptInput(i, this.irqObserver(i));
        installed = true;
      }
    }
    if (!installed) return this.send('FAIL No intercepts installed');
    this.interceptDevice = dev.id;
    this.send('OK');
  }

  private setIrqIn(words: readonly string[]): void {
    need(words, 4);
    const dev = this.resolveDevice(words[1]!);
    if (dev === undefined) return this.send('FAIL Unknown device');
    const name = words[2] === 'unnamed-gpio-in' ? null : words[2]!;
    const n = int32(words[3]!);
    const level = int32(words[4]!);
    if (dev.setInput === undefined || !dev.setInput(name, n, level)) {
      throw new QtestAbort(`no GPIO input ${name ?? 'unnamed-gpio-in'}[${n}] (QEMU aborts)`);
    }
    this.send('OK');
  }

  private portAddress(word: string): number {
    const addr = u64(word);
    if (addr > 0xffffn) throw new QtestAbort(`port address ${word} above 0xffff (QEMU aborts: assertion failed)`);
    return Number(addr);
  }

  private portOut(words: readonly string[]): void {
    need(words, 2);
    const addr = this.portAddress(words[1]!);
    const value = u64(words[2]!);
    const size = ({ b: 1, w: 2, l: 4 } as const)[words[0]![3] as 'b' | 'w' | 'l'];
    const mask = (1n << BigInt(size * 8)) - 1n;
    this.target.writePort?.(addr, size, Number(value & mask));
    this.send('OK');
  }

  private portIn(words: readonly string[]): void {
    need(words, 1);
    const addr = this.portAddress(words[1]!);
    const size = ({ b: 1, w: 2, l: 4 } as const)[words[0]![2] as 'b' | 'w' | 'l'];
    const allOnes = size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
    const value = this.target.readPort !== undefined ? this.target.readPort(addr, size) : allOnes;
    this.send(`OK 0x${(value >>> 0).toString(16).padStart(4, '0')}`);
  }

  /** Value → target-order bytes (QEMU tswap then a byte copy). */
  private toBytes(value: bigint, size: number): Uint8Array {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
    if (this.target.bigEndian === true) out.reverse();
    return out;
  }

  private fromBytes(data: Uint8Array): bigint {
    const bytes = this.target.bigEndian === true ? Uint8Array.from(data).reverse() : data;
    let v = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
    return v;
  }

  private writeN(words: readonly string[], size: number): void {
    need(words, 2);
    const addr = u64(words[1]!);
    const value = u64(words[2]!);
    this.target.writeMemory(addr, this.toBytes(value, size));
    this.send('OK');
  }

  private readN(words: readonly string[], size: number): void {
    need(words, 1);
    const addr = u64(words[1]!);
    const data = new Uint8Array(size);
    this.target.readMemory(addr, data);
    this.send(`OK ${formatHex64(this.fromBytes(data))}`);
  }

  private read(words: readonly string[]): void {
    need(words, 2);
    const addr = u64(words[1]!);
    const len = transferLength(words[2]!);
    if (len === 0) throw new QtestAbort('read of 0 bytes (QEMU aborts: assertion failed)');
    const data = new Uint8Array(len);
    this.target.readMemory(addr, data);
    this.send({ pieces: () => prefixed('OK 0x', hexPieces(data)) });
  }

  private b64read(words: readonly string[]): void {
    need(words, 2);
    const addr = u64(words[1]!);
    const len = transferLength(words[2]!);
    const data = new Uint8Array(len);
    if (len > 0) this.target.readMemory(addr, data);
    this.send({ pieces: () => prefixed('OK ', base64Pieces(data)) });
  }

  private write(words: readonly string[]): void {
    need(words, 3);
    const addr = u64(words[1]!);
    const len = transferLength(words[2]!);
    if (words[3]!.length < 3) return this.send('ERR invalid argument size');
    const data = decodeWriteData(words[3]!, len);
    if (len > 0) this.target.writeMemory(addr, data);
    this.send('OK');
  }

  private memset(words: readonly string[]): void {
    need(words, 3);
    const addr = u64(words[1]!);
    const len = transferLength(words[2]!);
    const pattern = Number(u64(words[3]!) & 0xffn);
    if (len > 0) this.target.writeMemory(addr, new Uint8Array(len).fill(pattern));
    this.send('OK');
  }

  private b64write(words: readonly string[]): void {
    need(words, 3);
    const addr = u64(words[1]!);
    const len = transferLength(words[2]!);
    if (words[3]!.length < 3) return this.send('ERR invalid argument size');
    const { data } = decodeB64WriteBuffer(words[3]!, len);
    if (len > 0) this.target.writeMemory(addr, data);
    this.send('OK');
  }

  /** QEMU qemu_clock_advance_virtual_time: moves to `dest` (never back), clamped to int64. */
  private advance(dest: bigint): bigint {
    const clock = this.target.clock;
    return clock.setTime(dest > I64_MAX ? I64_MAX : dest);
  }

  private clockStep(words: readonly string[]): void {
    const clock = this.target.clock;
    const old = clock.now();
    let ns: bigint;
    if (words[1] !== undefined) {
      ns = i64(words[1]);
    } else {
      const deadline = clock.nextDeadline();
      if (deadline < 0n) {
        return this.send('FAIL cannot advance clock to the next deadline because there is no pending deadline');
      }
      ns = deadline > old ? deadline - old : 0n;
    }
    const now = this.advance(old + ns);
    this.send(now > old ? `OK ${now}` : 'FAIL could not advance time');
  }

  private clockSet(words: readonly string[]): void {
    need(words, 1);
    const ns = i64(words[1]!);
    const now = this.advance(ns);
    this.send(`${now === ns ? 'OK' : 'FAIL'} ${now}`);
  }
}
