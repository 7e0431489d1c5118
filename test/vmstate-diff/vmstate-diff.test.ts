/**
 * vmstate-diff: one case per kind of finding (cases/<kind>[-n]/old.json → new.json, golden
 * expected.txt with compatible changes listed), a clean case, bad input, the CLI's exit code
 * (number of errors), and QEMU 10.0's own dump compared with itself and with devgen's pl011.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, countChanges, diffDumps, formatChangesText, type ChangeKind } from '../../generator/src/vmstate-diff/diff.ts';
import { DumpFormatError, parseDump } from '../../generator/src/vmstate-diff/model.ts';
import { expectGolden } from '../golden/golden-helper.ts';
import { qemuBinary } from '../support/qemu-oracle.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const CASES = path.join(import.meta.dirname, 'cases');
const BIN = path.join(ROOT, 'bin/devgen.js');

function devgen(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function diffCase(name: string) {
  const dir = path.join(CASES, name);
  const oldDump = parseDump(readFileSync(path.join(dir, 'old.json'), 'utf8'), 'old.json');
  const newDump = parseDump(readFileSync(path.join(dir, 'new.json'), 'utf8'), 'new.json');
  return diffDumps(oldDump, newDump);
}

const names = readdirSync(CASES).sort();

describe('vmstate-diff cases', () => {
  it('covers every kind of finding', () => {
    const covered = new Set(names.map((n) => n.replace(/-\d+$/, '')));
    for (const kind of Object.keys(CHANGE_KINDS)) expect(covered, kind).toContain(kind);
  });

  it('identical dumps have no findings', () => {
    expect(diffCase('identical')).toEqual([]);
  });

  for (const name of names.filter((n) => n !== 'identical')) {
    const kind = name.replace(/-\d+$/, '') as ChangeKind;
    it(`${name} reports ${kind} (${CHANGE_KINDS[kind]})`, () => {
      const changes = diffCase(name);
      const hits = changes.filter((c) => c.kind === kind);
      expect(hits.length).toBeGreaterThan(0);
      for (const c of hits) expect(c.severity).toBe(CHANGE_KINDS[kind]);
      expectGolden(path.join(CASES, name, 'expected.txt'), formatChangesText(changes, true));
    });
  }
});

describe('input checking', () => {
  it('rejects files that are not dumps with a JSON path, never a crash', () => {
    expect(() => parseDump('[1]', 'x.json')).toThrow(DumpFormatError);
    expect(() => parseDump('{"dev": {"version_id": 1}}', 'x.json')).toThrow(/x\.json: "dev"\.minimum_version_id: expected an integer/);
    expect(() => parseDump('{', 'x.json')).toThrow(/not JSON/);
    const deep = JSON.stringify({ d: { version_id: 1, minimum_version_id: 1, Description: nest(40) } });
    expect(() => parseDump(deep, 'x.json')).toThrow(/deeper than/);
  });
});

function nest(n: number): unknown {
  const sub = n === 0 ? [] : [nest(n - 1)];
  return { name: `s${n}`, version_id: 1, minimum_version_id: 1, Fields: [], Subsections: sub };
}

describe('devgen vmstate-diff CLI', () => {
  it('exit code is the number of errors; json output is typed', () => {
    const dir = path.join(CASES, 'field-removed');
    const r = devgen('vmstate-diff', path.join(dir, 'old.json'), path.join(dir, 'new.json'), '--format', 'json');
    const report = JSON.parse(r.out) as { errors: number; changes: { kind: string; severity: string; path: string[] }[] };
    expect(report.errors).toBeGreaterThan(0);
    expect(r.code).toBe(report.errors);
    expect(report.changes.find((c) => c.kind === 'field-removed')?.path).toEqual(['dev', 'a']);
  });

  it('clean comparison exits 0; unreadable input exits 255 without a stack trace', () => {
    const dir = path.join(CASES, 'identical');
    expect(devgen('vmstate-diff', path.join(dir, 'old.json'), path.join(dir, 'new.json')).code).toBe(0);
    const tmp = mkdtempSync(path.join(tmpdir(), 'vmdiff-'));
    try {
      writeFileSync(path.join(tmp, 'bad.json'), '{"dev": 3}');
      const r = devgen('vmstate-diff', path.join(dir, 'old.json'), path.join(tmp, 'bad.json'));
      expect(r.code).toBe(255);
      expect(r.err).toMatch(/^devgen vmstate-diff: error: .*bad\.json: "dev": expected an object/);
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('real QEMU dumps', () => {
  it("QEMU 10.0's virt dump compared with itself is clean, and devgen's devices migrate to it", () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'vmdiff-qemu-'));
    try {
      const file = path.join(tmp, 'virt.json');
      const q = spawnSync(qemuBinary('aarch64'), ['-M', 'virt', '-display', 'none', '-nodefaults', '-dump-vmstate', file], { encoding: 'utf8' });
      expect(q.status, q.stderr).toBe(0);
      const qemu = parseDump(readFileSync(file, 'utf8'), 'virt.json');
      expect(countChanges(diffDumps(qemu, qemu))).toEqual({ errors: 0, warnings: 0, infos: 0 });
      const ours = devgen('dump-vmstate', '-');
      expect(ours.code, ours.err).toBe(0);
      const mine = parseDump(ours.out, 'devgen');
      const pl011Only = { machine: undefined, sections: new Map([...qemu.sections].filter(([k]) => k === 'pl011')) };
      const mineOnly = { machine: undefined, sections: new Map([...mine.sections].filter(([k]) => k === 'pl011')) };
      expect(diffDumps(mineOnly, pl011Only)).toEqual([]);
      expect(diffDumps(pl011Only, mineOnly)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
