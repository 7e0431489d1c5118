/**
 * Character back ends (QEMU -chardev / -serial): file, null, stdio and an in-memory one for
 * tests. A back end only moves bytes; flow control towards the device lives in the front end
 * (char-frontend.ts), so every back end gets QEMU's can_receive behaviour for free.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ChardevEvent } from '../contract/context.ts';

/** Where a back end pushes input bytes and events (set by the front end it is attached to). */
export interface ChardevInputSink {
  input(data: Uint8Array): void;
  event(ev: ChardevEvent): void;
}

/** A character back end. */
export interface Chardev {
  readonly kind: 'file' | 'null' | 'stdio' | 'memory';
  /** Writes all bytes (blocking semantics). `data` is lent for the call: what the back end keeps, it copies. */
  write(data: Uint8Array): void;
  /** Records a break condition (only the memory back end keeps it; others ignore it, like QEMU's file backend). */
  setBreak(on: boolean): void;
  /** Connects the input side to a front end (undefined detaches). */
  setInputSink(sink: ChardevInputSink | undefined): void;
  /** Releases OS resources; further writes are dropped. */
  close(): void;
}

/** The in-memory back end: captures output, lets tests inject input and events. */
export interface MemoryChardev extends Chardev {
  readonly kind: 'memory';
  /** Everything written so far. */
  output(): Uint8Array;
  /** Output decoded as latin1 (one char per byte, so any byte round-trips). */
  outputText(): string;
  /** Forgets captured output. */
  clearOutput(): void;
  /** Sends bytes to the device side (held by the front end while the device cannot take them). */
  inject(data: Uint8Array | string): void;
  /** Sends an event (e.g. 'break') to the device side. */
  injectEvent(ev: ChardevEvent): void;
  /** Current break state set by the device. */
  readonly breakOn: boolean;
}

/** Opens a file back end: the file is created, or truncated unless `append` (QEMU's file backend, append=off). */
export function createFileChardev(path: string, options: { readonly append?: boolean } = {}): Chardev {
  let fd: number | undefined = openSync(path, options.append ? 'a' : 'w');
  return {
    kind: 'file',
    write(data) {
      if (fd === undefined) return;
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    },
    setBreak() {},
    setInputSink() {},
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** The null back end: swallows output, never produces input. */
export function createNullChardev(): Chardev {
  return { kind: 'null', write() {}, setBreak() {}, setInputSink() {}, close() {} };
}

/**
 * The stdio back end: output goes to standard output synchronously (so it interleaves
 * predictably with other output); input from standard input only with `input: true`, because
 * a stdin listener keeps the process alive.
 */
export function createStdioChardev(options: { readonly input?: boolean } = {}): Chardev {
  let sink: ChardevInputSink | undefined;
  let listening = false;
  const onData = (buf: Buffer): void => sink?.input(new Uint8Array(buf));
  return {
    kind: 'stdio',
    write(data) {
      let off = 0;
      while (off < data.length) off += writeSync(1, data, off, data.length - off);
    },
    setBreak() {},
    setInputSink(s) {
      sink = s;
      if (options.input && s && !listening) {
        process.stdin.on('data', onData);
        listening = true;
      }
    },
    close() {
      if (listening) process.stdin.off('data', onData);
      listening = false;
      sink = undefined;
    },
  };
}

/** Creates the in-memory back end. Input injected before a front end attaches is kept for it. */
export function createMemoryChardev(): MemoryChardev {
  let chunks: Uint8Array[] = [];
  let sink: ChardevInputSink | undefined;
  let early: Uint8Array[] = [];
  let breakOn = false;
  const output = (): Uint8Array => {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let pos = 0;
    for (const c of chunks) {
      out.set(c, pos);
      pos += c.length;
    }
    chunks = [out];
    return out.slice();
  };
  return {
    kind: 'memory',
    write(data) {
      chunks.push(data.slice());
    },
    setBreak(on) {
      breakOn = on;
    },
    setInputSink(s) {
      sink = s;
      if (s && early.length > 0) {
        const held = early;
        early = [];
        for (const d of held) s.input(d);
      }
    },
    close() {
      sink = undefined;
    },
    output,
    outputText: () => Buffer.from(output()).toString('latin1'),
    clearOutput() {
      chunks = [];
    },
    inject(data) {
      const bytes = typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'latin1')) : data.slice();
      if (sink) sink.input(bytes);
      else early.push(bytes);
    },
    injectEvent(ev) {
      sink?.event(ev);
    },
    get breakOn() {
      return breakOn;
    },
  };
}

/** A parsed `-serial`/`-chardev` style spec. */
export type ChardevSpec =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'stdio' }
  | { readonly kind: 'memory' };

/** A chardev spec the runtime does not understand (user input: report the message, no stack). */
export class ChardevSpecError extends Error {
  constructor(readonly spec: string, reason: string) {
    super(`bad chardev spec '${spec}': ${reason} (expected file:PATH, null, stdio or memory)`);
    this.name = 'ChardevSpecError';
  }
}

/** Parses 'file:PATH' | 'null' | 'stdio' | 'memory'. Throws ChardevSpecError otherwise. */
export function parseChardevSpec(spec: string): ChardevSpec {
  if (spec === 'null' || spec === 'stdio' || spec === 'memory') return { kind: spec };
  if (spec.startsWith('file:')) {
    const path = spec.slice(5);
    if (path === '') throw new ChardevSpecError(spec, 'missing file path');
    return { kind: 'file', path };
  }
  const colon = spec.indexOf(':');
  const kind = colon >= 0 ? spec.slice(0, colon) : spec;
  throw new ChardevSpecError(spec, kind === '' ? 'empty back-end name' : `unknown back end '${kind}'`);
}

/** Opens the back end a spec names (accepts a spec string or a parsed spec). */
export function openChardev(spec: string | ChardevSpec): Chardev {
  const s = typeof spec === 'string' ? parseChardevSpec(spec) : spec;
  switch (s.kind) {
    case 'file':
      return createFileChardev(s.path);
    case 'null':
      return createNullChardev();
    case 'stdio':
      return createStdioChardev();
    case 'memory':
      return createMemoryChardev();
  }
}
