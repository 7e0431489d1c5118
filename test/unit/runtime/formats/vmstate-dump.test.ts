/**
 * The one model of QEMU's -dump-vmstate format: reading QEMU 10.0's own dump of the virt
 * machine and writing it back gives the same bytes; bad input comes back as positioned,
 * pathed problems (all of them, sorted), never as an exception; the module imports nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVmStateDump, formatVmStateDumpFragment, readVmStateDump, type VmStateDumpProblem } from '../../../../runtime/src/formats/vmstate-dump.ts';
import { qemuBinary } from '../../../support/qemu-oracle.ts';

const FORMATS = join(import.meta.dirname, '../../../../runtime/src/formats');

function problems(text: string): VmStateDumpProblem[] {
  const r = readVmStateDump(text);
  if (r.ok) throw new Error('expected problems');
  return [...r.problems];
}

const field = '{"field": "a", "version_id": 0, "field_exists": false, "size": 4}';
const dumpWith = (fields: string, extra = ''): string =>
  `{"dev": {"Name": "dev", "version_id": 1, "minimum_version_id": 1, "Description": {"name": "dev", "version_id": 1, "minimum_version_id": 1, "Fields": [${fields}]${extra}}}}`;

describe('QEMU 10.0 virt dump', () => {
  it('reads every entry and writes the file back byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devgen-dump-'));
    try {
      const file = join(dir, 'virt.json');
      execFileSync(qemuBinary('aarch64'), ['-M', 'virt', '-display', 'none', '-nodefaults', '-dump-vmstate', file], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
      const text = readFileSync(file, 'utf8');
      const r = readVmStateDump(text);
      if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
      expect(r.dump.machine).toBe('virt-10.0');
      expect(r.dump.entries.length).toBeGreaterThan(100);
      const pl011 = r.dump.entries.find((e) => e.Name === 'pl011')!;
      expect(pl011.Description.Subsections?.map((s) => s.name)).toEqual(['pl011/clock']);
      // QEMU's dump has descriptions without a Fields list and fields with run-time tests: both survive.
      expect(r.dump.entries.some((e) => e.Description.Fields === undefined)).toBe(true);
      expect(text).toContain('"field_exists": true');
      expect(formatVmStateDump(r.dump)).toBe(text);
      const at = text.indexOf('\n  "pl011": ') + '\n  "pl011": '.length;
      expect(text.slice(at, at + formatVmStateDumpFragment(pl011, 2).length)).toBe(formatVmStateDumpFragment(pl011, 2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad input', () => {
  it('reports JSON syntax errors at their line and column', () => {
    expect(problems('{\n  "a": [1,\n}')).toEqual([{ line: 3, col: 1, path: '', message: "not JSON: expected a value, found '}'" }]);
    expect(problems('{')[0]!.message).toBe('not JSON: expected a string key, found the end of the text');
    expect(problems('{"a": 1} x')[0]!.message).toBe("not JSON: unexpected 'x' after the end of the JSON value");
    expect(problems('{"a": {}, "a": {}}')).toEqual([{ line: 1, col: 11, path: '', message: 'not JSON: key "a" appears twice in one object' }]);
  });

  it('reports every shape problem with its JSON path, sorted by position', () => {
    expect(problems('[1]')).toEqual([{ line: 1, col: 1, path: '', message: "expected the dump's top-level object, found a list" }]);
    expect(problems('{"dev": 3}')).toEqual([{ line: 1, col: 9, path: '"dev"', message: 'expected an object, found the number 3' }]);
    const many = problems(dumpWith(`${field},\n{"field": "b", "version_id": -1, "field_exists": 0, "size": "4", "sise": 4}`));
    expect(many.map((p) => [p.line, p.path, p.message])).toEqual([
      [2, '"dev".Description.Fields[1].version_id', 'expected a non-negative integer, found the number -1'],
      [2, '"dev".Description.Fields[1].field_exists', 'expected true or false, found the number 0'],
      [2, '"dev".Description.Fields[1].size', 'expected a non-negative integer, found the string "4"'],
      [2, '"dev".Description.Fields[1]', 'unknown key "sise" (expected "field", "version_id", "field_exists", "num", "size", "Description")'],
    ]);
    expect(problems('{"dev": {"version_id": 1}}').map((p) => p.message)).toEqual(['missing key "Name"', 'missing key "minimum_version_id"', 'missing key "Description"']);
  });

  it('requires the entry to name the type it is keyed by, as QEMU writes it', () => {
    expect(problems(dumpWith(field).replace('"Name": "dev"', '"Name": "other"'))[0]!.message).toMatch(/names type "other"; QEMU writes the entry's key there/);
  });

  it('bounds nesting, so hostile input cannot exhaust the stack', () => {
    let d = '{"name": "d", "version_id": 1, "minimum_version_id": 1}';
    for (let i = 0; i < 40; i++) d = `{"name": "d${i}", "version_id": 1, "minimum_version_id": 1, "Subsections": [${d}]}`;
    expect(problems(`{"dev": {"Name": "dev", "version_id": 1, "minimum_version_id": 1, "Description": ${d}}}`).map((p) => p.message)).toEqual(['not JSON: values nest deeper than 64 levels']);
    expect(problems('['.repeat(100_000))).toHaveLength(1);
  });

  it('reads what it writes, empty lists included', () => {
    const r = readVmStateDump(dumpWith(field, ', "Subsections": [{"name": "dev/s", "version_id": 1, "minimum_version_id": 1, "Fields": []}]'));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const text = formatVmStateDump(r.dump);
    expect(text).toContain('"Fields": [\n\n          ]');
    const again = readVmStateDump(text);
    expect(again.ok && formatVmStateDump(again.dump)).toBe(text);
  });
});

describe('module', () => {
  it('imports nothing: the compiler and the runtime both depend on it', () => {
    for (const file of ['vmstate-dump.ts', 'runtime-vmstates.ts']) {
      const imports = [...readFileSync(join(FORMATS, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
      for (const spec of imports) expect(spec, file).toMatch(/^\.\/[\w-]+\.ts$/);
    }
  });
});
