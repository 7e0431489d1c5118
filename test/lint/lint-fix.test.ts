/**
 * `devgen lint --fix` and `--fix-dry-run`: a round trip on a temp copy of a definition with
 * comments (fix/commented.input.yaml must become fix/commented.expected.yaml byte for byte, a
 * second --fix changes nothing, lint afterwards reports no fixable finding), a dry run that
 * writes nothing, a decorator definition, the edit primitives and the fix registry itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFixes, mergedEdit } from '../../generator/src/lint/fix.ts';
import { offsetAt, tsSource, yamlSource } from '../../generator/src/lint/fix-source.ts';
import { FIX_DECISIONS, mayReferTo, upperSnake } from '../../generator/src/lint/fixers.ts';
import { LINT_RULES } from '../../generator/src/lint/registry.ts';
import { lintAndFix, lintSource } from '../../generator/src/lint/run.ts';
import { LineIndex } from '../../generator/src/source/line-index.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/devgen.js');
const FIX = path.join(import.meta.dirname, 'fix');
const INPUT = readFileSync(path.join(FIX, 'commented.input.yaml'), 'utf8');
const EXPECTED = readFileSync(path.join(FIX, 'commented.expected.yaml'), 'utf8');

function devgen(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DEVGEN_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'devgen-fix-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A project holding one definition; returns [root, absolute path of the definition]. */
function project(name: string, rel: string, text: string): [string, string] {
  const dir = path.join(tmp, name);
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return [dir, file];
}

interface JsonResult { filePath: string; messages: { ruleId: string; fix?: unknown }[]; fixableErrorCount: number; fixableWarningCount: number; output?: string; source?: string }

