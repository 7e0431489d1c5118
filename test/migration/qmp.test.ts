/**
 * QMP as devgen serves it: the protocol session's answers (QEMU 10.0's, measured), and
 * `devgen qtest --qmp unix:PATH` / `--incoming file:PATH` end to end through the CLI, including
 * the README's example of moving a device state from devgen into QEMU.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QmpSession, type QmpCommand } from '../../runtime/src/qmp/index.ts';
import { QmpClient } from '../support/qmp-client.ts';
import { runQemuMigration } from './qemu-process.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'devgen-qmp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function session(): { lines: unknown[]; s: QmpSession } {
  const lines: unknown[] = [];
  const commands = new Map<string, QmpCommand>([['query-status', { args: [], run: () => ({ return: { status: 'running', running: true } }) }]]);
  return { lines, s: new QmpSession(commands, (l) => lines.push(JSON.parse(l))) };
}

describe('QMP session', () => {
  it("answers as QEMU 10.0: negotiation first, ids echoed, CommandNotFound, parse and parameter errors", () => {
    const { lines, s } = session();
    s.greet();
    s.feed('{"execute":"query-status"}\n{"execute":"qmp_capabilities","id":7}\n{"execute":"qmp_capabilities"}\n');
    s.feed('{"execute":"query-status","id":"a"}\n{"execute":"bogus"}\nnot json\n{"foo":1}\n{"execute":"query-status","arguments":{"x":1}}\n{"execute":"query-');
    s.feed('status"}\n');
    expect(lines).toEqual([
      { QMP: { version: { qemu: { micro: 0, minor: 0, major: 10 }, package: 'devgen' }, capabilities: [] } },
      { error: { class: 'CommandNotFound', desc: "Expecting capabilities negotiation with 'qmp_capabilities'" } },
      { return: {}, id: 7 },
      { error: { class: 'CommandNotFound', desc: 'Capabilities negotiation is already complete, command ignored' } },
      { return: { status: 'running', running: true }, id: 'a' },
      { error: { class: 'CommandNotFound', desc: 'The command bogus has not been found' } },
      { error: { class: 'GenericError', desc: expect.stringMatching(/^JSON parse error, /) } },
      { error: { class: 'GenericError', desc: "QMP input lacks member 'execute'" } },
      { error: { class: 'GenericError', desc: "Parameter 'x' is unexpected" } },
      { return: { status: 'running', running: true } },
    ]);
  });
});

/** A running `devgen qtest` with QMP; `answers` collects its qtest output lines. */
function startDevgen(args: readonly string[]): { proc: ChildProcessWithoutNullStreams; out: string[]; err: () => string; done: Promise<number | null> } {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/devgen.js'), 'qtest', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: string[] = [];
  let buf = '';
  let err = '';
  proc.stdout.setEncoding('latin1').on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    out.push(...parts);
  });
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<number | null>((r) => proc.on('close', (code) => r(code)));
  return { proc, out, err: () => err, done };
}

async function answers(out: string[], n: number): Promise<string[]> {
  while (out.length < n) await new Promise((r) => setTimeout(r, 10));
  return out.slice(0, n);
}

