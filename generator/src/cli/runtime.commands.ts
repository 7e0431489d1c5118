/**
 * Commands that run devices rather than generate them: `qtest` (the qtest server over the
 * generated boards, generated/machines) and `demo`. They are loaded lazily so `generate` works
 * even while the runtime or a board does not load.
 */
import type { CliIo } from './errors.ts';
import { UserError } from './errors.ts';

async function load(spec: string, what: string): Promise<Record<string, unknown>> {
  try {
    return (await import(spec)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND') throw new UserError(`${what} is not available in this checkout (${spec} is missing)`);
    throw e;
  }
}

/** Options of `devgen qtest`. */
export interface QtestOptions {
  readonly machine: string;
  readonly serial: string;
  readonly device?: readonly string[];
  readonly trace?: readonly string[];
}

/** `devgen qtest`: hands stdin/stdout to the qtest server with the named machine. */
export async function runQtest(opts: QtestOptions): Promise<number> {
  const server = await load('../../../runtime/src/qtest/index.ts', 'the qtest server');
  const machines = await load('../../../generated/machines/index.ts', 'the generated boards (run `devgen generate`)');
  const run = server.runQtestStdio;
  if (typeof run !== 'function') throw new Error('runtime/src/qtest/index.ts does not export runQtestStdio');
  const result: unknown = await run({ machines: machines.machines, machine: opts.machine, serial: opts.serial, devices: opts.device ?? [], trace: opts.trace ?? [] });
  return typeof result === 'number' ? result : 0;
}

/** `devgen demo`: runs the demo from defs/machines/demo.ts. */
export async function runDemo(io: CliIo): Promise<number> {
  const demo = await load('../../../defs/machines/demo.ts', 'the demo');
  const run = demo.runDemo;
  if (typeof run !== 'function') throw new Error('defs/machines/demo.ts does not export runDemo');
  const result: unknown = await run({ out: io.out });
  return typeof result === 'number' ? result : 0;
}
