/**
 * One QMP conversation (QEMU's monitor protocol), independent of the transport: the greeting,
 * capability negotiation, then one JSON object per command line answered with `return` or
 * `error` (echoing `id`), and events in between. The replies QEMU 10.0 gives, measured:
 *  - any command before `qmp_capabilities`: CommandNotFound "Expecting capabilities
 *    negotiation with 'qmp_capabilities'"; `qmp_capabilities` again: CommandNotFound
 *    "Capabilities negotiation is already complete, command ignored";
 *  - an unknown command: CommandNotFound "The command NAME has not been found";
 *  - a line that is not JSON, or an object without `execute`: GenericError;
 *  - an argument the command does not take: GenericError "Parameter 'x' is unexpected".
 * Lines are handled one at a time; a line never makes the session throw.
 */

/** A QMP error class and description, as QEMU puts them in `{"error": ...}`. */
export interface QmpErrorReply {
  readonly class: 'CommandNotFound' | 'GenericError' | 'DeviceNotActive';
  readonly desc: string;
}

/** What a command handler gives back: its return value, or an error. */
export type QmpCommandOutcome = { readonly return: unknown } | { readonly error: QmpErrorReply };

/** One command: the arguments it accepts and its handler. */
export interface QmpCommand {
  /** Argument names the command takes; any other one is refused before the handler runs. */
  readonly args: readonly string[];
  readonly run: (args: Readonly<Record<string, unknown>>) => QmpCommandOutcome;
}

/** Writes one protocol line (a JSON object, without the newline) to the client. */
export type QmpSend = (line: string) => void;

/** The greeting's version object: devgen speaks the protocol of the QEMU it is compared with. */
export const QMP_GREETING = { QMP: { version: { qemu: { micro: 0, minor: 0, major: 10 }, package: 'devgen' }, capabilities: [] as string[] } };

/** A QMP error outcome. */
export function qmpError(cls: QmpErrorReply['class'], desc: string): QmpCommandOutcome {
  return { error: { class: cls, desc } };
}

/** The session of one client connection. */
export class QmpSession {
  private negotiated = false;
  private buffered = '';

  /** `commands` by name (shared by every connection); `send` writes to this client. */
  constructor(
    private readonly commands: ReadonlyMap<string, QmpCommand>,
    private readonly send: QmpSend,
  ) {}

  /** The greeting line QEMU sends when a client connects. */
  greet(): void {
    this.send(JSON.stringify(QMP_GREETING));
  }

  /** Feeds received text; every complete line is handled in order. */
  feed(text: string): void {
    this.buffered += text;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      if (line.trim() !== '') this.handle(line);
    }
  }

  /** Handles one request line and sends its answer. */
  handle(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      this.reply(qmpError('GenericError', `JSON parse error, ${e instanceof Error ? e.message : String(e)}`), undefined);
      return;
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      this.reply(qmpError('GenericError', 'QMP input must be a JSON object'), undefined);
      return;
    }
    const req = msg as Record<string, unknown>;
    const id = req.id;
    if (typeof req.execute !== 'string') {
      this.reply(qmpError('GenericError', "QMP input lacks member 'execute'"), id);
      return;
    }
    const args = req.arguments ?? {};
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      this.reply(qmpError('GenericError', "QMP input member 'arguments' must be an object"), id);
      return;
    }
    const name = req.execute;
    if (name === 'qmp_capabilities') {
      if (this.negotiated) this.reply(qmpError('CommandNotFound', 'Capabilities negotiation is already complete, command ignored'), id);
      else {
        this.negotiated = true;
        this.reply({ return: {} }, id);
      }
      return;
    }
    if (!this.negotiated) {
      this.reply(qmpError('CommandNotFound', "Expecting capabilities negotiation with 'qmp_capabilities'"), id);
      return;
    }
    const cmd = this.commands.get(name);
    if (cmd === undefined) {
      this.reply(qmpError('CommandNotFound', `The command ${name} has not been found`), id);
      return;
    }
    const unexpected = Object.keys(args).find((k) => !cmd.args.includes(k));
    if (unexpected !== undefined) {
      this.reply(qmpError('GenericError', `Parameter '${unexpected}' is unexpected`), id);
      return;
    }
    let outcome: QmpCommandOutcome;
    try {
      outcome = cmd.run(args as Record<string, unknown>);
    } catch (e) {
      outcome = qmpError('GenericError', `internal error in ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.reply(outcome, id);
  }

  private reply(outcome: QmpCommandOutcome, id: unknown): void {
    this.send(JSON.stringify(id === undefined ? outcome : { ...outcome, id }));
  }
}

/** A QMP event line as QEMU writes it (timestamp first, then event and data). */
export function qmpEventLine(event: string, data?: unknown, now: number = Date.now()): string {
  const timestamp = { seconds: Math.floor(now / 1000), microseconds: (now % 1000) * 1000 };
  return JSON.stringify(data === undefined ? { timestamp, event } : { timestamp, event, data });
}
