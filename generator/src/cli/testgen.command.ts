/**
 * `devgen testgen DEF… [-o DIR] [--seed N] [--machine M]`: conformance qtest cases from the
 * definitions alone (generator/src/testgen). Writes `<device>-<topic>.qtest` files into DIR
 * (only those whose content changed) and prints how many checks each device got.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatDiagnostics } from '../diagnostics/render.ts';
import { UserError, type CliIo } from './errors.ts';

/** Options of `devgen testgen`. */
export interface TestgenCommandOptions {
  /** Output folder (relative to the working directory); default `testgen` in the project. */
  readonly out?: string;
  readonly seed: string;
  readonly machine?: string;
}

/** Runs testgen over `defs` in the project at `root`; returns the exit code. */
export async function runTestgen(root: string, defs: readonly string[], opts: TestgenCommandOptions, io: CliIo): Promise<number> {
  if (!/^\d+$/.test(opts.seed) || Number(opts.seed) > 0xffff_ffff) throw new UserError(`--seed must be an integer 0..4294967295, not '${opts.seed}'`);
  for (const d of defs) if (!existsSync(resolve(d))) throw new UserError(`cannot read ${d}: no such file`);
  const { testgen } = await import('../testgen/testgen.ts');
  const result = testgen(root, defs, { seed: Number(opts.seed), machine: opts.machine });
  if (result.diagnostics.length > 0) io.err(formatDiagnostics(result.diagnostics, result.sources));
  if (!result.ok) {
    io.err('devgen: nothing was written.\n');
    return 1;
  }
  const dir = opts.out === undefined ? join(root, 'testgen') : resolve(opts.out);
  mkdirSync(dir, { recursive: true });
  let written = 0;
  const perDevice = new Map<string, { files: number; checks: number; writes: number; machine: string }>();
  for (const c of result.cases) {
    const path = join(dir, c.file);
    const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (old !== c.content) {
      writeFileSync(path, c.content);
      written++;
    }
    const d = perDevice.get(c.device) ?? { files: 0, checks: 0, writes: 0, machine: c.machine };
    perDevice.set(c.device, { ...d, files: d.files + 1, checks: d.checks + c.checks, writes: d.writes + c.writes });
  }
  for (const [name, d] of perDevice) io.out(`${name} on ${d.machine}: ${d.files} cases, ${d.checks} read checks, ${d.writes} writes\n`);
  for (const n of result.notes) io.out(`${n}\n`);
  io.out(`${result.cases.length} cases in ${dir} (${written} written, ${result.cases.length - written} unchanged)\n`);
  return 0;
}
