/**
 * The committed vmstate baseline (generated/vmstate-baseline.json, regenerated with
 * `devgen dump-vmstate generated/vmstate-baseline.json`): every device it records still
 * migrates from it to the current devices (what `.ci/run` checks with `devgen vmstate-diff
 * generated/vmstate-baseline.json current`), and a definition change that breaks migration is
 * caught at lint time by vmstate-field-added-without-version unless versions are bumped or a
 * subsection is used.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSource, type VmStateBaseline } from '../../generator/src/lint/run.ts';
import { findRule } from '../../generator/src/lint/registry.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const BASELINE = path.join(ROOT, 'generated/vmstate-baseline.json');
const PL011 = 'defs/pl011/pl011.device.yaml';

describe('vmstate baseline', () => {
  it('records pl011 and the current devices migrate from it (vmstate-diff exits 0)', () => {
    const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(baseline)).toContain('pl011');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/devgen.js'), 'vmstate-diff', BASELINE, 'current'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no errors/);
  });

  const baseline = (): VmStateBaseline => JSON.parse(readFileSync(BASELINE, 'utf8')) as VmStateBaseline;
  const rule = findRule('vmstate-field-added-without-version')!;
  const text = readFileSync(path.join(ROOT, PL011), 'utf8');
  const lint = (t: string) => lintSource(PL011, t, { root: ROOT, rules: [rule], baseline: baseline() }).diagnostics.map((d) => d.id);
  const withNewState = text.replace('state:\n', 'state:\n  - { name: extra, type: u32, description: A new register copy. }\n');

  it('a field added to pl011 without a version bump is an error', () => {
    expect(lint(withNewState.replace('    - { field: read_trigger }\n', '    - { field: read_trigger }\n    - { field: extra }\n'))).toEqual([rule.id]);
  });

  it('bumping the version with `since`, or a new subsection, is accepted', () => {
    const bumped = withNewState
      .replace(/vmstate:\n  name: pl011\n  version: 2/, 'vmstate:\n  name: pl011\n  version: 3')
      .replace('    - { field: read_trigger }\n', '    - { field: read_trigger }\n    - { field: extra, since: 3 }\n');
    expect(bumped).not.toBe(withNewState);
    expect(lint(bumped)).toEqual([]);
    const sub = withNewState.replace('  subsections:\n', '  subsections:\n    - name: pl011/extra\n      version: 1\n      minimum-version: 1\n      needed: { nonzero: extra }\n      fields:\n        - { field: extra }\n');
    expect(lint(sub)).toEqual([]);
  });
});
