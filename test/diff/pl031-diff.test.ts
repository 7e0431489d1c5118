/**
 * The PL031 RTC on virt against QEMU 10.0 (see differential-suite.ts): IDs, decode and access
 * sizes, LR/MR/IMSC/RIS/MIS/ICR, the match interrupt to GIC input 2, and — with the RTC clock
 * source fixed on both sides (`# rtc: base=…,clock=vm`, in process only) — DR itself.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'pl031-', machine: 'virt', minCases: 9, title: 'virt / pl031', sharedSamples: false });
