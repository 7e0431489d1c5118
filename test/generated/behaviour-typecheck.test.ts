/**
 * Behaviour never restates the definition, so the definition is what it is checked against:
 * pl011's behaviour imports the generated register constants and hooks interface, and renaming
 * a field or a hooked register in the YAML must make the behaviour fail to type-check. Runs
 * the real generator on a copy of the device and the real `tsc` on the result.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/src/pipeline.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const roots: string[] = [];

/**
 * A project root holding a copy of defs/pl011 (edited by `edit`), generated, with devgen
 * installed beside it (node_modules/devgen links to this checkout, so `devgen/runtime` is its
 * source through the checkout's `devgen-source` condition).
 */
function projectWith(edit: (yaml: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'devgen-rename-'));
  roots.push(root);
  cpSync(join(ROOT, 'defs/pl011'), join(root, 'defs/pl011'), { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(ROOT, join(root, 'node_modules/devgen'), 'dir');
  symlinkSync(join(ROOT, 'node_modules/@types'), join(root, 'node_modules/@types'), 'dir');
  const def = join(root, 'defs/pl011/pl011.device.yaml');
  writeFileSync(def, edit(readFileSync(def, 'utf8')));
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
  tsconfig.include = ['defs', 'generated'];
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(tsconfig));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'rename-probe', private: true, type: 'module' }));
  const result = generate({ root, check: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return root;
}

/** `tsc --noEmit` over the project: its exit status and output. */
function typecheck(root: string): { ok: boolean; output: string } {
  try {
    execFileSync(TSC, ['--noEmit', '-p', join(root, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('behaviour checked against the definition', () => {
  it('type-checks as shipped', () => {
    expect(typecheck(projectWith((y) => y))).toEqual({ ok: true, output: '' });
  }, 60_000);

  it('fails to type-check when a field the behaviour uses is renamed', () => {
    const r = typecheck(projectWith((y) => y.replace('{ name: FEN,', '{ name: FIFO_EN,')));
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/pl011\.behavior\.ts\(\d+,\d+\): error TS\d+: .*'LCR_H_FEN'/);
  }, 60_000);

  it('fails to type-check when a hooked register is renamed', () => {
    const r = typecheck(projectWith((y) => y.replace('  - name: MIS\n', '  - name: UARTMIS\n')));
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/pl011\.behavior\.ts\(\d+,\d+\): error TS\d+: .*'readMIS'/);
  }, 60_000);
});
