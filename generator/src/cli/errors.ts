/**
 * CLI error handling: user mistakes become one-line messages (or positioned diagnostics, for a
 * bad scaffold argument) and exit code 1; anything else is an internal error, printed without a
 * stack trace unless DEVGEN_DEBUG=1 asks for it.
 */
import { ProjectError } from '../api/errors.ts';
import { formatDiagnostics } from '../diagnostics/render.ts';
import { ModuleCompileError } from '../loader/compiled-import.ts';
import { ScaffoldConflictError, ScaffoldError } from '../scaffold/scaffold-files.ts';
import { UserError, reportInternalError, type CliIo } from './user-error.ts';

export { UserError, reportInternalError, type CliIo } from './user-error.ts';

/**
 * Prints `error` the right way and returns the exit code (1 for a user error — a UserError, a
 * ProjectError of the API, a scaffold refusal — and 2 for an internal error).
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UserError || error instanceof ProjectError || error instanceof ScaffoldConflictError || error instanceof ModuleCompileError) {
    io.err(`devgen: error: ${error.message}\n`);
    return 1;
  }
  if (error instanceof ScaffoldError) {
    io.err(formatDiagnostics(error.diagnostics, error.sources));
    io.err('devgen: nothing was written.\n');
    return 1;
  }
  return reportInternalError(error, io);
}
