/**
 * The part of CLI error handling every command shares, kept apart from errors.ts (which knows
 * diagnostics and scaffolding) so the fast start of `devgen qtest` loads only this.
 */

/** A mistake of the person running devgen (bad path, unknown machine, …): no stack trace. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Where the CLI writes. Tests pass collectors; the real CLI passes process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Prints an internal error (a stack trace only with DEVGEN_DEBUG=1) and returns its exit code, 2. */
export function reportInternalError(error: unknown, io: CliIo): number {
  const message = error instanceof Error ? error.message : String(error);
  io.err(`devgen: internal error: ${message}\n`);
  if (process.env.DEVGEN_DEBUG === '1' && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  else io.err('(set DEVGEN_DEBUG=1 for the stack trace)\n');
  return 2;
}

/**
 * A reader that stops early (`devgen demo | head`) closes the pipe: that ends the output, not
 * devgen with a stack trace.
 */
export function endQuietlyOnClosedOutput(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}
