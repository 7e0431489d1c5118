/**
 * Golden tests of every lint rule: test/lint/<rule-id>/valid.device.yaml must not trigger the
 * rule, every invalid*.device.yaml must, and its rendered diagnostics must match the
 * invalid*.diag.txt beside it (UPDATE_GOLDEN=1 rewrites them). Each case runs that rule alone,
 * with baseline.json of the folder as vmstate baseline when present. Also: the registry, the
 * code table and the rule files agree, and the shipped definitions lint clean (waivers allowed).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../generator/src/diagnostics/codes.ts';
import { formatDiagnostics } from '../../generator/src/diagnostics/render.ts';
import { LINT_RULES } from '../../generator/src/lint/registry.ts';
import { LINT_RULE_IDS } from '../../generator/src/lint/rule.ts';
import { lintSource, type VmStateBaseline } from '../../generator/src/lint/run.ts';
import { readDumpFile } from '../../generator/src/migration/dump-file.ts';
import { discoverDefs } from '../../generator/src/pipeline.ts';
import { expectGolden } from '../golden/golden-helper.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const here = 'test/lint';

/** A baseline file, read by the one dump model (a broken fixture fails the test that uses it). */
function readBaseline(file: string): VmStateBaseline {
  const read = readDumpFile(file, file);
  if (!read.ok) throw new Error(read.message);
  return read.dump;
}

function lintCase(rel: string, ruleId: string): ReturnType<typeof lintSource> {
  const text = readFileSync(path.join(ROOT, rel), 'utf8');
  const rule = LINT_RULES.find((r) => r.id === ruleId)!;
  const baselineFile = path.join(ROOT, path.dirname(rel), 'baseline.json');
  const baseline = existsSync(baselineFile) ? readBaseline(baselineFile) : undefined;
  return lintSource(rel, text, { root: ROOT, rules: [rule], ...(baseline ? { baseline } : {}) });
}

describe('lint rule registry', () => {
  it('has at least 25 rules, sorted, with unique ids', () => {
    expect(LINT_RULES.length).toBeGreaterThanOrEqual(25);
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('every rule has a table row, a rule file and a test folder with valid and invalid cases', () => {
    for (const r of LINT_RULES) {
      const row = CODES[r.id];
      expect(row, r.id).toBeDefined();
      expect(r.severity).toBe(row.severity);
      expect(r.description).toBe(row.doc);
      expect(r.description.length, `${r.id} has a one-line doc`).toBeGreaterThan(10);
      expect(r.description).not.toContain('\n');
      expect(existsSync(path.join(ROOT, 'generator/src/lint/rules', `${r.id}.rule.ts`)), `${r.id}.rule.ts`).toBe(true);
      const dir = path.join(ROOT, here, r.id);
      expect(existsSync(path.join(dir, 'valid.device.yaml')), `${r.id}/valid.device.yaml`).toBe(true);
      expect(readdirSync(dir).some((f) => /^invalid(-\d+)?\.device\.yaml$/.test(f)), `${r.id}/invalid*.device.yaml`).toBe(true);
    }
  });

  it('every rule file is registered', () => {
    const files = readdirSync(path.join(ROOT, 'generator/src/lint/rules')).filter((f) => f.endsWith('.rule.ts')).map((f) => f.replace(/\.rule\.ts$/, ''));
    expect(files.sort()).toEqual(LINT_RULES.map((r) => r.id));
  });

  it('the id list (what a configuration is checked against) names exactly the registered rules', () => {
    expect([...LINT_RULE_IDS].sort()).toEqual(LINT_RULES.map((r) => r.id));
  });
});

for (const rule of LINT_RULES) {
  describe(`rule ${rule.id}`, () => {
    const dir = `${here}/${rule.id}`;
    if (!existsSync(path.join(ROOT, dir))) return;
    it('valid.device.yaml loads and does not trigger the rule', () => {
      const r = lintCase(`${dir}/valid.device.yaml`, rule.id);
      expect(formatDiagnostics(r.diagnostics, { [r.file]: r.text }, { color: false })).toBe('');
    });
    const invalids = readdirSync(path.join(ROOT, dir)).filter((f) => /^invalid(-\d+)?\.device\.yaml$/.test(f)).sort();
    for (const name of invalids) {
      it(`${name} triggers the rule (golden diagnostics)`, () => {
        const rel = `${dir}/${name}`;
        const r = lintCase(rel, rule.id);
        expect(r.text.startsWith(`# ${rule.id}:`), 'header comment names the rule').toBe(true);
        expect(r.diagnostics.length).toBeGreaterThan(0);
        // Only this rule speaks: the definition itself is otherwise valid.
        for (const d of r.diagnostics) {
          expect(d.id).toBe(rule.id);
          expect(d.file).toBe(rel);
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.severity).toBe(rule.severity);
        }
        expectGolden(path.join(ROOT, rel.replace(/\.device\.yaml$/, '.diag.txt')), formatDiagnostics(r.diagnostics, { [r.file]: r.text }, { color: false }));
      });
    }
  });
}

describe('shipped definitions', () => {
  for (const file of discoverDefs(ROOT)) {
    it(`${file} lints clean with every rule (waivers carry reasons)`, () => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const baselineFile = path.join(ROOT, 'generated/vmstate-baseline.json');
      const baseline = existsSync(baselineFile) ? readBaseline(baselineFile) : undefined;
      const r = lintSource(file, text, { root: ROOT, ...(baseline ? { baseline } : {}) });
      expect(formatDiagnostics(r.diagnostics, { [file]: text }, { color: false })).toBe('');
      for (const w of r.waived) expect(w.reason.length).toBeGreaterThan(0);
    });
  }
});
