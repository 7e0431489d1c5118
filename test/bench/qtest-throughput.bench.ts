/**
 * qtest throughput against QEMU 10.0 (the oracle), start-up included: the same script piped to
 * `qemu-system-aarch64 -M virt -qtest stdio` and to `devgen qtest --machine virt`, timed from
 * spawn until the last answer has arrived (QEMU does not exit when its input ends, so both are
 * stopped once every answer is in). Two scripts: the pl011 mix, and the same mix with the
 * interrupt controller's inputs intercepted so every UART interrupt prints an IRQ line.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { qemuBinary } from '../support/qemu-oracle.ts';
import { pl011ThroughputScript } from './qtest-script.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** QEMU's arguments for a qtest conversation on virt, as the oracle's qtest-diff starts it. */
export const QEMU_VIRT_QTEST = ['-S', '-M', 'virt', '-qtest', 'stdio', '-qtest-log', '/dev/null', '-display', 'none', '-nodefaults', '-serial', 'null'];

/** Milliseconds from spawning `cmd` until `answers` answer lines (OK/FAIL/ERR) have come back. */
export function answerTimeMs(cmd: readonly string[], script: string, answers: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const p = spawn(cmd[0]!, cmd.slice(1), { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
    let seen = 0;
    let tail = '';
    let done = false;
    p.stdout.on('data', (b: Buffer) => {
      const lines = (tail + b.toString('latin1')).split('\n');
      tail = lines.pop()!;
      for (const l of lines) if (l.startsWith('OK') || l.startsWith('FAIL') || l.startsWith('ERR')) seen++;
      if (!done && seen >= answers) {
        done = true;
        resolve(Number(process.hrtime.bigint() - start) / 1e6);
        p.kill();
      }
    });
    p.on('error', reject);
    p.on('exit', () => {
      if (!done) reject(new Error(`${cmd.join(' ')} ended after ${seen} of ${answers} answers`));
    });
    p.stdin.on('error', () => {});
    p.stdin.end(script);
  });
}

/** The best of `runs` alternating runs of QEMU and devgen on each script, and their ratio. */
export async function benchQtestThroughput(runs = 5): Promise<string> {
  const qemu = qemuBinary('aarch64');
  if (!existsSync(qemu)) return `qtest throughput: skipped, the QEMU oracle is not installed (${qemu})`;
  const mix = pl011ThroughputScript(100_000);
  const scripts = [
    { label: '100 000 pl011 commands', text: mix, answers: 100_000 },
    { label: '100 000 pl011 commands, GIC inputs intercepted (IRQ lines printed)', text: `irq_intercept_in /machine/unattached/device[1]\n${mix}`, answers: 100_001 },
  ];
  const out: string[] = [];
  for (const s of scripts) {
    let q = Infinity;
    let d = Infinity;
    for (let i = 0; i < runs; i++) {
      q = Math.min(q, await answerTimeMs([qemu, ...QEMU_VIRT_QTEST], s.text, s.answers));
      d = Math.min(d, await answerTimeMs([process.execPath, 'bin/devgen.js', 'qtest', '--machine', 'virt'], s.text, s.answers));
    }
    const ratio = q / d;
    out.push(`qtest throughput, ${s.label}, start-up included: QEMU 10.0 ${q.toFixed(0)} ms, devgen ${d.toFixed(0)} ms, devgen/QEMU throughput ${ratio.toFixed(2)}x (target >= 2x: ${ratio >= 2 ? 'met' : 'not met'})`);
  }
  return out.join('\n');
}
