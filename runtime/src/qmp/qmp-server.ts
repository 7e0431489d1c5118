/**
 * QMP served on a Unix socket (`--qmp unix:PATH`, like QEMU's `-qmp unix:PATH,server=on,wait=off`):
 * every client gets the greeting and its own negotiation; all share one command table, so they
 * see one run state and one migration status, and events go to every negotiated-or-not client
 * as QEMU broadcasts them. It runs on the same event loop as the qtest server, side by side.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { qmpEventLine, QmpSession, type QmpCommand } from './qmp-session.ts';

/** A parsed `--qmp` value. */
export interface QmpEndpoint {
  readonly path: string;
}

/** A `--qmp` value that is not `unix:PATH` (optionally with QEMU's `,server=on,wait=off`). */
export class QmpSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QmpSpecError';
  }
}

/** Parses `unix:PATH[,server=on][,wait=off]`. */
export function parseQmpSpec(spec: string): QmpEndpoint {
  if (!spec.startsWith('unix:')) throw new QmpSpecError(`--qmp '${spec}': devgen serves QMP on a Unix socket only: unix:PATH`);
  const [path, ...opts] = spec.slice('unix:'.length).split(',');
  if (path === undefined || path === '') throw new QmpSpecError(`--qmp '${spec}': the socket path is empty`);
  for (const o of opts) {
    if (o !== 'server=on' && o !== 'server' && o !== 'wait=off' && o !== 'nowait') {
      throw new QmpSpecError(`--qmp '${spec}': option '${o}' is not supported (devgen always listens and never waits)`);
    }
  }
  return { path };
}

/** A listening QMP server. */
export interface QmpServer {
  /** Sends an event to every connected client. */
  emit(event: string, data?: unknown): void;
  /** Stops listening, ends every connection (after what was written is flushed) and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Listens on `endpoint.path`, replacing a stale socket file there (QEMU does the same); resolves
 * once listening. `commands` is built with the server's own `emit`, so commands can send events.
 */
export async function startQmpServer(endpoint: QmpEndpoint, commands: (emit: (event: string, data?: unknown) => void) => ReadonlyMap<string, QmpCommand>): Promise<QmpServer> {
  const clients = new Set<Socket>();
  const emit = (event: string, data?: unknown): void => {
    const line = qmpEventLine(event, data) + '\n';
    for (const c of clients) if (!c.destroyed) c.write(line);
  };
  const table = commands(emit);
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.setEncoding('utf8');
    const session = new QmpSession(table, (line) => {
      if (!socket.destroyed) socket.write(line + '\n');
    });
    socket.on('data', (chunk: string) => session.feed(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => clients.delete(socket));
    session.greet();
  });
  try {
    if (lstatSync(endpoint.path).isSocket()) unlinkSync(endpoint.path);
  } catch {
    // Nothing there: the usual case.
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new QmpSpecError(`--qmp unix:${endpoint.path}: cannot listen: ${e.message}`)));
    server.listen(endpoint.path, () => resolve());
  });
  return {
    emit,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
