/**
 * Generated code is tested by compiling it: strict `tsc --noEmit` over generated/ (and the
 * runtime contract it imports), and generated/ must be fresh (`devgen generate --check`).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../../generator/src/pipeline.ts';

const ROOT = join(import.meta.dirname, '../../../..');

describe('generated/', () => {
  it('type-checks in strict mode', () => {
    const tsc = join(ROOT, 'node_modules/.bin/tsc');
    let output = '';
    try {
      execFileSync(tsc, ['--noEmit', '-p', join(import.meta.dirname, 'tsconfig.generated.json')], { cwd: ROOT, encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 120_000);

  it('is up to date with defs/ (devgen generate --check)', () => {
    const r = generate({ root: ROOT, check: true });
    const drift = r.plan.filter((p) => p.status !== 'unchanged').map((p) => `${p.status}: ${p.path}\n${p.diff ?? ''}`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(drift).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
