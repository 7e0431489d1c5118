/**
 * The devgen command line (commander). Every action returns an exit code; errors are turned
 * into messages by `reportError` (user mistakes: no stack trace). `bin/devgen.js` imports this
 * module, and `tsx generator/src/cli/main.ts` runs it directly. Every command works on the
 * project it runs in (`--root`, else the nearest project above the working directory:
 * project-root.ts).
 *
 * Start-up is part of the interface: this module loads only commander and what every command
 * shares; each action imports its command's module when it runs, so `--version` loads no
 * compiler, `qtest` no compiler either, and `generate` and `lint` over an unchanged project
 * replay their last output (memo/command-memo.ts) before any of the compiler loads.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { memoized } from '../memo/command-memo.ts';
import { registerLintCommand } from './lint.command.ts';
import { registerVmStateDiffCommand } from './vmstate-diff.command.ts';
import { UserError, reportError } from './errors.ts';
import { endQuietlyOnClosedOutput } from './user-error.ts';
import type { CliIo } from './errors.ts';
import { devgenPackage } from './package-info.ts';
import { ROOT_HELP, findProjectRoot, resolveProjectRoot } from './project-root.ts';
import { defineQtestCommand } from './qtest-command.ts';
import { DEVICE_PARENTS } from '../scaffold/device-parents.ts';
import type { ArgPosition } from '../scaffold/names.scaffold.ts';
import type { QtestArgs } from './qtest-options.ts';


/** Where argument `value` of `devgen new KIND VALUE` sits among the words after `devgen`. */
function positionOf(argv: readonly string[], kind: string, value: string): ArgPosition {
  const words = argv.slice(2);
  const after = words.indexOf(kind);
  const index = words.indexOf(value, after + 1);
  return index < 0 ? { argv: ['new', kind, value], index: 2 } : { argv: words, index };
}

/**
 * Generates once (through the command memo: with nothing to write, the last output is replayed)
 * or, with --watch, until SIGINT/SIGTERM.
 */
