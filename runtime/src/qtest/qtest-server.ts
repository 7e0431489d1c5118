/**
 * The qtest server loop: reads protocol lines from a stream and writes the answers, like
 * `qemu-system-* -qtest stdio`. Used by `devgen qtest`; tests usually drive a
 * {@link QtestSession} directly instead.
 */
import type { Readable, Writable } from 'node:stream';
import { Machine } from '../machine/machine.ts';
import { qtestTargetFromMachine } from './machine-target.ts';
import { QtestSession } from './qtest-session.ts';
import type { QtestTarget } from './qtest-target.ts';

/** Options of {@link runQtestServer}. */
export interface QtestServerOptions {
  /** The machine to drive: a runtime Machine (adapted with `qtestTargetFromMachine`) or any QtestTarget. */
  readonly machine: Machine | QtestTarget;
  /** Protocol input, e.g. process.stdin. */
  readonly input: Readable;
  /** Protocol output, e.g. process.stdout. */
  readonly output: Writable;
}

/**
 * Serves one qtest conversation; resolves when the input ends (an unterminated last line is
 * ignored, as QEMU only acts on complete lines) and everything written has been flushed.
 */
export async function runQtestServer(options: QtestServerOptions): Promise<void> {
  const { input, output } = options;
  // The protocol is bytes: every character the session produces stands for one byte (latin1).
  const write = (text: string): Promise<void> | undefined => {
    if (text === '') return undefined;
    // Respect back-pressure so a large answer or a fast client cannot make us buffer without limit.
    if (output.write(Buffer.from(text, 'latin1'))) return undefined;
    return new Promise((resolve) => output.once('drain', () => resolve()));
  };
  const target = options.machine instanceof Machine ? qtestTargetFromMachine(options.machine) : options.machine;
  const session = new QtestSession(target, (line) => void write(line + '\n'));
  input.setEncoding('latin1');
  for await (const chunk of input) {
    // Each piece is handed to the stream before the next is produced, so the answers to
    // earlier commands are out before a later (large) command runs.
    for (const piece of session.feedPieces(chunk as string)) {
      const pending = write(piece);
      if (pending !== undefined) await pending;
    }
  }
  await new Promise<void>((resolve) => {
    if (output.writableNeedDrain) output.once('drain', () => resolve());
    else resolve();
  });
}
