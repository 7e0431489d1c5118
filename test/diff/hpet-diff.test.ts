/**
 * HPET on pc against QEMU 10.0 (see differential-suite.ts). QEMU runs stopped, so time stands
 * still there: the cases cover what register accesses do by themselves; timed behaviour is in
 * test/devices/hpet*.test.ts on the devgen clock.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'hpet-', machine: 'pc', minCases: 20, title: 'hpet', sharedSamples: true });
