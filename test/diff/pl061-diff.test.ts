/**
 * The PL061 GPIO controller on virt against QEMU 10.0 (see differential-suite.ts): its
 * registers, the data register's address masking and its interrupt on GIC input 7.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'pl061-', machine: 'virt', minCases: 3, title: 'pl061', sharedSamples: false });
