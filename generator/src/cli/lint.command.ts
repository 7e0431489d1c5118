/**
 * `devgen lint [PATHS...]`: lints definition files (folders are searched for *.device.yaml;
 * default: defs/ under the root) with every rule of generator/src/lint, the front end's checks
 * included. Configuration: devgen.config.yaml at the root (see generator/src/config/config.ts).
 * Exit codes as eslint's: 0 no errors (warnings allowed), 1 at least one error, 2 usage,
 * configuration or internal error. `--fix` rewrites definitions with the safe fixes of the fix
 * registry (lint/fixers.ts) and reports what remains; `--fix-dry-run` reports the same without
 * writing. Either way the JSON carries each changed file's fixed text as `output`, as ESLint's.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { defaultColor } from '../diagnostics/render.ts';
import { ProjectError } from '../api/errors.ts';
import { ConfigError, DEFAULT_VMSTATE_BASELINE } from '../config/config.ts';
import type { FixMode } from '../lint/format.ts';
import { LINT_FORMATS, type LintFormat } from '../lint/lint-formats.ts';
import { memoized } from '../memo/command-memo.ts';
import { UserError, reportError, type CliIo } from './errors.ts';
import { devgenPackage } from './package-info.ts';
import { resolveProjectRoot } from './project-root.ts';

/** Options of `devgen lint`. */
export interface LintCommandOptions {
  /** `--root`; undefined: the project the working directory is in (cli/project-root.ts). */
  readonly root?: string;
  readonly format: string;
  readonly config?: string;
  /** A baseline path, or false for --no-baseline. */
  readonly baseline?: string | false;
  readonly output?: string;
  readonly color?: boolean;
  readonly listRules?: boolean;
  /** Apply the safe fixes to the definition files. */
  readonly fix?: boolean;
  /** Compute the fixes and report them without writing. */
  readonly fixDryRun?: boolean;
}

/** A mistake in how lint was invoked (exit code 2, as eslint). */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The rule table as text: id, default severity, `fix` when --fix can rewrite its findings, one-line doc. */
export async function formatRuleTable(): Promise<string> {
  const [{ LINT_RULES }, { FIX_DECISIONS }] = await Promise.all([import('../lint/registry.ts'), import('../lint/fixers.ts')]);
  const width = Math.max(...LINT_RULES.map((r) => r.id.length));
  return LINT_RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${FIX_DECISIONS[r.id].fixable ? 'fix' : '   '}  ${r.description}`).join('\n') + '\n';
}

/**
 * Runs lint; returns the exit code (throws UsageError/ConfigError for code 2). A run over an
 * unchanged project replays its last report (memo/command-memo.ts); the rules load only when
 * something changed.
 */
export async function runLint(paths: readonly string[], opts: LintCommandOptions, io: CliIo, cwd = process.cwd()): Promise<number> {
  if (opts.listRules) {
    io.out(await formatRuleTable());
    return 0;
  }
  if (!(LINT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`unknown format '${opts.format}': expected ${LINT_FORMATS.join(', ')}`);
  }
  const format = opts.format as LintFormat;
  const root = resolveProjectRoot(opts.root, cwd);
  if (opts.fix && opts.fixDryRun) throw new UsageError('--fix and --fix-dry-run exclude each other');
  const fix: FixMode | undefined = opts.fix ? 'apply' : opts.fixDryRun ? 'dry-run' : undefined;
  return memoized(root, ['lint', paths, opts], io, (out) => lintReport(root, paths, opts, format, fix, out, cwd));
}

/** Lints the project and writes the report; returns the exit code. */
async function lintReport(root: string, paths: readonly string[], opts: LintCommandOptions, format: LintFormat, fix: FixMode | undefined, io: CliIo, cwd: string): Promise<number> {
  const [{ lintProject }, { countBySeverity, formatJson, formatSarif, formatText }] = await Promise.all([
    import('../api/lint-project.ts'), import('../lint/format.ts'),
  ]);
  const { files: results } = lintProject(root, {
    paths, cwd,
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
    ...(fix ? { fix } : {}),
  });
  let text: string;
  if (format === 'json') text = formatJson(results);
  else if (format === 'sarif') text = formatSarif(results, { rootUri: pathToFileURL(root + '/').href, version: devgenPackage().version });
  else text = formatText(results, { color: opts.output === undefined && opts.color !== false && defaultColor(), ...(fix ? { fix } : {}) });
  if (opts.output !== undefined) {
    try {
      writeFileSync(resolve(cwd, opts.output), text);
    } catch (e) {
      throw new UsageError(`cannot write ${opts.output}: ${(e as Error).message}`);
    }
  } else io.out(text);
  return countBySeverity(results).errors > 0 ? 1 : 0;
}

/** Registers `devgen lint` on `program`; `exit` receives the exit code. */
export function registerLintCommand(program: Command, io: CliIo, exit: (code: number) => void): void {
  program.command('lint')
    .description('Lint device definitions (the rules of --list-rules plus the checks); exit 0 clean or warnings, 1 errors, 2 usage error.')
    .argument('[paths...]', 'definition files or folders (default: defs/ under the root)')
    .option('--format <format>', `output format: ${LINT_FORMATS.join(', ')}`, 'text')
    .option('--config <file>', 'configuration file (default: devgen.config.yaml at the root, if present)')
    .option('--baseline <file>', `vmstate baseline for migration rules (default: ${DEFAULT_VMSTATE_BASELINE}, if present)`)
    .option('--no-baseline', 'do not compare with a vmstate baseline')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--no-color', 'no colours in text output')
    .option('--fix', 'rewrite definitions with the safe fixes (comments and layout kept), then report what remains')
    .option('--fix-dry-run', 'show the fixes --fix would make, without writing')
    .option('--list-rules', 'print the rule table (id, default severity, fixable, doc) and exit')
    .option('--root <dir>', 'project root holding defs/ and devgen.config.yaml (default: the nearest one above the working directory)')
    .action(async (paths: string[], opts: LintCommandOptions) => {
      let code: number;
      try {
        code = await runLint(paths, opts, io);
      } catch (e) {
        if (e instanceof UsageError || e instanceof ConfigError || e instanceof UserError || e instanceof ProjectError) {
          io.err(`devgen lint: error: ${e.message}\n`);
          code = 2;
        } else {
          reportError(e, io);
          code = 2;
        }
      }
      exit(code);
    });
}

