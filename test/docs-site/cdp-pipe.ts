/**
 * A minimal Chrome DevTools Protocol client for the browser tests: Debian's headless
 * `chromium` started with `--remote-debugging-pipe` speaks CDP as NUL-terminated JSON messages
 * on file descriptors 3 (commands in) and 4 (replies and events out), so no WebSocket, driver
 * package or downloaded browser is needed. One page target, flat sessions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** A CDP event: method and params, with the session it came from. */
export interface CdpEvent {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly sessionId?: string;
}

/** The system Chromium (`CHROMIUM` overrides the command). */
export const CHROMIUM = process.env.CHROMIUM ?? 'chromium';

/** A running headless Chromium with one page session. */
export class HeadlessChromium {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  /** Every event received, in order. */
  readonly events: CdpEvent[] = [];
  private sessionId: string | undefined;
  /** Why the browser is gone, once it is. */
  private failure: string | undefined;

  private constructor(private readonly proc: ChildProcess, private readonly profile: string) {
    // A browser that failed to start closes the pipes: the error arrives through 'error' below.
    (proc.stdio[3] as Writable).on('error', () => {});
    const out = proc.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.receive(chunk));
    const fail = (why: string): void => {
      this.failure = why;
      for (const p of this.pending.values()) p.reject(new Error(why));
      this.pending.clear();
    };
    proc.on('error', (e) => fail(`cannot start ${CHROMIUM}: ${e.message} (install Debian's chromium: apt-get install -y chromium; .ci/run does)`));
    proc.on('exit', (code) => fail(`${CHROMIUM} exited (status ${code})`));
  }

  /** Starts Chromium headless and attaches to a new blank page. */
  static async launch(): Promise<HeadlessChromium> {
    const profile = mkdtempSync(join(tmpdir(), 'devgen-chromium-'));
    const proc = spawn(CHROMIUM, [
      '--headless', '--remote-debugging-pipe', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
      '--disable-extensions', '--disable-background-networking', '--hide-scrollbars', `--user-data-dir=${profile}`, 'about:blank',
    ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    proc.stderr!.resume();
    const browser = new HeadlessChromium(proc, profile);
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
    browser.sessionId = sessionId;
    await browser.page('Page.enable');
    await browser.page('Runtime.enable');
    await browser.page('Log.enable');
    return browser;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, unknown>; sessionId?: string };
      this.buffer = this.buffer.slice(end + 1);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method !== undefined) {
        this.events.push({ method: msg.method, params: msg.params ?? {}, sessionId: msg.sessionId });
      }
    }
  }

  /** Sends a browser-level command. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) {
        reject(new Error(this.failure));
        return;
      }
      this.pending.set(id, { resolve, reject });
      (this.proc.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  /** Sends a command to the page. */
  page(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.send(method, params, this.sessionId);
  }

  /** Opens `url` in the page and waits for its load event. */
  async goto(url: string, timeoutMs = 20_000): Promise<void> {
    const seen = this.events.length;
    await this.page('Page.navigate', { url });
    const start = Date.now();
    while (!this.events.slice(seen).some((e) => e.method === 'Page.loadEventFired')) {
      if (Date.now() - start > timeoutMs) throw new Error(`${url}: no load event in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Evaluates `expression` in the page and returns its value (JSON-serialisable results). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.page('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`page script failed: ${r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** Console messages, uncaught exceptions and error log entries of the page since the start. */
  problems(): string[] {
    return this.events.flatMap((e) => {
      if (e.method === 'Runtime.exceptionThrown') return [`exception: ${JSON.stringify(e.params.exceptionDetails)}`];
      if (e.method === 'Runtime.consoleAPICalled' && (e.params.type === 'error' || e.params.type === 'warning' || e.params.type === 'assert')) return [`console.${String(e.params.type)}: ${JSON.stringify(e.params.args)}`];
      if (e.method === 'Log.entryAdded' && (e.params.entry as { level: string }).level === 'error') return [`log: ${JSON.stringify(e.params.entry)}`];
      return [];
    });
  }

  /** A PNG of the page region `clip` (CSS pixels). */
  async screenshot(clip: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const r = await this.page('Page.captureScreenshot', { format: 'png', clip: { ...clip, scale: 1 }, captureBeyondViewport: true }) as { data: string };
    return Buffer.from(r.data, 'base64');
  }

  /** Ends the browser and removes its profile. */
  async close(): Promise<void> {
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 2000))]);
    } catch {
      // already gone
    }
    const exited = new Promise<void>((r) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) r();
      else this.proc.once('exit', () => r());
    });
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
