/**
 * Linting a project the way `devgen lint` does: its configuration (devgen.config.yaml), its
 * vmstate baseline, the definitions and boards under the paths asked for (default: defs/), every
 * rule of generator/src/lint with the front end's checks, and optionally the safe fixes. The CLI
 * formats what this returns; the API hands it over as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_VMSTATE_BASELINE, loadConfig } from '../config/config.ts';
import { frontEndLimits } from '../pipeline/load.ts';
import { countBySeverity, type FixMode } from '../lint/format.ts';
import { isLintRuleId } from '../lint/rule.ts';
import { collectDefinitionFiles, displayPath, lintAndFix, lintSource, type LintFileResult, type VmStateBaseline } from '../lint/run.ts';
import { readDumpFile } from '../migration/dump-file.ts';
import { sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { checkDeviceSet } from '../sema/check-device-set.ts';
import { ProjectError } from './errors.ts';

/** Options of {@link lintProject}. */
export interface ProjectLintOptions {
  /** Definition files or folders to lint, relative to `cwd` (default: the project's defs/). */
  readonly paths?: readonly string[];
  /** Folder `paths`, `config` and an explicit `baseline` are relative to (default: the process's). */
  readonly cwd?: string;
  /** Configuration file (default: devgen.config.yaml at the root, when present). */
  readonly config?: string;
  /** vmstate baseline file, or false for none (default: the configured one, else generated/vmstate-baseline.json when present). */
  readonly baseline?: string | false;
  /** Apply the safe fixes to the files (`apply`) or only compute them (`dry-run`). */
  readonly fix?: FixMode;
}

/** What linting a project found. */
export interface ProjectLintResult {
  /** One result per definition or board file, sorted by path. */
  readonly files: readonly LintFileResult[];
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  /** True when no file has an error (warnings and notes allowed), as lint's exit code 0. */
  readonly ok: boolean;
}

/** A bad request to lint (missing paths or baseline, unwritable files): `devgen lint` exits 2. */
export class LintUsageError extends ProjectError {
  override readonly name = 'LintUsageError';
}

function readBaseline(base: string, path: string, explicit: boolean): VmStateBaseline | undefined {
  const abs = resolve(base, path);
  if (!existsSync(abs)) {
    if (explicit) throw new LintUsageError(`vmstate baseline ${path} does not exist`);
    return undefined;
  }
  const read = readDumpFile(abs, path);
  if (!read.ok) throw new LintUsageError(`vmstate baseline: ${read.message}`);
  return read.dump;
}

/** Adds the checks over the set of linted devices (a device name defined twice) to the file they concern. */
function withDeviceSetChecks(results: LintFileResult[]): LintFileResult[] {
  const found = checkDeviceSet(results.flatMap((r) => (r.device ? [r.device] : [])));
  if (found.length === 0) return results;
  return results.map((r) => {
    const mine = found.filter((d) => d.file === r.file);
    return mine.length === 0 ? r : { ...r, diagnostics: sortDiagnostics([...r.diagnostics, ...mine]) };
  });
}

/**
 * Lints the project at `root`. Throws {@link LintUsageError} for a bad request and the
 * configuration's ConfigError for a bad devgen.config.yaml; problems in definitions are results.
 */
export function lintProject(root: string, options: ProjectLintOptions = {}): ProjectLintResult {
  const cwd = options.cwd ?? process.cwd();
  const config = loadConfig(root, isLintRuleId, options.config === undefined ? undefined : resolve(cwd, options.config));
  const baselinePath = options.baseline === false ? undefined : (options.baseline ?? config.lint.vmstateBaseline ?? DEFAULT_VMSTATE_BASELINE);
  const explicitBaseline = typeof options.baseline === 'string' || config.lint.vmstateBaseline !== undefined;
  const baseline = baselinePath === undefined ? undefined : readBaseline(typeof options.baseline === 'string' ? cwd : root, baselinePath, explicitBaseline);
  const paths = options.paths ?? [];
  const targets = paths.length > 0 ? paths : [join(root, 'defs')];
  const { files, missing } = collectDefinitionFiles(targets, cwd);
  if (missing.length > 0) throw new LintUsageError(`no such file or folder: ${missing.join(', ')}`);
  // A project's own defs/ may be empty (a new project); paths asked for must hold definitions.
  if (files.length === 0 && paths.length > 0) throw new LintUsageError(`no *.device.yaml or *.device.ts definitions under ${targets.join(', ')}`);
  const limits = Object.keys(config.limits).length === 0 ? {} : { limits: frontEndLimits(config.limits) };
  const lintOptions = { root, settings: config.lint.rules, ...limits, ...(baseline ? { baseline } : {}) };
  const results = withDeviceSetChecks(files.map((abs) => {
    const text = readFileSync(abs, 'utf8');
    return options.fix ? lintAndFix(displayPath(root, abs), text, lintOptions) : lintSource(displayPath(root, abs), text, lintOptions);
  }));
  if (options.fix === 'apply') {
    for (const r of results) {
      if (r.output === undefined) continue;
      try {
        writeFileSync(r.path, r.output);
      } catch (e) {
        throw new LintUsageError(`cannot write ${r.file}: ${(e as Error).message}`);
      }
    }
  }
  const c = countBySeverity(results);
  return { files: results, ...c, ok: c.errors === 0 };
}
