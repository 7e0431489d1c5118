/**
 * Golden tests of the board front end: one broken board per rule id
 * (broken/<rule-id>.machine.yaml, checked against devgen's own device definitions) with its
 * rendered, positioned diagnostics (.diag.txt), and the two-file machine-duplicate case.
 * Every machine-* rule id of the code table has a case; `devgen lint` reports the same on a
 * board file. UPDATE_GOLDEN=1 rewrites expectations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODES, listDiagnosticIds } from '../../../generator/src/diagnostics/codes.ts';
import { formatDiagnostics } from '../../../generator/src/diagnostics/render.ts';
import type { DeviceIR } from '../../../generator/src/ir/ir.ts';
import { loadMachine } from '../../../generator/src/machine/load-machine.ts';
import { runMachineStage } from '../../../generator/src/machine/machine-stage.ts';
import { discoverDefs, loadDefinitions } from '../../../generator/src/pipeline.ts';
import { lintSource } from '../../../generator/src/lint/run.ts';
import { expectGolden } from '../golden-helper.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const here = path.relative(ROOT, import.meta.dirname).split(path.sep).join('/');
const brokenDir = `${here}/broken`;
const cases = readdirSync(path.join(ROOT, brokenDir)).filter((f) => f.endsWith('.machine.yaml')).sort();

let devices: DeviceIR[];
beforeAll(() => {
  const loaded = loadDefinitions(ROOT, discoverDefs(ROOT));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  devices = loaded.devices;
});

describe('broken boards', () => {
  it('every machine-* rule id has a case', () => {
    const covered = new Set([...cases.map((f) => f.replace(/\.machine\.yaml$/, '').replace(/-\d+$/, '')), 'machine-duplicate']);
    for (const id of listDiagnosticIds().filter((i) => i.startsWith('machine-'))) expect(covered, id).toContain(id);
  });

  for (const name of cases) {
    const ruleId = name.replace(/\.machine\.yaml$/, '').replace(/-\d+$/, '');
    it(`${name} reports ${ruleId}`, () => {
      const file = `${brokenDir}/${name}`;
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      expect(text.startsWith(`# ${ruleId}:`), 'header comment names the rule').toBe(true);
      expect(Object.keys(CODES)).toContain(ruleId);
      const { machine, diagnostics } = loadMachine(file, text, devices, { root: ROOT });
      expect(diagnostics.map((d) => d.id)).toContain(ruleId);
      // A warning leaves the board usable; an error refuses it.
      expect(machine === undefined).toBe(CODES[ruleId as keyof typeof CODES].severity === 'error');
      for (const d of diagnostics) {
        expect(d.file).toBe(file);
        expect(d.line).toBeGreaterThanOrEqual(1);
      }
      expectGolden(path.join(ROOT, file.replace(/\.machine\.yaml$/, '.diag.txt')), formatDiagnostics(diagnostics, { [file]: text }, { color: false }));
    });
  }

  it('machine-duplicate: two files of one machine name, reported at the second', () => {
    const files = [`${brokenDir}/machine-duplicate/first.machine.yaml`, `${brokenDir}/machine-duplicate/second.machine.yaml`];
    const r = runMachineStage(ROOT, files, devices);
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map((d) => [d.id, d.file])).toEqual([['machine-duplicate', files[1]]]);
    expectGolden(path.join(ROOT, brokenDir, 'machine-duplicate/diag.txt'), formatDiagnostics(r.diagnostics, r.sources, { color: false }));
  });

  it('devgen lint runs the same board checks on a board file; the shipped boards are clean', () => {
    const file = `${brokenDir}/machine-unknown-type.machine.yaml`;
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    expect(lintSource(file, text, { root: ROOT }).diagnostics).toEqual(loadMachine(file, text, devices, { root: ROOT }).diagnostics);
    for (const board of discoverDefs(ROOT, ['.machine.yaml'])) {
      expect(lintSource(board, readFileSync(path.join(ROOT, board), 'utf8'), { root: ROOT }).diagnostics, board).toEqual([]);
    }
  });
});
