/** YAML front end behaviour: defaults, lowering, bounds, and no exception for bad input. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../../../generator/src/pipeline/load.ts';
import { formatDiagnostics } from '../../../../generator/src/diagnostics/render.ts';
import { readYaml } from '../../../../generator/src/frontends/yaml/read.ts';
import { DiagnosticSink } from '../../../../generator/src/diagnostics/diagnostic.ts';

const BASE = `devgen: 1
device: { name: t, parent: sys-bus-device, behavior: ../pl011/pl011.behavior.ts }
regions:
  - { name: mmio, size: 0x100 }
`;

function load(extra: string) {
  return loadDefinition('defs/t/t.device.yaml', BASE + extra);
}

describe('lowering', () => {
  it('applies defaults: width 32, region windows as QEMU, implicit field, behaviour path', () => {
    const { device, diagnostics } = load('registers:\n  - { name: A, offset: 4, access: RW }\n');
    expect(diagnostics).toEqual([]);
    const reg = device!.registers[0]!;
    expect(reg).toMatchObject({ width: 32, region: 'mmio', resets: [0n], storage: undefined, hooks: [], ignoreWrites: false });
    expect(reg.fields).toEqual([expect.objectContaining({ name: 'A', lsb: 0, msb: 31, access: 'RW', implicit: true })]);
    expect(device!.regions[0]).toMatchObject({ endianness: 'native', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 1, max: 4, unaligned: false } });
    expect(device!.behaviorFile).toBe('defs/pl011/pl011.behavior.ts');
    expect(device!.defFile).toBe('defs/t/t.device.yaml');
  });

  it('repeats one reset for every array element and keeps a list per element', () => {
    const { device } = load(`registers:
  - { name: A, offset: 0, array: { count: 3, stride: 4 }, reset: 7, access: RO }
  - { name: B, offset: 0x10, array: { count: 2, stride: 4 }, reset: [1, "0x2"], access: RO }
`);
    expect(device!.registers[0]!.resets).toEqual([7n, 7n, 7n]);
    expect(device!.registers[1]!.resets).toEqual([1n, 2n]);
  });

  it('parses bit ranges, single bits and inherits register access', () => {
    const { device, diagnostics } = load(`registers:
  - name: A
    offset: 0
    access: RO
    fields:
      - { name: LO, bits: "7:0" }
      - { name: B8, bits: 8, access: W1C }
`);
    expect(diagnostics).toEqual([]);
    expect(device!.registers[0]!.fields.map((f) => [f.name, f.lsb, f.msb, f.access, f.implicit])).toEqual([
      ['LO', 0, 7, 'RO', false],
      ['B8', 8, 8, 'W1C', false],
    ]);
  });

  it('gives every node a span in the definition file', () => {
    const { device } = load('registers:\n  - { name: A, offset: 4, access: RW }\n');
    expect(device!.registers[0]!.span).toEqual({ file: 'defs/t/t.device.yaml', line: 6, col: 5, endLine: 6, endCol: 39 });
  });

  it('reports all errors of the lowering stage together', () => {
    const { device, diagnostics } = load(`registers:
  - { name: A, offset: 1.5, access: RW }
  - { name: B, offset: 0755, access: RW }
  - { name: C, offset: 0x1_0, access: RW }
`);
    expect(device).toBeUndefined();
    expect(diagnostics.map((d) => [d.id, d.line])).toEqual([['number-float', 6], ['number-leading-zero', 7], ['number-unquoted-underscore', 8]]);
  });
});

describe('bounds and robustness', () => {
  it('refuses a huge input before parsing', () => {
    const t0 = performance.now();
    const { device, diagnostics } = loadDefinition('big.yaml', '#'.repeat(17 * 1024 * 1024));
    expect(device).toBeUndefined();
    expect(diagnostics.map((d) => d.id)).toEqual(['input-too-large']);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('values inside an alias expansion keep their literal text and key positions (the anchored nodes)', () => {
    const text = 'a: &x { n: 0x10, m: [1, "0b11"] }\nb: [*x, *x]\n';
    const r = readYaml('alias.yaml', text, new DiagnosticSink());
    expect(r.literalAt(['b', 1, 'n'])).toEqual({ value: 16n, text: '0x10', style: 'plain' });
    expect(r.literalAt(['b', 0, 'm', 1])).toEqual({ value: '0b11', text: '0b11', style: 'quoted' });
    expect(r.keySpanOf(['b', 1, 'n']).col).toBe(r.keySpanOf(['a', 'n']).col);
    expect(r.literalAt(['b', 0, 'missing'])).toBeUndefined();
  });

  it('stops a YAML alias bomb fast', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const t0 = performance.now();
    const { diagnostics } = loadDefinition('bomb.yaml', levels.join('\n'));
    expect(diagnostics.map((d) => d.id)).toEqual(['yaml-alias-limit']);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('bounds deep nesting', () => {
    for (const text of ['['.repeat(50_000), 'a: ' + '['.repeat(100) + ']'.repeat(100)]) {
      const { diagnostics } = loadDefinition('deep.yaml', text);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics.length).toBeLessThanOrEqual(10);
    }
  });

  it('never throws on mutated versions of pl011 (no stack trace for user mistakes)', () => {
    const file = 'defs/pl011/pl011.device.yaml';
    const text = readFileSync(file, 'utf8');
    // Deterministic pseudo-random mutations: delete, duplicate or swap characters and lines.
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const junk = [':', '-', '[', '{', '&a', '*a', '!', '"', '0x', '_', ' ', '\n', '\t', '#', '?', '0755', '1.5'];
    let failures = 0;
    for (let i = 0; i < 300; i++) {
      let t = text;
      for (let k = 0; k < 1 + rnd(4); k++) {
        const at = rnd(t.length);
        const op = rnd(3);
        if (op === 0) t = t.slice(0, at) + t.slice(at + 1 + rnd(20));
        else if (op === 1) t = t.slice(0, at) + junk[rnd(junk.length)] + t.slice(at);
        else {
          const lines = t.split('\n');
          const a = rnd(lines.length);
          const b = rnd(lines.length);
          [lines[a], lines[b]] = [lines[b]!, lines[a]!];
          t = lines.join('\n');
        }
      }
      const { device, diagnostics } = loadDefinition(file, t);
      if (!device) {
        expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
        failures++;
      }
      expect(() => formatDiagnostics(diagnostics, { [file]: t }, { color: false })).not.toThrow();
    }
    expect(failures).toBeGreaterThan(0);
  });
});
