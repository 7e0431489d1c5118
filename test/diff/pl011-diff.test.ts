/** pl011 on virt: our cases and the shared samples, against QEMU 10.0 (see differential-suite.ts). */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'pl011-', machine: 'virt', minCases: 20, title: 'pl011', sharedSamples: true });
