/**
 * Migration files both ways with QEMU 10.0, for every pl011 and hpet differential case (ours
 * and the shared samples): after the case's script,
 *  (a) devgen migrates to a file, QEMU starts with `-incoming` from it, and the read-back
 *      (readback.ts) equals QEMU's own read-back after the same script;
 *  (b) QEMU migrates to a file, devgen loads it into a fresh board (what `--incoming` does),
 *      and the read-back equals QEMU's;
 *  (c) the device section in both files is the same: idstr, instance, version and every byte
 *      of the body (the section ids differ: QEMU counts its own unmodelled parts before it),
 *      and so is its entry in the JSON description.
 * The first QEMU file of each board is also loaded 300 times mutated (runForeignFileMutations):
 * its RAM records, unmodelled sections and description exercise the reader's skipping.
 * Cases run a few at a time: each needs two QEMU processes.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrationFile, type MigrationFileSection } from '../../runtime/src/migration/index.ts';
import { migrationParticipants } from '../../runtime/src/migration/index.ts';
import { runForeignFileMutations } from '../migration/mutation-campaign.ts';
import { runQemuMigration } from '../migration/qemu-process.ts';
import { devgenBoard, devgenIncoming, devgenMigrationFile, finals, readbackCommands } from '../migration/readback.ts';
import { caseGlobals, parseCase, type QtestCase } from './qtest-case.ts';

const here = import.meta.dirname;
const ours = join(here, 'cases');
const shared = resolve(here, '../../../shared/oracle/cases');
const isMigrationCase = (f: string): boolean => /^(pl011|hpet)-.*\.qtest$/.test(f);
const files = [
  ...readdirSync(ours).filter(isMigrationCase).map((f) => join(ours, f)),
  ...readdirSync(shared).filter(isMigrationCase).map((f) => join(shared, f)),
].sort();

const tmp = mkdtempSync(join(tmpdir(), 'devgen-migdiff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const counts = { a: 0, b: 0, c: 0 };
/** Boards whose QEMU file was also mutated (once per board: the files are large). */
const mutated = new Set<string>();

/** The device each board's cases are about (the board has others devgen models too). */
const CASE_DEVICE: Readonly<Record<string, string>> = { virt: 'pl011', pc: 'hpet' };

/** The case device's section of a file, read with a fresh board's devices as participants. */
function deviceSection(board: string, file: Uint8Array, globals: readonly string[]): MigrationFileSection {
  const res = readMigrationFile(file, { participants: migrationParticipants(devgenBoard(board, globals).machine.devices) });
  if (!res.ok) throw new Error(`unreadable migration file: ${res.error.message}`);
  const decoded = res.file.sections.filter((s) => s.ending === 'decoded' && s.idstr === CASE_DEVICE[board]);
  expect(decoded.length).toBe(1);
  return decoded[0]!;
}

/** Read-back lines that differ: "#n command: got … want …". */
function differences(commands: readonly string[], got: readonly string[], want: readonly string[]): string[] {
  return commands.flatMap((c, i) => (got[i] === want[i] ? [] : [`#${i + 1} ${c}: got ${got[i]}, QEMU ${want[i]}`]));
}

