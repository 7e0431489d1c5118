/**
 * The versatilepb secondary interrupt controller against QEMU 10.0 (see differential-suite.ts):
 * its registers and decode, UART3 reaching the primary controller's input 31 through it, and
 * the pass-through of inputs 21-30.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'sic-', machine: 'versatilepb', minCases: 5, title: 'versatilepb / versatilepb_sic', sharedSamples: false });
