/**
 * The cases `devgen testgen` writes from the shipped definitions, generated afresh into
 * test-output/testgen/ (the committed copy in test/testgen/cases is held equal to this output by
 * testgen-cases.test.ts), run on real QEMU 10.0 and on devgen: both must give every answer the
 * definition promises, and the same answers (see test/diff/differential-suite.ts), for every
 * device testgen gives cases (the others are notes, testgen-cases.test.ts). An
 * independent proof that the definitions say what QEMU does, beyond the hand-written cases.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverDefs } from '../../generator/src/pipeline.ts';
import { testgen } from '../../generator/src/testgen/testgen.ts';
import { describeDifferential } from '../diff/differential-suite.ts';

const ROOT = join(import.meta.dirname, '../..');
const casesDir = join(ROOT, 'test-output/testgen/cases');
rmSync(casesDir, { recursive: true, force: true });
mkdirSync(casesDir, { recursive: true });
const result = testgen(ROOT, discoverDefs(ROOT).map((d) => join(ROOT, d)));
if (!result.ok) throw new Error(`testgen failed on the shipped definitions: ${result.diagnostics.map((d) => d.message).join('; ')}`);
for (const c of result.cases) writeFileSync(join(casesDir, c.file), c.content);

describeDifferential({ prefix: 'pl011-', machine: 'versatilepb', minCases: 10, title: 'testgen pl011', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'hpet-', machine: 'pc', minCases: 5, title: 'testgen hpet', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'versatile_i2c-', machine: 'versatilepb', minCases: 2, title: 'testgen versatile_i2c', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'pl031-', machine: 'versatilepb', minCases: 5, title: 'testgen pl031', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'pl061-', machine: 'versatilepb', minCases: 5, title: 'testgen pl061', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'realview_sysctl-', machine: 'versatilepb', minCases: 5, title: 'testgen realview_sysctl', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'versatilepb_sic-', machine: 'versatilepb', minCases: 3, title: 'testgen versatilepb_sic', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'PIIX3-', machine: 'pc', minCases: 1, title: 'testgen PIIX3 (I/O ports)', sharedSamples: false, casesDir, includeShared: false });
describeDifferential({ prefix: 'PIIX4_PM-', machine: 'pc', minCases: 4, title: 'testgen PIIX4_PM (APM ports)', sharedSamples: false, casesDir, includeShared: false });
