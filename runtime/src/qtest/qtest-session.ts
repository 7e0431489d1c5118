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
import { QtestLineReader, type QtestInputLine } from './qtest-line-reader.ts';
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
    for (const line of this.reader.push(text)) yield* this.answerInput(line);
  }

  /** {@link feedPieces} joined into one string, for small conversations. */
  feed(text: string): string {
    return Array.from(this.feedPieces(text)).join('');
  }

  private answerInput(line: QtestInputLine): Iterable<string> {
    if ('text' in line) return this.answer(line.text);
    return [`FAIL line of ${line.overLong} bytes over the server's line limit\n`];
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
      if (err instanceof QtestAbort) this.send(`FAIL ${err.message}`);
      else this.send(`FAIL internal error: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.inCommand = false;
    }
    const out = this.pending;
    this.pending = [];
    return out;
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
