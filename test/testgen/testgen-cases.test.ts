/**
 * `devgen testgen` over the shipped definitions: the committed cases in test/testgen/cases are
 * exactly what it writes now (so the differential run of them, testgen-diff.test.ts, runs what
 * the generator produces), the output is deterministic and follows the seed, every check names
 * the definition line it comes from, and registers with hooks are listed in every header.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDefs } from '../../generator/src/pipeline.ts';
import { testgen } from '../../generator/src/testgen/testgen.ts';

const ROOT = join(import.meta.dirname, '../..');
const CASES = join(import.meta.dirname, 'cases');
const DEFS = discoverDefs(ROOT).map((d) => join(ROOT, d));

describe('devgen testgen over the shipped definitions', () => {
  const result = testgen(ROOT, DEFS);

  it('loads them all and gives cases for every device with registers, notes for the others', () => {
    expect(result.ok).toBe(true);
    const devices = [...new Set(result.cases.map((c) => `${c.device}@${c.machine}`))].sort();
    expect(devices).toEqual([
      'PIIX3@pc', 'PIIX4_PM@pc', 'hpet@pc', 'i440FX-pcihost@pc', 'pl011@versatilepb', 'pl031@versatilepb', 'pl061@versatilepb', 'realview_sysctl@versatilepb',
      'versatile_i2c@versatilepb', 'versatilepb_sic@versatilepb',
    ]);
    // The I2C devices and the other PCI functions have no memory-mapped registers; the PIC's, PIT's and port92's ports are all answered by read hooks or kept across resets.
    const notes = new Map(result.notes.map((n) => [n.split(' ')[0]!, n]));
    expect([...notes.keys()].sort()).toEqual(['ds1338', 'i440FX', 'isa-i8259', 'isa-pit', 'pcf8574', 'piix3-ide', 'port92']);
    for (const d of ['ds1338', 'pcf8574', 'i440FX', 'piix3-ide']) expect(notes.get(d)).toMatch(/no memory-mapped registers/);
    for (const d of ['isa-i8259', 'isa-pit', 'port92']) expect(notes.get(d)).toMatch(/answered by read hooks .* promises no answer to check/);
  });

  it('the committed cases are what it writes now, byte for byte', () => {
    const committed = readdirSync(CASES).filter((f) => f.endsWith('.qtest')).sort();
    expect(committed).toEqual(result.cases.map((c) => c.file).sort());
    for (const c of result.cases) expect(readFileSync(join(CASES, c.file), 'utf8'), c.file).toBe(c.content);
  });

  it('is deterministic, and the seed changes the probe patterns only', () => {
    const again = testgen(ROOT, [...DEFS].reverse());
    expect(again.cases.map((c) => [c.file, c.content])).toEqual(result.cases.map((c) => [c.file, c.content]));
    const other = testgen(ROOT, DEFS, { seed: 7 });
    expect(other.cases.map((c) => c.file)).toEqual(result.cases.map((c) => c.file));
    const body = (text: string): string => text.replace(/\(seed \d+\)/, '');
    const changed = other.cases.filter((c, i) => body(c.content) !== body(result.cases[i]!.content)).map((c) => c.file);
    expect(changed).toContain('pl011-ibrd.qtest');
    expect(changed).not.toContain('pl011-resets.qtest');
    expect(other.cases.find((c) => c.file === 'pl011-ibrd.qtest')!.content).toMatch(/\(seed 7\)/);
  });

  it('names the definition line of every check and lists the hooks it had to respect', () => {
    for (const c of result.cases) {
      const lines = c.content.split('\n');
      expect(lines[0]).toBe(`# machine: ${c.machine}`);
      lines.forEach((line, i) => {
        if (/^((read|write)[bwlq]|(in|out)[bwl]) /.test(line)) {
          expect(lines[i - 1], `${c.file}:${i + 1}`).toMatch(/^# .* \((defs\/[\w./-]+\.device\.(yaml|ts)):\d+\)$/);
          expect(lines[i + 1], `${c.file}:${i + 1}`).toMatch(/^# => OK( 0x[0-9a-f]{16}| 0x[0-9a-f]{4,8})?$/);
        }
      });
      expect(lines.filter((l) => /^(read[bwlq]|in[bwl]) /.test(l)).length).toBe(c.checks);
    }
    const pl011 = result.cases.find((c) => c.file === 'pl011-resets.qtest')!.content;
    expect(pl011).toMatch(/^# hooks - DR skipped \(defs\/pl011\/pl011\.device\.yaml:\d+\): read and write hooks/m);
    expect(pl011).toMatch(/^# hooks - MIS skipped .*read hook/m);
    expect(pl011).toMatch(/^# hooks - CR limited .*post-write hook/m);
    expect(pl011).not.toMatch(/^readl 0x101f1000$/m); // DR: its read hook answers, nothing is promised
    const piix3 = result.cases.find((c) => c.file === 'PIIX3-resets.qtest')!.content;
    expect(piix3).toMatch(/^# RCR reset 0x00, 1-byte read at \+0 \(defs\/piix3\/piix3\.device\.yaml:\d+\)\ninb 0xcf9\n# => OK 0x0000$/m);
    const sysctl = result.cases.find((c) => c.file === 'realview_sysctl-resets.qtest')!.content;
    expect(sysctl).toMatch(/^# hooks - CLCD limited .*kept at reset on a device with a reset hook/m);
    expect(sysctl).not.toMatch(/^readl 0x10000050$/m); // CLCD: the reset hook sets CLCDID, nothing is promised
    const ibrd = result.cases.find((c) => c.file === 'pl011-ibrd.qtest')!.content;
    expect(ibrd).toMatch(/walking one, bit 15: BAUD_DIVINT RW 15:0 at line \d+/);
  });

  it('writes the files from the command line, and a second run changes none', () => {
    const out = mkdtempSync(join(tmpdir(), 'devgen-testgen-'));
    try {
      const run = (): { code: number | null; out: string; err: string } => {
        const r = spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'testgen', 'defs/pl011/pl011.device.yaml', 'defs/pcf8574/pcf8574.device.ts', '-o', out], { cwd: ROOT, encoding: 'utf8' });
        return { code: r.status, out: r.stdout, err: r.stderr };
      };
      const first = run();
      expect(first.err).toBe('');
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/^pl011 on versatilepb: 16 cases, \d+ read checks, \d+ writes$/m);
      expect(first.out).toMatch(/^pcf8574 .*no memory-mapped registers/m);
      const files = readdirSync(out).sort();
      expect(files).toEqual(result.cases.filter((c) => c.device === 'pl011').map((c) => c.file).sort());
      for (const f of files) expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(CASES, f), 'utf8'));
      expect(run().out).toMatch(/16 cases in .* \(0 written, 16 unchanged\)/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a definition with errors is reported at its line and nothing is written', () => {
    const out = mkdtempSync(join(tmpdir(), 'devgen-testgen-bad-'));
    try {
      const bad = join(out, 'bad.device.yaml');
      const text = readFileSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), 'utf8').replace('access: RW, description: Integer part', 'access: RWX, description: Integer part');
      writeFileSync(bad, text);
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'testgen', bad, '-o', join(out, 'cases')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/bad\.device\.yaml:\d+:\d+: error\[[\w-]+\]/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(out)).toEqual(['bad.device.yaml']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
