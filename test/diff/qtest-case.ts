/**
 * Differential-test plumbing: parses qtest case files (the format of ../shared/oracle/qtest-diff),
 * runs a case on real QEMU 10.0 and on devgen (in-process through a QtestSession), and
 * compares every answer line and the serial bytes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qemuBinary } from '../support/qemu-oracle.ts';
import { createMachine } from '../../defs/machines/index.ts';
import { createMemoryChardev } from '../../runtime/src/chardev/index.ts';
import { QtestSession, qtestTargetFromMachine } from '../../runtime/src/qtest/index.ts';

/** A parsed case: header keys (lower-case) and the command lines. */
export interface QtestCase {
  readonly path: string;
  readonly header: Readonly<Record<string, string>>;
  readonly commands: readonly string[];
  /**
   * Per command, the answer lines the case expects (`# => ANSWER` lines right after it, the
   * format generator/src/scaffold/qtest-case.ts writes), or undefined when it states none.
   */
  readonly expected: readonly (readonly string[] | undefined)[];
  /** Per command, the comment line right before it (what a generated case says it checks). */
  readonly notes: readonly (string | undefined)[];
}

/** The prefix of an expected answer line in a case. */
const EXPECT_PREFIX = '# =>';

/** What one side answered: per command, its lines (async IRQ lines, then the final one). */
export interface QtestRun {
  readonly answers: readonly (readonly string[])[];
  readonly serial: Uint8Array;
}

/**
 * QEMU machine arguments by case machine name (as the oracle script has them, and the boards
 * it does not know: lm3s811evb, whose cases run in process only).
 */
const MACHINES: Readonly<Record<string, { arch: 'aarch64' | 'x86_64' | 'arm'; args: string[] }>> = {
  virt: { arch: 'aarch64', args: ['-M', 'virt'] },
  pc: { arch: 'x86_64', args: ['-M', 'pc'] },
  versatilepb: { arch: 'arm', args: ['-M', 'versatilepb', '-audio', 'none'] },
  lm3s811evb: { arch: 'arm', args: ['-M', 'lm3s811evb'] },
};

/** Parses a case file like qtest-diff does: '#' lines are comments, "# key: value" headers. */
export function parseCase(path: string): QtestCase {
  const header: Record<string, string> = {};
  const commands: string[] = [];
  const expected: (string[] | undefined)[] = [];
  const notes: (string | undefined)[] = [];
  let note: string | undefined;
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith(EXPECT_PREFIX) && commands.length > 0) {
      (expected[commands.length - 1] ??= []).push(line.slice(EXPECT_PREFIX.length).trim());
      continue;
    }
    if (line.startsWith('#')) {
      note = line.slice(1).trim();
      const body = line.slice(1).trim();
      const colon = body.indexOf(':');
      if (colon >= 0) {
        const key = body.slice(0, colon).trim().toLowerCase();
        if (!(key in header)) header[key] = body.slice(colon + 1).trim();
      }
      continue;
    }
    commands.push(line);
    expected.push(undefined);
    notes.push(note);
    note = undefined;
  }
  return { path, header, commands, expected, notes };
}

/**
 * The global properties a case sets (`# global: hpet.timers=32; TYPE.PROP=VALUE`): QEMU's
 * `-global` on the QEMU side, devgen's `globals` in process. The oracle script passes none.
 */
export function caseGlobals(c: QtestCase): string[] {
  return (c.header.global ?? '').split(';').map((g) => g.trim()).filter((g) => g !== '');
}

function isFinal(line: string): boolean {
  return line.startsWith('OK') || line.startsWith('FAIL') || line.startsWith('ERR');
}

/** Groups output lines into per-command answers (a command ends at its OK/FAIL/ERR line). */
export function groupAnswers(lines: readonly string[], count: number, missing: string): string[][] {
  const answers: string[][] = [];
  let cur: string[] = [];
  for (const line of lines) {
    cur.push(line);
    if (isFinal(line)) {
      answers.push(cur);
      cur = [];
      if (answers.length === count) break;
    }
  }
  if (answers.length < count) {
    answers.push([...cur, missing]);
    while (answers.length < count) answers.push([missing]);
  }
  return answers;
}

/**
 * Runs the commands on real QEMU (stopped, -qtest stdio, serial to a file) and returns its
 * answers. Commands go one at a time, each after the previous answer, as the oracle's
 * qtest-diff sends them: QEMU handles every line of one read before its main loop runs a reset
 * a device requested, so a batch would see the reset late. A QEMU that dies leaves
 * '<no answer: the process ended>' answers.
 */
