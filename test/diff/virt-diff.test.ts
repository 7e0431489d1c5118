/**
 * The virt board's QOM paths against QEMU 10.0 (see differential-suite.ts): every
 * /machine/unattached/device[N] QEMU creates and the named children (/machine/virt.flash0,
 * /machine/fw_cfg) answer irq_intercept_in/out as QEMU does, through their GPIO lists.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'virt-', machine: 'virt', minCases: 4, title: 'virt board paths', sharedSamples: false });
