/**
 * The byte values and board facts of QEMU 10.0's migration file (migration/savevm.h and the
 * machine types), in one place for the reader, the writer and the tests:
 *
 *   be32 magic "QEVM", be32 version 3,
 *   0x07 configuration: be32 length + machine type name, then its subsections
 *        ("configuration/target-page-bits" when the target's page bits are above its minimum),
 *   sections: 0x01 start / 0x02 part / 0x03 end (iterative parts such as RAM) and 0x04 full
 *        (device state), each closed by 0x7e and its section id again,
 *   0x00 end of stream, then 0x06, be32 length and the JSON description.
 */

/** "QEVM": the first four bytes of every migration stream. */
export const QEMU_VM_FILE_MAGIC = 0x5145564d;
/** The only stream version QEMU 10.0 reads (2 is obsolete). */
export const QEMU_VM_FILE_VERSION = 3;
/** The obsolete stream version QEMU names in its refusal. */
export const QEMU_VM_FILE_VERSION_COMPAT = 2;

/** Section and marker bytes of the stream. */
export const QEMU_VM = {
  EOF: 0x00,
  SECTION_START: 0x01,
  SECTION_PART: 0x02,
  SECTION_END: 0x03,
  SECTION_FULL: 0x04,
  SUBSECTION: 0x05,
  VMDESCRIPTION: 0x06,
  CONFIGURATION: 0x07,
  COMMAND: 0x08,
  SECTION_FOOTER: 0x7e,
} as const;

/** The one migration command a QEMU 10.0 file carries: the switchover announcement (no data). */
export const MIG_CMD_SWITCHOVER_START = 11;

/** What a board is to QEMU's migration: its versioned machine type and its target page size. */
export interface MigrationMachineType {
  /** The name the configuration section carries (QEMU's versioned machine type). */
  readonly machineType: string;
  /** log2 of the target page size. */
  readonly targetPageBits: number;
  /** The target's smallest page bits: the subsection is written only above it. */
  readonly targetPageBitsMin: number;
}

/**
 * Per devgen board, what QEMU 10.0 puts in the configuration section (measured with `migrate`
 * to a file on each: virt is aarch64 with 4 KiB pages over a 1 KiB minimum, pc is x86 with fixed
 * 4 KiB pages, versatilepb is an ARMv5 board running on 1 KiB pages and is not versioned).
 */
export const MIGRATION_MACHINE_TYPES: Readonly<Record<string, MigrationMachineType>> = {
  virt: { machineType: 'virt-10.0', targetPageBits: 12, targetPageBitsMin: 10 },
  pc: { machineType: 'pc-i440fx-10.0', targetPageBits: 12, targetPageBitsMin: 12 },
  versatilepb: { machineType: 'versatilepb', targetPageBits: 10, targetPageBitsMin: 10 },
};

/** The configuration section's own description name and its subsections' names. */
export const CONFIGURATION = {
  name: 'configuration',
  targetPageBits: 'configuration/target-page-bits',
  capabilities: 'configuration/capabilities',
  uuid: 'configuration/uuid',
} as const;

/** The flag bits of a RAM record's be64 address word (migration/ram.h). */
export const RAM_SAVE_FLAG = {
  ZERO: 0x002,
  MEM_SIZE: 0x004,
  PAGE: 0x008,
  EOS: 0x010,
  CONTINUE: 0x020,
  XBZRLE: 0x040,
  HOOK: 0x080,
  MULTIFD_FLUSH: 0x200,
} as const;
