/** PCI: a bus of functions addressed by devfn and each function's configuration space. */
export { PciBus, PciConfigError, type PciFunction } from './pci-bus.ts';
export { PciConfigSpace, PCI_CONFIG_SPACE_SIZE, PCI_DEFAULT_SUBSYSTEM_ID, PCI_DEFAULT_SUBSYSTEM_VENDOR_ID } from './pci-config.ts';
