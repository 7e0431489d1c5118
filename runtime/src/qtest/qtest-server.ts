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
  /**
   * Called each time the input is drained and every answer so far has been handed to the
   * output: the moments the server would otherwise wait (a start-up image saves its code cache at the first).
   */
  readonly onDrained?: () => void;
}

/**
 * Serves one qtest conversation; resolves when the input ends (an unterminated last line is
 * ignored, as QEMU only acts on complete lines) and everything written has been flushed.
 */
export async function runQtestServer(options: QtestServerOptions): Promise<void> {
  const { input, output } = options;
  // Answers are collected and written together: one write per batch rather than per line,
  // and whenever the input is drained (nothing more has arrived) the batch goes out at once,
  // so a client that waits for each answer gets it without delay.
  let batch: (string | Uint8Array)[] = [];
  let batched = 0;
  const flush = (): Promise<void> | undefined => {
    if (batched === 0) return undefined;
    // The protocol is bytes: every character the session produces stands for one byte (latin1).
    const parts = batch.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p));
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    batch = [];
    batched = 0;
    // Respect back-pressure so a large answer or a fast client cannot make us buffer without limit.
    if (output.write(data)) return undefined;
    return new Promise((resolve) => output.once('drain', () => resolve()));
  };
  const target = options.machine instanceof Machine ? qtestTargetFromMachine(options.machine) : options.machine;
  const session = new QtestSession(target, (line) => {
    batch.push(line + '\n');
    batched += line.length + 1;
    void flush();
  });
  for await (const chunk of input) {
    // Each piece is taken before the next command runs, so the answers to earlier commands
    // are on their way before a later (large) command produces its own.
    for (const piece of session.feedBytes(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Uint8Array))) {
      batch.push(piece);
      batched += piece.length;
      if (batched >= BATCH_BYTES) {
        const pending = flush();
        if (pending !== undefined) await pending;
      }
    }
    if (input.readableLength === 0) {
      const pending = flush();
      if (pending !== undefined) await pending;
      options.onDrained?.();
    }
  }
  const pending = flush();
  if (pending !== undefined) await pending;
  await new Promise<void>((resolve) => {
    if (output.writableNeedDrain) output.once('drain', () => resolve());
    else resolve();
  });
}

/** Answers are written once this many bytes are collected, input pending or not. */
const BATCH_BYTES = 64 * 1024;
