/**
 * qemu:check (d) and `npm run bench`: the 100 000-command pl011 script (test/bench/qtest-script.ts)
 * piped whole into `qemu-system-aarch64 -M virt -qtest stdio`, on the QEMU built with devgen's
 * pl011 and on stock QEMU built from the same source with the same flags (build-qemu's own
 * build; Debian's binary is compiled differently, so it would measure the compiler, not the
 * device). Two times are taken: wall time from the first byte written to the last answer read,
 * and the CPU time QEMU's threads spent from its first answer to its last (Linux schedstat, in
 * ns): on a loaded machine the wall time mostly measures the other load, the CPU time the
 * device. The runs alternate stock, built, stock, built, … and each side's best run counts; the
 * ratio is built / stock CPU time (target ≤ 1.05). Both QEMUs must give the same answers.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pl011ThroughputScript } from '../../test/bench/qtest-script.ts';

/** One QEMU's run of the script. */
export interface ThroughputRun {
  /** Milliseconds from the first command written to the last answer. */
  readonly ms: number;
  /** CPU milliseconds of QEMU's threads from its first answer to its last. */
  readonly cpuMs: number;
  /** Answers received (one final line per command). */
  readonly answers: number;
  /** SHA-256 of every answer line, to compare two QEMUs without keeping 100 000 lines. */
  readonly digest: string;
}

/** CPU time (ns) all threads of process `pid` have run so far. */
function cpuNs(pid: number): number {
  let total = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read ran no more
    }
  }
  return total;
}

/** Pipes `script` (of `count` commands) into `qemuDir`'s aarch64 QEMU on virt and times it. */
export function timeScript(qemuDir: string, script: string, count: number): Promise<ThroughputRun> {
  return new Promise((resolve, reject) => {
    const argv = ['-S', '-M', 'virt', '-qtest', 'stdio', '-qtest-log', '/dev/null', '-display', 'none', '-nodefaults'];
    const proc = spawn(join(qemuDir, 'bin', 'qemu-system-aarch64'), argv, { stdio: ['pipe', 'pipe', 'ignore'] });
    const hash = createHash('sha256');
    let answers = 0;
    let tail = '';
    let start = 0n;
    let ms = 0;
    let cpuStart = -1;
    let cpuMs = 0;
    proc.stdout.setEncoding('latin1').on('data', (chunk: string) => {
      const text = tail + chunk;
      const cut = text.lastIndexOf('\n') + 1;
      tail = text.slice(cut);
      hash.update(text.slice(0, cut));
      for (let i = text.indexOf('\n'); i >= 0 && i < cut; i = text.indexOf('\n', i + 1)) {
        // A line starting with 'O' (OK), 'F' (FAIL) or 'E' (ERR) ends an answer; IRQ lines do not.
        const c = text.charCodeAt(text.lastIndexOf('\n', i - 1) + 1);
        if (c === 0x4f || c === 0x46 || c === 0x45) answers++;
      }
      if (cpuStart < 0 && answers > 0) cpuStart = cpuNs(proc.pid!);
      if (answers >= count && ms === 0) {
        ms = Number(process.hrtime.bigint() - start) / 1e6;
        cpuMs = (cpuNs(proc.pid!) - cpuStart) / 1e6;
        proc.kill('SIGTERM');
      }
    });
    proc.on('error', reject);
    proc.on('close', () => (answers >= count ? resolve({ ms, cpuMs, answers, digest: hash.digest('hex') }) : reject(new Error(`QEMU in ${qemuDir} gave ${answers} of ${count} answers`))));
    proc.stdin.on('error', () => {});
    start = process.hrtime.bigint();
    proc.stdin.end(script);
  });
}

/** The comparison of two QEMUs on the same script. */
export interface ThroughputComparison {
  readonly commands: number;
  /** Each side's best run (least CPU time). */
  readonly built: ThroughputRun;
  readonly stock: ThroughputRun;
  /** built / stock CPU time of the best runs. */
  readonly ratio: number;
  /** built / stock wall time of the best runs. */
  readonly wallRatio: number;
  /** Whether every run of both sides gave the same answers. */
  readonly sameAnswers: boolean;
  readonly runs: number;
}

/** Runs the script `runs` times on each QEMU, alternating, and compares the best runs. */
export async function compareThroughput(builtDir: string, stockDir: string, commands = 100_000, runs = 3): Promise<ThroughputComparison> {
  const script = pl011ThroughputScript(commands);
  const stock: ThroughputRun[] = [];
  const built: ThroughputRun[] = [];
  for (let i = 0; i < runs; i++) {
    stock.push(await timeScript(stockDir, script, commands));
    built.push(await timeScript(builtDir, script, commands));
  }
  const best = (rs: ThroughputRun[]): ThroughputRun => rs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
  const b = best(built);
  const s = best(stock);
  const digests = new Set([...stock, ...built].map((r) => r.digest));
  return { commands, built: b, stock: s, ratio: b.cpuMs / s.cpuMs, wallRatio: b.ms / s.ms, sameAnswers: digests.size === 1, runs };
}
