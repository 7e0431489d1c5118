/**
 * Every diagnostic of the SVD import, at its position in the SVD: malformed XML, missing or
 * malformed elements, numbers, access words without a canonical kind, derivedFrom to nothing
 * and in cycles, dim arrays, enum values devgen cannot hold, resets, parts devgen does not
 * import, peripheral selection and names; and a finding on an imported definition shown both at
 * its YAML line and at the SVD element it came from.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics } from '../../generator/src/diagnostics/render.ts';
import { importSvd, type SvdImportResult } from '../../generator/src/import/svd-import.ts';

const ROOT = join(import.meta.dirname, '../..');
const FILE = 'test.svd';

/** An SVD of one peripheral P whose <registers> hold `registers`. */
function svd(registers: string, peripheralExtra = ''): string {
  return [
    '<?xml version="1.0"?>', '<device>', '  <name>D</name>', '  <peripherals>', '    <peripheral>', '      <name>P</name>',
    '      <baseAddress>0x1000</baseAddress>', peripheralExtra, '      <registers>', registers, '      </registers>', '    </peripheral>', '  </peripherals>', '</device>', '',
  ].join('\n');
}

function run(text: string, peripherals?: string[]): SvdImportResult {
  return importSvd({ svd: { file: FILE, text }, outDir: 'defs', root: ROOT, lint: false, ...(peripherals ? { peripherals } : {}) });
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, when given). */
function at(text: string, needle: string, after?: string): [number, number] {
  const from = after === undefined ? 0 : text.indexOf(after);
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`${needle} not in the text`);
  const before = text.slice(0, i).split('\n');
  return [before.length, before[before.length - 1]!.length + 1];
}

/** 1-based line and column of the last `needle` before `marker` (the element that holds the marker). */
function opener(text: string, needle: string, marker: string): [number, number] {
  const i = text.lastIndexOf(needle, text.indexOf(marker));
  const before = text.slice(0, i).split('\n');
  return [before.length, before[before.length - 1]!.length + 1];
}

/** [id, line, col] of every diagnostic of one file. */
function found(r: SvdImportResult, file = FILE): Array<[string, number, number]> {
  return r.diagnostics.filter((d) => d.file === file).map((d) => [d.id, d.line, d.col]);
}

const REG = (body: string) => `        <register>\n          ${body}\n        </register>`;

