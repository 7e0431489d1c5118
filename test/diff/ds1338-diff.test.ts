/**
 * The DS1338 RTC on versatilepb's I2C bus (address 0x68) against QEMU 10.0, bit-banged through
 * the versatile_i2c controller (see differential-suite.ts): ACKs, the register pointer, NVRAM,
 * the control register, and — with the RTC clock source fixed on both sides (`# rtc:`, in
 * process only) — the captured date, the pointer wrap and time writes.
 */
import { describeDifferential } from './differential-suite.ts';

describeDifferential({ prefix: 'ds1338-', machine: 'versatilepb', minCases: 6, title: 'versatilepb / ds1338', sharedSamples: false });
