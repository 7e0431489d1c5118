/**
 * The pipeline owns the stages: front ends only read (a value plus spans, no checks), one
 * shared shape and lower step serves both, the checks run in the pipeline's staged load, and a
 * missing behaviour file is a positioned error that generate and lint both report.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../../../generator/src/diagnostics/diagnostic.ts';
import { readYaml } from '../../../../generator/src/frontends/yaml/index.ts';
import { readDecorators } from '../../../../generator/src/frontends/decorators/index.ts';
import { loadDefinition, lowerDefinition, readDefinition } from '../../../../generator/src/pipeline/load.ts';
import { generate } from '../../../../generator/src/pipeline.ts';
import { lintSource } from '../../../../generator/src/lint/run.ts';

const ROOT = join(import.meta.dirname, '../../../..');

const OVERLAP_YAML = `devgen: 1
device: { name: t, parent: sys-bus-device }
regions:
  - { name: mmio, size: 0x100 }
registers:
  - { name: A, offset: 0, access: RW, hooks: [read, write] }
  - { name: B, offset: 2, access: RW, hooks: [read, write] }
`;
const OVERLAP_TS = `import { Device, Region, Register, type Decl } from 'devgen/define';
@Device({ name: 't', parent: 'sys-bus-device' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW', hooks: ['read', 'write'] }) static A: Decl;
  @Register({ offset: 2, access: 'RW', hooks: ['read', 'write'] }) static B: Decl;
}
`;

describe('front ends only read', () => {
  it('return the same format v1 value for the same definition, with no diagnostics of later stages', () => {
    const ys = new DiagnosticSink();
    const ds = new DiagnosticSink();
    const y = readYaml('t.device.yaml', OVERLAP_YAML, ys);
    const d = readDecorators('t.device.ts', OVERLAP_TS, ds);
    expect(ys.toArray()).toEqual([]);
    expect(ds.toArray()).toEqual([]);
    // The decorator front end names its own file as the behaviour (the class carries it).
    expect(d.value).toEqual({ ...(y.value as object), device: { ...(y.value as { device: object }).device, behavior: 't.device.ts' } });
  });

  it('point every path back at its source, in the author spelling of keys', () => {
    const y = readDefinition('t.device.yaml', OVERLAP_YAML, new DiagnosticSink());
    const d = readDefinition('t.device.ts', OVERLAP_TS, new DiagnosticSink());
    expect(y.spanOf(['registers', 1, 'offset'])).toMatchObject({ line: 7, col: 24, endCol: 25 });
    expect(d.spanOf(['registers', 1, 'offset'])).toMatchObject({ line: 6, col: 23, endCol: 24 });
    expect(y.spellKey('reset-keeps')).toBe('reset-keeps');
    expect(d.spellKey('reset-keeps')).toBe('resetKeeps');
  });

  it('leave the checks to the pipeline: lowering succeeds, the staged load reports the overlap', () => {
    for (const [file, text] of [['t.device.yaml', OVERLAP_YAML], ['t.device.ts', OVERLAP_TS]] as const) {
      const lowered = lowerDefinition(file, text);
      expect(lowered.diagnostics, file).toEqual([]);
      expect(lowered.device?.registers.map((r) => r.name), file).toEqual(['A', 'B']);
      const loaded = loadDefinition(file, text);
      expect(loaded.device, file).toBeUndefined();
      expect(loaded.diagnostics.map((x) => [x.id, x.line]), file).toEqual([['register-overlap', file.endsWith('.ts') ? 6 : 7]]);
    }
  });

  it('do not depend on each other or on later stages', () => {
    const dir = join(ROOT, 'generator/src/frontends');
    for (const [sub, banned] of [['yaml', /from '\.\.\/decorators\/|\/sema\/|\/pipeline|format-v1\/(shape|lower)/], ['decorators', /from '\.\.\/yaml\/|\/sema\/|\/pipeline|format-v1\/(shape|lower)/]] as const) {
      for (const name of readdirSync(join(dir, sub)).filter((n) => n.endsWith('.ts'))) {
        const imports = readFileSync(join(dir, sub, name), 'utf8').split('\n').filter((l) => /^import /.test(l));
        for (const line of imports) expect(line, `${sub}/${name}`).not.toMatch(banned);
      }
    }
  });
});

describe('a missing behaviour file', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'devgen-behavior-'));
    cpSync(join(ROOT, 'defs/pl011'), join(tmp, 'defs/pl011'), { recursive: true });
    const def = join(tmp, 'defs/pl011/pl011.device.yaml');
    writeFileSync(def, readFileSync(def, 'utf8').replace('behavior: pl011.behavior.ts', 'behavior: pl011.behaviour.ts'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const line = (): number => readFileSync(join(tmp, 'defs/pl011/pl011.device.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('pl011.behaviour.ts')) + 1;

  it('stops generate with a positioned error at the `behavior:` value, suggesting the file beside it', () => {
    const r = generate({ root: tmp, check: false });
    expect(r.ok).toBe(false);
    expect(r.plan).toEqual([]);
    const d = r.diagnostics.find((x) => x.id === 'behavior-file-missing');
    expect(d).toMatchObject({ file: 'defs/pl011/pl011.device.yaml', line: line(), severity: 'error' });
    expect(d!.message).toBe("behaviour file 'defs/pl011/pl011.behaviour.ts' (named relative to the definition) does not exist (did you mean 'pl011.behavior.ts'?)");
  });

  it('is reported by lint, which then does not run rules that read the behaviour file', () => {
    const file = 'defs/pl011/pl011.device.yaml';
    const r = lintSource(file, readFileSync(join(tmp, file), 'utf8'), { root: tmp });
    expect(r.diagnostics.map((x) => `${x.id}@${x.line}`)).toEqual([`behavior-file-missing@${line()}`]);
  });

  it('is not reported once the file exists', () => {
    const file = 'defs/pl011/pl011.device.yaml';
    cpSync(join(tmp, 'defs/pl011/pl011.behavior.ts'), join(tmp, 'defs/pl011/pl011.behaviour.ts'));
    expect(loadDefinition(file, readFileSync(join(tmp, file), 'utf8'), { root: tmp }).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });
});
