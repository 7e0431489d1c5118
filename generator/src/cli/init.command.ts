/**
 * `devgen init [DIR] [--force]`: writes a new project (scaffold/init.scaffold.ts), then
 * generates it once so generated/ (the JSON Schemas editors read, the empty device and board
 * lists) exists from the start. Refuses a folder that already holds files unless --force, and
 * even then never overwrites one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatDiagnostics } from '../diagnostics/render.ts';
import { generate } from '../pipeline.ts';
import { InitPackageJsonError, initBlockers, initPlan } from '../scaffold/init.scaffold.ts';
import { existingFiles, writeScaffold } from '../scaffold/scaffold-files.ts';
import { UserError, type CliIo } from './errors.ts';
import { devgenPackage } from './package-info.ts';

/** Options of `devgen init`. */
export interface InitCommandOptions {
  readonly force?: boolean;
}

/** Runs init in `dir` (relative to `cwd`); returns the exit code. */
export function runInit(dir: string, opts: InitCommandOptions, io: CliIo, cwd = process.cwd()): number {
  const abs = resolve(cwd, dir);
  const blockers = initBlockers(abs);
  if (blockers.length > 0 && opts.force !== true) {
    const shown = blockers.slice(0, 5).join(', ') + (blockers.length > 5 ? `, … (${blockers.length} entries)` : '');
    throw new UserError(`${abs} is not empty (${shown}); pass --force to add a project to it (existing files are kept)`);
  }
  const pkg = devgenPackage();
  let plan;
  try {
    plan = initPlan({ dir: abs, devgenVersion: pkg.version, devgenDevDependencies: pkg.devDependencies });
  } catch (e) {
    if (e instanceof InitPackageJsonError) throw new UserError(e.message);
    throw e;
  }
  mkdirSync(abs, { recursive: true });
  const kept = existingFiles(abs, plan.files);
  const files = plan.files.filter((f) => !kept.includes(f.path));
  writeScaffold(abs, files);
  const rel = relative(cwd, abs);
  const where = rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
  for (const f of files) io.out(`created ${join(where, f.path)}\n`);
  if (plan.packageJsonUpdate !== undefined) {
    writeFileSync(join(abs, 'package.json'), plan.packageJsonUpdate.content);
    io.out(`updated ${join(where, 'package.json')} (added ${plan.packageJsonUpdate.added.join(', ')})\n`);
  }
  for (const k of kept) io.out(`kept ${join(where, k)} (exists)\n`);
  const gen = generate({ root: abs, check: false });
  if (!gen.ok) {
    // Only a folder init was forced into can hold definitions or generated files already.
    if (gen.diagnostics.length > 0) io.err(formatDiagnostics(gen.diagnostics, gen.sources));
    io.err(`devgen: the project files are in place, but what ${where} already holds does not generate (see above); fix it and run \`devgen generate\`\n`);
    return 1;
  }
  io.out(`created ${join(where, 'generated')}/ (${gen.plan.length} files)\n`);
  io.out(`devgen: project ready in ${abs}. Next: npm install, then \`npx devgen new device NAME\` and \`npm run generate\`.\n`);
  return 0;
}
