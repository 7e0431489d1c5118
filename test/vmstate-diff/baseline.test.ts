/**
 * The committed vmstate baseline (generated/vmstate-baseline.json, regenerated with
 * `devgen dump-vmstate generated/vmstate-baseline.json`) against the definitions:
 *  - the shipped devices migrate from it (what `.ci/run` checks with `devgen vmstate-diff
 *    generated/vmstate-baseline.json current`);
 *  - `current` is the definitions as they are now, not generated/: a definition edited without
 *    regenerating is judged as edited, at its line;
 *  - lint and vmstate-diff give the same change the same verdict in the same words.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintSource, type VmStateBaseline } from '../../generator/src/lint/run.ts';
import { findRule } from '../../generator/src/lint/registry.ts';
import { readDumpFile } from '../../generator/src/migration/dump-file.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const BASELINE = path.join(ROOT, 'generated/vmstate-baseline.json');
const PL011 = 'defs/pl011/pl011.device.yaml';
const BIN = path.join(ROOT, 'bin/devgen.js');

function devgen(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function baseline(): VmStateBaseline {
  const read = readDumpFile(BASELINE, BASELINE);
  if (!read.ok) throw new Error(read.message);
  return read.dump;
}
const pl011Text = readFileSync(path.join(ROOT, PL011), 'utf8');

/** Lints `text` as pl011's definition with the migration rule `id` against the committed baseline. */
function lintPl011(text: string, id: string) {
  return lintSource(PL011, text, { root: ROOT, rules: [findRule(id)!], baseline: baseline() }).diagnostics;
}

describe('vmstate baseline', () => {
  it('records pl011 and the shipped definitions migrate from it (vmstate-diff exits 0)', () => {
    expect(readFileSync(BASELINE, 'utf8')).toContain('\n  "pl011": {\n');
    const r = devgen(ROOT, 'vmstate-diff', BASELINE, 'current');
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/^migration compatible: no errors, no warnings/);
  });

  const withNewState = pl011Text.replace('state:\n', 'state:\n  - { name: extra, type: u32, description: A new register copy. }\n');

  it('a field added to pl011 without a version bump is an error', () => {
    const added = withNewState.replace('    - { field: read_trigger }\n', '    - { field: read_trigger }\n    - { field: extra }\n');
    expect(lintPl011(added, 'vmstate-field-added-without-version').map((d) => d.id)).toEqual(['vmstate-field-added-without-version']);
  });

  it('bumping the version with `since`, or a new subsection, is accepted', () => {
    const bumped = withNewState
      .replace(/vmstate:\n  name: pl011\n  version: 2/, 'vmstate:\n  name: pl011\n  version: 3')
      .replace('    - { field: read_trigger }\n', '    - { field: read_trigger }\n    - { field: extra, since: 3 }\n');
    expect(bumped).not.toBe(withNewState);
    expect(lintPl011(bumped, 'vmstate-field-added-without-version')).toEqual([]);
    const sub = withNewState.replace('  subsections:\n', '  subsections:\n    - name: pl011/extra\n      version: 1\n      minimum-version: 1\n      needed: { nonzero: extra }\n      fields:\n        - { field: extra }\n');
    expect(lintPl011(sub, 'vmstate-field-added-without-version')).toEqual([]);
  });
});