describe('SVD import diagnostics', () => {
  it('svd-xml: malformed XML, at the place the parser stopped', () => {
    const text = '<device>\n  <name>D</name>\n  <peripherals>\n</device>\n';
    const r = run(text);
    expect(r.diagnostics.map((d) => [d.id, d.line])).toEqual([['svd-xml', 4]]);
    expect(r.diagnostics[0]!.message).toMatch(/^not well-formed XML: /);
    expect(r.definitions).toEqual([]);
  });

  it('svd-structure: a root that is not <device>, a device without peripherals, elements without what the import needs', () => {
    expect(found(run('<peripheral/>\n'))).toEqual([['svd-structure', 1, 1]]);
    expect(found(run('<device>\n  <name>D</name>\n</device>\n'))).toEqual([['svd-structure', 1, 1]]);
    const text = svd([
      REG('<description>no name</description><addressOffset>0</addressOffset>'),
      REG('<name>NOOFF</name>'),
      REG('<name>F</name><addressOffset>4</addressOffset><fields><field><name>NOBITS</name></field><field><name>BADRANGE</name><bitRange>7:0</bitRange></field></fields>'),
    ].join('\n'), '      <interrupt><name>IRQ</name></interrupt>');
    expect(found(run(text))).toEqual([
      ['svd-structure', ...at(text, '<interrupt>')],
      ['svd-structure', ...at(text, '<register>')],
      ['svd-structure', ...opener(text, '<register>', 'NOOFF')],
      ['svd-structure', ...at(text, '<field><name>NOBITS')],
      ['svd-structure', ...at(text, '<bitRange>')],
    ]);
  });

  it('svd-number: a value that is no SVD number, at the element', () => {
    const text = svd(REG('<name>R</name><addressOffset>0xZZ</addressOffset>'));
    const r = run(text);
    expect(found(r)).toEqual([['svd-number', ...at(text, '<addressOffset>')]]);
    expect(r.diagnostics[0]!.message).toBe("register addressOffset '0xZZ' is not an SVD number (decimal, 0x hex or #binary)");
  });

  it('invalid-value and register-width: an unknown access word, a register size devgen has not', () => {
    const text = svd([REG('<name>A</name><addressOffset>0</addressOffset><access>read-wrote</access>'), REG('<name>B</name><addressOffset>4</addressOffset><size>24</size>')].join('\n'));
    const r = run(text);
    expect(found(r)).toEqual([['invalid-value', ...at(text, '<access>')], ['register-width', ...at(text, '<size>')]]);
    expect(r.diagnostics[0]!.message).toContain("(did you mean 'read-write'?)");
  });

  it('svd-access: words with no canonical kind, at the word that has none', () => {
    const text = svd(REG('<name>R</name><addressOffset>0</addressOffset><fields>'
      + '<field><name>A</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth><readAction>modify</readAction></field>'
      + '<field><name>B</name><bitOffset>1</bitOffset><bitWidth>1</bitWidth><access>read-only</access><modifiedWriteValues>oneToClear</modifiedWriteValues></field>'
      + '</fields>'));
    const r = run(text);
    expect(found(r)).toEqual([['svd-access', ...at(text, '<readAction>')], ['svd-access', ...at(text, '<modifiedWriteValues>')]]);
    expect(r.diagnostics[0]!.message).toBe("field 'A': access read-write + readAction modify (the read side effect is not said) has no canonical access kind; patch the field (_modify) to say what it does");
    expect(r.definitions).toEqual([]);
  });

  it('svd-derive-unknown and svd-derive-cycle: registers, fields and peripherals', () => {
    const text = svd([
      '        <register derivedFrom="NOPE"><name>A</name><addressOffset>0</addressOffset></register>',
      '        <register derivedFrom="C"><name>B</name><addressOffset>4</addressOffset></register>',
      '        <register derivedFrom="B"><name>C</name><addressOffset>8</addressOffset></register>',
      '        <register><name>F</name><addressOffset>12</addressOffset><fields><field derivedFrom="X1"><name>G</name><bitOffset>0</bitOffset></field></fields></register>',
    ].join('\n'));
    const r = run(text);
    expect(found(r)).toEqual([
      ['svd-derive-unknown', ...at(text, '<register derivedFrom="NOPE"')],
      ['svd-derive-cycle', ...at(text, '<register derivedFrom="C"')],
      ['svd-derive-unknown', ...at(text, '<field derivedFrom')],
    ]);
    expect(r.diagnostics[1]!.message).toBe("register 'B' is derived from itself (B → C → B)");
    const peripherals = '<device><name>D</name><peripherals>\n'
      + '<peripheral derivedFrom="Q"><name>P</name><baseAddress>0</baseAddress></peripheral>\n'
      + '<peripheral derivedFrom="P"><name>Q</name><baseAddress>0</baseAddress></peripheral>\n'
      + '<peripheral derivedFrom="UARTX"><name>UART1</name><baseAddress>0</baseAddress></peripheral>\n'
      + '<peripheral><name>UART0</name><baseAddress>0</baseAddress></peripheral>\n</peripherals></device>\n';
    const p = run(peripherals);
    expect(found(p).filter(([id]) => id.startsWith('svd-derive'))).toEqual([['svd-derive-cycle', 2, 1], ['svd-derive-unknown', 4, 1]]);
    expect(p.diagnostics.find((d) => d.id === 'svd-derive-unknown')!.message).toBe("peripheral 'UART1' is derivedFrom 'UARTX', which is not declared (did you mean 'UART0'?)");
  });

  it('svd-dim: dim without dimIncrement, a name without %s, a dimIndex of the wrong length', () => {
    const text = svd([
      REG('<dim>2</dim><name>A%s</name><addressOffset>0</addressOffset>'),
      REG('<dim>2</dim><dimIncrement>4</dimIncrement><name>B</name><addressOffset>0x10</addressOffset>'),
      REG('<dim>2</dim><dimIncrement>4</dimIncrement><dimIndex>X,Y,Z</dimIndex><name>C%s</name><addressOffset>0x20</addressOffset>'),
    ].join('\n'));
    const r = run(text);
    expect(found(r)).toEqual([
      ['svd-dim', ...opener(text, '<register>', '<name>A%s')],
      ['svd-dim', ...opener(text, '<register>', '<name>B')],
      ['svd-dim', ...at(text, '<dimIndex>')],
    ]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "register 'A%s': dim needs dimIncrement",
      "register 'B': the name of a dim array holds %s or [%s]",
      "register 'C%s': dimIndex 'X,Y,Z' names 3 element(s) for dim 2",
    ]);
  });

  it('svd-enum-value: don\'t-care bits and values wider than the field are left out with a warning', () => {
    const text = svd(REG('<name>R</name><addressOffset>0</addressOffset><fields><field><name>F</name><bitOffset>0</bitOffset><bitWidth>2</bitWidth><enumeratedValues>'
      + '<enumeratedValue><name>ANY</name><value>#1x</value></enumeratedValue>'
      + '<enumeratedValue><name>BIG</name><value>4</value></enumeratedValue>'
      + '<enumeratedValue><name>OK</name><value>1</value></enumeratedValue>'
      + '</enumeratedValues></field></fields>'));
    const r = run(text);
    expect(found(r)).toEqual([['svd-enum-value', ...at(text, '<value>#1x')], ['svd-enum-value', ...at(text, '<value>4')]]);
    expect(r.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(r.definitions[0]!.text).toContain('{ name: OK, value: 1 }');
    expect(r.definitions[0]!.text).not.toContain('name: ANY');
  });

  it('svd-reset-outside-fields: reset bits no field holds are dropped with a warning', () => {
    const text = svd(REG('<name>R</name><addressOffset>0</addressOffset><resetValue>0x1FF</resetValue><fields><field><name>F</name><bitRange>[7:0]</bitRange></field></fields>'));
    const r = run(text);
    expect(found(r)).toEqual([['svd-reset-outside-fields', ...at(text, '<resetValue>')]]);
    expect(r.diagnostics[0]!.message).toBe("reset value 0x1ff of register 'R' sets bits 0x100 that no field covers; they are dropped");
    expect(r.definitions[0]!.text).toContain('reset: 0xff\n');
  });

  it('svd-unsupported: write constraints, a second enum set and a derived enum set are named', () => {
    const text = svd(REG('<name>R</name><addressOffset>0</addressOffset><writeConstraint><range><minimum>0</minimum><maximum>3</maximum></range></writeConstraint><fields>'
      + '<field><name>F</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth>'
      + '<enumeratedValues><usage>read</usage><enumeratedValue><name>R0</name><value>0</value></enumeratedValue></enumeratedValues>'
      + '<enumeratedValues><usage>write</usage><enumeratedValue><name>W0</name><value>0</value></enumeratedValue></enumeratedValues></field>'
      + '<field><name>G</name><bitOffset>1</bitOffset><bitWidth>1</bitWidth><enumeratedValues derivedFrom="F"></enumeratedValues></field>'
      + '</fields>'));
    const r = run(text);
    expect(found(r)).toEqual([
      ['svd-unsupported', ...at(text, '<writeConstraint>')],
      ['svd-unsupported', ...at(text, '<enumeratedValues><usage>write')],
      ['svd-unsupported', ...at(text, '<enumeratedValues derivedFrom')],
    ]);
    expect(r.definitions[0]!.text).toContain('{ name: R0, value: 0 }');
  });

  it('svd-unsupported: an alternate register is left out, so the import does not stop at an overlap', () => {
    const text = svd([REG('<name>A</name><addressOffset>0</addressOffset>'), REG('<name>A_ALT</name><alternateRegister>A</alternateRegister><addressOffset>0</addressOffset>')].join('\n'));
    const r = run(text);
    expect(found(r)).toEqual([['svd-unsupported', ...at(text, '<alternateRegister>')]]);
    expect(r.diagnostics[0]!.message).toBe("register 'A_ALT' is not imported: it is an alternate view (alternateRegister 'A') of bytes another register holds; make one register of them with a patch");
    expect(r.definitions[0]!.text).not.toContain('A_ALT');
  });

  it('svd-peripheral-unknown, invalid-device-name and duplicate-device: peripherals that cannot be imported', () => {
    const two = '<device><name>D</name><peripherals>\n<peripheral><name>UART</name><baseAddress>0</baseAddress></peripheral>\n'
      + '<peripheral><name>uart</name><baseAddress>0</baseAddress></peripheral>\n<peripheral><name>BAD/NAME</name><baseAddress>0</baseAddress></peripheral>\n</peripherals></device>\n';
    const r = run(two);
    expect(found(r)).toEqual([['duplicate-device', 3, 1], ['invalid-device-name', 4, 1]]);
    const missing = run(two, ['UART', 'UARTT']);
    expect(missing.diagnostics.map((d) => [d.id, d.message])).toEqual([['svd-peripheral-unknown', "the SVD declares no peripheral 'UARTT' (did you mean 'UART'?); it declares: UART, uart, BAD/NAME"]]);
    // A name matches exactly first, then without regard to case.
    expect(run(two, ['uart']).definitions.map((d) => d.peripheral)).toEqual(['uart']);
    expect(run(two, ['Uart']).definitions.map((d) => d.peripheral)).toEqual(['UART']);
  });

  it('a finding on an imported definition is shown at its YAML line and at the SVD element it came from', () => {
    const text = svd([REG('<name>A</name><addressOffset>0</addressOffset>'), REG('<name>B</name><addressOffset>2</addressOffset>')].join('\n'));
    const r = run(text);
    const overlap = r.diagnostics.filter((d) => d.id === 'register-overlap');
    expect(overlap.map((d) => [d.file, d.line])).toEqual([
      ['defs/p/p.device.yaml', r.sources.get('defs/p/p.device.yaml')!.split('\n').findIndex((l) => l.startsWith('  - name: B')) + 1],
      [FILE, opener(text, '<register>', '<name>B')[0]],
    ]);
    const rendered = formatDiagnostics(overlap, r.sources, { color: false });
    expect(rendered).toContain(`error[register-overlap]: register 'B' (0x2..0x5) overlaps register 'A'`);
    expect(rendered).toContain(`in register 'B':\n  imported from ${FILE}:${opener(text, '<register>', '<name>B').join(':')}\n`);
    expect(overlap[1]!.context).toMatch(/^imported as defs\/p\/p\.device\.yaml:\d+:5$/);
    expect(r.definitions).toEqual([]);
  });
});
