/**
 * The SVD import on a real-size vendor file (large-svd.ts): the whole import (XML with
 * positions, derivedFrom, model, one YAML definition per peripheral) against its target of
 * 2 s, and as a ratio to what saxes alone takes to parse the same text (the floor any
 * position-keeping import pays). The in-memory check of the definitions is timed for a sample
 * of peripherals, for the record: it reads each definition back as `devgen generate` does.
 * Then the command as a user runs it (the compiled bin/devgen.js, start-up and 300 files
 * written included), once warm, once timed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { importSvd } from '../../generator/src/import/svd-import.ts';
import { largeSvd } from './large-svd.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU milliseconds (user + system, every thread of the process) `fn` takes. */
function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e3;
}

/** Runs the bench; returns its lines. */
export function benchSvdImport(root: string, runs = 5): string {
  const svd = largeSvd();
  const source = { file: 'large.svd', text: svd.text };
  let definitions = 0;
  const parseOnly = (): void => {
    const p = new SaxesParser({ position: true });
    p.on('opentag', () => {});
    p.write(svd.text).close();
  };
  const importAll = (): void => {
    const r = importSvd({ svd: source, outDir: 'defs', root, check: false });
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the large SVD does not import: ${r.diagnostics[0]!.message}`);
    definitions = r.definitions.length;
  };
  parseOnly();
  importAll();
  const parse: number[] = [];
  const imports: number[] = [];
  const importsCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    parse.push(timeMs(parseOnly));
    let wall = 0;
    importsCpu.push(cpuMs(() => { wall = timeMs(importAll); }));
    imports.push(wall);
  }
  const sample = ['PERIPH0', 'PERIPH1', 'PERIPH2', 'PERIPH150', 'PERIPH299'];
  const checked = timeMs(() => {
    const r = importSvd({ svd: source, outDir: 'defs', root, peripherals: sample });
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the large SVD's definitions do not check: ${r.diagnostics[0]!.message}`);
  });
  const project = mkdtempSync(join(tmpdir(), 'devgen-bench-svd-'));
  let commandMs = 0;
  let commandCpuMs = 0;
  try {
    mkdirSync(join(project, 'defs'));
    writeFileSync(join(project, 'large.svd'), svd.text);
    // bash's `time` gives the child's CPU time too: on a loaded machine the wall clock waits for a core.
    const command = (): void => {
      const r = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time '${process.execPath}' '${join(root, 'bin/devgen.js')}' import svd large.svd --no-check --force --root . >/dev/null`], { cwd: project, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`devgen import svd exited with ${r.status}: ${r.stderr}`);
      const [user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      commandCpuMs = (user! + sys!) * 1e3;
    };
    command();
    commandMs = timeMs(command);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  const ms = median(imports);
  const floor = median(parse);
  const cpu = median(importsCpu);
  return [
    `svd import: ${definitions} peripherals, ${svd.registers} registers, ${svd.fields} fields (${(svd.text.length / 1e6).toFixed(1)} MB), median of ${runs}: ${ms.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU (target < 2000 ms); ratio ${(ms / floor).toFixed(2)}x saxes parsing alone (${floor.toFixed(0)} ms)`,
    `  the command, devgen import svd --no-check (start-up and writing ${definitions} definitions included): ${commandMs.toFixed(0)} ms wall, ${commandCpuMs.toFixed(0)} ms CPU (target < 2000 ms)`,
    `  checked import of ${sample.length} of them (definitions loaded and linted in memory): ${checked.toFixed(0)} ms, for the record`,
  ].join('\n');
}
