/**
 * Migration (VMState) support: QEMU-compatible wire format for device state, section framing
 * as savevm writes it, the built-in "clock" description, and the `-dump-vmstate` JSON format.
 */
export { VmStreamWriter, VmStreamReader, VmStreamError } from './stream.ts';
export { saveVmState, loadVmState } from './vmstate.ts';
export type { VmLoadResult } from './vmstate.ts';
export { saveSection, loadSection, QEMU_VM_SECTION_FULL, QEMU_VM_SECTION_FOOTER, QEMU_VM_SUBSECTION } from './section.ts';
export type { SectionHeader } from './section.ts';
export { vmstateClock } from './clock.vmstate.ts';
export { dumpVmStateEntry, dumpVmState, formatVmStateDump } from './dump.ts';
export type { VmStateDumpEntry, VmStateDumpDescription, VmStateDumpField, VmStateDumpFile } from './dump.ts';
