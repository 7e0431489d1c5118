/**
 * qemu:check (a): every differential case of the four devices, answered by stock QEMU 10.0 and
 * by QEMU built with devgen's devices, compared answer by answer (async IRQ lines and serial
 * bytes included) by the official ../shared/oracle/qtest-diff: stock QEMU is its QEMU side, the
 * built QEMU its project side (qemu-qtest-side.mjs).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCase } from '../../test/diff/qtest-case.ts';
import { PROJECT_ROOT, SHARED_ORACLE, debianOracleDir, hasQemu, stockBuildDir, stockDirFor } from './qemu-dirs.ts';

/** Case-file prefixes of the four devices (versatile_i2c's cases are "versatile-…"). */
export const CASE_PREFIXES: Readonly<Record<string, string>> = { 'pl011-': 'pl011', 'versatile-': 'versatile_i2c', 'pcf8574-': 'pcf8574', 'hpet-': 'hpet' };

/** One differential case and the device it is about. */
export interface CheckCase {
  readonly path: string;
  readonly device: string;
}

/** The project's cases of the four devices: test/diff/cases and the shared samples, sorted. */
export function checkCases(): CheckCase[] {
  const out: CheckCase[] = [];
  for (const dir of [join(PROJECT_ROOT, 'test/diff/cases'), join(SHARED_ORACLE, 'cases')]) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.qtest')).sort()) {
      const prefix = Object.keys(CASE_PREFIXES).find((p) => f.startsWith(p));
      if (prefix !== undefined) out.push({ path: join(dir, f), device: CASE_PREFIXES[prefix]! });
    }
  }
  return out;
}

/** One case's verdict. */
export interface CaseVerdict extends CheckCase {
  readonly ok: boolean;
  /** qtest-diff's report of the differences (empty when ok), or what the pass rests on. */
  readonly detail: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs qtest-diff once; resolves to its output. */
function qtestDiff(stockDir: string, builtDir: string, cases: readonly string[]): Promise<string> {
  const side = `${quote(process.execPath)} ${quote(join(import.meta.dirname, 'qemu-qtest-side.mjs'))} ${quote(builtDir)}`;
  return new Promise((resolve, reject) => {
    const proc = spawn('python3', [join(SHARED_ORACLE, 'qtest-diff'), '--verbose', '--qemu-dir', stockDir, '--project-cmd', side, ...cases], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    proc.on('error', reject);
    proc.on('close', () => resolve(out));
  });
}

/** Reads qtest-diff's verbose output: "ok   CASE: …" or "FAIL CASE: …" and its indented lines. */
function verdicts(out: string, cases: readonly CheckCase[]): CaseVerdict[] {
  const lines = out.split('\n');
  return cases.map((c) => {
    const ok = lines.some((l) => l.startsWith(`ok   ${c.path}:`));
    const at = lines.findIndex((l) => l.startsWith(`FAIL ${c.path}:`));
    let detail = '';
    if (!ok) {
      if (at < 0) detail = `no verdict from qtest-diff:\n${out.trim()}`;
      else {
        const rest = lines.slice(at + 1);
        const end = rest.findIndex((l) => !l.startsWith('  '));
        detail = [lines[at]!, ...rest.slice(0, end < 0 ? rest.length : end)].join('\n');
      }
    }
    return { ...c, ok, detail };
  });
}

/**
 * Compares every case on the built QEMU in `builtDir` with stock QEMU, `groups` qtest-diff runs
 * at a time (each QEMU process waits for its case; several overlap well even on 2 cores).
 */
export async function compareCases(builtDir: string, cases: readonly CheckCase[], groups = 6): Promise<CaseVerdict[]> {
  const byStock = new Map<string, CheckCase[]>();
  for (const c of cases) {
    const stock = stockDirFor(parseCase(c.path).header.device);
    byStock.set(stock, [...(byStock.get(stock) ?? []), c]);
  }
  const jobs: { stock: string; cases: CheckCase[] }[] = [];
  for (const [stock, list] of byStock) {
    for (let g = 0; g < groups; g++) {
      const part = list.filter((_, i) => i % groups === g);
      if (part.length > 0) jobs.push({ stock, cases: part });
    }
  }
  const results: CaseVerdict[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      results.push(...verdicts(await qtestDiff(job.stock, builtDir, job.cases.map((c) => c.path)), job.cases));
    }
  };
  await Promise.all(Array.from({ length: Math.min(groups, jobs.length) }, worker));
  for (let i = 0; i < results.length; i++) {
    const v = results[i]!;
    if (!v.ok && stockDirFor(parseCase(v.path).header.device) === debianOracleDir()) results[i] = await sourceBuildVerdict(builtDir, v);
  }
  const order = new Map(cases.map((c, i) => [c.path, i]));
  return results.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
}

const ARCH_OF_MACHINE: Readonly<Record<string, 'aarch64' | 'arm' | 'x86_64'>> = { virt: 'aarch64', versatilepb: 'arm', pc: 'x86_64' };

/**
 * A case the built QEMU answers differently from Debian's binary gets a second look against
 * stock QEMU built from the same source with the same configuration (build-qemu): where that
 * stock build differs from Debian's in the same case (a configuration difference, such as
 * Debian's module support answering `module_load`), the built QEMU passes when it answers
 * exactly as the stock build does. A difference of the devgen devices fails both ways.
 */
async function sourceBuildVerdict(builtDir: string, v: CaseVerdict): Promise<CaseVerdict> {
  const arch = ARCH_OF_MACHINE[parseCase(v.path).header.machine ?? 'virt'] ?? 'aarch64';
  if (!hasQemu(stockBuildDir(), arch)) return v;
  const [vsBuild] = verdicts(await qtestDiff(stockBuildDir(), builtDir, [v.path]), [v]);
  if (!vsBuild!.ok) return v;
  const [buildVsDebian] = verdicts(await qtestDiff(debianOracleDir(), stockBuildDir(), [v.path]), [v]);
  if (buildVsDebian!.ok) return v;
  const differs = buildVsDebian!.detail.split('\n').slice(1).join('\n');
  return { ...v, ok: true, detail: `answers as stock QEMU built from the same source; Debian's binary differs from both:\n${differs}` };
}
