/**
 * `devgen lint` as users run it: inline waivers (with and without reasons, unknown ids, unused),
 * devgen.config.yaml overrides, exit codes like eslint's (0 clean or warnings, 1 errors, 2 usage
 * or configuration errors), text with code frames, JSON in ESLint's LintResult shape (read by
 * the real eslint-formatter-compact package), and SARIF 2.1.0 — with suppressions and fixes —
 * validated against the OASIS schema vendored beside this file (sarif-schema-2.1.0.json,
 * oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json) with ajv.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { lintSource } from '../../generator/src/lint/run.ts';

/** ESLint's compact formatter as published on npm: `(results: LintResult[]) => string`. */
const compactFormatter = createRequire(import.meta.url)('eslint-formatter-compact') as (results: unknown) => string;

const ROOT = path.join(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/devgen.js');

function devgen(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DEVGEN_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const HEAD = 'devgen: 1\ndevice: { name: t, parent: sys-bus-device, description: Test device. }\nregions:\n  - { name: mmio, size: 0x10, description: Registers. }\nregisters:\n';
/** Two warnings (gap before B, gap at the end). */
const WARN = `${HEAD}  - { name: A, offset: 0, reset: 0, access: RO, description: Register A. }\n  - { name: B, offset: 8, reset: 0, access: RO, description: Register B. }\n`;
/** One lint error (misaligned) on top of the warnings. */
const ERR = `${HEAD}  - { name: A, offset: 0, reset: 0, access: RO, description: Register A. }\n  - { name: B, offset: 6, reset: 0, access: RO, description: Register B. }\n  - { name: C, offset: 12, reset: 0, access: RO, description: Register C. }\n`;

/**
 * An error, two warnings of which one has a fix (rename), a fixable `since` (deletion) and a
 * waived gap: every part of ESLint's LintResult shows up.
 */
const MIXED = [
  'devgen: 1',
  'device: { name: t, parent: sys-bus-device, description: Test device. }',
  'state:',
  '  - { name: a, type: u32, description: Value of A. }',
  'vmstate: { name: t, version: 1, minimum-version: 1, fields: [{ field: a, since: 1 }] }',
  'regions:',
  '  - { name: mmio, size: 0x10, description: Registers. }',
  'registers:',
  '  - { name: A, offset: 0, reset: 0, storage: a, description: Register A., fields: [{ name: en, bits: 0, access: RW, description: Turns it on. }] }',
  '  - { name: B, offset: 6, reset: 0, access: RO, description: Register B. }',
  '  # devgen-lint-disable-next-line register-gap -- documented hole',
  '  - { name: C, offset: 12, reset: 0, access: RO, description: Register C. }',
  '',
].join('\n');
/** A definition that does not load (YAML syntax error). */
const BROKEN = 'devgen: 1\ndevice: { name: z, parent: sys-bus-device, description: Broken. }\nregions: [\n';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'devgen-lint-'));
  mkdirSync(path.join(tmp, 'defs/t'), { recursive: true });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('inline waivers', () => {
  const lint = (text: string) => lintSource('t.device.yaml', text, { root: tmp });

  it('next-line and same-line waivers with reasons suppress exactly the named rule on that line', () => {
    const text = WARN.replace('  - { name: B', '  # devgen-lint-disable-next-line register-gap -- hole reserved by the datasheet\n\n  - { name: B')
      .replace('description: Registers. }', 'description: Registers. }  # devgen-lint-disable-line register-gap -- tail is reserved');
    const r = lint(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.waived.map((w) => [w.diagnostic.id, w.reason])).toEqual([
      ['register-gap', 'tail is reserved'],
      ['register-gap', 'hole reserved by the datasheet'],
    ]);
  });

  it('a waiver without a reason is an error and does not suppress anything', () => {
    const text = WARN.replace('  - { name: B', '  # devgen-lint-disable-next-line register-gap\n  - { name: B');
    const ids = lint(text).diagnostics.map((d) => d.id);
    expect(ids).toContain('lint-waiver-reason');
    expect(ids.filter((i) => i === 'register-gap')).toHaveLength(2);
  });

  it('unknown rule ids (with a suggestion) and unused waivers are reported', () => {
    const text = WARN.replace('  - { name: A', '  # devgen-lint-disable-next-line register-gapp, region-empty -- typo\n  - { name: A');
    const d = lint(text).diagnostics;
    expect(d.find((x) => x.id === 'lint-waiver-unknown-rule')?.message).toBe("waiver names unknown lint rule 'register-gapp' (did you mean 'register-gap'?)");
    expect(d.find((x) => x.id === 'lint-waiver-unused')?.message).toBe("waiver of 'region-empty' suppresses nothing");
  });
});

