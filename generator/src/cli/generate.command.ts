/**
 * `devgen generate [--check]`: runs the pipeline and prints diagnostics, a summary of what was
 * written, or (with --check) what is out of date with short diffs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config.ts';
import { formatDiagnostics } from '../diagnostics/render.ts';
import { generate } from '../pipeline.ts';
import type { CliIo } from './errors.ts';
import { UserError } from './errors.ts';

/** Runs `generate` and returns the exit code. */
export function runGenerate(root: string, check: boolean, io: CliIo): number {
  // Refuse a wrong --root early, before anything could be written next to it.
  if (!existsSync(join(root, 'defs'))) throw new UserError(`${root} has no defs/ folder; is --root the project root?`);
  let result: ReturnType<typeof generate>;
  try {
    result = generate({ root, check });
  } catch (e) {
    // A bad devgen.config.yaml is the user's mistake: its message names the file and line.
    if (e instanceof ConfigError) throw new UserError(e.message);
    throw e;
  }
  if (result.diagnostics.length > 0) io.err(formatDiagnostics(result.diagnostics, result.sources));
  if (result.plan.length === 0 && !result.ok) {
    io.err('devgen: generation stopped; nothing was written.\n');
    return 1;
  }
  const foreign = result.plan.filter((p) => p.status === 'foreign');
  for (const p of foreign) {
    io.err(`devgen: error: ${p.path} exists and has no devgen banner; refusing to overwrite a hand-written file (move it away)\n`);
  }
  if (foreign.length > 0) {
    io.err('devgen: nothing was written.\n');
    return 1;
  }
  const changed = result.plan.filter((p) => p.status !== 'unchanged');
  if (check) {
    if (changed.length === 0) {
      io.out(`devgen: ${result.plan.length} generated files are up to date.\n`);
      return 0;
    }
    const label = { stale: 'stale', missing: 'missing', torn: 'torn', extra: 'extra', unchanged: '', foreign: '' } as const;
    io.err(`devgen: ${changed.length} generated file(s) out of date:\n`);
    for (const p of changed) io.err(`  ${label[p.status]}: ${p.path}\n`);
    for (const p of changed) if (p.diff) io.err(`\n${p.diff}\n`);
    io.err('\nRun `devgen generate` (npm run gen) to update them.\n');
    return 1;
  }
  const verb = { stale: 'updated', missing: 'created', torn: 'repaired', extra: 'removed', unchanged: '', foreign: '' } as const;
  for (const p of changed) io.out(`${verb[p.status]} ${p.path}\n`);
  io.out(`devgen: ${result.plan.length - changed.filter((p) => p.status === 'extra').length} files generated, ${changed.length} changed.\n`);
  return 0;
}
