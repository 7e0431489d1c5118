/**
 * The error the programmatic API throws for a problem of the project or of the request (a
 * generated file missing, an unknown machine, lint paths that do not exist): a message for the
 * person using it, never a stack trace in the CLI. Problems inside definitions are never thrown;
 * they come back as diagnostics.
 */

/** A problem of the project or of the request, described by its message. */
export class ProjectError extends Error {
  override readonly name: string = 'ProjectError';
}
