/**
 * Migration (VMState) support, re-exported to generated code through codegen v1: QEMU's wire
 * format for device state, section framing as savevm writes it, the built-in "clock"
 * description, and the `-dump-vmstate` JSON format.
 */
export { VmStreamWriter, VmStreamReader, VmStreamError } from './stream.ts';
export { saveVmState, loadVmState, QEMU_VM_SUBSECTION, VM_SCALAR_SIZE } from './vmstate.ts';
export type { VmLoadResult, VmStateExtraHooks } from './vmstate.ts';
export { saveSection, loadSection, QEMU_VM_SECTION_FULL, QEMU_VM_SECTION_FOOTER } from './section.ts';
export type { SectionHeader, SectionLoadResult } from './section.ts';
export { vmstateClock } from './clock.vmstate.ts';
export { vmstateI2CSlave } from './i2c-slave.vmstate.ts';
export { dumpVmStateEntry, dumpVmState, formatVmStateDump, formatVmStateDumpFragment } from './dump.ts';
export type { VmStateDump, VmStateDumpEntry, VmStateDumpDescription, VmStateDumpField } from './dump.ts';
export { readMigrationFile } from './migration-file.ts';
export type {
  MigrationFile, MigrationFileError, MigrationFileResult, MigrationFileSection, MigrationParticipant, ReadMigrationFileOptions, SectionEnding,
} from './migration-file.ts';
export { MIGRATION_MACHINE_TYPES, QEMU_VM, QEMU_VM_FILE_MAGIC, QEMU_VM_FILE_VERSION } from './file-format.ts';
export type { MigrationMachineType } from './file-format.ts';
export { describeBody, describedBodySize, formatFileDescription, locateFileDescription } from './file-description.ts';
export type { FileDescription, FileDescriptionBody, FileDescriptionDevice, FileDescriptionField } from './file-description.ts';
export { writeMigrationFile } from './migration-file-writer.ts';
export { loadMigrationFile, migrationParticipants, formatMigrationError } from './migration-load.ts';
export type { MigrationLoadResult, MigratableDevice } from './migration-load.ts';
