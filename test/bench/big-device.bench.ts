/**
 * Generating large devices: 1 000 and 10 000 registers (block style with descriptions, from
 * test/support/big-device.ts) in fresh projects, with nothing cached: `generate`, then `lint`
 * and `generate --check` on the 10 000-register one, each the best of three runs as a process
 * (with the highest peak memory of the three). Figures are printed with their targets; nothing
 * is asserted.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../cli/project-fixture.ts';
import { writeBigDeviceProject } from '../support/big-device.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RSS = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

/** One run of `devgen ARGS` in `dir`, nothing cached: wall milliseconds and peak memory (MB). */
function timed(dir: string, args: readonly string[]): { ms: number; mb: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', RSS, join(root, 'bin/devgen.js'), ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, DEVGEN_NO_CACHE: '1', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`devgen ${args.join(' ')} in ${dir} exited ${r.status}: ${r.stdout}${r.stderr}`);
  const kb = Number(/devgen-bench-maxrss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, mb: kb / 1024 };
}

/**
 * The best time of `RUNS` runs and the largest peak among them: one run on a shared 2-core
 * machine can be a third slower than the next, and a target should not flip on that.
 */
const RUNS = 3;
function best(dir: string, args: readonly string[], fresh = false): { ms: number; mb: number } {
  const runs = Array.from({ length: RUNS }, () => {
    // A generate from nothing each time: no generated files, no cache of any kind.
    if (fresh) for (const d of ['generated', '.devgen-cache']) rmSync(join(dir, d), { recursive: true, force: true });
    return timed(dir, args);
  });
  return { ms: Math.min(...runs.map((r) => r.ms)), mb: Math.max(...runs.map((r) => r.mb)) };
}

const verdict = (ok: boolean): string => (ok ? 'met' : 'not met');

/** Runs the figures; returns the report lines. */
export function benchBigDevices(): string {
  const small = tempDir('bench1k');
  const large = tempDir('bench10k');
  try {
    writeBigDeviceProject(small, 'big', 1_000);
    writeBigDeviceProject(large, 'big', 10_000);
    const g1 = best(small, ['generate'], true);
    const g10 = best(large, ['generate'], true);
    const lint = best(large, ['lint']);
    const check = best(large, ['generate', '--check']);
    const growth = g10.ms / g1.ms;
    return [
      `generate 1 000 registers: ${g1.ms.toFixed(0)} ms, peak ${g1.mb.toFixed(0)} MB`,
      `generate 10 000 registers: ${g10.ms.toFixed(0)} ms (target < 2000 ms: ${verdict(g10.ms < 2000)}), peak ${g10.mb.toFixed(0)} MB (target <= 300 MB: ${verdict(g10.mb <= 300)})`,
      `  10 000 / 1 000: ${growth.toFixed(1)}x (target <= 12x: ${verdict(growth <= 12)})`,
      `lint 10 000 registers: ${lint.ms.toFixed(0)} ms (target < 2000 ms: ${verdict(lint.ms < 2000)})`,
      `generate --check 10 000 registers: ${check.ms.toFixed(0)} ms (target < 1500 ms: ${verdict(check.ms < 1500)})`,
    ].join('\n');
  } finally {
    rmSync(small, { recursive: true, force: true });
    rmSync(large, { recursive: true, force: true });
  }
}
