/**
 * Both front ends, one IR: every shipped device is written both ways (the shipped definition
 * in defs/, the other front end's version in fixtures/), and the IR dumps (without spans) and
 * every generated file must be identical, up to the definition's own path and line numbers.
 * Also: decorator spans point at TypeScript lines, lint runs unchanged on a decorator
 * definition, and the content-hash cache returns exactly what the front end does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinition, lowerDefinition } from '../../generator/src/pipeline/load.ts';
import { cacheStats, decodeLowered, encodeLowered } from '../../generator/src/pipeline/lowered-cache.ts';
import { dumpIr } from '../../generator/src/ir/dump.ts';
import { emitAll } from '../../generator/src/pipeline.ts';
import { lintSource } from '../../generator/src/lint/run.ts';
import type { DeviceIR } from '../../generator/src/ir/ir.ts';

const ROOT = process.cwd();
const FIX = 'test/equivalence/fixtures';

/** [device, shipped definition, the other front end's fixture]. */
const PAIRS: readonly [string, string, string][] = [
  ['pl011', 'defs/pl011/pl011.device.yaml', `${FIX}/pl011.device.ts`],
  ['hpet', 'defs/hpet/hpet.device.yaml', `${FIX}/hpet.device.ts`],
  ['versatile_i2c', 'defs/versatile-i2c/versatile-i2c.device.yaml', `${FIX}/versatile-i2c.device.ts`],
  ['pcf8574', 'defs/pcf8574/pcf8574.device.ts', `${FIX}/pcf8574.device.yaml`],
];

function load(file: string): DeviceIR {
  const r = loadDefinition(file, readFileSync(file, 'utf8'), { root: ROOT, cache: false });
  expect(r.diagnostics.filter((d) => d.severity === 'error'), file).toEqual([]);
  return r.device!;
}

/** A dump without spans and without the definition's own path. */
function dump(d: DeviceIR): string {
  return dumpIr(d, { withSpans: false }).replace(/^ {2}def-file .*\n/m, '');
}

/** Generated files with the definition path (and the line numbers after it) neutralised. */
function generated(d: DeviceIR): Map<string, string> {
  const esc = d.defFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`${esc}(:\\d+)?`, 'g');
  // The behaviour file is the same for both (for a decorator definition it is the definition itself).
  // generated/devices.ts imports the behaviour's class by path.
  const behavior = (text: string): string =>
    (d.behaviorFile ? text.replaceAll(`(${d.behaviorFile})`, '(<behavior>)').replaceAll(`'../${d.behaviorFile}'`, "'../<behavior>'") : text);
  return new Map(emitAll([d]).files.map((f) => [f.path, behavior(f.content).replace(re, (_m, line: string | undefined) => (line ? '<def>:N' : '<def>'))]));
}

describe.each(PAIRS)('%s written both ways', (name, shipped, other) => {
  const a = load(shipped);
  const b = load(other);

  it('lowers to the same IR', () => {
    expect(a.name).toBe(name);
    expect(dump(b)).toBe(dump(a));
  });

  it('generates the same files', () => {
    const ga = generated(a);
    const gb = generated(b);
    expect([...gb.keys()]).toEqual([...ga.keys()]);
    for (const [path, text] of ga) expect(gb.get(path), path).toBe(text);
  });

  it('keeps spans in its own file', () => {
    for (const d of [a, b]) {
      expect(d.span.file).toBe(d.defFile);
      for (const r of d.registers) expect(r.span.file).toBe(d.defFile);
    }
  });
});

describe('decorator spans', () => {
  it('point at the decorator line of each register, field and state field', () => {
    const file = `${FIX}/pl011.device.ts`;
    const lines = readFileSync(file, 'utf8').split('\n');
    const d = load(file);
    for (const r of d.registers) {
      expect(lines[r.span.line - 1]!.trimStart().startsWith('@Register('), r.name).toBe(true);
      for (const f of r.fields) if (!f.implicit) expect(lines[f.span.line - 1]!.trimStart().startsWith('@Field('), `${r.name}.${f.name}`).toBe(true);
    }
    for (const s of d.state) expect(lines[s.span.line - 1]!.trimStart().startsWith('@State('), s.name).toBe(true);
    expect(lines[d.regions[0]!.span.line - 1]!.startsWith('@Region(')).toBe(true);
  });

  it('lint rules run unchanged and point at TypeScript lines', () => {
    const text = [
      "import { Device, Region, Register, type Decl } from 'devgen/define';",
      "@Device({ name: 'tdev', parent: 'sys-bus-device', description: 'A test device.' })",
      "@Region({ name: 'mmio', size: 0x100, description: 'Registers.' })",
      'export class T {',
      "  @Register({ offset: 0, access: 'RW' })",
      '  static dataReg: Decl;',
      '}',
      '',
    ].join('\n');
    const r = lintSource('test/equivalence/t.device.ts', text, { root: ROOT });
    const byRule = new Map(r.diagnostics.map((x) => [x.id as string, x]));
    expect(byRule.get('name-register-case')).toMatchObject({ file: 'test/equivalence/t.device.ts', line: 5 });
    expect(byRule.get('doc-missing-description')).toMatchObject({ line: 5 });
  });
});

describe('decorator cache', () => {
  const file = 'defs/pcf8574/pcf8574.device.ts';
  const text = readFileSync(file, 'utf8');

  it('round-trips the lowered IR with bigints and undefined kept', () => {
    const direct = lowerDefinition(file, text);
    const back = decodeLowered(encodeLowered(direct));
    expect(back).toEqual(direct);
    expect(dumpIr(back!.device!)).toBe(dumpIr(direct.device!));
    expect(decodeLowered('{"format": 0}')).toBeUndefined();
    expect(decodeLowered('not json')).toBeUndefined();
  });

  it('misses once, then hits with the same result', () => {
    const root = mkdtempSync(join(tmpdir(), 'devgen-cache-'));
    try {
      const before = { ...cacheStats };
      const first = loadDefinition(join(root, 'x.device.ts'), text, { root });
      const second = loadDefinition(join(root, 'x.device.ts'), text, { root });
      expect(cacheStats.misses - before.misses).toBe(1);
      expect(cacheStats.hits - before.hits).toBe(1);
      expect(second).toEqual(first);
      const changed = loadDefinition(join(root, 'x.device.ts'), `${text}\n// changed\n`, { root });
      expect(cacheStats.misses - before.misses).toBe(2);
      expect(dumpIr(changed.device!)).toBe(dumpIr(first.device!));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('does not load ts-morph when every decorator definition is cached', () => {
    const script = [
      "import { createRequire } from 'node:module';",
      "import { generate } from './generator/src/pipeline.ts';",
      'generate({ root: process.cwd(), check: true });',
      'generate({ root: process.cwd(), check: true });',
      "const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('ts-morph'));",
      'console.log(JSON.stringify({ loaded }));',
    ].join('\n');
    // First process warms the cache (it may load ts-morph); the second must not.
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ loaded: false });
  });
});
