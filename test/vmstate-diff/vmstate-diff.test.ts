/**
 * vmstate-diff over dump files: one case per kind of change (cases/<kind>[-n]/old.json →
 * new.json, where <kind> is the change id without its "vmstate-" prefix; golden expected.txt
 * with compatible changes listed), a clean case, bad input, the CLI's exit code (number of
 * errors), and QEMU 10.0's own dump compared with itself and with devgen's pl011.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVmStateDump, type VmStateDump } from '../../runtime/src/formats/vmstate-dump.ts';
import { CODES } from '../../generator/src/diagnostics/codes.ts';
import { VMSTATE_CHANGE_IDS, countChanges, type VmStateChangeId } from '../../generator/src/vmstate-diff/changes.ts';
import { diffDumps } from '../../generator/src/vmstate-diff/compare.ts';
import { formatChangesText } from '../../generator/src/vmstate-diff/report.ts';
import { expectGolden } from '../golden/golden-helper.ts';
import { qemuBinary } from '../support/qemu-oracle.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const CASES = path.join(import.meta.dirname, 'cases');
const BIN = path.join(ROOT, 'bin/devgen.js');

function devgen(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function read(file: string): VmStateDump {
  const r = readVmStateDump(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
  return r.dump;
}

function diffCase(name: string) {
  const dir = path.join(CASES, name);
  return diffDumps(read(path.join(dir, 'old.json')), read(path.join(dir, 'new.json')));
}

const names = readdirSync(CASES).sort();
const kindOf = (name: string): VmStateChangeId => `vmstate-${name.replace(/-\d+$/, '')}` as VmStateChangeId;

describe('vmstate-diff cases', () => {
  it('covers every kind of change', () => {
    const covered = new Set(names.filter((n) => n !== 'identical').map(kindOf));
    expect([...covered].sort()).toEqual([...VMSTATE_CHANGE_IDS]);
  });

  it('identical dumps have no findings', () => {
    expect(diffCase('identical')).toEqual([]);
  });

  for (const name of names.filter((n) => n !== 'identical')) {
    const kind = kindOf(name);
    it(`${name} reports ${kind} (${CODES[kind].severity})`, () => {
      const changes = diffCase(name);
      const hits = changes.filter((c) => c.id === kind);
      expect(hits.length).toBeGreaterThan(0);
      for (const c of hits) expect(c.severity).toBe(CODES[kind].severity);
      expectGolden(path.join(CASES, name, 'expected.txt'), formatChangesText(changes, { showNotes: true }));
    });
  }
});

describe('devgen vmstate-diff CLI', () => {
  it('exit code is the number of errors; json output is typed', () => {
    const dir = path.join(CASES, 'field-removed');
    const r = devgen('vmstate-diff', path.join(dir, 'old.json'), path.join(dir, 'new.json'), '--format', 'json');
    const report = JSON.parse(r.out) as { errors: number; changes: { id: string; severity: string; path: string[]; file?: string }[] };
    expect(report.errors).toBeGreaterThan(0);
    expect(r.code).toBe(report.errors);
    const removed = report.changes.find((c) => c.id === 'vmstate-field-removed');
    expect(removed?.path).toEqual(['dev', 'a']);
    // Dump files have no definition lines to point at.
    expect(removed?.file).toBeUndefined();
  });

  it('clean comparison exits 0; unreadable input exits 255 with its line and column, without a stack trace', () => {
    const dir = path.join(CASES, 'identical');
    expect(devgen('vmstate-diff', path.join(dir, 'old.json'), path.join(dir, 'new.json')).code).toBe(0);
    const tmp = mkdtempSync(path.join(tmpdir(), 'vmdiff-'));
    try {
      const bad = path.join(tmp, 'bad.json');
      writeFileSync(bad, '{\n  "dev": 3\n}\n');
      const r = devgen('vmstate-diff', path.join(dir, 'old.json'), bad);
      expect(r.code).toBe(255);
      expect(r.err).toContain(`devgen vmstate-diff: error: ${bad} is not a -dump-vmstate file:\n${bad}:2:10: "dev": expected an object, found the number 3\n`);
      expect(r.err).not.toMatch(/\n\s+at /);
      const missing = devgen('vmstate-diff', path.join(tmp, 'none.json'), bad);
      expect(missing.code).toBe(255);
      expect(missing.err).toMatch(/cannot read .*none\.json: ENOENT/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('real QEMU dumps', () => {
  it("QEMU 10.0's virt dump compared with itself is clean, and devgen's pl011 migrates both ways with QEMU's", () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'vmdiff-qemu-'));
    try {
      const file = path.join(tmp, 'virt.json');
      const q = spawnSync(qemuBinary('aarch64'), ['-M', 'virt', '-display', 'none', '-nodefaults', '-dump-vmstate', file], { encoding: 'utf8' });
      expect(q.status, q.stderr).toBe(0);
      const qemu = read(file);
      expect(countChanges(diffDumps(qemu, qemu))).toEqual({ errors: 0, warnings: 0, notes: 0 });
      const ours = devgen('dump-vmstate', '-');
      expect(ours.code, ours.err).toBe(0);
      const mine = readVmStateDump(ours.out);
      if (!mine.ok) throw new Error('devgen dump-vmstate wrote an unreadable dump');
      const only = (d: VmStateDump): VmStateDump => ({ machine: undefined, entries: d.entries.filter((e) => e.Name === 'pl011') });
      expect(diffDumps(only(mine.dump), only(qemu))).toEqual([]);
      expect(diffDumps(only(qemu), only(mine.dump))).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