async function generateCommand(root: string, opts: { check?: boolean; watch?: boolean }, io: CliIo): Promise<number> {
  if (opts.watch !== true) {
    const check = opts.check === true;
    return memoized(root, ['generate', { check }], io, async (tee) => (await import('./generate.command.ts')).runGenerate(root, check, tee));
  }
  const { runGenerateWatch } = await import('./watch.command.ts');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runGenerateWatch(root, io, { signal: stop.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runDumpIr(root: string, def: string, io: CliIo): Promise<number> {
  const [{ formatDiagnostics }, { loadDefinition }, { dumpIr }] = await Promise.all([
    import('../diagnostics/render.ts'), import('../pipeline/load.ts'), import('../ir/dump.ts'),
  ]);
  let text: string;
  try {
    text = readFileSync(resolve(def), 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${def}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const result = loadDefinition(resolve(def), text, { root });
  if (result.diagnostics.length > 0) {
    const sources = new Map(result.diagnostics.map((d) => [d.file, text] as const));
    io.err(formatDiagnostics(result.diagnostics, sources));
  }
  if (result.device === undefined) return 1;
  const out = dumpIr(result.device);
  io.out(out.endsWith('\n') ? out : `${out}\n`);
  return 0;
}

/**
 * Builds the program; `exit` receives each action's exit code. `argv` (process.argv form) lets
 * `devgen new` point a diagnostic at the argument it is about.
 */
export function buildProgram(io: CliIo, exit: (code: number) => void, argv: readonly string[] = process.argv): Command {
  const program = new Command('devgen')
    .description('Declarative QEMU device-definition compiler: YAML defs → generated TypeScript → runtime, checked against QEMU.')
    .version(devgenPackage().version, '-V, --version', 'print the devgen version')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run `devgen --help` for usage)');
  const wrap = <A extends unknown[]>(fn: (...args: A) => number | Promise<number>) => async (...args: A): Promise<void> => {
    let code: number;
    try {
      code = await fn(...args);
    } catch (e) {
      code = reportError(e, io);
    }
    exit(code);
  };
  program.command('init')
    .description('Create a devgen project: package.json, tsconfig.json, defs/, devgen.config.yaml, README.md and a test.')
    .argument('[dir]', 'project folder (created when missing)', '.')
    .option('--force', 'add the project to a folder that holds files already (existing files are kept)')
    .action(wrap(async (dir: string, opts: { force?: boolean }) => (await import('./init.command.ts')).runInit(dir, opts, io)));
  const create = program.command('new').description('Add a device or a board to the project.');
  create.command('device')
    .description('A new device: definition, behaviour implementing every hook, a qtest case and a test.')
    .argument('<name>', 'QOM type name of the device (e.g. pl031)')
    .addOption(new Option('--parent <type>', 'QOM parent type').choices(DEVICE_PARENTS).default('sys-bus-device'))
    .option('--root <dir>', ROOT_HELP)
    .action(wrap(async (name: string, opts: { parent: string; root?: string }) =>
      (await import('./new.command.ts')).runNewDevice(resolveProjectRoot(opts.root), name, opts, positionOf(argv, 'device', name), io)));
  create.command('machine')
    .description('A new board: RAM and one device of the project.')
    .argument('<name>', 'machine name (-M NAME)')
    .option('--device <type>', 'QOM type of the device to put on it (default: the first memory-mapped device of the project)')
    .option('--root <dir>', ROOT_HELP)
    .action(wrap(async (name: string, opts: { device?: string; root?: string }) =>
      (await import('./new.command.ts')).runNewMachine(resolveProjectRoot(opts.root), name, opts, positionOf(argv, 'machine', name), io)));
  program.command('generate')
    .description('Generate generated/** from defs/**/*.device.{yaml,ts} (writes only changed files).')
    .option('--check', 'render in memory and report stale, missing or extra files without writing (exit 1 if any)')
    .option('--watch', 'generate, then again on every change of defs/ or devgen.config.yaml, until Ctrl-C')
    .option('--root <dir>', ROOT_HELP)
    .action(wrap((opts: { check?: boolean; watch?: boolean; root?: string }) => {
      if (opts.check && opts.watch) throw new UserError('--check and --watch exclude each other');
      return generateCommand(resolveProjectRoot(opts.root), opts, io);
    }));
  program.command('dump-ir')
    .description('Load one definition and print its IR as a stable text dump.')
    .argument('<def>', 'definition file (*.device.yaml or *.device.ts)')
    .option('--root <dir>', 'project root paths are shown relative to (default: the project the working directory is in)')
    .action(wrap((def: string, opts: { root?: string }) => runDumpIr(opts.root !== undefined ? resolve(opts.root) : findProjectRoot(process.cwd()) ?? process.cwd(), def, io)));
  program.command('dump-vmstate')
    .description("Write every device's VMState in QEMU's -dump-vmstate JSON format ('-' for stdout).")
    .argument('<file>', 'output file, or - for standard output')
    .option('--root <dir>', ROOT_HELP)
    .option('--machine <name>', 'machine name recorded in the dump', 'devgen')
    .action(wrap(async (file: string, opts: { root?: string; machine: string }) =>
      (await import('./dump-vmstate.command.ts')).runDumpVmState(resolveProjectRoot(opts.root), file, opts.machine, io.out)));
  program.command('import')
    .description('Turn a spec into definitions (`import svd FILE`: one per CMSIS-SVD peripheral).')
    .command('svd')
    .description('Import CMSIS-SVD peripherals as YAML definitions, DIR/<name>/<name>.device.yaml (with provenance comments).')
    .argument('<file>', 'the SVD file')
    .option('--peripheral <name...>', 'peripherals to import (default: all)')
    .option('--patch <file>', 'svdtools-style patch (YAML) applied before import')
    .option('-o, --out <dir>', 'folder the definitions go to (default: the project\'s defs/)')
    .option('--force', 'replace definitions that exist and differ')
    .option('--no-lint', 'skip lint of the imported definitions (load and semantic checks still run)')
    .option('--no-check', 'write the definitions without loading them back (large vendor files; run `devgen lint` after)')
    .option('--root <dir>', ROOT_HELP)
    .action(wrap(async (file: string, opts: { peripheral?: string[]; patch?: string; out?: string; force?: boolean; lint?: boolean; check?: boolean; root?: string }) =>
      (await import('./import.command.ts')).runImportSvd(resolveProjectRoot(opts.root), file, opts, io)));
  registerLintCommand(program, io, exit);
  registerVmStateDiffCommand(program, io, exit);
  program.command('testgen')
    .description('Write conformance qtest cases from definitions alone: resets, write probes by access kind, decode, reserved and unassigned offsets.')
    .argument('<defs...>', 'definition files (*.device.yaml or *.device.ts); a copy outside the project replaces the device of its name')
    .option('-o, --out <dir>', 'folder the cases are written to (default: testgen in the project)')
    .option('--seed <n>', 'seed of the probe patterns and offset samples', '1')
    .option('--machine <name>', 'board to place the devices on (default: the first board by name that maps each)')
    .option('--root <dir>', ROOT_HELP)
    .action(wrap(async (defs: string[], opts: { out?: string; seed: string; machine?: string; root?: string }) =>
      (await import('./testgen.command.ts')).runTestgen(resolveProjectRoot(opts.root), defs, opts, io)));
  program.command('docs')
    .description('Write the register maps as a static HTML site: a page per device with bitfield pictures, and a searchable index.')
    .option('-o, --out <dir>', 'folder the site is written to (default: build/docs in the project)')
    .option('--root <dir>', ROOT_HELP)
    .action(wrap(async (opts: { out?: string; root?: string }) =>
      (await import('./docs.command.ts')).runDocs(resolveProjectRoot(opts.root), opts.out, io)));
  defineQtestCommand(program)
    .action(wrap(async (opts: QtestArgs) => (await import('./runtime.commands.ts')).runQtest(resolveProjectRoot(opts.root), opts)));
  program.command('qemu')
    .description('Work with a QEMU source tree.')
    .command('install')
    .description("Copy the devices' generated QEMU C and behaviour C into a QEMU source tree and add them to its meson.build and trace-events (again: no change).")
    .argument('<qemu-src>', 'the QEMU source tree (the folder holding VERSION and meson.build)')
    .argument('[devices...]', 'devices to install (default: every device with generated/<dev>/qemu/manifest.json)')
    .option('--dry-run', 'list what would change, write nothing')
    .option('--root <dir>', ROOT_HELP)
    .action(wrap(async (qemuSrc: string, devices: string[], opts: { dryRun?: boolean; root?: string }) =>
      (await import('./qemu.command.ts')).runQemuInstall(resolveProjectRoot(opts.root), qemuSrc, devices, opts, io)));
  program.command('demo')
    .description("Run the project's demo program (defs/machines/demo.ts) and print what the guest sees.")
    .option('--root <dir>', ROOT_HELP)
    .action(wrap(async (opts: { root?: string }) => (await import('./runtime.commands.ts')).runDemo(resolveProjectRoot(opts.root), io)));
  return program;
}

/** Runs the CLI on `argv` (process.argv form) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => { code = c; }, argv);
  program.exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    // Commander signals help/version/usage errors by throwing CommanderError after printing.
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.exitCode === 'number' && typeof ce.code === 'string' && ce.code.startsWith('commander.')) return ce.exitCode;
    return reportError(e, io);
  }
  return code;
}

endQuietlyOnClosedOutput();
const io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
process.exitCode = await runCli(process.argv, io);
