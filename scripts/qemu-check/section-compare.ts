/**
 * qemu:check (c): after the same qtest script, the built QEMU and stock QEMU each migrate to a
 * file (stopped, QMP `migrate` to a `file:` URI: test/migration/qemu-process.ts), and the
 * sections of the four devices must be the same bytes — type, section id, idstr, instance,
 * version, body and footer. The files are walked by devgen's migration-file reader, which ends a
 * device section by decoding it with the device's VMState description (the participants are the
 * devices of the same board built by devgen), never by looking for footer bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMachine } from '../../defs/machines/index.ts';
import { createMemoryChardev } from '../../runtime/src/chardev/index.ts';
import { migrationParticipants, readMigrationFile, type MigrationFileSection } from '../../runtime/src/migration/index.ts';
import { parseCase } from '../../test/diff/qtest-case.ts';
import { runQemuMigration } from '../../test/migration/qemu-process.ts';
import { stockDirFor } from './qemu-dirs.ts';
import type { CheckCase } from './qtest-compare.ts';

/** VMState (section) names of the devices checked; versatile_i2c has none in QEMU 10.0. */
export const CHECKED_SECTIONS = ['pl011', 'hpet', 'pcf8574'] as const;

/** One case's verdict. */
export interface SectionVerdict extends CheckCase {
  readonly ok: boolean;
  /** Sections compared, as "idstr instance". */
  readonly sections: readonly string[];
  readonly detail: string;
}

const isChecked = (idstr: string): boolean => CHECKED_SECTIONS.some((n) => idstr === n || idstr.endsWith(`/${n}`));

/** The checked sections of one file, or the reader's complaint. */
function checkedSections(bytes: Uint8Array, board: string, devices: readonly string[]): MigrationFileSection[] | string {
  const machine = createMachine(board, { serial: createMemoryChardev(), devices });
  const read = readMigrationFile(bytes, { participants: migrationParticipants(machine.devices) });
  if (!read.ok) return `unreadable: ${read.error.message} at byte ${read.error.offset}${read.error.section === undefined ? '' : ` (section ${read.error.section})`}`;
  return read.file.sections.filter((s) => isChecked(s.idstr));
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Runs one case on both QEMUs and compares the sections. */
async function compareCase(builtDir: string, c: CheckCase, tmp: string, n: number): Promise<SectionVerdict> {
  const parsed = parseCase(c.path);
  const board = parsed.header.machine ?? 'virt';
  const devices = (parsed.header.device ?? '').split(';').map((d) => d.trim()).filter((d) => d !== '');
  const files = { stock: join(tmp, `${n}.stock.mig`), built: join(tmp, `${n}.built.mig`) };
  const fail = (detail: string): SectionVerdict => ({ ...c, ok: false, sections: [], detail });
  const runs = await Promise.all([
    runQemuMigration({ board, commands: parsed.commands, migrateTo: files.stock, qemuDir: stockDirFor(parsed.header.device), devices }),
    runQemuMigration({ board, commands: parsed.commands, migrateTo: files.built, qemuDir: builtDir, devices }),
  ]);
  if (runs[0].failure !== undefined) return fail(`stock QEMU: ${runs[0].failure}`);
  if (runs[1].failure !== undefined) return fail(`built QEMU: ${runs[1].failure}`);
  const stock = checkedSections(new Uint8Array(readFileSync(files.stock)), board, devices);
  const built = checkedSections(new Uint8Array(readFileSync(files.built)), board, devices);
  if (typeof stock === 'string') return fail(`stock file ${stock}`);
  if (typeof built === 'string') return fail(`built file ${built}`);
  const names = (ss: readonly MigrationFileSection[]): string[] => ss.map((s) => `${s.idstr} ${s.instanceId}`);
  if (stock.length === 0) return fail('no section of a checked device in the stock file');
  const undecoded = [...stock, ...built].filter((s) => s.ending !== 'decoded');
  if (undecoded.length > 0) return fail(`sections not ended by decoding: ${names(undecoded).join(', ')}`);
  if (names(stock).join() !== names(built).join()) return fail(`sections differ: stock ${names(stock).join(', ')}; built ${names(built).join(', ')}`);
  const differing = stock.filter((s, i) => hex(s.bytes) !== hex(built[i]!.bytes));
  return {
    ...c,
    ok: differing.length === 0,
    sections: names(stock),
    detail: differing.map((s) => `${s.idstr} ${s.instanceId}:\n    stock: ${hex(s.bytes)}\n    built: ${hex(built[stock.indexOf(s)]!.bytes)}`).join('\n  '),
  };
}

/** Compares the sections after every case, `parallel` cases at a time. */
export async function compareSections(builtDir: string, cases: readonly CheckCase[], parallel = 3): Promise<SectionVerdict[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'devgen-qemu-check-mig-'));
  try {
    const out: SectionVerdict[] = new Array(cases.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const i = next++;
        out[i] = await compareCase(builtDir, cases[i]!, tmp, i).catch((e: Error) => ({ ...cases[i]!, ok: false, sections: [], detail: e.message }));
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
