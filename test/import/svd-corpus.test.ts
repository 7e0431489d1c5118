/**
 * The SVD corpus of test/fixtures/svd/timers.svd through `importSvd`: inherited register
 * properties, every access combination, enums, bit positions in all three spellings, dim arrays
 * (kept as arrays when indexed 0..n-1, written out when dimIndex names them), plain clusters
 * (flattened with a prefix) and dim clusters (blocks), derivedFrom chains of peripherals,
 * registers and fields, interrupts, reset masks, determinism, and definitions that load and lint
 * without errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSvd, type SvdImportResult } from '../../generator/src/import/svd-import.ts';
import type { DeviceIR, RegisterIR } from '../../generator/src/ir/ir.ts';
import { loadDefinition } from '../../generator/src/pipeline/load.ts';

const ROOT = join(import.meta.dirname, '../..');
const FILE = 'test/fixtures/svd/timers.svd';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');
const importTimers = (): SvdImportResult => importSvd({ svd: { file: FILE, text: TEXT }, outDir: 'defs', root: ROOT });
const result = importTimers();

function device(name: string): DeviceIR {
  const def = result.definitions.find((d) => d.name === name)!;
  const r = loadDefinition(def.path, def.text, { root: ROOT });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.device!;
}
const reg = (d: DeviceIR, name: string): RegisterIR => {
  const r = d.registers.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no register ${name} in ${d.registers.map((x) => x.name).join(', ')}`);
  return r;
};
const lineOf = (text: string): number => TEXT.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('timers.svd', () => {
  it('imports every peripheral without errors, each definition loading and linting clean of errors', () => {
    expect(result.definitions.map((d) => d.name)).toEqual(['timer0', 'timer1', 'timer2', 'wdta', 'wdtb']);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('maps every access combination of STATUS to its canonical kind', () => {
    const status = reg(device('timer0'), 'STATUS');
    expect(Object.fromEntries(status.fields.map((f) => [f.name, f.access]))).toEqual({
      F_W1C: 'W1C', F_W1S: 'W1S', F_W1T: 'W1T', F_W0C: 'W0C', F_W0S: 'W0S', F_W0T: 'W0T', F_WC: 'WC', F_WS: 'WS',
      F_RC: 'RC', F_RS: 'RS', F_WRC: 'WRC', F_WRS: 'WRS', F_WSRC: 'WSRC', F_WCRS: 'WCRS', F_W1SRC: 'W1SRC', F_W1CRS: 'W1CRS',
      F_W0SRC: 'W0SRC', F_W0CRS: 'W0CRS', F_WOC: 'WOC', F_WOS: 'WOS', F_MODIFY: 'RW',
    });
    const ctrl = reg(device('timer0'), 'CTRL');
    expect(ctrl.fields.map((f) => [f.name, f.lsb, f.msb, f.access])).toEqual([
      ['EN', 0, 0, 'RW'], ['MODE', 1, 2, 'RW'], ['PRESCALE', 4, 7, 'RW'], ['ONCE', 8, 8, 'WO1'], ['CFG_ONCE', 9, 9, 'W1'],
    ]);
  });

  it('keeps enumerated values (hex, decimal and #binary), leaving out isDefault with a warning', () => {
    const mode = reg(device('timer0'), 'CTRL').fields.find((f) => f.name === 'MODE')!;
    expect(mode.enums.map((e) => [e.name, e.value, e.description])).toEqual([['UP', 0n, 'Count up.'], ['DOWN', 1n, 'Count down.'], ['UPDOWN', 2n, 'Count up, then down.']]);
    const w = result.diagnostics.filter((d) => d.id === 'svd-enum-value');
    expect(w.map((d) => [d.file, d.line, d.severity])).toEqual([[FILE, lineOf('<name>OTHER</name>'), 'warning']]);
  });

  it('inherits size, access and reset from the device and reads resets through resetMask', () => {
    const t = device('timer0');
    expect(reg(t, 'CTRL').width).toBe(32);
    expect(reg(t, 'CTRL').resets).toEqual([1n]);
    expect(reg(t, 'STATUS').resets).toEqual([3n]);
    expect(reg(t, 'COUNT')).toMatchObject({ width: 64, resets: [0n] });
    expect(reg(t, 'COUNT').fields[0]).toMatchObject({ implicit: true, access: 'RO', lsb: 0, msb: 63 });
    expect(reg(t, 'PRESET').width).toBe(16);
    expect(t.regions[0]).toMatchObject({ size: 0x400, impl: { min: 4, max: 8 } });
    const notes = result.diagnostics.filter((d) => d.id === 'svd-reset-mask');
    expect(notes.map((d) => [d.line, d.severity, d.message])).toEqual([
      [lineOf('<resetMask>0x0000FFFF'), 'note', "register 'STATUS' has no defined reset for bits 0xffff0000 (resetMask 0xffff); they are imported as 0"],
      [lineOf('<resetMask>0x0000FFFF'), 'note', "register 'STATUS_ALT' has no defined reset for bits 0xffff0000 (resetMask 0xffff); they are imported as 0"],
      [lineOf('<name>COUNT</name>') - 1, 'note', "register 'COUNT' has no defined reset for bits 0xffffffff00000000 (resetMask 0xffffffff); they are imported as 0"],
    ]);
  });

  it('keeps indexed dim arrays as arrays and writes named ones out', () => {
    const t = device('timer0');
    expect(reg(t, 'MATCH')).toMatchObject({ offset: 0x40, array: { count: 4, stride: 4 }, resets: [0xffffn, 0xffffn, 0xffffn, 0xffffn] });
    expect(reg(t, 'BUF')).toMatchObject({ offset: 0x50, array: { count: 2, stride: 4 } });
    expect(['CMPA', 'CMPB', 'CMPC'].map((n) => [n, reg(t, n).offset, reg(t, n).array])).toEqual([['CMPA', 0x30, undefined], ['CMPB', 0x34, undefined], ['CMPC', 0x38, undefined]]);
  });

  it('writes out dim fields and dim peripherals, dimIncrement apart', () => {
    expect(reg(device('timer0'), 'CHEN').fields.map((f) => [f.name, f.lsb])).toEqual([['CH0_EN', 0], ['CH1_EN', 2], ['CH2_EN', 4], ['CH3_EN', 6]]);
    expect(result.definitions.filter((d) => d.name.startsWith('wdt')).map((d) => /base address (0x[0-9a-f]+)/.exec(d.text)![1])).toEqual(['0x40008000', '0x40008100']);
    expect(reg(device('wdtb'), 'LOAD').resets).toEqual([0xffffn]);
  });

  it('flattens a plain cluster with its name as prefix and makes a dim cluster a block', () => {
    const t = device('timer0');
    expect(reg(t, 'DMA_REQ')).toMatchObject({ offset: 0x20, fields: [expect.objectContaining({ access: 'RW' })] });
    expect(reg(t, 'DMA_ACK')).toMatchObject({ offset: 0x24, fields: [expect.objectContaining({ access: 'WO' })] });
    expect(t.blocks.map((b) => ({ name: b.name, offset: b.offset, count: b.count, stride: b.stride }))).toEqual([{ name: 'CH', offset: 0x100, count: 4, stride: 0x20 }]);
    expect(t.blocks[0]!.registers.map((r) => [r.name, r.offset, r.resets[0]])).toEqual([['CCR', 0, 0x10n], ['CCV', 4, 0n], ['AUX0', 8, 0n], ['AUX1', 12, 0n], ['FLT_CFG', 16, 0n]]);
  });

  it('resolves derivedFrom: a register from a sibling, a field from a sibling, peripherals in a chain, a dotted path', () => {
    const t0 = device('timer0');
    const alt = reg(t0, 'STATUS_ALT');
    expect(alt.offset).toBe(8);
    expect(alt.description).toBe('A second status word, laid out as STATUS.');
    expect(alt.fields.map((f) => [f.name, f.access])).toEqual(reg(t0, 'STATUS').fields.map((f) => [f.name, f.access]));
    expect(reg(t0, 'PRESET').fields.map((f) => [f.name, f.lsb, f.msb, f.description])).toEqual([['LOW', 0, 7, 'Low byte.'], ['HIGH', 8, 15, 'Low byte.']]);
    const t1 = device('timer1');
    const t2 = device('timer2');
    const shape = (d: DeviceIR) => d.registers.map((r) => [r.name, r.offset, r.fields.map((f) => f.access).join()]);
    expect(shape(t1)).toEqual(shape(t0));
    expect(shape(t2)).toEqual([...shape(t0), ['CTRL2', 0xc, reg(t0, 'CTRL').fields.map((f) => f.access).join()]].sort((a, b) => (a[1] as number) - (b[1] as number)));
    expect(t1.blocks.length).toBe(1);
    expect(t2.description).toBe('Timer 2, with an extra register.');
    expect(t1.description).toBe('General-purpose timer with four capture channels.');
  });

  it('gives each peripheral its own interrupts as IRQ outputs (a derived peripheral does not inherit them)', () => {
    expect(device('timer0').gpios.map((g) => [g.name, g.count, g.lines])).toEqual([['irq', 1, ['timer0']]]);
    expect(device('timer1').gpios.map((g) => [g.name, g.count, g.lines])).toEqual([['irq', 1, ['timer1']]]);
    expect(device('timer2').gpios).toEqual([]);
    expect(result.definitions[1]!.text).toContain('(interrupt 9)');
  });

  it('records provenance: inherited items point at the SVD lines of their base', () => {
    const t1 = result.definitions.find((d) => d.name === 'timer1')!.text;
    expect(t1).toContain(`name: timer1  # svd: ${FILE}:${lineOf('derivedFrom="TIMER0"')}:5`);
    expect(t1).toContain(`- name: CTRL  # svd: ${FILE}:${lineOf('<name>CTRL</name>') - 1}:9`);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(importTimers().definitions.map((d) => d.text)).toEqual(result.definitions.map((d) => d.text));
  });
});