describe('devgen qtest --qmp and --incoming', () => {
  it('migrates to a file over QMP beside qtest, reports status, stop/cont and errors, and quits', async () => {
    const sock = join(tmp, 'a.sock');
    const file = join(tmp, 'a.mig');
    const d = startDevgen(['--machine', 'virt', '--qmp', `unix:${sock}`]);
    d.proc.stdin.write('writel 0x09000024 0x5\nwritel 0x09000030 0x301\n');
    const qmp = await QmpClient.connect(sock);
    expect(await answers(d.out, 2)).toEqual(['OK', 'OK']);
    expect(await qmp.execute('query-migrate')).toEqual({});
    expect(await qmp.execute('query-status')).toEqual({ status: 'running', running: true });
    await qmp.execute('stop');
    expect(await qmp.execute('query-status')).toEqual({ status: 'paused', running: false });
    await qmp.execute('cont');
    expect(qmp.events.map((e) => e.event)).toEqual(['STOP', 'RESUME']);
    const bad = await qmp.tryExecute('migrate', { uri: `file:${join(tmp, 'no/such/dir/x')}` });
    expect(bad).toEqual({ ok: false, error: { class: 'GenericError', desc: `Could not create '${join(tmp, 'no/such/dir/x')}': No such file or directory` } });
    expect(await qmp.waitForMigration()).toEqual({ status: 'failed', 'error-desc': `Could not create '${join(tmp, 'no/such/dir/x')}': No such file or directory` });
    expect((await qmp.tryExecute('migrate', { uri: 'tcp:localhost:4444' })).ok).toBe(false);
    expect((await qmp.migrateToFile(file)).status).toBe('completed');
    expect(await qmp.execute('query-status')).toEqual({ status: 'postmigrate', running: false });
    expect(readFileSync(file).subarray(0, 4).toString('latin1')).toBe('QEVM');
    // qtest keeps answering beside QMP.
    d.proc.stdin.write('readl 0x09000024\n');
    expect((await answers(d.out, 3))[2]).toBe('OK 0x0000000000000005');
    d.proc.stdin.end();
    await qmp.execute('quit');
    expect(await d.done).toBe(0);
    expect(qmp.events.at(-1)).toMatchObject({ event: 'SHUTDOWN', data: { guest: false, reason: 'host-qmp-quit' } });

    // --incoming: the state is there before the first qtest command is answered.
    const back = startDevgen(['--machine', 'virt', '--incoming', `file:${file}`]);
    back.proc.stdin.end('readl 0x09000024\nreadl 0x09000030\n');
    expect(await back.done).toBe(0);
    expect(back.out).toEqual(['OK 0x0000000000000005', 'OK 0x0000000000000301']);
    // With QMP too, the destination reports the incoming migration as QEMU's does.
    const sock2 = join(tmp, 'b.sock');
    const both = startDevgen(['--machine', 'virt', '--incoming', `file:${file}`, '--qmp', `unix:${sock2}`]);
    both.proc.stdin.end('readl 0x09000024\n');
    const qmp2 = await QmpClient.connect(sock2);
    expect(await qmp2.execute('query-migrate')).toMatchObject({ status: 'completed' });
    expect(await answers(both.out, 1)).toEqual(['OK 0x0000000000000005']);
    await qmp2.execute('quit');
    expect(await both.done).toBe(0);
  }, 60_000);

  it('refuses a damaged or foreign --incoming file with one line naming the section and byte, exit 1', async () => {
    const f = readFileSync(join(tmp, 'a.mig'));
    const bad = Uint8Array.from(f);
    const damaged = join(tmp, 'damaged.mig');
    const foreign = join(tmp, 'foreign.mig');
    // The pl011 section's footer byte: its id 0, then the next section (pl031, a full section with id 1).
    const idx = Buffer.from(f).indexOf(Buffer.from([0x7e, 0, 0, 0, 0, 0x04, 0, 0, 0, 1]));
    expect(idx).toBeGreaterThan(0);
    bad[idx] = 0x7d;
    writeFileSync(damaged, bad);
    writeFileSync(foreign, f);
    const r1 = startDevgen(['--machine', 'virt', '--incoming', `file:${damaged}`]);
    r1.proc.stdin.end('readl 0x09000024\n');
    expect(await r1.done).toBe(1);
    expect(r1.err()).toBe(`devgen qtest: load of migration failed: ${damaged}: section 'pl011 0': missing section footer for 'pl011' (found 0x7d) (at byte ${idx})\n`);
    expect(r1.out).toEqual([]);
    const r2 = startDevgen(['--machine', 'pc', '--incoming', `file:${foreign}`]);
    r2.proc.stdin.end();
    expect(await r2.done).toBe(1);
    expect(r2.err()).toMatch(/^devgen qtest: load of migration failed: .*: section 'configuration': machine type received is 'virt-10\.0' and local is 'pc-i440fx-10\.0' \(at byte 13\)\n$/);
  }, 60_000);

  it("README example: a pl011 state migrated from devgen (over QMP) into QEMU 10.0 -incoming", async () => {
    const sock = join(tmp, 'r.sock');
    const file = join(tmp, 'uart.mig');
    const d = startDevgen(['--machine', 'virt', '--qmp', `unix:${sock}`]);
    d.proc.stdin.write('writel 0x0900002c 0x10\nwritel 0x09000030 0x381\nwritel 0x09000000 0x68\nwritel 0x09000000 0x69\n');
    const qmp = await QmpClient.connect(sock);
    await answers(d.out, 4);
    expect((await qmp.migrateToFile(file)).status).toBe('completed');
    await qmp.execute('quit');
    await d.done;
    const q = await runQemuMigration({ board: 'virt', incoming: file, commands: ['readl 0x09000018', 'readl 0x09000000', 'readl 0x09000000', 'readl 0x09000018'] });
    expect(q.failure).toBeUndefined();
    // What QEMU itself answers after the same four writes (no migration).
    expect(q.answers).toEqual(['OK 0x0000000000000080', 'OK 0x0000000000000068', 'OK 0x0000000000000069', 'OK 0x0000000000000090']);
  }, 60_000);
});
