/**
 * `--incoming file:PATH` (QEMU's `-incoming file:PATH`): the board's devices are loaded from a
 * migration file before the first qtest command is answered. Only the `file:` form exists in
 * devgen; a file that cannot be read, or that the loader rejects, is one line naming the
 * section and byte offset, and no device is changed.
 */
import { readFileSync } from 'node:fs';
import { formatMigrationError, loadMigrationFile, migrationParticipants, type MigratableDevice } from '../migration/migration-load.ts';
import { migrationMachineType } from './qmp-machine-commands.ts';

/** Loads the migration file named by `spec` into `machine`; resolves to undefined, or to why nothing was loaded. */
export function loadIncoming(machine: { readonly name: string; readonly devices: readonly MigratableDevice[] }, spec: string): string | undefined {
  if (!spec.startsWith('file:')) return `--incoming '${spec}': devgen loads migration files only: file:PATH`;
  const path = spec.slice('file:'.length);
  let data: Uint8Array;
  try {
    data = new Uint8Array(readFileSync(path));
  } catch (e) {
    return `--incoming ${spec}: cannot read the file: ${e instanceof Error ? e.message : String(e)}`;
  }
  const res = loadMigrationFile(data, migrationParticipants(machine.devices), migrationMachineType(machine.name));
  return res.ok ? undefined : `load of migration failed: ${path}: ${formatMigrationError(res.error)}`;
}
