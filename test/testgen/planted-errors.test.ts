/**
 * Generated cases catch a definition that disagrees with QEMU: a copy of the pl011 definition
 * with a wrong reset value (IBRD resets to 0x5) and a wrong write mask (FBRD's field widened to
 * bits 6:0) gives cases that fail on real QEMU 10.0 — at those two registers and nowhere else.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testgen } from '../../generator/src/testgen/testgen.ts';
import { expectationFailures, parseCase, runOnQemu } from '../diff/qtest-case.ts';

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'devgen-planted-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Replaces `from` by `to` once, failing loudly if the definition no longer has `from`. */
function plant(text: string, from: string, to: string): string {
  expect(text.split(from).length, `the pl011 definition still has ${JSON.stringify(from)}`).toBe(2);
  return text.replace(from, to);
}

describe('planted definition errors fail the generated cases on QEMU', () => {
  it('a wrong IBRD reset and a wrong FBRD write mask fail exactly there', async () => {
    const original = readFileSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), 'utf8');
    let text = plant(original, '    offset: 0x024\n    reset: 0\n', '    offset: 0x024\n    reset: 0x5\n');
    text = plant(text, '{ name: BAUD_DIVFRAC, bits: "5:0"', '{ name: BAUD_DIVFRAC, bits: "6:0"');
    const def = join(tmp, 'pl011.device.yaml');
    writeFileSync(def, text);
    cpSync(join(ROOT, 'defs/pl011/pl011.behavior.ts'), join(tmp, 'pl011.behavior.ts'));
    const ibrdLine = text.split('\n').findIndex((l) => l.includes('- name: IBRD')) + 1;
    const fbrdLine = text.split('\n').findIndex((l) => l.includes('- name: FBRD')) + 1;

    const result = testgen(ROOT, [def]);
    expect(result.ok, result.diagnostics.map((d) => d.message).join('\n')).toBe(true);
    const failures: { file: string; note: string; command: string }[] = [];
    for (const c of result.cases) {
      const path = join(tmp, c.file);
      writeFileSync(path, c.content);
      const qc = parseCase(path);
      const run = await runOnQemu(qc, 60_000);
      for (const f of expectationFailures(qc, run, 'qemu')) {
        const m = /^#(\d+) /.exec(f)!;
        const i = Number(m[1]) - 1;
        failures.push({ file: c.file, note: qc.notes[i] ?? '', command: qc.commands[i]! });
      }
    }
    const byFile = (name: string): typeof failures => failures.filter((f) => f.file === name);
    // The reset value: every read of IBRD after reset expects 0x5, QEMU answers 0.
    const resets = byFile('pl011-resets.qtest');
    expect(resets.length).toBeGreaterThan(0);
    for (const f of resets) expect(f.note).toMatch(new RegExp(`^IBRD reset 0x00000005, .*:${ibrdLine}\\)$`));
    expect(resets.map((f) => f.command)).toContain('readl 0x101f1024');
    // The write mask: bit 6 of FBRD reads back 0 on QEMU where the copy promises it stays.
    const fbrd = byFile('pl011-fbrd.qtest');
    expect(fbrd.map((f) => f.note)).toContain(`FBRD after walking one, bit 6: BAUD_DIVFRAC RW 6:0 at line ${fbrdLine + 6} (${result.cases[0]!.content.match(/from (\S+) \(seed/)![1]}:${fbrdLine})`);
    expect(fbrd.some((f) => f.note.startsWith('FBRD after all ones: '))).toBe(true);
    for (const f of fbrd) expect(f.note).toMatch(/FBRD/);
    // Nowhere else: every other failure is a read that reaches IBRD or FBRD.
    for (const f of failures.filter((x) => x.file !== 'pl011-resets.qtest' && x.file !== 'pl011-fbrd.qtest')) {
      expect(f.note, `${f.file}: ${f.command}`).toMatch(/IBRD|FBRD/);
    }
    expect(new Set(failures.map((f) => f.file))).not.toContain('pl011-ilpr.qtest');
  }, 180_000);
});
