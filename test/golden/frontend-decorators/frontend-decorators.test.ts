/**
 * Golden tests of the decorator front end: one broken definition per rule id
 * (broken/<rule-id>[-n].device.ts, header `// <rule-id>: why`) with its rendered diagnostics
 * (.diag.txt), plus the unbounded inputs that have no corpus file (syntax errors would break
 * `tsc`, and a huge file does not belong in the repository). UPDATE_GOLDEN=1 rewrites the
 * expectations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../../generator/src/pipeline/load.ts';
import { formatDiagnostics } from '../../../generator/src/diagnostics/render.ts';
import { CODES } from '../../../generator/src/diagnostics/codes.ts';
import { expectGolden } from '../golden-helper.ts';

const here = path.relative(process.cwd(), path.dirname(new URL(import.meta.url).pathname)).split(path.sep).join('/');
const brokenDir = `${here}/broken`;
const cases = readdirSync(brokenDir).filter((f) => f.endsWith('.device.ts')).sort();

describe('broken decorator definitions', () => {
  it('has at least 20 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of cases) {
    const ruleId = name.replace(/\.device\.ts$/, '').replace(/-\d+$/, '');
    it(`${name} reports ${ruleId}`, () => {
      const file = `${brokenDir}/${name}`;
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith(`// ${ruleId}:`), 'header comment names the rule').toBe(true);
      expect(Object.keys(CODES)).toContain(ruleId);
      const { device, diagnostics } = loadDefinition(file, text);
      expect(device).toBeUndefined();
      expect(diagnostics.map((d) => d.id)).toContain(ruleId);
      for (const d of diagnostics) {
        expect(d.file).toBe(file);
        // Positioned inside the file, after the two header lines (except file-level problems).
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(text.split('\n').length);
      }
      const rendered = formatDiagnostics(diagnostics, { [file]: text }, { color: false });
      expect(rendered).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expectGolden(file.replace(/\.device\.ts$/, '.diag.txt'), rendered);
    });
  }
});

describe('inputs without a corpus file', () => {
  it('reports TypeScript syntax errors with positions', () => {
    const text = "import { Device } from './api.ts';\n@Device({ name: 't', parent: 'sys-bus-device' )\nexport class T {}\n";
    const { device, diagnostics } = loadDefinition('bad.device.ts', text);
    expect(device).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ id: 'ts-syntax', line: 2 });
  });

  it('refuses a huge input before parsing it', () => {
    const started = performance.now();
    const { device, diagnostics } = loadDefinition('big.device.ts', `// ${'x'.repeat(17 * 1024 * 1024)}\n`);
    expect(device).toBeUndefined();
    expect(diagnostics.map((d) => d.id)).toEqual(['input-too-large']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('bounds deeply nested literals', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = `@Device({ name: 't', parent: 'sys-bus-device', description: ${deep} })\nexport class T {}\n`;
    const { device, diagnostics } = loadDefinition('deep.device.ts', text);
    expect(device).toBeUndefined();
    expect(diagnostics.map((d) => d.id)).toContain('yaml-depth');
  });

  it('never throws on garbage', () => {
    for (const text of ['', '@', '@Device(', 'export class {', '\u0000\u0001', '@Device({})\nclass T {}', '@Device({ name: 1n })\nclass T { @Register() static A; }']) {
      expect(() => loadDefinition('g.device.ts', text)).not.toThrow();
      expect(loadDefinition('g.device.ts', text).device).toBeUndefined();
    }
  });
});
