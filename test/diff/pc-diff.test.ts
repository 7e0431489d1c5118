/**
 * The pc board's I/O ports, PCI configuration spaces, QOM paths and guest-triggered reset
 * against QEMU 10.0 (see differential-suite.ts): the PICs' ports and ELCRs (their 16/32-bit
 * accesses too), the PIIX3 reset control port 0xcf9 over CONFIG_ADDRESS and what survives the
 * reset it requests, CONFIG_DATA and the functions on bus 0 (reads, write masks, reset), the
 * intercepts on the devices QEMU creates after the PIT, and ports QEMU leaves unassigned.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'pc-', machine: 'pc', minCases: 11, title: 'pc ports, PCI configuration, QOM paths and reset', sharedSamples: false });
