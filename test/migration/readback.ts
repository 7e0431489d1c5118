/**
 * The register read-back that shows a device's migrated state through qtest, per board, and
 * the devgen side of the migration proofs: running a case in-process, writing its migration
 * file, loading a file into a fresh board and reading back.
 */
import { createMachine } from '../../defs/machines/index.ts';
import { createMemoryChardev } from '../../runtime/src/chardev/index.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import { loadMigrationFile, migrationParticipants, writeMigrationFile } from '../../runtime/src/migration/index.ts';
import { migrationMachineType } from '../../runtime/src/qmp/index.ts';
import { QtestSession, qtestTargetFromMachine } from '../../runtime/src/qtest/index.ts';

const hex = (v: number): string => `0x${v.toString(16)}`;

/**
 * qtest reads covering every migrated register of the board's modelled device: pl011 (virt,
 * at 0x0900_0000) reads its registers, then drains the FIFO (17 DR reads, each with FR and RIS
 * after it); the HPET (pc, at 0xfed0_0000) reads the global registers and timers 0..2.
 */
export function readbackCommands(board: string): string[] {
  if (board === 'virt') {
    const base = 0x0900_0000;
    const regs = [0x04, 0x18, 0x20, 0x24, 0x28, 0x2c, 0x30, 0x34, 0x38, 0x3c, 0x40, 0x48].map((o) => `readl ${hex(base + o)}`);
    const drain = Array.from({ length: 17 }, () => [`readl ${hex(base)}`, `readl ${hex(base + 0x18)}`, `readl ${hex(base + 0x3c)}`]).flat();
    return [...regs, ...drain];
  }
  if (board === 'pc') {
    const base = 0xfed0_0000;
    const global = [0x000, 0x010, 0x020, 0x0f0].map((o) => `readq ${hex(base + o)}`);
    const timers = [0, 1, 2].flatMap((n) => [0x100, 0x108, 0x110].map((o) => `readq ${hex(base + o + 0x20 * n)}`));
    return [...global, ...timers];
  }
  throw new Error(`no read-back for board ${board}`);
}

/** The final line of each answer (asynchronous IRQ lines left out). */
export function finals(session: QtestSession, commands: readonly string[]): string[] {
  return commands.map((c) => session.command(c).filter((l) => !l.startsWith('IRQ ')).at(-1) ?? '<no answer>');
}

/** A board built as the differential suite builds it (with a case's global properties), with its qtest session. */
export function devgenBoard(board: string, globals: readonly string[] = []): { machine: Machine; session: QtestSession } {
  const machine = createMachine(board, { serial: createMemoryChardev(), globals });
  return { machine, session: new QtestSession(qtestTargetFromMachine(machine)) };
}

/** The migration file `machine` writes (what QMP `migrate` writes). */
export function devgenMigrationFile(machine: Machine): Uint8Array {
  return writeMigrationFile(migrationMachineType(machine.name), migrationParticipants(machine.devices));
}

/** Loads `file` into a fresh `board` (what `--incoming` does); returns the session, or the load error. */
export function devgenIncoming(board: string, file: Uint8Array, globals: readonly string[] = []): { session: QtestSession; machine: Machine } | { error: string } {
  const b = devgenBoard(board, globals);
  const res = loadMigrationFile(file, migrationParticipants(b.machine.devices), migrationMachineType(board));
  return res.ok ? b : { error: `${res.error.section ?? ''}: ${res.error.message} at ${res.error.offset}` };
}
