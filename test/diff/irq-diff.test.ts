/**
 * Integer IRQ levels against QEMU 10.0 (see differential-suite.ts): what devices pass on and
 * what they keep of a level other than 0 and 1 (the HPET's uint8_t RTC level, the PICs' edge
 * latch), observed through qtest interceptions.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'irq-', machine: 'pc', minCases: 2, title: 'integer IRQ levels', sharedSamples: false });
