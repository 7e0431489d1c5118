/**
 * The PIT's I/O ports on pc against QEMU 10.0 (see differential-suite.ts): counter and
 * command ports, latches and read-back, and the speaker port over channel 2, all while QEMU's
 * clock stands still; timed behaviour is in test/devices/pc-pit.test.ts on the devgen clock.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'pit-', machine: 'pc', minCases: 3, title: 'isa-pit ports', sharedSamples: false });
