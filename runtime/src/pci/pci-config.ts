/**
 * A PCI function's configuration space as QEMU 10.0's PCI core keeps it (hw/pci/pci.c): 256
 * bytes with a write mask and a write-1-to-clear mask per byte. The header comes from what the
 * function's definition declares (the PCIDeviceClass fields: IDs, class, revision, status, the
 * interrupt pin, BARs) and its own configuration registers from their reset values; the masks
 * are the core's generic ones (pci_init_wmask, pci_init_w1cmask, pci_register_bar).
 *
 * Writes store what the masks let through, byte by byte (pci_default_write_config); what a
 * device's own config_write does with the new values (remapping memory or ports, routing
 * interrupts) is not modelled. Reads copy bytes (pci_default_read_config).
 */
import type { PciFunctionInfo } from '../contract/types.ts';

/** Size of a conventional PCI configuration space. */
export const PCI_CONFIG_SPACE_SIZE = 0x100;

/** Offsets and bits of the standard header (PCI Local Bus specification; QEMU's pci_regs.h). */
const VENDOR_ID = 0x00;
const DEVICE_ID = 0x02;
const COMMAND = 0x04;
const STATUS = 0x06;
const REVISION_ID = 0x08;
const CLASS_PROG = 0x09;
const CLASS_DEVICE = 0x0a;
const CACHE_LINE_SIZE = 0x0c;
const HEADER_TYPE = 0x0e;
const BASE_ADDRESS_0 = 0x10;
const SUBSYSTEM_VENDOR_ID = 0x2c;
const SUBSYSTEM_ID = 0x2e;
const INTERRUPT_LINE = 0x3c;
const INTERRUPT_PIN = 0x3d;
/** End of the standard header: every byte after it is writable by default (pci_init_wmask). */
const CONFIG_HEADER_SIZE = 0x40;
const HEADER_TYPE_MULTI_FUNCTION = 0x80;
/** I/O, memory, bus master, SERR and INTx disable: the command bits the core lets a guest set. */
const COMMAND_WRITABLE = 0x0001 | 0x0002 | 0x0004 | 0x0100 | 0x0400;
/** Parity, signalled/received target abort, received master abort, SERR, detected parity. */
const STATUS_W1C = 0x0100 | 0x0800 | 0x1000 | 0x2000 | 0x4000 | 0x8000;
const BAR_SPACE_IO = 0x01;

/**
 * The subsystem IDs QEMU's core gives a function whose class names none
 * (pci_set_default_subsystem_id: PCI_SUBVENDOR_ID_REDHAT_QUMRANET, PCI_SUBDEVICE_ID_QEMU).
 */
export const PCI_DEFAULT_SUBSYSTEM_VENDOR_ID = 0x1af4;
export const PCI_DEFAULT_SUBSYSTEM_ID = 0x1100;

/** One function's configuration space. */
export class PciConfigSpace {
  /** The bytes a guest reads. */
  readonly bytes = new Uint8Array(PCI_CONFIG_SPACE_SIZE);
  private readonly wmask = new Uint8Array(PCI_CONFIG_SPACE_SIZE);
  private readonly w1cmask = new Uint8Array(PCI_CONFIG_SPACE_SIZE);

  /** Builds the space of a function described by `info`; `multifunction` sets the header type's bit 7. */
  constructor(private readonly info: PciFunctionInfo, private readonly multifunction: boolean) {
    this.setWord(this.wmask, COMMAND, COMMAND_WRITABLE);
    this.wmask[CACHE_LINE_SIZE] = 0xff;
    this.wmask[INTERRUPT_LINE] = 0xff;
    this.wmask.fill(0xff, CONFIG_HEADER_SIZE);
    this.setWord(this.w1cmask, STATUS, STATUS_W1C);
    for (const bar of info.bars) this.setLong(this.wmask, BASE_ADDRESS_0 + 4 * bar.index, ~(bar.size - 1) >>> 0);
    this.realize();
    this.reset();
  }

