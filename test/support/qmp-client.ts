/**
 * A small QMP client for tests: drives a QEMU (or `devgen qtest --qmp`) process over its QMP
 * Unix socket. One JSON object per line both ways; the server greets first, the client must
 * send `qmp_capabilities` before any other command, then each command gets exactly one
 * `return` or `error` answer, in order; `event` objects may arrive at any time in between.
 *
 * Usage:
 *   const qmp = await QmpClient.connect('/tmp/x.sock');        // waits for the socket, reads the greeting
 *   await qmp.execute('stop');                                    // resolves to the `return` value
 *   await qmp.execute('migrate', { uri: 'file:/tmp/state' });
 *   const st = await qmp.waitForMigration();                      // polls query-migrate: 'completed' | 'failed'
 *   const r = await qmp.tryExecute('bogus');                      // { ok: false, error: { class: 'CommandNotFound', desc } }
 *   qmp.close();
 */
import { connect as netConnect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** QMP's error object (`{"error": {"class", "desc"}}`). */
export interface QmpError {
  readonly class: string;
  readonly desc: string;
}

/** A QMP asynchronous event (`{"event", "data", "timestamp"}`). */
export interface QmpEvent {
  readonly event: string;
  readonly data?: unknown;
  readonly timestamp?: { readonly seconds: number; readonly microseconds: number };
}

/** The outcome of one command: its `return` value or its `error`. */
export type QmpResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: QmpError };

/** Thrown by {@link QmpClient.execute} when the server answers with an error. */
export class QmpCommandError extends Error {
  /** The server's error object. */
  readonly qmp: QmpError;

  constructor(command: string, error: QmpError) {
    super(`QMP ${command}: ${error.class}: ${error.desc}`);
    this.name = 'QmpCommandError';
    this.qmp = error;
  }
}

/** What `query-migrate` answers (the fields the tests look at). */
export interface QmpMigrationStatus {
  readonly status: string;
  readonly 'error-desc'?: string;
  readonly [key: string]: unknown;
}

interface Pending {
  readonly command: string;
  readonly resolve: (r: QmpResult) => void;
  readonly reject: (e: Error) => void;
}

/** A connected QMP session (after the greeting and `qmp_capabilities`). */
export class QmpClient {
  /** The server's greeting (`{"QMP": {"version", "capabilities"}}`). */
  readonly greeting: unknown;
  /** Every event received so far, in arrival order. */
  readonly events: QmpEvent[] = [];
  private readonly socket: Socket;
  private readonly pending: Pending[] = [];
  private readonly eventWaiters: { readonly name: string; readonly resolve: (e: QmpEvent) => void }[] = [];
  private closedError: Error | undefined;

  private constructor(socket: Socket, greeting: unknown, rest: string) {
    this.socket = socket;
    this.greeting = greeting;
    socket.on('data', (chunk: string) => this.feed(chunk));
    const onEnd = (err?: Error): void => {
      this.closedError ??= err ?? new Error('QMP connection closed');
      for (const p of this.pending.splice(0)) p.reject(new Error(`QMP ${p.command}: ${this.closedError.message}`));
    };
    socket.on('error', onEnd);
    socket.on('close', () => onEnd());
    this.feed(rest);
  }

  private buf = '';

  private feed(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (line !== '') this.onMessage(line);
    }
  }

  /**
   * Connects to the QMP server listening on the Unix socket `path` (retrying until `timeoutMs`
   * while the process has not created it yet), reads the greeting and negotiates capabilities.
   */
  static async connect(path: string, timeoutMs = 10_000): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const client = await QmpClient.open(path);
        await client.execute('qmp_capabilities');
        return client;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`QMP: cannot connect to ${path}: ${(e as Error).message}`);
        await sleep(50);
      }
    }
  }

  private static open(path: string): Promise<QmpClient> {
    return new Promise((resolve, reject) => {
      const socket = netConnect(path);
      socket.setEncoding('utf8');
      let buf = '';
      const onData = (chunk: string): void => {
        buf += chunk;
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        socket.off('data', onData);
        socket.off('error', reject);
        try {
          const greeting = JSON.parse(buf.slice(0, nl)) as unknown;
          resolve(new QmpClient(socket, greeting, buf.slice(nl + 1)));
        } catch (e) {
          socket.destroy();
          reject(e as Error);
        }
      };
      socket.on('data', onData);
      socket.on('error', reject);
    });
  }

  private onMessage(line: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.closedError = new Error(`QMP: the server sent a line that is not JSON: ${line}`);
      this.socket.destroy();
      return;
    }
    if (typeof msg.event === 'string') {
      const ev = msg as unknown as QmpEvent;
      this.events.push(ev);
      for (let i = this.eventWaiters.length - 1; i >= 0; i--) {
        if (this.eventWaiters[i]!.name === ev.event) this.eventWaiters.splice(i, 1)[0]!.resolve(ev);
      }
      return;
    }
    const p = this.pending.shift();
    if (p === undefined) return;
    if ('error' in msg) p.resolve({ ok: false, error: msg.error as QmpError });
    else p.resolve({ ok: true, value: msg.return });
  }

  /** Sends `command` with `args` and resolves to its `return` value or its `error` (never rejects for a QMP error). */
  tryExecute(command: string, args?: Record<string, unknown>): Promise<QmpResult> {
    if (this.closedError !== undefined) return Promise.reject(new Error(`QMP ${command}: ${this.closedError.message}`));
    return new Promise((resolve, reject) => {
      this.pending.push({ command, resolve, reject });
      this.socket.write(JSON.stringify(args === undefined ? { execute: command } : { execute: command, arguments: args }) + '\n');
    });
  }

  /** Sends `command` with `args`; resolves to its `return` value, rejects with {@link QmpCommandError} on an error answer. */
  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    const r = await this.tryExecute(command, args);
    if (!r.ok) throw new QmpCommandError(command, r.error);
    return r.value;
  }

  /** Resolves at the next event named `name` (or at once with the latest one already received, when `seen` allows). */
  waitForEvent(name: string, seen = false): Promise<QmpEvent> {
    if (seen) {
      const ev = this.events.findLast((e) => e.event === name);
      if (ev !== undefined) return Promise.resolve(ev);
    }
    return new Promise((resolve) => this.eventWaiters.push({ name, resolve }));
  }

  /** Polls `query-migrate` until its status is `completed` or `failed` (or `timeoutMs` passes, which rejects). */
  async waitForMigration(timeoutMs = 30_000): Promise<QmpMigrationStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const st = (await this.execute('query-migrate')) as QmpMigrationStatus;
      if (st.status === 'completed' || st.status === 'failed') return st;
      if (Date.now() > deadline) throw new Error(`QMP query-migrate: still '${st.status}' after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** Sends `migrate` to a `file:` URI and waits for the outcome (see {@link waitForMigration}). */
  async migrateToFile(path: string, timeoutMs = 30_000): Promise<QmpMigrationStatus> {
    await this.execute('migrate', { uri: `file:${path}` });
    return this.waitForMigration(timeoutMs);
  }

  /** Closes the connection (the server keeps running unless `quit` was sent). */
  close(): void {
    this.socket.destroy();
  }
}
