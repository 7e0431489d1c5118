/**
 * Generated QEMU C follows QEMU's coding style: QEMU's own scripts/checkpatch.pl (from the
 * QEMU 10.0 source that ../shared/oracle/build-qemu prepares) reports no error on any
 * generated C or header file, nor on the hand-written C behaviour beside the definitions.
 * The files are the committed ones (`generate --check` holds them to the definitions).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** QEMU's source folder; build-qemu prepares it on first use (cached under ~/.cache). */
function qemuSource(): string {
  const out = execFileSync(resolve(ROOT, '../shared/oracle/build-qemu'), ['--source-only'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = out.trim().split('\n').at(-1) ?? '';
  if (!existsSync(join(dir, 'scripts/checkpatch.pl'))) throw new Error(`build-qemu --source-only gave ${dir}, which has no scripts/checkpatch.pl`);
  return dir;
}

/** Every generated QEMU C/H file and every C behaviour file of the project. */
function cFiles(): string[] {
  const out: string[] = [];
  for (const dev of readdirSync(join(ROOT, 'generated'))) {
    const q = join('generated', dev, 'qemu');
    if (!existsSync(join(ROOT, q))) continue;
    for (const f of readdirSync(join(ROOT, q)).sort()) if (/\.[ch]$/.test(f)) out.push(join(q, f));
  }
  for (const dev of readdirSync(join(ROOT, 'defs')).sort()) {
    const d = join('defs', dev);
    for (const f of readdirSync(join(ROOT, d)).sort()) if (/\.behavior\.[ch]$/.test(f)) out.push(join(d, f));
  }
  return out;
}

describe('QEMU checkpatch.pl', () => {
  it('reports no error on generated QEMU C and the C behaviour', { timeout: 600_000 }, () => {
    const src = qemuSource();
    const files = cFiles();
    // The four QEMU devices: header and source each, plus their behaviour files.
    expect(files.filter((f) => f.startsWith('generated/')).length).toBeGreaterThanOrEqual(8);
    const failures: string[] = [];
    for (const f of files) {
      const r = spawnSync('perl', [join(src, 'scripts/checkpatch.pl'), '--no-tree', '-f', f], { cwd: ROOT, encoding: 'utf8' });
      const total = /total: (\d+) errors, (\d+) warnings/.exec(r.stdout);
      if (total === null) failures.push(`${f}: checkpatch printed no summary:\n${r.stdout}${r.stderr}`);
      else if (total[1] !== '0') failures.push(`${f}:\n${r.stdout.split('\n').filter((l) => /^ERROR|^#/.test(l)).join('\n')}`);
    }
    expect(failures).toEqual([]);
  });
});