  /**
   * A system reset as QEMU's does it to a function: its own reset handler puts the
   * configuration registers the definition declares back to their reset values (except those
   * marked `reset-keeps`, which only realize sets), then the core's pci_do_device_reset clears
   * the writable command bits, the status bits a guest can clear, the interrupt line and cache
   * line size, and puts the BARs back to their type bits. Other bytes keep what they hold.
   */
  reset(): void {
    const b = this.bytes;
    for (const r of this.info.registers) if (r.resetKeeps !== true) this.setRegister(r);
    this.setWord(b, COMMAND, this.word(b, COMMAND) & ~(this.word(this.wmask, COMMAND) | this.word(this.w1cmask, COMMAND)));
    this.setWord(b, STATUS, this.word(b, STATUS) & ~(this.word(this.wmask, STATUS) | this.word(this.w1cmask, STATUS)));
    b[INTERRUPT_LINE] = b[INTERRUPT_LINE]! & ~(this.wmask[INTERRUPT_LINE]! | this.w1cmask[INTERRUPT_LINE]!);
    b[CACHE_LINE_SIZE] = 0;
    for (const bar of this.info.bars) this.setLong(b, BASE_ADDRESS_0 + 4 * bar.index, bar.space === 'io' ? BAR_SPACE_IO : 0);
  }

  /** What realize writes: the identification header from the definition and every configuration register's reset value. */
  private realize(): void {
    const b = this.bytes;
    const i = this.info;
    this.setWord(b, VENDOR_ID, i.vendorId);
    this.setWord(b, DEVICE_ID, i.deviceId);
    this.setWord(b, STATUS, i.status);
    b[REVISION_ID] = i.revision;
    b[CLASS_PROG] = i.progIf;
    this.setWord(b, CLASS_DEVICE, i.classId);
    b[HEADER_TYPE] = i.headerType | (this.multifunction ? HEADER_TYPE_MULTI_FUNCTION : 0);
    this.setWord(b, SUBSYSTEM_VENDOR_ID, i.subsystemVendorId ?? PCI_DEFAULT_SUBSYSTEM_VENDOR_ID);
    this.setWord(b, SUBSYSTEM_ID, i.subsystemId ?? PCI_DEFAULT_SUBSYSTEM_ID);
    b[INTERRUPT_PIN] = i.interruptPin;
    for (const r of i.registers) this.setRegister(r);
  }

  private setRegister(r: PciFunctionInfo['registers'][number]): void {
    for (let k = 0; k < r.size; k++) this.bytes[r.offset + k] = Math.floor(r.reset / 2 ** (8 * k)) & 0xff;
  }

  /** pci_default_read_config: `len` (1-4) bytes at `addr`, little-endian, clamped to the space. */
  read(addr: number, len: number): number {
    let v = 0;
    const n = Math.min(len, PCI_CONFIG_SPACE_SIZE - addr);
    for (let k = 0; k < n; k++) v |= this.bytes[addr + k]! << (8 * k);
    return v >>> 0;
  }

  /** pci_default_write_config: each byte through its write mask, then its write-1-to-clear bits. */
  write(addr: number, len: number, value: number): void {
    const n = Math.min(len, PCI_CONFIG_SPACE_SIZE - addr);
    for (let k = 0; k < n; k++) {
      const a = addr + k;
      const byte = (value >>> (8 * k)) & 0xff;
      const w = this.wmask[a]!;
      this.bytes[a] = ((this.bytes[a]! & ~w) | (byte & w)) & ~(byte & this.w1cmask[a]!);
    }
  }

  private setWord(b: Uint8Array, at: number, v: number): void {
    b[at] = v & 0xff;
    b[at + 1] = (v >>> 8) & 0xff;
  }

  private word(b: Uint8Array, at: number): number {
    return b[at]! | (b[at + 1]! << 8);
  }

  private setLong(b: Uint8Array, at: number, v: number): void {
    for (let k = 0; k < 4; k++) b[at + k] = (v >>> (8 * k)) & 0xff;
  }
}
