/**
 * Writing a whole migration file as QEMU 10.0 writes it for the devices devgen models (see
 * file-format.ts): header, configuration (machine type, and the target-page-bits subsection
 * when the page bits are above the target's minimum), the switchover announcement QEMU puts
 * before the device state, one full section per participant in order, end of stream, and the
 * JSON description. Board parts devgen does not model are absent: QEMU leaves them at reset.
 * Section ids count from 0 in writing order; QEMU's loader uses them only to match footers.
 */
import { describeBody, formatFileDescription, type FileDescriptionBody, type FileDescriptionDevice } from './file-description.ts';
import { CONFIGURATION, MIG_CMD_SWITCHOVER_START, QEMU_VM, QEMU_VM_FILE_MAGIC, QEMU_VM_FILE_VERSION, type MigrationMachineType } from './file-format.ts';
import type { MigrationParticipant } from './migration-file.ts';
import { saveSection } from './section.ts';
import { VmStreamWriter } from './stream.ts';
import { countedName } from './vmstate.ts';

function configurationBody(machine: MigrationMachineType, withPageBits: boolean, nameLength: number): FileDescriptionBody {
  return {
    vmsd_name: CONFIGURATION.name,
    version: 1,
    fields: [
      { name: 'len', type: 'uint32', size: 4 },
      { name: 'name', type: 'buffer', size: nameLength },
    ],
    ...(withPageBits
      ? { subsections: [{ vmsd_name: CONFIGURATION.targetPageBits, version: 1, fields: [{ name: 'target_page_bits', type: 'uint32', size: 4 }] }] }
      : {}),
  };
}

/**
 * The migration file QEMU 10.0 would write on `machine` if its only migratable parts were
 * `participants` (in QEMU's registration order, numbered as QEMU numbers them).
 */
export function writeMigrationFile(machine: MigrationMachineType, participants: readonly MigrationParticipant[]): Uint8Array {
  const w = new VmStreamWriter();
  w.u32(QEMU_VM_FILE_MAGIC);
  w.u32(QEMU_VM_FILE_VERSION);
  w.u8(QEMU_VM.CONFIGURATION);
  const name = new TextEncoder().encode(machine.machineType);
  w.u32(name.length);
  w.bytes(name);
  const withPageBits = machine.targetPageBits > machine.targetPageBitsMin;
  if (withPageBits) {
    const sub = countedName(CONFIGURATION.targetPageBits, 'subsection name');
    w.u8(QEMU_VM.SUBSECTION);
    w.u8(sub.length);
    w.bytes(sub);
    w.u32(1);
    w.u32(machine.targetPageBits);
  }
  w.u8(QEMU_VM.COMMAND);
  w.u16(MIG_CMD_SWITCHOVER_START);
  w.u16(0);
  const devices: FileDescriptionDevice[] = [];
  participants.forEach((p, sectionId) => {
    w.bytes(saveSection(p.desc, p.ctx, { sectionId, idstr: p.idstr, instanceId: p.instanceId }));
    // Described after the save, as QEMU describes while saving (pre-save hooks have run).
    devices.push({ name: p.idstr, instance_id: p.instanceId, ...describeBody(p.desc, p.ctx) });
  });
  w.u8(QEMU_VM.EOF);
  const json = new TextEncoder().encode(
    formatFileDescription({ configuration: configurationBody(machine, withPageBits, name.length), page_size: 1 << machine.targetPageBits, devices }),
  );
  w.u8(QEMU_VM.VMDESCRIPTION);
  w.u32(json.length);
  w.bytes(json);
  return w.finish();
}
