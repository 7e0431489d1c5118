/** Guest-error logging (QEMU LOG_GUEST_ERROR / LOG_UNIMP). */
export { createGuestLog, nullGuestLog } from './guest-log.ts';
export type { GuestLogEntry, GuestLogKind, GuestLogOptions, RecordingGuestLog, RuntimeLog } from './guest-log.ts';
