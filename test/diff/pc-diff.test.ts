/**
 * The pc board's I/O ports and guest-triggered reset against QEMU 10.0 (see
 * differential-suite.ts): the PICs' ports and ELCRs, the PIIX3 reset control port 0xcf9 and
 * what survives the reset it requests, the PCI configuration index, and ports QEMU leaves
 * unassigned (all ones).
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'pc-', machine: 'pc', minCases: 4, title: 'pc ports and reset', sharedSamples: false });