describe('devgen lint CLI', () => {
  it('exit 0 with warnings only, text output with code frames and a summary', () => {
    const dir = project('warn', { 'defs/t/t.device.yaml': WARN });
    const r = devgen(dir, 'lint', '--root', dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('defs/t/t.device.yaml:7:5: warning[register-gap]: bytes 0x004..0x007 of region \'mmio\' belong to no register');
    expect(r.out).toMatch(/^ 7 \|   - \{ name: B/m);
    expect(r.out).toMatch(/^ +\| +\^+$/m);
    expect(r.out).toContain('1 file linted: 2 problems (0 errors, 2 warnings, 0 notes)');
  });

  it('exit 1 with an error; paths may be files or folders', () => {
    const dir = project('err', { 'defs/t/t.device.yaml': ERR });
    expect(devgen(dir, 'lint', '--root', dir).code).toBe(1);
    expect(devgen(dir, 'lint', '--root', dir, 'defs/t/t.device.yaml').code).toBe(1);
    expect(devgen(dir, 'lint', '--root', dir, 'defs').code).toBe(1);
  });

  it('devgen.config.yaml turns rules off or changes their severity', () => {
    const dir = project('cfg', {
      'defs/t/t.device.yaml': ERR,
      'devgen.config.yaml': 'lint:\n  rules:\n    register-misaligned: warning\n    register-gap: off\n',
    });
    const r = devgen(dir, 'lint', '--root', dir, '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { filePath: string; messages: { ruleId: string; severity: number }[] }[];
    expect(report[0]!.filePath).toBe(path.join(dir, 'defs/t/t.device.yaml'));
    expect(report[0]!.messages.map((m) => [m.ruleId, m.severity])).toEqual([['register-misaligned', 1]]);
  });

  it('exit 2 for configuration and usage errors, without a stack trace', () => {
    const bad = project('badcfg', { 'defs/t/t.device.yaml': WARN, 'devgen.config.yaml': 'lint:\n  rules:\n    no-such-rule: error\n' });
    let r = devgen(bad, 'lint', '--root', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/devgen\.config\.yaml:3:5: unknown lint rule 'no-such-rule'/);
    const sev = project('badsev', { 'defs/t/t.device.yaml': WARN, 'devgen.config.yaml': 'lint:\n  rules:\n    register-gap: loud\n' });
    expect(devgen(sev, 'lint', '--root', sev).err).toMatch(/must be off, note, warning or error, not 'loud'/);
    r = devgen(bad, 'lint', '--root', bad, '--format', 'xml');
    expect(r.code).toBe(2);
    r = devgen(bad, 'lint', '--root', bad, '--config', 'nope.yaml');
    expect(r.code).toBe(2);
    r = devgen(bad, 'lint', '--root', bad, 'missing/dir');
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('--list-rules prints id, default severity and doc of every rule', () => {
    const r = devgen(ROOT, 'lint', '--list-rules');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^register-gap +warning +A hole in a region/m);
    expect(r.out.trim().split('\n').length).toBeGreaterThanOrEqual(25);
  });

  it('SARIF output validates against the SARIF 2.1.0 schema and carries suppressions and fixes', () => {
    const dir = project('sarif', { 'defs/t/t.device.yaml': MIXED });
    const r = devgen(dir, 'lint', '--root', dir, '--format', 'sarif');
    expect(r.code).toBe(1);
    type Replacement = { deletedRegion: Record<string, number>; insertedContent?: { text: string } };
    type Fix = { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[] };
    const log = JSON.parse(r.out) as { version: string; runs: { results: { ruleId: string; level: string; suppressions?: { justification: string }[]; fixes?: Fix[] }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'sarif-schema-2.1.0.json'), 'utf8')) as {
      definitions: { region: { properties: Record<string, unknown>; anyOf?: unknown } };
    };
    // Erratum of the OASIS copy: region's "anyOf" (startLine | charOffset | byteOffset) sits inside
    // "properties", which makes the schema invalid; it is meant for the region object itself.
    const region = schema.definitions.region;
    if (Array.isArray(region.properties.anyOf)) {
      region.anyOf = region.properties.anyOf;
      delete region.properties.anyOf;
    }
    // The OASIS schema writes one pattern with a PCRE inline flag ("^(?i)…"), which JavaScript
    // RegExp lacks: translate that one form into the 'i' flag.
    const regExp = Object.assign(
      (pattern: string, flags: string) => (pattern.startsWith('^(?i)') ? new RegExp(`^${pattern.slice(5)}`, `${flags}i`) : new RegExp(pattern, flags)),
      { code: 'new RegExp' },
    );
    const ajv = new Ajv2020({ strict: false, allErrors: true, code: { regExp } });
    // Formats are checked with small patterns instead of pulling in ajv-formats.
    ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
    ajv.addFormat('uri-reference', /^[^\s]*$/);
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The validator is not a rubber stamp: a broken log fails.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
    const results = log.runs[0]!.results;
    expect(results.find((x) => x.ruleId === 'register-misaligned')?.level).toBe('error');
    expect(results.find((x) => x.suppressions)?.suppressions?.[0]?.justification).toBe('documented hole');
    expect(log.runs[0]!.tool.driver.rules.map((x) => x.id)).toContain('register-gap');
    // Fixes: a replacement (rename) and a deletion (no inserted content), positioned both ways.
    const at = MIXED.indexOf('name: en') + 'name: '.length;
    const col = MIXED.split('\n')[8]!.indexOf('name: en') + 'name: '.length + 1;
    expect(results.find((x) => x.ruleId === 'name-field-case')?.fixes).toEqual([{
      description: { text: "rename field 'en' to 'EN'" },
      artifactChanges: [{
        artifactLocation: { uri: 'defs/t/t.device.yaml', uriBaseId: '%SRCROOT%', index: 0 },
        replacements: [{ deletedRegion: { startLine: 9, startColumn: col, endLine: 9, endColumn: col + 2, charOffset: at, charLength: 2 }, insertedContent: { text: 'EN' } }],
      }],
    }]);
    const deletion = results.find((x) => x.ruleId === 'vmstate-since-redundant')!.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    expect(deletion.insertedContent).toBeUndefined();
    expect(MIXED.slice(deletion.deletedRegion.charOffset, deletion.deletedRegion.charOffset! + deletion.deletedRegion.charLength!)).toBe(', since: 1');
    expect(results.filter((x) => x.fixes).length).toBe(2);
    // The schema checks fixes too: a replacement without its deleted region is refused.
    const broken = structuredClone(log);
    delete (broken.runs[0]!.results.find((x) => x.fixes)!.fixes![0]!.artifactChanges[0]!.replacements[0] as Partial<Replacement>).deletedRegion;
    expect(validate(broken)).toBe(false);
  });
});

describe('JSON as ESLint writes it', () => {
  it('is ESLint\'s LintResult[]: every field, severities 2/1, fixes as ranges, waivers as suppressions, load errors fatal', () => {
    const dir = project('eslint-json', { 'defs/t/t.device.yaml': MIXED, 'defs/z/z.device.yaml': BROKEN });
    const r = devgen(dir, 'lint', '--root', dir, '--format', 'json');
    // Exit codes are those of the text format: 1 because there are errors.
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as Record<string, unknown>[];
    const fixAt = MIXED.indexOf('name: en') + 'name: '.length;
    const sinceAt = MIXED.indexOf(', since: 1');
    const keys = ['filePath', 'messages', 'suppressedMessages', 'errorCount', 'fatalErrorCount', 'warningCount', 'fixableErrorCount', 'fixableWarningCount', 'source', 'usedDeprecatedRules'];
    expect(Object.keys(report[0]!)).toEqual(keys);
    expect(report[0]).toEqual({
      filePath: path.join(dir, 'defs/t/t.device.yaml'),
      messages: [
        { ruleId: 'vmstate-since-redundant', severity: 1, message: "field 'a' is added in version 1, but 't' accepts no stream older than version 1", line: 5, column: 62, endLine: 5, endColumn: 84, fix: { range: [sinceAt, sinceAt + ', since: 1'.length], text: '' } },
        { ruleId: 'name-field-case', severity: 1, message: "field 'en' of register 'A' is not UPPER_CASE", line: 9, column: 84, endLine: 9, endColumn: 144, fix: { range: [fixAt, fixAt + 2], text: 'EN' } },
        { ruleId: 'register-gap', severity: 1, message: "bytes 0x004..0x005 of region 'mmio' belong to no register (before register 'B')", line: 10, column: 5, endLine: 10, endColumn: 75 },
        { ruleId: 'register-misaligned', severity: 2, message: "register 'B' at offset 0x006 is not aligned to its 4-byte access size", line: 10, column: 5, endLine: 10, endColumn: 75 },
      ],
      suppressedMessages: [
        {
          ruleId: 'register-gap', severity: 1, message: "bytes 0x00a..0x00b of region 'mmio' belong to no register (before register 'C')",
          line: 12, column: 5, endLine: 12, endColumn: 76, suppressions: [{ kind: 'directive', justification: 'documented hole' }],
        },
      ],
      errorCount: 1,
      fatalErrorCount: 0,
      warningCount: 3,
      fixableErrorCount: 0,
      fixableWarningCount: 2,
      source: MIXED,
      usedDeprecatedRules: [],
    });
    expect(report[1]).toMatchObject({
      filePath: path.join(dir, 'defs/z/z.device.yaml'),
      messages: [{ ruleId: 'yaml-syntax', fatal: true, severity: 2, line: 4, column: 1 }],
      errorCount: 1, fatalErrorCount: 1, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, source: BROKEN,
    });
    // A clean file carries no source, as ESLint's.
    const clean = project('eslint-clean', { 'defs/t/t.device.yaml': WARN.replace('offset: 8', 'offset: 4').replace('size: 0x10', 'size: 0x8') });
    const ok = JSON.parse(devgen(clean, 'lint', '--root', clean, '--format', 'json').out) as Record<string, unknown>[];
    expect(ok[0]).toEqual({ filePath: path.join(clean, 'defs/t/t.device.yaml'), messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, usedDeprecatedRules: [] });
  });

  it('an ESLint formatter from npm (eslint-formatter-compact) reads it: file, line, column, severity, message, rule', () => {
    const dir = project('eslint-compact', { 'defs/t/t.device.yaml': MIXED, 'defs/z/z.device.yaml': BROKEN });
    const out = compactFormatter(JSON.parse(devgen(dir, 'lint', '--root', dir, '--format', 'json').out));
    const t = path.join(dir, 'defs/t/t.device.yaml');
    const z = path.join(dir, 'defs/z/z.device.yaml');
    expect(out.split('\n')).toEqual([
      `${t}: line 5, col 62, Warning - field 'a' is added in version 1, but 't' accepts no stream older than version 1 (vmstate-since-redundant)`,
      `${t}: line 9, col 84, Warning - field 'en' of register 'A' is not UPPER_CASE (name-field-case)`,
      `${t}: line 10, col 5, Warning - bytes 0x004..0x005 of region 'mmio' belong to no register (before register 'B') (register-gap)`,
      `${t}: line 10, col 5, Error - register 'B' at offset 0x006 is not aligned to its 4-byte access size (register-misaligned)`,
      `${z}: line 4, col 1, Error - Flow sequence in block collection must be sufficiently indented and end with a ] (yaml-syntax)`,
      '',
      '5 problems',
    ]);
  });
});

describe('shipped definitions through the CLI', () => {
  it('`devgen lint` over defs/ exits 0', () => {
    const work = path.join(tmp, 'shipped');
    cpSync(path.join(ROOT, 'defs/pl011'), path.join(work, 'defs/pl011'), { recursive: true });
    const r = devgen(ROOT, 'lint', '--root', work, '--no-baseline');
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/no problems; \d+ waived diagnostics/);
  });
});
