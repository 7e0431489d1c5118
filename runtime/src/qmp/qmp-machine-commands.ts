/**
 * The QMP commands devgen serves for a running board, with QEMU 10.0's answers:
 *  - `migrate` {uri: "file:PATH"}: writes the migration file of the board's devices (as QEMU
 *    would for them, migration-file-writer.ts); the run state becomes `postmigrate`. A file that
 *    cannot be created is QEMU's error ("Could not create 'PATH': ...") and a `failed` status;
 *  - `query-migrate`: `{}` before any migration, then `completed`, or `failed` with `error-desc`;
 *  - `query-status`: {status, running}; `stop` / `cont` switch paused / running (events STOP
 *    and RESUME when the state changes); devgen has no CPU, so only the reported state changes:
 *    qtest keeps driving the clock and the devices as before;
 *  - `quit`: the SHUTDOWN event, the answer, then the process ends.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { MIGRATION_MACHINE_TYPES, type MigrationMachineType } from '../migration/file-format.ts';
import { writeMigrationFile } from '../migration/migration-file-writer.ts';
import { migrationParticipants, type MigratableDevice } from '../migration/migration-load.ts';
import { qmpError, type QmpCommand, type QmpCommandOutcome } from './qmp-session.ts';

/** QEMU run states devgen reports. */
export type QmpRunState = 'running' | 'paused' | 'postmigrate';

/** What the commands act on. */
export interface QmpMachine {
  /** Board name (a key of MIGRATION_MACHINE_TYPES for the boards devgen knows QEMU's name of). */
  readonly name: string;
  readonly devices: readonly MigratableDevice[];
}

/** Options of {@link createMachineQmpCommands}. */
export interface MachineQmpOptions {
  readonly machine: QmpMachine;
  /** Sends an event to every connected client. */
  readonly emit: (event: string, data?: unknown) => void;
  /** Called after `quit` has been answered. */
  readonly onQuit: () => void;
  /** The board was loaded from `--incoming`: `query-migrate` reports that migration `completed`, as QEMU's destination does. */
  readonly incoming?: boolean;
}

/** The migration identity of a board: QEMU's versioned name when devgen knows it, else the board name on 4 KiB pages. */
export function migrationMachineType(board: string): MigrationMachineType {
  return MIGRATION_MACHINE_TYPES[board] ?? { machineType: board, targetPageBits: 12, targetPageBitsMin: 12 };
}

type MigrationStatus = { readonly status: 'completed'; readonly 'total-time': number } | { readonly status: 'failed'; readonly 'error-desc': string };

/** The command table for `opts.machine` (shared by every QMP connection, so they see one state). */
export function createMachineQmpCommands(opts: MachineQmpOptions): Map<string, QmpCommand> {
  let state: QmpRunState = 'running';
  let migration: MigrationStatus | undefined = opts.incoming === true ? { status: 'completed', 'total-time': 0 } : undefined;
  const setState = (next: QmpRunState): void => {
    const wasRunning = state === 'running';
    state = next;
    if (wasRunning && next !== 'running') opts.emit('STOP');
    if (!wasRunning && next === 'running') opts.emit('RESUME');
  };
  const migrate = (args: Readonly<Record<string, unknown>>): QmpCommandOutcome => {
    if (args.channels !== undefined) return qmpError('GenericError', "devgen takes migrate's 'uri' form only, not 'channels'");
    if (args.resume === true) return qmpError('GenericError', 'devgen has no paused migration to resume');
    const uri = args.uri;
    if (uri === undefined) return qmpError('GenericError', "need either 'uri' or 'channels' argument");
    if (typeof uri !== 'string') return qmpError('GenericError', "Invalid parameter type for 'uri', expected: string");
    const colon = uri.indexOf(':');
    const scheme = colon < 0 ? uri : uri.slice(0, colon);
    if (!['file', 'tcp', 'unix', 'exec', 'fd', 'rdma', 'vsock'].includes(scheme)) return qmpError('GenericError', `unknown migration protocol: ${uri}`);
    if (scheme !== 'file') return qmpError('GenericError', `devgen migrates to files only ('file:PATH'), not '${scheme}:'`);
    const path = uri.slice(colon + 1);
    const started = Date.now();
    let fd: number;
    try {
      fd = openSync(path, 'w', 0o600);
    } catch (e) {
      const desc = `Could not create '${path}': ${describeErrno(e)}`;
      migration = { status: 'failed', 'error-desc': desc };
      return qmpError('GenericError', desc);
    }
    try {
      const bytes = writeMigrationFile(migrationMachineType(opts.machine.name), migrationParticipants(opts.machine.devices));
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      migration = { status: 'completed', 'total-time': Date.now() - started };
      setState('postmigrate');
    } catch (e) {
      // The file opened but could not be written (a full disk): QEMU reports it through query-migrate.
      migration = { status: 'failed', 'error-desc': `Unable to write to file: ${describeErrno(e)}` };
    } finally {
      closeSync(fd);
    }
    return { return: {} };
  };
  const none = (): QmpCommandOutcome => ({ return: {} });
  return new Map<string, QmpCommand>([
    ['migrate', { args: ['uri', 'channels', 'detach', 'resume'], run: migrate }],
    ['query-migrate', { args: [], run: () => ({ return: migration ?? {} }) }],
    ['query-status', { args: [], run: () => ({ return: { status: state, running: state === 'running' } }) }],
    ['stop', { args: [], run: () => (setState(state === 'running' ? 'paused' : state), none()) }],
    ['cont', { args: [], run: () => (setState('running'), none()) }],
    ['quit', {
      args: [],
      run: () => {
        opts.emit('SHUTDOWN', { guest: false, reason: 'host-qmp-quit' });
        queueMicrotask(opts.onQuit);
        return { return: {} };
      },
    }],
  ]);
}

/** "No such file or directory" from a Node system error, like QEMU's strerror text. */
function describeErrno(e: unknown): string {
  const code = (e as { code?: string }).code;
  const known: Record<string, string> = {
    ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'Is a directory', ENOSPC: 'No space left on device',
    ENOTDIR: 'Not a directory', EROFS: 'Read-only file system',
  };
  return (code !== undefined ? known[code] : undefined) ?? (e instanceof Error ? e.message : String(e));
}
