/**
 * The versatilepb board and its I2C controller against QEMU 10.0 (see differential-suite.ts):
 * SB_CONTROLS/SB_CONTROLC register semantics and complete bit-banged transactions to addresses
 * nobody answers (the NACK pattern read back on SDA).
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'versatile-', machine: 'versatilepb', minCases: 10, title: 'versatilepb / versatile_i2c', sharedSamples: false });
