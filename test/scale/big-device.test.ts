/**
 * Devices of 1 000 and 10 000 registers generate correct tables (offsets, resets and masks
 * spot-checked in the generated MMIO table), and the reader's limits refuse what is over them
 * with a positioned diagnostic that says which limit and how to raise it. Timing is measured
 * in `npm run bench`, never here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, generate, lint } from '../../generator/src/api/index.ts';
import { tempDir } from '../cli/project-fixture.ts';
import { bigDeviceReset, writeBigDeviceProject } from '../support/big-device.ts';

/** The descriptor of register `name` in the generated MMIO table text. */
function descriptor(mmio: string, name: string): string {
  const at = mmio.indexOf(`name: '${name}',`);
  expect(at, name).toBeGreaterThan(0);
  return mmio.slice(at, mmio.indexOf('}', at));
}

describe.each([1_000, 10_000])('a device of %i registers', (count) => {
  it('generates, and its table has every register at its offset with its reset and masks', () => {
    const dir = tempDir(`big${count}`);
    writeBigDeviceProject(dir, 'big', count);
    const r = generate(dir);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    const mmio = readFileSync(join(dir, 'generated/big/big.mmio.ts'), 'utf8');
    expect(mmio.match(/name: 'R\d+',/g)?.length).toBe(count);
    for (const i of [0, 1, 7, count / 2 + 3, count - 1]) {
      const d = descriptor(mmio, `R${i}`);
      expect(d).toMatch(new RegExp(`offset: (0x0*${(i * 4).toString(16)}|${i * 4}),`));
      expect(d).toMatch(new RegExp(`reset: (0x0*${bigDeviceReset(i).toString(16)}|${bigDeviceReset(i)}),`));
      // Both fields read back; neither is written.
      expect(d).toMatch(/readMask: (0x0*ffff|65535), writeMask: (0x0*|0)\b/);
      expect(d).toMatch(/readOnly: true/);
    }
  });
});

describe('reader limits', () => {
  it('a definition over the input limit gets input-too-large at the file, naming the setting to raise', () => {
    const dir = tempDir('huge');
    const file = writeBigDeviceProject(dir, 'huge', 1);
    writeFileSync(file, `${readFileSync(file, 'utf8')}# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    const r = generate(dir);
    const d = r.diagnostics.find((x) => x.id === 'input-too-large');
    expect(d, JSON.stringify(r.diagnostics.map((x) => x.id))).toBeDefined();
    expect(d!.file).toBe('defs/huge/huge.device.yaml');
    expect(d!.message).toMatch(/limits\.max-input-bytes in devgen\.config\.yaml/);
    expect(r.ok).toBe(false);
  });

  it('an alias bomb stops at the node limit with a positioned diagnostic, counted after expansion', () => {
    const dir = tempDir('bomb');
    const file = writeBigDeviceProject(dir, 'bomb', 1);
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    writeFileSync(file, `${readFileSync(file, 'utf8')}x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\n`);
    const r = generate(dir);
    const d = r.diagnostics.find((x) => x.id === 'yaml-alias-limit');
    expect(d, JSON.stringify(r.diagnostics.map((x) => x.id))).toBeDefined();
    expect(d!.line).toBeGreaterThan(1);
    expect(d!.message).toMatch(/more than 500000 nodes.*limits\.max-nodes/);
  });

  it('limits are configurable in devgen.config.yaml: lowered, raised, and checked', () => {
    const dir = tempDir('limits');
    const file = writeBigDeviceProject(dir, 'big', 100);
    writeFileSync(join(dir, 'devgen.config.yaml'), 'limits:\n  max-nodes: 500\n');
    const low = generate(dir);
    expect(low.diagnostics.map((d) => d.id)).toEqual(['yaml-alias-limit']);
    expect(low.diagnostics[0]!.message).toMatch(/more than 500 nodes/);
    expect(lint(dir).files.flatMap((f) => f.diagnostics.map((d) => d.id))).toContain('yaml-alias-limit');
    writeFileSync(file, `${readFileSync(file, 'utf8')}# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    writeFileSync(join(dir, 'devgen.config.yaml'), 'limits:\n  max-input-bytes: 33554432\n');
    expect(generate(dir).diagnostics).toEqual([]);
    writeFileSync(join(dir, 'devgen.config.yaml'), 'limits:\n  max-nodes: -3\n');
    expect(() => generate(dir)).toThrow(ConfigError);
    expect(() => generate(dir)).toThrow(/devgen\.config\.yaml:2:14: 'limits\.max-nodes' must be a positive integer/);
    writeFileSync(join(dir, 'devgen.config.yaml'), 'limits:\n  max-bytes: 3\n');
    expect(() => generate(dir)).toThrow(/unknown key 'limits\.max-bytes' \(expected max-input-bytes, max-nodes, max-depth\)/);
  });
});
