/**
 * Golden tests of the YAML front end: the pl011 IR dump, and one broken definition per
 * rule id (broken/<rule-id>[-n].device.yaml) with its rendered diagnostics (.diag.txt).
 * UPDATE_GOLDEN=1 rewrites the expectations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../../generator/src/pipeline/load.ts';
import { formatDiagnostics } from '../../../generator/src/diagnostics/render.ts';
import { dumpIr } from '../../../generator/src/ir/dump.ts';
import { CODES } from '../../../generator/src/diagnostics/codes.ts';
import { expectGolden } from '../golden-helper.ts';

const here = path.relative(process.cwd(), path.dirname(new URL(import.meta.url).pathname)).split(path.sep).join('/');
const brokenDir = `${here}/broken`;

describe('pl011', () => {
  it('loads with zero diagnostics and its IR dump matches the golden file', () => {
    const file = 'defs/pl011/pl011.device.yaml';
    const text = readFileSync(file, 'utf8');
    const { device, diagnostics } = loadDefinition(file, text);
    expect(formatDiagnostics(diagnostics, { [file]: text }, { color: false })).toBe('');
    expect(device).toBeDefined();
    expectGolden(`${here}/pl011.ir.txt`, dumpIr(device!));
  });
});

describe('hpet', () => {
  it('loads with no errors and its IR dump matches the golden file', () => {
    const file = 'defs/hpet/hpet.device.yaml';
    const text = readFileSync(file, 'utf8');
    const { device, diagnostics } = loadDefinition(file, text);
    expect(formatDiagnostics(diagnostics, { [file]: text }, { color: false })).toBe('');
    expect(device).toBeDefined();
    expectGolden(`${here}/hpet.ir.txt`, dumpIr(device!));
  });
});

const cases = readdirSync(brokenDir).filter((f) => f.endsWith('.device.yaml')).sort();

describe('broken definitions', () => {
  it('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const name of cases) {
    const ruleId = name.replace(/\.device\.yaml$/, '').replace(/-\d+$/, '');
    it(`${name} reports ${ruleId}`, () => {
      const file = `${brokenDir}/${name}`;
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith(`# ${ruleId}`), 'header comment names the rule').toBe(true);
      expect(Object.keys(CODES)).toContain(ruleId);
      const { device, diagnostics } = loadDefinition(file, text);
      expect(device).toBeUndefined();
      expect(diagnostics.map((d) => d.id)).toContain(ruleId);
      for (const d of diagnostics) {
        expect(d.file).toBe(file);
        expect(d.line).toBeGreaterThanOrEqual(1);
      }
      expectGolden(file.replace(/\.device\.yaml$/, '.diag.txt'), formatDiagnostics(diagnostics, { [file]: text }, { color: false }));
    });
  }
});
