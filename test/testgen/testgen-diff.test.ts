/**
 * The cases `devgen testgen` writes from the shipped definitions (test/testgen/cases, kept equal
 * to its output by testgen-cases.test.ts) run on real QEMU 10.0 and on devgen: both must give
 * every answer the definition promises, and the same answers (see test/diff/differential-suite.ts).
 * An independent proof that the definitions say what QEMU does, beyond the hand-written cases.
 */
import { join } from 'node:path';
import { describeDifferential } from '../diff/differential-suite.ts';

const casesDir = join(import.meta.dirname, 'cases');

describeDifferential({ prefix: 'pl011-', machine: 'versatilepb', minCases: 10, title: 'testgen pl011', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'hpet-', machine: 'pc', minCases: 5, title: 'testgen hpet', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'versatile_i2c-', machine: 'versatilepb', minCases: 2, title: 'testgen versatile_i2c', sharedSamples: false, casesDir, includeShared: false });
