/**
 * Runs QEMU 10.0 for migration tests: stopped (-S), qtest on stdio, QMP on a Unix socket, and
 * optionally `-incoming file:PATH`. With an incoming file, QMP is polled until the load is over
 * (QEMU answers qtest while it still loads); then the qtest commands run; then, when asked, QEMU
 * migrates to a file through QMP and quits. A QEMU that refuses the incoming file exits: its
 * stderr is returned as the reason.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient } from '../support/qmp-client.ts';
import { qemuBinary } from '../support/qemu-oracle.ts';

/** QEMU arguments by devgen board name (as the differential suite starts them). */
export const QEMU_BOARDS: Readonly<Record<string, { readonly arch: 'aarch64' | 'x86_64' | 'arm'; readonly args: readonly string[] }>> = {
  virt: { arch: 'aarch64', args: ['-M', 'virt'] },
  pc: { arch: 'x86_64', args: ['-M', 'pc'] },
  versatilepb: { arch: 'arm', args: ['-M', 'versatilepb', '-audio', 'none'] },
};

/** What one QEMU run gave. */
export interface QemuMigrationRun {
  /** One final answer line per command (IRQ lines left out). */
  readonly answers: readonly string[];
  /** Set when QEMU ended before answering (e.g. it refused the incoming file). */
  readonly failure?: string;
}

/** Options of {@link runQemuMigration}. */
export interface QemuMigrationOptions {
  readonly board: string;
  readonly commands: readonly string[];
  /** Start with `-incoming file:PATH`. */
  readonly incoming?: string;
  /** After the commands, `migrate` to `file:PATH`. */
  readonly migrateTo?: string;
  /** Commands run after the migration (their answers follow those of `commands`). */
  readonly afterMigrate?: readonly string[];
  readonly timeoutMs?: number;
  /** Folder holding bin/qemu-system-<arch> (default: the QEMU oracle). */
  readonly qemuDir?: string;
  /** Extra `-device SPEC` arguments (a case's `# device:` header). */
  readonly devices?: readonly string[];
  /** `-global TYPE.PROP=VALUE` arguments (a case's `# global:` header). */
  readonly globals?: readonly string[];
}

const isFinal = (l: string): boolean => l.startsWith('OK') || l.startsWith('FAIL') || l.startsWith('ERR');

/** Runs QEMU as described in the file comment. */
export async function runQemuMigration(opts: QemuMigrationOptions): Promise<QemuMigrationRun> {
  const board = QEMU_BOARDS[opts.board];
  if (board === undefined) throw new Error(`no QEMU arguments for board ${opts.board}`);
  const dir = mkdtempSync(join(tmpdir(), 'devgen-mig-qemu-'));
  const sock = join(dir, 'qmp.sock');
  const argv = ['-S', ...board.args, '-qtest', 'stdio', '-qtest-log', '/dev/null', '-display', 'none', '-nodefaults', '-qmp', `unix:${sock},server=on,wait=off`];
  if (opts.incoming !== undefined) argv.push('-incoming', `file:${opts.incoming}`);
  for (const spec of opts.devices ?? []) argv.push('-device', spec);
  for (const g of opts.globals ?? []) argv.push('-global', g);
  const binary = opts.qemuDir === undefined ? qemuBinary(board.arch) : join(opts.qemuDir, 'bin', `qemu-system-${board.arch}`);
  const proc = spawn(binary, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exited = false;
  const closed = new Promise<void>((resolve) => proc.on('close', () => ((exited = true), resolve())));
  proc.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  proc.stdin.on('error', () => {});
  const timeout = opts.timeoutMs ?? 60_000;
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeout);
  let qmp: QmpClient | undefined;
  try {
    qmp = await Promise.race([QmpClient.connect(sock, timeout), closed.then(() => undefined)]);
    if (qmp === undefined) return { answers: [], failure: `QEMU exited: ${err.trim()}` };
    if (opts.incoming !== undefined) {
      for (;;) {
        const st = (await qmp.execute('query-status')) as { status: string };
        if (st.status !== 'inmigrate') break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    proc.stdin.write(opts.commands.map((c) => c + '\n').join(''));
    const finals = (): string[] => out.split('\n').map((l) => l.replace(/\r$/, '')).filter(isFinal);
    while (finals().length < opts.commands.length) {
      if (exited) return { answers: finals(), failure: `QEMU exited: ${err.trim()}` };
      await new Promise((r) => setTimeout(r, 10));
    }
    if (opts.migrateTo !== undefined) {
      const st = await qmp.migrateToFile(opts.migrateTo);
      if (st.status !== 'completed') return { answers: finals(), failure: `migrate: ${JSON.stringify(st)}` };
    }
    const after = opts.afterMigrate ?? [];
    proc.stdin.write(after.map((c) => c + '\n').join(''));
    while (finals().length < opts.commands.length + after.length) {
      if (exited) return { answers: finals(), failure: `QEMU exited: ${err.trim()}` };
      await new Promise((r) => setTimeout(r, 10));
    }
    await qmp.tryExecute('quit').catch(() => undefined);
    await closed;
    return { answers: finals().slice(0, opts.commands.length + after.length) };
  } catch (e) {
    return { answers: [], failure: `${(e as Error).message}; QEMU stderr: ${err.trim()}` };
  } finally {
    clearTimeout(timer);
    qmp?.close();
    if (!exited) proc.kill('SIGKILL');
    await closed;
    rmSync(dir, { recursive: true, force: true });
  }
}