async function proveCase(c: QtestCase, name: string): Promise<void> {
  const board = c.header.machine!;
  const readback = readbackCommands(board);
  const qemuFile = join(tmp, `${name}.qemu.mig`);
  const devgenFile = join(tmp, `${name}.devgen.mig`);
  // A case's global properties (`# global:`) hold on every side and in every process.
  const globals = caseGlobals(c);

  const dev = devgenBoard(board, globals);
  finals(dev.session, c.commands);
  // QEMU runs stopped and the cases never step the clock: both sides stand at time 0.
  expect(dev.machine.clock.now()).toBe(0n);
  writeFileSync(devgenFile, devgenMigrationFile(dev.machine));

  const own = await runQemuMigration({ board, commands: c.commands, migrateTo: qemuFile, afterMigrate: readback, globals });
  expect(own.failure).toBeUndefined();
  const want = own.answers.slice(c.commands.length);
  expect(want.length).toBe(readback.length);

  // (a) devgen → file → QEMU -incoming
  const a = await runQemuMigration({ board, commands: readback, incoming: devgenFile, globals });
  expect(a.failure, 'QEMU refused devgen\'s file').toBeUndefined();
  expect(differences(readback, a.answers, want), '(a) QEMU -incoming from devgen\'s file').toEqual([]);
  counts.a++;

  // (b) QEMU → file → devgen --incoming
  const qemuBytes = new Uint8Array(readFileSync(qemuFile));
  const loaded = devgenIncoming(board, qemuBytes, globals);
  if ('error' in loaded) throw new Error(`(b) devgen refused QEMU's file: ${loaded.error}`);
  expect(differences(readback, finals(loaded.session, readback), want), '(b) devgen --incoming from QEMU\'s file').toEqual([]);
  counts.b++;

  // (c) the device sections
  const q = deviceSection(board, qemuBytes, globals);
  const d = deviceSection(board, new Uint8Array(readFileSync(devgenFile)), globals);
  expect({ idstr: d.idstr, instance: d.instanceId, version: d.versionId }).toEqual({ idstr: q.idstr, instance: q.instanceId, version: q.versionId });
  expect(Buffer.from(d.body).toString('hex'), '(c) device section body').toBe(Buffer.from(q.body).toString('hex'));
  // The JSON description of the section is QEMU's too (field names, sizes, subsections).
  const described = (f: Uint8Array) => {
    const r = readMigrationFile(f);
    if (!r.ok) throw new Error(r.error.message);
    return r.file.description!.devices.find((x) => x.name === d.idstr);
  };
  expect(described(new Uint8Array(readFileSync(devgenFile))), '(c) JSON description').toEqual(described(qemuBytes));
  counts.c++;
  // Mutated files load into a board built without globals, so a case with some is not the source.
  if (!mutated.has(board) && globals.length === 0) {
    mutated.add(board);
    const t = runForeignFileMutations(board, qemuBytes, 300, 0x51e5);
    expect(t.failures, `mutations of QEMU's ${board} file`).toEqual([]);
    expect(t.survived).toBe(300);
    expect(t.rejected).toBeGreaterThan(100);
  }
}

describe('migration files both ways with QEMU 10.0 (pl011 on virt, hpet on pc)', () => {
  it('has the cases of both families', () => {
    expect(files.filter((f) => f.includes('/pl011-')).length).toBeGreaterThanOrEqual(20);
    expect(files.filter((f) => f.includes('/hpet-')).length).toBeGreaterThanOrEqual(20);
  });

  // Four groups in parallel keep the run short on two cores without starving QEMU.
  const groups = Array.from({ length: 4 }, (_, g) => files.filter((_, i) => i % 4 === g));
  groups.forEach((group, g) => {
    it.concurrent(`group ${g + 1}: ${group.length} cases, (a) (b) (c) each`, async () => {
      for (const f of group) {
        const name = f.slice(f.lastIndexOf('/') + 1).replace(/\.qtest$/, '');
        try {
          await proveCase(parseCase(f), name);
        } catch (e) {
          throw new Error(`${name}: ${(e as Error).message} ${JSON.stringify((e as { actual?: unknown }).actual ?? "")}`, { cause: e });
        }
      }
    }, 600_000);
  });

  it.concurrent('numbers devices of one type as QEMU does: the four pl011 of versatilepb, both ways', async () => {
    const uarts = [0x101f_1000, 0x101f_2000, 0x101f_3000, 0x1000_9000];
    const writes = uarts.map((b, i) => `writel 0x${(b + 0x24).toString(16)} 0x${(0x11 * (i + 1)).toString(16)}`);
    const reads = uarts.map((b) => `readl 0x${(b + 0x24).toString(16)}`);
    const want = uarts.map((_, i) => `OK 0x${(0x11 * (i + 1)).toString(16).padStart(16, '0')}`);
    const dev = devgenBoard('versatilepb');
    finals(dev.session, writes);
    const devgenFile = join(tmp, 'versatilepb.devgen.mig');
    writeFileSync(devgenFile, devgenMigrationFile(dev.machine));
    const a = await runQemuMigration({ board: 'versatilepb', commands: reads, incoming: devgenFile });
    expect(a.failure).toBeUndefined();
    expect(a.answers).toEqual(want);
    const qemuFile = join(tmp, 'versatilepb.qemu.mig');
    const own = await runQemuMigration({ board: 'versatilepb', commands: writes, migrateTo: qemuFile });
    expect(own.failure).toBeUndefined();
    const loaded = devgenIncoming('versatilepb', new Uint8Array(readFileSync(qemuFile)));
    if ('error' in loaded) throw new Error(loaded.error);
    expect(finals(loaded.session, reads)).toEqual(want);
  }, 120_000);

  it.sequential('proved (a), (b) and (c) for every case', () => {
    // Runs after the groups (vitest runs sequential tests after the concurrent ones of a suite).
    expect(counts).toEqual({ a: files.length, b: files.length, c: files.length });
  });
});
