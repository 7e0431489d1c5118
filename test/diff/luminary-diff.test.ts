/**
 * The Luminary PL011 variant (QOM type pl011_luminary, defined by pl011's `variants:`) on the
 * Stellaris lm3s811evb board against QEMU 10.0 (see differential-suite.ts): its own
 * identification bytes at both UARTs, everything else pl011's. The oracle script does not know
 * this board, so the cases run in process only.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'luminary-', machine: 'lm3s811evb', minCases: 3, title: 'lm3s811evb / pl011_luminary', sharedSamples: false, officialScript: false });
