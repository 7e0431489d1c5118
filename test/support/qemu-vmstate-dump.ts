/**
 * QEMU's own `-dump-vmstate` entries, for tests that hold devgen's dump of a device to QEMU's:
 * the text of one top-level entry of a machine's dump (as QEMU lays it out) and of devgen's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { qemuBinary } from './qemu-oracle.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const cache = new Map<string, string>();

/** The whole dump of `qemu-system-<arch> -M <machine>`, computed once per process. */
function qemuDump(arch: 'aarch64' | 'arm' | 'x86_64', machine: string): string {
  const key = `${arch}:${machine}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const dir = mkdtempSync(join(tmpdir(), 'devgen-qemu-dump-'));
  try {
    const file = join(dir, 'dump.json');
    execFileSync(qemuBinary(arch), ['-M', machine, '-display', 'none', '-nodefaults', '-audio', 'none', '-dump-vmstate', file], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    const text = readFileSync(file, 'utf8');
    cache.set(key, text);
    return text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** devgen's dump of every generated device (`devgen dump-vmstate -`). */
function devgenDump(): string {
  const hit = cache.get('devgen');
  if (hit !== undefined) return hit;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'dump-vmstate', '-'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`devgen dump-vmstate failed: ${r.stderr}`);
  cache.set('devgen', r.stdout);
  return r.stdout;
}

/** The text of top-level entry `name` of a dump, from its key line to its closing brace. */
function entry(text: string, name: string): string | undefined {
  const start = text.indexOf(`\n  "${name}": {\n`);
  if (start < 0) return undefined;
  return text.slice(start, text.indexOf('\n  }', start) + 4);
}

/** QEMU's and devgen's text of the entry `name` (undefined where a dump lacks it). */
export function vmstateEntries(arch: 'aarch64' | 'arm' | 'x86_64', machine: string, name: string): { qemu: string | undefined; devgen: string | undefined } {
  return { qemu: entry(qemuDump(arch, machine), name), devgen: entry(devgenDump(), name) };
}
