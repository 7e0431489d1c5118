/**
 * qtest: QEMU's qtest protocol served over any runtime machine, device-agnostic.
 * `QtestSession` answers one line at a time in-process; `runQtestServer` serves a stream.
 */
export { QtestSession } from './qtest-session.ts';
export { runQtestServer } from './qtest-server.ts';
export type { QtestServerOptions } from './qtest-server.ts';
export type { QtestTarget, QtestClock, QtestDevice, QtestGpioList, QtestIrqObserver, QtestResolved } from './qtest-target.ts';
export { parseU64, parseI64, decodeWriteData, decodeB64WriteBuffer, base64Encode } from './qtest-parse.ts';
export { qtestTargetFromMachine } from './machine-target.ts';
export { createGpioStandIn } from './gpio-stand-in.ts';
export type { GpioStandIn, GpioListSpec } from './gpio-stand-in.ts';
export { runQtestStdio } from './qtest-stdio.ts';
export type { QtestStdioOptions } from './qtest-stdio.ts';
export { parseDeviceSpec } from './device-spec.ts';