describe('devgen lint --fix on a YAML definition with comments', () => {
  it('rewrites exactly the fixable entries, keeping every comment and the layout', () => {
    const [dir, file] = project('roundtrip', 'defs/t/t.device.yaml', INPUT);
    const r = devgen('lint', '--root', dir, '--no-baseline', '--fix');
    expect(r.code, r.out + r.err).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(EXPECTED);
    expect(r.out).toContain("defs/t/t.device.yaml:38:9: fixed [name-field-case]: rename field 'en' to 'EN'");
    expect(r.out).toContain('fixed [vmstate-since-redundant]: remove `since: 1`\n  -       since: 1   # block mapping, comment kept\n  +       # block mapping, comment kept\n');
    // A line that holds only the removed entry goes away whole.
    expect(r.out).toContain('fixed [vmstate-since-redundant]: remove `since: 2`\n  -       since: 2\ndefs/');
    expect(r.out).toMatch(/not fixed \[name-field-case\]: 'speed' occurs elsewhere in the definition/);
    expect(r.out).toContain('1 problem (0 errors, 1 warning, 0 notes); 6 fixes applied, 1 file rewritten');

    // What is left is reported, and nothing of it is fixable.
    const json = JSON.parse(devgen('lint', '--root', dir, '--no-baseline', '--format', 'json').out) as JsonResult[];
    expect(json[0]!.messages.map((m) => m.ruleId)).toEqual(['name-field-case']);
    expect(json[0]!.messages.some((m) => m.fix !== undefined)).toBe(false);
    expect(json[0]!.fixableErrorCount + json[0]!.fixableWarningCount).toBe(0);

    // A second --fix finds nothing to do and leaves the file alone.
    const before = statSync(file).mtimeMs;
    const again = devgen('lint', '--root', dir, '--no-baseline', '--fix');
    expect(again.out).toContain('0 fixes applied, 0 files rewritten');
    expect(readFileSync(file, 'utf8')).toBe(EXPECTED);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('--fix-dry-run shows the changes and writes nothing; its JSON carries the fixed text as output', () => {
    const [dir, file] = project('dry', 'defs/t/t.device.yaml', INPUT);
    expect(devgen('lint', '--root', dir, '--no-baseline').out).toContain('7 problems (0 errors, 7 warnings, 0 notes); 6 fixable with --fix');
    const r = devgen('lint', '--root', dir, '--no-baseline', '--fix-dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain("would fix [name-enum-case]: rename enum value 'idle' to 'IDLE'");
    expect(r.out).toContain('  -     - { field: b, since: 2 }   # flow mapping\n  +     - { field: b }   # flow mapping');
    expect(r.out).toContain('6 fixes would be applied to 1 file (nothing written)');
    expect(readFileSync(file, 'utf8')).toBe(INPUT);
    const json = JSON.parse(devgen('lint', '--root', dir, '--no-baseline', '--fix-dry-run', '--format', 'json').out) as JsonResult[];
    expect(json[0]!.output).toBe(EXPECTED);
    expect(json[0]!.source).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(INPUT);
  });

  it('--fix and --fix-dry-run together are a usage error', () => {
    const [dir] = project('both', 'defs/t/t.device.yaml', INPUT);
    const r = devgen('lint', '--root', dir, '--fix', '--fix-dry-run');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--fix and --fix-dry-run exclude each other');
  });
});

describe('devgen lint --fix on a decorator definition', () => {
  const TS = [
    "import { Device, Field, Region, Register, State, Vmstate, type Decl } from 'devgen/define';",
    '',
    "@Device({ name: 'u', parent: 'sys-bus-device', description: 'Decorator device.' })",
    "@Region({ name: 'mmio', size: 0x4, description: 'Registers.' })",
    "@Vmstate({ name: 'u', version: 2, minimumVersion: 2, fields: [{ field: 'a', since: 2 }] })",
    'export class U {',
    "  @State({ type: 'u32', description: 'Control value.' })",
    '  static a: Decl;',
    '',
    '  // The enable bit is named in lower case on purpose here.',
    "  @Register({ offset: 0x0, reset: 0, storage: 'a', description: 'Control.' })",
    "  @Field({ name: 'en', bits: '0', access: 'RW', description: 'Turns it on.' })",
    '  static CTL: Decl;',
    '}',
    '',
  ].join('\n');

  it('removes `since` and renames the field at the exact spans of the decorators', () => {
    const [dir, file] = project('decorators', 'defs/u/u.device.ts', TS);
    const r = devgen('lint', '--root', dir, '--no-baseline', '--fix');
    expect(r.code, r.out + r.err).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(TS.replace("{ field: 'a', since: 2 }", "{ field: 'a' }").replace("name: 'en'", "name: 'EN'"));
    expect(r.out).toContain('no problems; 2 fixes applied, 1 file rewritten');
  });

  it('does not rename a field the class code uses', () => {
    const used = TS.replace('  static CTL: Decl;\n', '  static CTL: Decl;\n\n  readEn(): number { return 1; }\n');
    const r = lintSource('defs/u/u.device.ts', used, { root: tmp });
    const reasons = [...r.unfixable.values()];
    expect(reasons).toEqual(["the behaviour code may use a name derived from 'en'; renaming would change it"]);
  });
});

describe('fix registry', () => {
  it('states a decision with a reason for every rule; the safe rewrites are exactly these', () => {
    expect(Object.keys(FIX_DECISIONS).sort()).toEqual(LINT_RULES.map((r) => r.id));
    for (const [id, d] of Object.entries(FIX_DECISIONS)) expect(d.why.length, id).toBeGreaterThan(20);
    expect(Object.entries(FIX_DECISIONS).filter(([, d]) => d.fixable).map(([id]) => id)).toEqual(['name-enum-case', 'name-field-case', 'vmstate-since-redundant']);
  });

  it('--list-rules marks the fixable rules', () => {
    const r = devgen('lint', '--list-rules');
    expect(r.out).toMatch(/^vmstate-since-redundant +warning +fix +`since`/m);
    expect(r.out).toMatch(/^name-register-case +warning {3,}Register names/m);
  });

  it('renames only to UPPER_CASE and sees every derived spelling as a possible use', () => {
    expect(['txEnable', 'tx-en', 'Mode', 'rx2fifo', 'UARTEn'].map(upperSnake)).toEqual(['TX_ENABLE', 'TX_EN', 'MODE', 'RX2FIFO', 'UART_EN']);
    expect(mayReferTo('ctx.regs.CTL_EN_SHIFT', 'en')).toBe(true);
    expect(mayReferTo('hooks.readEn(ctx)', 'en')).toBe(true);
    expect(mayReferTo("f['tx-en']", 'tx-en')).toBe(true);
    expect(mayReferTo('const txEn = 1;', 'tx_en')).toBe(true);
    expect(mayReferTo('length + enable + when', 'en')).toBe(false);
  });

  it('a rename is withheld when the behaviour file names the field', () => {
    const def = INPUT.replace('device: { name: t,', 'device: { name: t, behavior: t.behavior.ts,');
    const [dir] = project('behaviour', 'defs/t/t.device.yaml', def);
    writeFileSync(path.join(dir, 'defs/t/t.behavior.ts'), 'export const x = (v: number) => (v >> CTL_EN_SHIFT) & 1;\n');
    const r = lintSource('defs/t/t.device.yaml', def, { root: dir });
    expect([...r.fixes.values()].map((f) => f.description)).not.toContain("rename field 'en' to 'EN'");
    expect([...r.unfixable.values()]).toContain("the behaviour code may use a name derived from 'en'; renaming would change it");
  });
});

describe('fixing passes', () => {
  it('drop a pass whose fixes would stop the definition from loading, and stop there', () => {
    // A broken fixer (it deletes the field's whole mapping text) must not cost the user the file.
    const breaking = { fixable: true as const, why: 'a fixer with a bug, for this test', fix: () => ({ description: 'break it', edits: [{ start: INPUT.indexOf('{ name: en'), end: INPUT.indexOf('{ name: en') + 2, text: '' }] }) };
    const r = lintAndFix('defs/t/t.device.yaml', INPUT, { root: tmp, fixes: { ...FIX_DECISIONS, 'name-field-case': breaking } });
    expect(r.output).toBeUndefined();
    expect(r.applied).toEqual([]);
    expect(r.fatal.size).toBe(0);
    // Without the broken fixer every pass loads and the file is fixed.
    expect(lintAndFix('defs/t/t.device.yaml', INPUT, { root: tmp }).output).toBe(EXPECTED);
  });
});

describe('edit primitives', () => {
  it('applyFixes takes fixes in order and leaves an overlapping one for the next pass', () => {
    const a = { description: 'a', edits: [{ start: 0, end: 3, text: 'X' }] };
    const b = { description: 'b', edits: [{ start: 2, end: 5, text: 'Y' }] };
    const c = { description: 'c', edits: [{ start: 6, end: 6, text: '!' }] };
    const r = applyFixes('abcdefg', [b, c, a]);
    expect(r.output).toBe('Xdef!g');
    expect(r.applied).toEqual([a, c]);
  });

  it('mergedEdit is ESLint\'s single range with the text between edits carried over', () => {
    const fix = { description: 'two', edits: [{ start: 4, end: 5, text: 'Z' }, { start: 1, end: 2, text: '' }] };
    expect(mergedEdit(fix, 'abcdefg')).toEqual({ range: [1, 5], text: 'cdZ' });
  });

  it('offsetAt agrees with the line index for LF, CRLF and CR line ends', () => {
    const text = 'ab\r\ncd\ref\ngh';
    const index = new LineIndex(text);
    for (let off = 0; off <= text.length; off++) {
      const { line, col } = index.position(off);
      if (text[off - 1] === '\r' && text[off] === '\n') continue; // between CR and LF is not a position
      expect(offsetAt(text, line, col), `offset ${off}`).toBe(off);
    }
  });

  it('YAML: no removal that would lose a comment or empty a block mapping', () => {
    const text = 'a:\n  - { field: b, # why\n      since: 2 }\n  - since: 2\n';
    const src = yamlSource(text);
    const flow = src.entryAt(text.indexOf('{'), 'since')!;
    expect(flow.removal()).toEqual({ unavailable: 'a comment sits between the entries; edit it by hand' });
    const only = src.entryAt(text.indexOf('since: 2\n', text.indexOf('- since')), 'since')!;
    expect(only.removal()).toEqual({ unavailable: 'the mapping would become empty' });
  });

  it('YAML: a plain value that would read back as something else is quoted', () => {
    const text = '- { name: true_, x: 1 }\n';
    const entry = yamlSource(text).entryAt(2, 'name')!;
    expect(entry.replaceString('TRUE')).toEqual({ start: 10, end: 15, text: '"TRUE"' });
    expect(entry.replaceString('TRUE_')).toEqual({ start: 10, end: 15, text: 'TRUE_' });
  });

  it('TypeScript: object literals by start, decorators by their @, quotes kept', () => {
    const text = 'const x = { a: 1, since: 2 };\n@Field({ name: "en" }) class Y {}\n';
    const src = tsSource(text);
    expect(src.entryAt(text.indexOf('{'), 'since')!.removal()).toEqual({ start: text.indexOf(', since'), end: text.indexOf(' }'), text: '' });
    expect(src.entryAt(text.indexOf('@'), 'name')!.replaceString('EN').text).toBe('"EN"');
    expect(src.entryAt(text.indexOf('{') + 1, 'since')).toBeUndefined();
  });
});
