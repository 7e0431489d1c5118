/**
 * The pc board's I/O ports, PCI configuration spaces, QOM paths and guest-triggered reset
 * against QEMU 10.0 (see differential-suite.ts): the PICs' ports and ELCRs (their 16/32-bit
 * accesses too), the PIIX3 reset control port 0xcf9 over CONFIG_ADDRESS and what survives the
 * reset it requests, system control port A (port92: its byte lanes, its a20 output, the reset
 * that setting bit 0 requests and the bits that survive it), the APM ports 0xb2-0xb3, CONFIG_DATA and the functions on
 * bus 0 (reads, write masks, reset), the intercepts on the devices QEMU creates after the PIT,
 * ports QEMU leaves unassigned and the regions that answer like them (kvmvapic, 0x80, 0xf0).
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'pc-', machine: 'pc', minCases: 15, title: 'pc ports, PCI configuration, QOM paths and reset', sharedSamples: false });
