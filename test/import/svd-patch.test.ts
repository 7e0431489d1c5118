/**
 * Patch files applied on import, in the manner of svdtools: _modify, _add, _delete, _derive and
 * _array at the device, peripheral and register levels, enumerated-value shorthand, name
 * patterns with wildcards, and every patch diagnostic at its patch line. Items a patch writes
 * carry the patch line as their provenance.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSvd, type SvdImportResult } from '../../generator/src/import/svd-import.ts';
import type { DeviceIR } from '../../generator/src/ir/ir.ts';
import { namePattern } from '../../generator/src/import/svd-patch.ts';
import { loadDefinition } from '../../generator/src/pipeline/load.ts';

const ROOT = join(import.meta.dirname, '../..');
const SVD = `<?xml version="1.0"?>
<device>
  <name>D</name>
  <peripherals>
    <peripheral>
      <name>UART0</name>
      <baseAddress>0x1000</baseAddress>
      <interrupt><name>UART0</name><value>3</value></interrupt>
      <interrupt><name>UART0_ERR</name><value>4</value></interrupt>
      <registers>
        <register><name>CTRL</name><addressOffset>0x0</addressOffset>
          <fields>
            <field><name>EN</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field>
            <field><name>MODE</name><bitOffset>1</bitOffset><bitWidth>2</bitWidth></field>
            <field><name>TMP</name><bitOffset>4</bitOffset><bitWidth>1</bitWidth></field>
          </fields>
        </register>
        <register><name>ID_A</name><addressOffset>0x10</addressOffset><access>read-only</access><resetValue>0x11</resetValue></register>
        <register><name>ID_B</name><addressOffset>0x14</addressOffset><access>read-only</access><resetValue>0x22</resetValue></register>
        <register><name>ID_C</name><addressOffset>0x18</addressOffset><access>read-only</access><resetValue>0x33</resetValue></register>
        <register><name>SCRATCH1</name><addressOffset>0x20</addressOffset></register>
        <register><name>SCRATCH2</name><addressOffset>0x24</addressOffset></register>
        <register><name>X</name><addressOffset>0x28</addressOffset></register>
        <register><name>Y</name><addressOffset>0x2C</addressOffset><size>16</size></register>
      </registers>
    </peripheral>
    <peripheral>
      <name>UART1</name>
      <baseAddress>0x2000</baseAddress>
      <registers>
        <register><name>DATA</name><addressOffset>0x0</addressOffset></register>
      </registers>
    </peripheral>
    <peripheral>
      <name>ZOMBIE</name>
      <baseAddress>0x3000</baseAddress>
    </peripheral>
  </peripherals>
</device>
`;
const PATCH_FILE = 'fix.yaml';

function run(patch: string): SvdImportResult {
  return importSvd({ svd: { file: 'd.svd', text: SVD }, patch: { file: PATCH_FILE, text: patch }, outDir: 'defs', root: ROOT, lint: false });
}
function device(r: SvdImportResult, name: string): DeviceIR {
  const def = r.definitions.find((d) => d.name === name);
  if (def === undefined) throw new Error(`no ${name}: ${r.diagnostics.map((d) => `${d.file}:${d.line} ${d.id} ${d.message}`).join('\n')}`);
  return loadDefinition(def.path, def.text, { root: ROOT }).device!;
}
const errors = (r: SvdImportResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.line, d.col, d.id]);

describe('name patterns', () => {
  it('match as svdtools matches: *, ?, [ABC] and comma-separated alternatives', () => {
    expect(namePattern('UART*')('UART12')).toBe(true);
    expect(namePattern('UART?')('UART12')).toBe(false);
    expect(namePattern('ID_[AB]')('ID_B')).toBe(true);
    expect(namePattern('ID_[AB]')('ID_C')).toBe(false);
    expect(namePattern('X, Y')('Y')).toBe(true);
    expect(namePattern('A.B')('AxB')).toBe(false);
  });
});

describe('SVD patches', () => {
  it('_modify: peripherals (device level), registers, fields and interrupts', () => {
    const r = run([
      '_modify:',
      '  UART0: { baseAddress: 0x4000, description: Patched UART. }',
      'UART0:',
      '  _modify:',
      '    CTRL: { resetValue: 0x5 }',
      '    _interrupts:',
      '      UART0_ERR: { value: 7 }',
      '  CTRL:',
      '    _modify:',
      '      EN: { access: read-only, description: Enabled (read-only). }',
      '',
    ].join('\n'));
    expect(errors(r)).toEqual([]);
    const u = device(r, 'uart0');
    expect(u.description).toBe('Patched UART.');
    expect(r.definitions[0]!.text).toContain('(base address 0x4000)');
    expect(r.definitions[0]!.text).toContain('(interrupt 7)');
    const ctrl = u.registers.find((x) => x.name === 'CTRL')!;
    expect(ctrl.resets).toEqual([5n]);
    expect(ctrl.fields.find((f) => f.name === 'EN')).toMatchObject({ access: 'RO', description: 'Enabled (read-only).' });
  });

  it('_add: a register with fields, an interrupt, a field, a whole peripheral; added items point at the patch', () => {
    const r = run([
      '_add:',
      '  NEWP:',
      '    baseAddress: 0x5000',
      '    registers:',
      '      R: { addressOffset: 0, access: read-only, resetValue: 0x7 }',
      'UART0:',
      '  _add:',
      '    STATUS:',
      '      addressOffset: 0x30',
      '      fields:',
      '        BUSY: { bitOffset: 0, bitWidth: 1, access: read-only }',
      '        DONE: { bitOffset: 1, bitWidth: 1, modifiedWriteValues: oneToClear }',
      '    _interrupts:',
      '      UART0_TX: { value: 9, description: Transmit. }',
      '  CTRL:',
      '    _add:',
      '      LOOP: { bitOffset: 8, bitWidth: 1 }',
      '',
    ].join('\n'));
    expect(errors(r)).toEqual([]);
    const u = device(r, 'uart0');
    expect(u.registers.find((x) => x.name === 'STATUS')!.fields.map((f) => [f.name, f.access])).toEqual([['BUSY', 'RO'], ['DONE', 'W1C']]);
    expect(u.registers.find((x) => x.name === 'CTRL')!.fields.map((f) => f.name)).toEqual(['EN', 'MODE', 'TMP', 'LOOP']);
    expect(u.gpios[0]!.lines).toEqual(['uart0', 'uart0_err', 'uart0_tx']);
    expect(device(r, 'newp').registers.map((x) => [x.name, x.resets])).toEqual([['R', [7n]]]);
    const text = r.definitions.find((d) => d.name === 'uart0')!.text;
    expect(text).toContain(`- name: STATUS  # patch: ${PATCH_FILE}:8:5`);
    expect(text).toContain(`{ name: BUSY, bits: 0, access: RO }  # patch: ${PATCH_FILE}:11:9`);
  });

  it('_delete: peripherals, registers, interrupts and fields by pattern', () => {
    const r = run([
      '_delete: [ZOMBIE]',
      'UART0:',
      '  _delete:',
      '    _registers: ["SCRATCH?", "X,Y"]',
      '    _interrupts: [UART0_ERR]',
      '  CTRL:',
      '    _delete: [TMP]',
      '',
    ].join('\n'));
    expect(errors(r)).toEqual([]);
    expect(r.definitions.map((d) => d.name)).toEqual(['uart0', 'uart1']);
    const u = device(r, 'uart0');
    expect(u.registers.map((x) => x.name)).toEqual(['CTRL', 'ID_A', 'ID_B', 'ID_C']);
    expect(u.registers[0]!.fields.map((f) => f.name)).toEqual(['EN', 'MODE']);
    expect(u.gpios[0]!.lines).toEqual(['uart0']);
  });

  it('_derive: a peripheral from another (keeping its name and base address) and a register from a sibling', () => {
    const r = run(['_derive:', '  UART1: UART0', 'UART0:', '  _derive:', '    SCRATCH2: CTRL', ''].join('\n'));
    expect(errors(r)).toEqual([]);
    const u0 = device(r, 'uart0');
    const u1 = device(r, 'uart1');
    expect(u1.registers.map((x) => [x.name, x.offset])).toEqual(u0.registers.map((x) => [x.name, x.offset]));
    expect(r.definitions.find((d) => d.name === 'uart1')!.text).toContain('(base address 0x2000)');
    expect(u0.registers.find((x) => x.name === 'SCRATCH2')!.fields.map((f) => f.name)).toEqual(['EN', 'MODE', 'TMP']);
    expect(u0.registers.find((x) => x.name === 'SCRATCH2')!.offset).toBe(0x24);
  });

  it('_array: registers of one shape at a constant stride become one array (named NAME[%s]) with a reset per element', () => {
    const r = run(['UART0:', '  _array:', '    "ID_*": { name: "ID[%s]", description: Identification. }', ''].join('\n'));
    expect(errors(r)).toEqual([]);
    const id = device(r, 'uart0').registers.find((x) => x.name === 'ID')!;
    expect(id).toMatchObject({ offset: 0x10, array: { count: 3, stride: 4 }, resets: [0x11n, 0x22n, 0x33n], description: 'Identification.' });
    const named = run(['UART0:', '  _array:', '    "ID_*": {}', ''].join('\n'));
    // Without a name the elements A, B, C are not 0..n-1: they stay registers of their own.
    expect(device(named, 'uart0').registers.filter((x) => x.name.startsWith('ID_')).map((x) => x.name)).toEqual(['ID_A', 'ID_B', 'ID_C']);
  });

  it('field patterns give enumerated values ([value, description])', () => {
    const r = run(['UART0:', '  CTRL:', '    MODE:', '      SLOW: [0, Slow clock.]', '      FAST: [2, Fast clock.]', ''].join('\n'));
    expect(errors(r)).toEqual([]);
    const mode = device(r, 'uart0').registers[0]!.fields.find((f) => f.name === 'MODE')!;
    expect(mode.enums.map((e) => [e.name, e.value, e.description])).toEqual([['SLOW', 0n, 'Slow clock.'], ['FAST', 2n, 'Fast clock.']]);
  });

  it('patterns reach every matching peripheral ("UART*") and register ("SCRATCH?")', () => {
    const r = run(['"UART*":', '  _modify:', '    "*": { description: Patched. }', '"UART0":', '  _modify:', '    "SCRATCH?": { resetValue: 9 }', ''].join('\n'));
    expect(errors(r)).toEqual([]);
    expect(device(r, 'uart1').registers[0]!.description).toBe('Patched.');
    expect(device(r, 'uart0').registers.filter((x) => x.resets[0] === 9n).map((x) => x.name)).toEqual(['SCRATCH1', 'SCRATCH2']);
  });

  it('reports unknown keys, patterns that match nothing, values of the wrong form, at the patch line', () => {
    const r = run([
      '_modfy: {}',                        // 1
      '_strip: [UART_]',                   // 2
      'NOPE*:',                            // 3
      '  _modify: {}',                     // 4
      'UART0:',                            // 5
      '  _delete: [GONE]',                 // 6
      '  _add:',                           // 7
      '    CTRL: { addressOffset: 0x40 }', // 8
      '  _derive: { SCRATCH1: MISSING }',  // 9
      '  _array:',                         // 10
      '    "[XY]": {}',                    // 11
      '  CTRL:',                           // 12
      '    _modify:',                      // 13
      '      EN: { description: [a, b] }', // 14
      '',
    ].join('\n'));
    expect(errors(r)).toEqual([
      [PATCH_FILE, 1, 1, 'svd-patch-key'],
      [PATCH_FILE, 2, 1, 'svd-patch-key'],
      [PATCH_FILE, 3, 1, 'svd-patch-no-match'],
      [PATCH_FILE, 6, 13, 'svd-patch-no-match'],
      [PATCH_FILE, 8, 5, 'svd-patch-value'],
      [PATCH_FILE, 9, 24, 'svd-patch-no-match'],
      [PATCH_FILE, 11, 5, 'svd-patch-value'],
      [PATCH_FILE, 14, 26, 'svd-patch-value'],
    ]);
    const byLine = new Map(r.diagnostics.map((d) => [d.line, d.message]));
    expect(byLine.get(1)).toBe("unknown patch key '_modfy' in the device (did you mean '_modify'?)");
    expect(byLine.get(2)).toBe("unknown patch key '_strip' in the device (an svdtools key devgen does not implement)");
    expect(byLine.get(3)).toBe("peripheral pattern 'NOPE*' matches nothing in the device");
    expect(byLine.get(8)).toBe("register 'CTRL' already exists in peripheral 'UART0'; change it with _modify");
    expect(byLine.get(11)).toBe("_array '[XY]' collects registers of one shape at a constant stride, but 'Y' differs");
    expect(r.definitions).toEqual([]);
  });

  it('a patch that is not a mapping, or not YAML, is a positioned error', () => {
    expect(errors(run('- UART0\n'))).toEqual([[PATCH_FILE, 1, 1, 'svd-patch-syntax']]);
    expect(errors(run('UART0: {\n')).map((e) => [e[0], e[3]])).toEqual([[PATCH_FILE, 'yaml-syntax']]);
  });

  it('a mistake a patch makes is reported at the patch line that made it', () => {
    const r = run(['UART0:', '  CTRL:', '    _modify:', '      EN: { readAction: modify }', ''].join('\n'));
    expect(errors(r)).toEqual([[PATCH_FILE, 4, 25, 'svd-access']]);
  });
});
