/**
 * GuestLog implementation: QEMU's qemu_log_mask(LOG_GUEST_ERROR | LOG_UNIMP, ...) for the runtime.
 * Entries go into a bounded ring so a guest hammering a bad register cannot grow memory without
 * limit; echo to stderr is opt-in, like QEMU's `-d guest_errors,unimp`.
 */
import type { GuestLog } from '../contract/context.ts';

/**
 * Category of a logged entry: QEMU log masks LOG_GUEST_ERROR, LOG_UNIMP and LOG_INVALID_MEM.
 * QEMU 10.0 reports invalid and unassigned memory accesses under LOG_INVALID_MEM
 * (`-d invalid_mem`), not under guest_errors (verified with qtest on -M virt).
 */
export type GuestLogKind = 'guest-error' | 'unimp' | 'invalid-mem';

/** One logged entry. `message` is stored without a trailing newline. */
export interface GuestLogEntry {
  readonly kind: GuestLogKind;
  readonly message: string;
}

/** Options of {@link createGuestLog}. */
export interface GuestLogOptions {
  /** Maximum number of entries kept (oldest dropped first). Default 1000. */
  readonly capacity?: number;
  /** Kinds echoed through `write` (QEMU `-d guest_errors,unimp,invalid_mem`); true = all. Default none. */
  readonly echo?: readonly GuestLogKind[] | boolean;
  /** Where echoed lines go (one call per line, newline included). Default process.stderr. */
  readonly write?: (line: string) => void;
}

/** The runtime's log: the codegen GuestLog plus QEMU's LOG_INVALID_MEM category. */
export interface RuntimeLog extends GuestLog {
  /** LOG_INVALID_MEM: an access the memory core rejected (bad size, unaligned, unassigned). */
  invalidMem(message: string): void;
}

/** A RuntimeLog that also lets tests and tools inspect what was logged. */
export interface RecordingGuestLog extends RuntimeLog {
  /** Entries currently held, oldest first. */
  entries(): readonly GuestLogEntry[];
  /** Number of entries dropped because the buffer was full. */
  readonly dropped: number;
  /** Empties the buffer (and resets `dropped`). */
  clear(): void;
}

function defaultWrite(line: string): void {
  process.stderr.write(line);
}

/**
 * Creates a bounded, never-throwing guest log. Echo failures (a closed stderr, a throwing
 * custom writer) are swallowed on purpose: a guest must never be able to crash the runtime
 * through logging.
 */
export function createGuestLog(options: GuestLogOptions = {}): RecordingGuestLog {
  const capacity = Math.max(1, Math.floor(options.capacity ?? 1000));
  const echoKinds = new Set<GuestLogKind>(
    options.echo === true ? ['guest-error', 'unimp', 'invalid-mem'] : options.echo === false || options.echo === undefined ? [] : options.echo,
  );
  const write = options.write ?? defaultWrite;
  let buffer: GuestLogEntry[] = [];
  let dropped = 0;

  const add = (kind: GuestLogKind, message: unknown): void => {
    try {
      let text = typeof message === 'string' ? message : String(message);
      if (text.endsWith('\n')) text = text.slice(0, -1);
      if (buffer.length >= capacity) {
        buffer.shift();
        dropped++;
      }
      buffer.push({ kind, message: text });
      if (echoKinds.has(kind)) write(text + '\n');
    } catch {
      // Logging must never throw into device code.
    }
  };

  return {
    guestError(message: string): void {
      add('guest-error', message);
    },
    unimp(message: string): void {
      add('unimp', message);
    },
    invalidMem(message: string): void {
      add('invalid-mem', message);
    },
    entries: () => buffer.slice(),
    get dropped() {
      return dropped;
    },
    clear(): void {
      buffer = [];
      dropped = 0;
    },
  };
}

/** A log that discards everything (for benchmarks and tools that do not care). */
export const nullGuestLog: RuntimeLog = {
  guestError(): void {},
  unimp(): void {},
  invalidMem(): void {},
};
