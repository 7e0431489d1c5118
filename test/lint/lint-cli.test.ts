/**
 * `devgen lint` as users run it: inline waivers (with and without reasons, unknown ids, unused),
 * devgen.config.yaml overrides, exit codes like eslint's (0 clean or warnings, 1 errors, 2 usage
 * or configuration errors), text with code frames, JSON, and SARIF 2.1.0 validated against the
 * OASIS schema vendored beside this file (sarif-schema-2.1.0.json, oasis-tcs/sarif-spec
 * Schemata/sarif-schema-2.1.0.json) with ajv.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { lintSource } from '../../generator/src/lint/run.ts';

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
    const report = JSON.parse(r.out) as { filePath: string; messages: { ruleId: string; severity: string }[] }[];
    expect(report[0]!.filePath).toBe('defs/t/t.device.yaml');
    expect(report[0]!.messages.map((m) => [m.ruleId, m.severity])).toEqual([['register-misaligned', 'warning']]);
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

  it('SARIF output validates against the SARIF 2.1.0 schema and carries suppressions', () => {
    const text = ERR.replace('  - { name: C', '  # devgen-lint-disable-next-line register-gap -- documented hole\n  - { name: C');
    const dir = project('sarif', { 'defs/t/t.device.yaml': text });
    const r = devgen(dir, 'lint', '--root', dir, '--format', 'sarif');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out) as { version: string; runs: { results: { ruleId: string; level: string; suppressions?: { justification: string }[] }[]; tool: { driver: { rules: { id: string }[] } } }[] };
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