describe("'current' is the definitions as they are now", () => {
  let root: string;
  beforeAll(() => {
    // A checkout whose generated/ (copied as is) is stale after the edits below.
    root = mkdtempSync(path.join(tmpdir(), 'vmstate-current-'));
    cpSync(path.join(ROOT, 'defs'), path.join(root, 'defs'), { recursive: true });
    cpSync(path.join(ROOT, 'generated'), path.join(root, 'generated'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const edit = (from: string, to: string): string => {
    expect(pl011Text).toContain(from);
    const text = pl011Text.replace(from, to);
    writeFileSync(path.join(root, PL011), text);
    return text;
  };
  const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

  it('a migrated field whose type changed without regenerating breaks migration, at the definition line', () => {
    const text = edit('  - { name: read_count, type: i32,', '  - { name: read_count, type: i16,');
    const r = devgen(root, 'vmstate-diff', BASELINE, 'current', '--root', root);
    const line = lineOf(text, '    - { field: read_count }');
    expect(r.out).toContain(`${PL011}:${line}:7: error[vmstate-field-resized] pl011 > read_count: field 'read_count' of 'pl011' changed from 4 bytes to 2 bytes`);
    expect(r.code).toBe(1);
    const json = JSON.parse(devgen(root, 'vmstate-diff', BASELINE, 'current', '--root', root, '--format', 'json').out) as { changes: { id: string; file: string; line: number; col: number }[] };
    expect(json.changes).toEqual([expect.objectContaining({ id: 'vmstate-field-resized', file: PL011, line, col: 7 })]);
  });

  it('a removed field is an error there and in lint, positioned at the vmstate that lost it', () => {
    const text = edit('    - { field: rsr }\n', '');
    const r = devgen(root, 'vmstate-diff', BASELINE, 'current', '--root', root);
    const line = lineOf(text, 'vmstate:\n  name: pl011') + 1;
    expect(r.out).toContain(`${PL011}:${line}:3: error[vmstate-field-removed] pl011 > rsr: field 'rsr' (4 bytes) is gone from 'pl011'`);
    expect(r.code).toBe(1);
    const lint = lintPl011(text, 'vmstate-field-removed');
    expect(lint.map((d) => [d.severity, d.line, d.col])).toEqual([['error', line, 3]]);
    expect(r.out).toContain(lint[0]!.message);
  });

  it('a renamed field is the same warning with the same message in lint and vmstate-diff, with no advice to bump the version', () => {
    const text = edit('    - { field: dmacr }\n', '    - { field: dma_control }\n')
      .replace('  - { name: dmacr,', '  - { name: dma_control,');
    writeFileSync(path.join(root, PL011), text.replaceAll('storage: dmacr', 'storage: dma_control'));
    const r = devgen(root, 'vmstate-diff', BASELINE, 'current', '--root', root);
    expect(r.code, r.out + r.err).toBe(0);
    const lint = lintPl011(readFileSync(path.join(root, PL011), 'utf8'), 'vmstate-field-renamed');
    expect(lint).toHaveLength(1);
    const d = lint[0]!;
    expect(d.severity).toBe('warning');
    expect(d.message).not.toMatch(/bump .* to version/);
    expect(r.out).toContain(`${PL011}:${d.line}:${d.col}: warning[vmstate-field-renamed] pl011 > dmacr: ${d.message}\n`);
    expect(r.out).toMatch(/0 error\(s\), 1 warning\(s\)/);
  });

  it("lint compares with the baseline devgen.config.yaml names, and refuses one that is not a dump at its line", () => {
    writeFileSync(path.join(root, PL011), pl011Text);
    const renamedInBaseline = readFileSync(BASELINE, 'utf8').replace('"field": "rsr"', '"field": "rsr_then"');
    writeFileSync(path.join(root, 'old-baseline.json'), renamedInBaseline);
    writeFileSync(path.join(root, 'devgen.config.yaml'), 'lint:\n  vmstate-baseline: old-baseline.json\n');
    const r = devgen(root, 'lint', '--root', root, '--no-color');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`${PL011}:\\d+:7: warning\\[vmstate-field-renamed\\]: field 'rsr_then' of 'pl011' is now named 'rsr'`));
    writeFileSync(path.join(root, 'old-baseline.json'), '{\n  "pl011": []\n}\n');
    const bad = devgen(root, 'lint', '--root', root, '--no-color');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('old-baseline.json:2:12: "pl011": expected an object, found a list');
    rmSync(path.join(root, 'devgen.config.yaml'));
  });

  it('definitions that do not load are reported as such (exit 255), never as compatible', () => {
    edit('  version: 2\n  minimum-version: 2\n', '  version: 2\n  minimum-version: 2\n  bogus: 1\n');
    const r = devgen(root, 'vmstate-diff', BASELINE, 'current', '--root', root);
    expect(r.code).toBe(255);
    expect(r.err).toMatch(/defs\/pl011\/pl011\.device\.yaml:\d+:\d+: error\[unknown-key\]/);
    expect(r.err).toContain("the definitions under");
    expect(r.out).toBe('');
  });
});
