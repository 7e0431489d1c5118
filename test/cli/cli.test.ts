/**
 * The devgen CLI as users run it (`node bin/devgen.js …`): help, exit codes, positioned
 * diagnostics without stack traces, generate/--check on a temporary root, and dump-vmstate
 * compared with the dump of real QEMU 10.0 (fails, not skips, without the QEMU oracle).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devgenPackage } from '../../generator/src/cli/package-info.ts';
import { qemuBinary } from '../support/qemu-oracle.ts';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/devgen.js');

function devgen(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DEVGEN_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'devgen-cli-'));
  cpSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), join(tmp, 'defs/pl011/pl011.device.yaml'));
  cpSync(join(ROOT, 'defs/pl011/pl011.behavior.ts'), join(tmp, 'defs/pl011/pl011.behavior.ts'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('devgen CLI', () => {
  it('--help lists every command with a description', () => {
    const r = devgen('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['init', 'new', 'generate', 'dump-ir', 'dump-vmstate', 'lint', 'vmstate-diff', 'testgen', 'docs', 'qtest', 'demo']) expect(r.out).toMatch(new RegExp(`^\\s+${cmd}\\b.*\\s{2}[A-Z]\\w+ `, 'm'));
  });

  it('--version prints the version of the package.json devgen runs from (compiled, and from its sources)', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      const r = devgen(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`${version}\n`);
    }
    expect(devgenPackage()).toMatchObject({ root: ROOT, version });
  });

  it('generate --root on a folder without defs/ is a user error and writes nothing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'devgen-empty-'));
    try {
      const r = devgen('generate', '--root', empty);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^devgen: error: .* has no defs\/ folder/);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('an unknown command exits 1 with a usage hint', () => {
    const r = devgen('frobnicate');
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  it('generate then generate --check on a temporary root', () => {
    const first = devgen('generate', '--root', tmp);
    expect(first.code).toBe(0);
    expect(first.out).toContain('created generated/pl011/pl011.mmio.ts');
    const check = devgen('generate', '--check', '--root', tmp);
    expect(check.code).toBe(0);
    const qom = join(tmp, 'generated/pl011/pl011.qom.ts');
    writeFileSync(qom, readFileSync(qom, 'utf8').replace("parent: 'sys-bus-device'", "parent: 'device'"));
    const stale = devgen('generate', '--check', '--root', tmp);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('stale: generated/pl011/pl011.qom.ts');
    expect(stale.err).toContain("-  parent: 'device',");
    expect(stale.err).toContain("+  parent: 'sys-bus-device',");
  });

  it('a bad definition gives a positioned diagnostic, exit 1 and no stack trace', () => {
    const bad = mkdtempSync(join(tmpdir(), 'devgen-bad-'));
    try {
      const text = readFileSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), 'utf8').replace('    offset: 0x018\n', '    offset: 0x01a\n');
      cpSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), join(bad, 'defs/pl011/pl011.device.yaml'));
      writeFileSync(join(bad, 'defs/pl011/pl011.device.yaml'), text.replace('storage: flags', 'storage: flagz'));
      const r = devgen('generate', '--root', bad);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/defs\/pl011\/pl011\.device\.yaml:\d+:\d+: error\[[a-z-]+\]: /);
      expect(r.err).toContain('flagz');
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('dump-ir of a missing file is a user error without stack trace', () => {
    const r = devgen('dump-ir', join(tmp, 'nope.device.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^devgen: error: cannot read .*nope\.device\.yaml: ENOENT/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('dump-vmstate: the pl011 entry equals the one of QEMU 10.0', () => {
    const ours = join(tmp, 'ours.json');
    const theirs = join(tmp, 'qemu.json');
    const r = devgen('dump-vmstate', ours);
    expect(r.code, r.err).toBe(0);
    const q = spawnSync(qemuBinary('aarch64'), ['-M', 'virt', '-display', 'none', '-nodefaults', '-dump-vmstate', theirs], { encoding: 'utf8' });
    expect(q.status, q.stderr).toBe(0);
    const mine = JSON.parse(readFileSync(ours, 'utf8')) as Record<string, unknown>;
    const qemu = JSON.parse(readFileSync(theirs, 'utf8')) as Record<string, unknown>;
    expect(qemu.pl011).toBeDefined();
    expect(mine.pl011).toEqual(qemu.pl011);
  }, 60_000);

  it('dump-vmstate: the hpet entry equals the one of QEMU 10.0 (x86_64 pc), byte for byte', () => {
    const ours = join(tmp, 'ours-hpet.json');
    const theirs = join(tmp, 'qemu-pc.json');
    const r = devgen('dump-vmstate', ours);
    expect(r.code, r.err).toBe(0);
    const q = spawnSync(qemuBinary('x86_64'), ['-M', 'pc', '-display', 'none', '-nodefaults', '-dump-vmstate', theirs], { encoding: 'utf8' });
    expect(q.status, q.stderr).toBe(0);
    const mine = JSON.parse(readFileSync(ours, 'utf8')) as Record<string, unknown>;
    const qemu = JSON.parse(readFileSync(theirs, 'utf8')) as Record<string, unknown>;
    expect(qemu.hpet).toBeDefined();
    expect(mine.hpet).toEqual(qemu.hpet);
    // Same text too: the entry as QEMU lays it out (key order, indentation).
    const text = (file: string): string => {
      const all = readFileSync(file, 'utf8');
      const start = all.indexOf('\n  "hpet": {\n');
      return all.slice(start, all.indexOf('\n  }', start) + 4);
    };
    expect(text(ours)).toBe(text(theirs));
  }, 60_000);
});
