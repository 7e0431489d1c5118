/**
 * qemu:check (b): `-dump-vmstate` of the built QEMU against stock QEMU's, for the entries of
 * the four devices (an entry is keyed by QOM type name; a type without a VMState has no entry,
 * and then neither side may have one).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianOracleDir, stockBuildDir } from './qemu-dirs.ts';

/** Which dump entries belong to a device, on which binary, against which stock QEMU. */
interface DumpCheck {
  readonly device: string;
  readonly arch: 'aarch64' | 'x86_64';
  readonly machine: string;
  readonly types: readonly string[];
  readonly stock: () => string;
}

/** The entries compared: pl011.c registers pl011 and its Luminary variant. */
const DUMP_CHECKS: readonly DumpCheck[] = [
  { device: 'pl011', arch: 'aarch64', machine: 'virt', types: ['pl011', 'pl011_luminary'], stock: debianOracleDir },
  { device: 'versatile_i2c', arch: 'aarch64', machine: 'virt', types: ['versatile_i2c'], stock: debianOracleDir },
  { device: 'pcf8574', arch: 'aarch64', machine: 'virt', types: ['pcf8574'], stock: stockBuildDir },
  { device: 'hpet', arch: 'x86_64', machine: 'pc', types: ['hpet'], stock: debianOracleDir },
];

/** One device's verdict. */
export interface DumpVerdict {
  readonly device: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Runs `-dump-vmstate`; the parsed dump, or the reason there is none. */
function dump(qemuDir: string, arch: string, machine: string): Record<string, unknown> | string {
  const dir = mkdtempSync(join(tmpdir(), 'devgen-dump-'));
  try {
    const file = join(dir, 'dump.json');
    const r = spawnSync(join(qemuDir, 'bin', `qemu-system-${arch}`), ['-M', machine, '-display', 'none', '-nodefaults', '-dump-vmstate', file], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) return `qemu-system-${arch} -dump-vmstate failed (${r.status ?? r.signal}): ${(r.stderr ?? '').trim()}`;
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compares the four devices' entries of the built QEMU in `builtDir` with stock's. */
export function compareDumps(builtDir: string): DumpVerdict[] {
  const memo = new Map<string, Record<string, unknown> | string>();
  const get = (dir: string, arch: string, machine: string): Record<string, unknown> | string => {
    const key = `${dir}\0${arch}`;
    if (!memo.has(key)) memo.set(key, dump(dir, arch, machine));
    return memo.get(key)!;
  };
  return DUMP_CHECKS.map((c) => {
    const built = get(builtDir, c.arch, c.machine);
    const stock = get(c.stock(), c.arch, c.machine);
    if (typeof built === 'string') return { device: c.device, ok: false, detail: `built: ${built}` };
    if (typeof stock === 'string') return { device: c.device, ok: false, detail: `stock: ${stock}` };
    const differing = c.types.filter((t) => !isDeepStrictEqual(built[t], stock[t]));
    const present = c.types.filter((t) => built[t] !== undefined).length;
    return {
      device: c.device,
      ok: differing.length === 0,
      detail: differing.length === 0
        ? `${c.types.join(', ')}: ${present === 0 ? 'no entry on either side' : 'equal'}`
        : differing.map((t) => `${t}:\n    built: ${JSON.stringify(built[t])}\n    stock: ${JSON.stringify(stock[t])}`).join('\n  '),
    };
  });
}
