/**
 * `devgen import svd FILE [--peripheral NAME…] [--patch PATCH.yaml] [-o DIR] [--force]`: one
 * definition per peripheral of a CMSIS-SVD file, `DIR/<name>/<name>.device.yaml` (DIR defaults
 * to the project's defs/). The import runs in memory (generator/src/import/); with any error
 * nothing is written. An existing definition is replaced only when it is unchanged or with
 * --force, so a definition edited after its import is not lost; an identical one is left alone.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../diagnostics/render.ts';
import { importSvd } from '../import/svd-import.ts';
import { UserError, type CliIo } from './errors.ts';

/** Options of `devgen import svd`. */
export interface ImportSvdOptions {
  readonly peripheral?: readonly string[];
  readonly patch?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly lint?: boolean;
  readonly check?: boolean;
}

/** A path as diagnostics and provenance comments show it: relative to the root, posix separators. */
function display(root: string, abs: string): string {
  const rel = relative(root, abs);
  return (rel === '' || isAbsolute(rel) ? abs : rel).split(sep).join('/');
}

function readInput(abs: string, what: string, given: string): string {
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${what} ${given}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Runs the import; returns the exit code. */
export function runImportSvd(root: string, file: string, opts: ImportSvdOptions, io: CliIo): number {
  const svdAbs = resolve(file);
  const svd = { file: display(root, svdAbs), text: readInput(svdAbs, 'the SVD file', file) };
  const patchAbs = opts.patch === undefined ? undefined : resolve(opts.patch);
  const patch = patchAbs === undefined ? undefined : { file: display(root, patchAbs), text: readInput(patchAbs, 'the patch file', opts.patch!) };
  const outDir = display(root, resolve(opts.out ?? resolve(root, 'defs')));
  const result = importSvd({
    svd, ...(patch ? { patch } : {}), ...(opts.peripheral ? { peripherals: opts.peripheral } : {}), outDir, root, lint: opts.lint !== false, check: opts.check !== false,
  });
  if (result.diagnostics.length > 0) io.err(formatDiagnostics(result.diagnostics, result.sources));
  if (hasErrors(result.diagnostics)) {
    io.err('devgen: import stopped; nothing was written.\n');
    return 1;
  }
  const plan = result.definitions.map((d) => {
    const abs = resolve(root, d.path);
    const old = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    return { def: d, abs, status: old === undefined ? 'new' : old === d.text ? 'unchanged' : 'changed' } as const;
  });
  const conflicts = plan.filter((p) => p.status === 'changed');
  if (conflicts.length > 0 && opts.force !== true) {
    for (const p of conflicts) io.err(`devgen: error: ${p.def.path} exists and differs from this import; pass --force to replace it\n`);
    io.err('devgen: nothing was written.\n');
    return 1;
  }
  for (const p of plan) {
    if (p.status !== 'unchanged') {
      mkdirSync(dirname(p.abs), { recursive: true });
      writeFileSync(p.abs, p.def.text);
    }
    io.out(`${p.status === 'unchanged' ? 'unchanged' : p.status === 'new' ? 'created' : 'replaced'} ${p.def.path} (peripheral ${p.def.peripheral})\n`);
  }
  io.out(`devgen: imported ${plan.length} peripheral(s); next: \`devgen generate\` and \`devgen lint\`.\n`);
  return 0;
}
