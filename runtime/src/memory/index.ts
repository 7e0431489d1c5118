/** Memory regions, access dispatch and address spaces with QEMU 10.0 memory-core semantics. */
export { createMmioRegion, createRamRegion, RegionConfigError } from './memory-region.ts';
export type { MemoryRegion, MemoryRegionOps, RamRegion } from './memory-region.ts';
export { accessValid, dispatchRead, dispatchWrite, invalidAccessMessage, memoryAccessSize } from './dispatch.ts';
export { AddressSpace, MemoryMapAddressError, MemoryMapOverlapError, createAddressSpace } from './address-space.ts';
export type { AddressSpaceOptions, Endianness, Mapping } from './address-space.ts';