export async function runOnQemu(c: QtestCase, timeoutMs = 20_000): Promise<QtestRun> {
  const machine = MACHINES[c.header.machine ?? 'virt'];
  if (machine === undefined) throw new Error(`${c.path}: unknown machine '${c.header.machine}'`);
  const dir = mkdtempSync(join(tmpdir(), 'devgen-diff-'));
  const serialPath = join(dir, 'qemu.serial');
  try {
    // `# rtc: SPEC` fixes the RTC clock source on both sides (QEMU -rtc SPEC, devgen's rtc option).
    const rtc = c.header.rtc === undefined ? [] : ['-rtc', c.header.rtc];
    const globals = caseGlobals(c).flatMap((g) => ['-global', g]);
    const argv = ['-S', ...machine.args, ...rtc, ...globals, '-qtest', 'stdio', '-qtest-log', '/dev/null', '-display', 'none', '-nodefaults', '-serial', `file:${serialPath}`];
    const proc = spawn(qemuBinary(machine.arch), argv, { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    let finals = 0;
    let sent = 0;
    const sendNext = (): void => {
      if (sent < c.commands.length && sent <= finals) proc.stdin.write(c.commands[sent++]! + '\n');
    };
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`${c.path}: QEMU gave ${finals} of ${c.commands.length} answers in ${timeoutMs} ms`));
      }, timeoutMs);
      proc.stdout.setEncoding('latin1');
      proc.stdout.on('data', (chunk: string) => {
        out += chunk;
        const before = finals;
        finals = out.split('\n').filter(isFinal).length;
        // QEMU keeps running after its qtest input closes: stop it once every answer is in
        // (serial bytes are written before the OK of the write that sent them).
        if (finals >= c.commands.length) proc.kill('SIGTERM');
        else if (finals > before) sendNext();
      });
      proc.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      proc.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    proc.stdin.on('error', () => {}); // QEMU may die (abort) before reading everything
    sendNext();
    if (c.commands.length === 0) proc.kill('SIGTERM');
    await done;
    const lines = out.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const answers = groupAnswers(lines.map((l) => l.replace(/\r$/, '')), c.commands.length, '<no answer: the process ended>');
    let serial = new Uint8Array();
    try {
      serial = new Uint8Array(readFileSync(serialPath));
    } catch {
      // no serial file: nothing was written
    }
    return { answers, serial };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the commands on devgen in-process: machine from the case header, memory serial. */
export function runInProcess(c: QtestCase): QtestRun {
  const serial = createMemoryChardev();
  const machine = createMachine(c.header.machine ?? 'virt', { serial, globals: caseGlobals(c), ...(c.header.rtc === undefined ? {} : { rtc: c.header.rtc }) });
  const session = new QtestSession(qtestTargetFromMachine(machine));
  const answers = c.commands.map((cmd) => session.command(cmd));
  return { answers, serial: serial.output() };
}

/**
 * Commands whose answer in `run` is not the one the case expects (`# => …` lines), each with
 * the comment naming what it checks; empty when every stated expectation holds.
 */
export function expectationFailures(c: QtestCase, run: QtestRun, side: string): string[] {
  const out: string[] = [];
  c.commands.forEach((cmd, i) => {
    const want = c.expected[i];
    if (want === undefined) return;
    const got = run.answers[i] ?? ['<missing>'];
    if (want.join('\n') !== got.join('\n')) {
      out.push(`#${i + 1} ${cmd}  [${c.notes[i] ?? ''}]\n    expected: ${want.join(' | ')}\n    ${side}: ${got.join(' | ')}`);
    }
  });
  return out;
}

/** Human-readable differences between two runs (empty when they agree). */
export function diffRuns(c: QtestCase, want: QtestRun, got: QtestRun): string[] {
  const diffs: string[] = [];
  c.commands.forEach((cmd, i) => {
    const w = want.answers[i] ?? ['<missing>'];
    const g = got.answers[i] ?? ['<missing>'];
    if (w.join('\n') !== g.join('\n')) {
      diffs.push(`#${i + 1} ${cmd}\n    qemu:   ${w.join(' | ')}\n    devgen: ${g.join(' | ')}`);
    }
  });
  if (c.header.serial === 'compare') {
    const w = Buffer.from(want.serial).toString('hex');
    const g = Buffer.from(got.serial).toString('hex');
    if (w !== g) diffs.push(`<serial output>\n    qemu:   ${w}\n    devgen: ${g}`);
  }
  return diffs;
}
