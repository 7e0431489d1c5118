/**
 * The devgen command line (commander). Every action returns an exit code; errors are turned
 * into messages by `reportError` (user mistakes: no stack trace). `bin/devgen.js` imports this
 * module, and `tsx generator/src/cli/main.ts` runs it directly.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { formatDiagnostics } from '../diagnostics/render.ts';
import { loadDefinition } from '../pipeline/load.ts';
import { dumpIr } from '../ir/dump.ts';
import { runDumpVmState } from './dump-vmstate.command.ts';
import { registerLintCommand } from './lint.command.ts';
import { registerVmStateDiffCommand } from './vmstate-diff.command.ts';
import { UserError, reportError } from './errors.ts';
import type { CliIo } from './errors.ts';
import { runGenerate } from './generate.command.ts';
import { runDemo, runQtest } from './runtime.commands.ts';

/** Default project root: the checkout this file lives in (so `npx devgen` works from anywhere inside it). */
const DEFAULT_ROOT = resolve(new URL('../../..', import.meta.url).pathname);

function runDumpIr(root: string, def: string, io: CliIo): number {
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

/** Builds the program; `exit` receives each action's exit code. */
export function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('devgen')
    .description('Declarative QEMU device-definition compiler: YAML defs → generated TypeScript → runtime, checked against QEMU.')
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
  program.command('generate')
    .description('Generate generated/** from defs/**/*.device.{yaml,ts} (writes only changed files).')
    .option('--check', 'render in memory and report stale, missing or extra files without writing (exit 1 if any)')
    .option('--root <dir>', 'project root holding defs/ and generated/', DEFAULT_ROOT)
    .action(wrap((opts: { check?: boolean; root: string }) => runGenerate(resolve(opts.root), opts.check === true, io)));
  program.command('dump-ir')
    .description('Load one definition and print its IR as a stable text dump.')
    .argument('<def>', 'definition file (*.device.yaml or *.device.ts)')
    .option('--root <dir>', 'project root paths are shown relative to', process.cwd())
    .action(wrap((def: string, opts: { root: string }) => runDumpIr(resolve(opts.root), def, io)));
  program.command('dump-vmstate')
    .description("Write every devgen device's VMState in QEMU's -dump-vmstate JSON format ('-' for stdout).")
    .argument('<file>', 'output file, or - for standard output')
    .option('--root <dir>', 'project root holding generated/', DEFAULT_ROOT)
    .option('--machine <name>', 'machine name recorded in the dump', 'devgen')
    .action(wrap((file: string, opts: { root: string; machine: string }) => runDumpVmState(resolve(opts.root), file, opts.machine, io.out)));
  registerLintCommand(program, io, exit, DEFAULT_ROOT);
  registerVmStateDiffCommand(program, io, exit, DEFAULT_ROOT);
  program.command('qtest')
    .description("Serve QEMU's qtest protocol on stdin/stdout for a devgen machine (like -qtest stdio).")
    .requiredOption('--machine <name>', 'machine to build (e.g. virt)')
    .option('--serial <spec>', 'serial back end: null, stdio, file:PATH', 'null')
    .option('--device <spec...>', 'extra devices to plug in (machine-specific)')
    .option('--trace <pattern...>', 'enable trace events matching a pattern (e.g. pl011_*), printed on stderr like QEMU -trace')
    .action(wrap((opts: { machine: string; serial: string; device?: string[]; trace?: string[] }) => runQtest(opts)));
  program.command('demo')
    .description('Run a short demo of the devgen devices on a machine and print what the guest sees.')
    .action(wrap(() => runDemo(io)));
  return program;
}

/** Runs the CLI on `argv` (process.argv form) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => { code = c; });
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

const io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
process.exitCode = await runCli(process.argv, io);
