/**
 * The versatilepb board against QEMU 10.0 (see differential-suite.ts): its QOM paths and GPIO
 * lists, the RTC's interrupt, the system controller's output, and what a guest-triggered reset
 * does to every modelled device.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'versatilepb-', machine: 'versatilepb', minCases: 4, title: 'versatilepb board', sharedSamples: false });
