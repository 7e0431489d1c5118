/**
 * A PCI bus as a host bridge's configuration mechanism sees it (QEMU 10.0 hw/pci/pci_host.c,
 * pci_data_read/pci_data_write): functions by device/function number (devfn), configuration
 * accesses addressed like the CONFIG_ADDRESS register (bus number in bits 16-23, devfn in 8-15,
 * register in 0-7). One bus, number 0: another bus number, or a devfn no function answers,
 * reads all ones and drops writes.
 */
import type { PciConfigSpace } from './pci-config.ts';
import { PCI_CONFIG_SPACE_SIZE } from './pci-config.ts';

/** A configuration-mapping mistake (two functions at one devfn, a bad devfn): the board's fault. */
export class PciConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PciConfigError';
  }
}

/** A function on the bus: its configuration space and a name for messages. */
export interface PciFunction {
  readonly name: string;
  readonly config: PciConfigSpace;
}

/** A PCI bus (QEMU PCIBus, bus number 0). */
export class PciBus {
  private readonly functions = new Map<number, PciFunction>();

  /** @param name Bus name (QEMU qbus name, e.g. "pci.0"). */
  constructor(readonly name: string) {}

  /** Puts `fn` at `devfn` (slot << 3 | function); throws PciConfigError when it is taken or out of range. */
  attach(devfn: number, fn: PciFunction): void {
    if (!Number.isInteger(devfn) || devfn < 0 || devfn > 0xff) throw new PciConfigError(`bus ${this.name}: devfn ${devfn} is not 0-255`);
    const other = this.functions.get(devfn);
    if (other !== undefined) throw new PciConfigError(`bus ${this.name}: devfn 0x${devfn.toString(16)} is taken by ${other.name}`);
    this.functions.set(devfn, fn);
  }

  /** The function at `devfn`, if any. */
  function(devfn: number): PciFunction | undefined {
    return this.functions.get(devfn);
  }

  /** pci_data_read: `len` (1-4) bytes of the function `address` selects; all ones when none answers. */
  configRead(address: number, len: number): number {
    const fn = this.find(address);
    if (fn === undefined) return 0xffffffff;
    return fn.config.read(address & (PCI_CONFIG_SPACE_SIZE - 1), len);
  }

  /** pci_data_write: `len` (1-4) bytes to the function `address` selects; dropped when none answers. */
  configWrite(address: number, len: number, value: number): void {
    this.find(address)?.config.write(address & (PCI_CONFIG_SPACE_SIZE - 1), len, value);
  }

  private find(address: number): PciFunction | undefined {
    if (((address >>> 16) & 0xff) !== 0) return undefined;
    return this.functions.get((address >>> 8) & 0xff);
  }
}
