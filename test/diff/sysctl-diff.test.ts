/**
 * The versatilepb system controller against QEMU 10.0 (see differential-suite.ts): its
 * registers and decode, the lock, the guest-triggered machine reset through RESETCTL and what a
 * reset leaves behind, and the CLCD mux output.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'sysctl-', machine: 'versatilepb', minCases: 5, title: 'versatilepb / realview_sysctl', sharedSamples: false });
