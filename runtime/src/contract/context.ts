/**
 * What a device's behaviour code sees at run time (codegen v1): the context the runtime
 * builds for each device instance, and the small service interfaces it hands out.
 * Generated `<device>.hooks.ts` files narrow these with the device's own names.
 */

/**
 * An IRQ/GPIO line. Levels are C ints as in QEMU's qemu_set_irq (true = 1, false = 0); what
 * is set reaches the receiver unchanged. Setting the same level again is a no-op for observers.
 */
export interface IrqLine {
  /** Drives the line to `level` (false/0 = low; any other int is passed on as it is). */
  set(level: boolean | number): void;
  /** Sets level 1. */
  raise(): void;
  /** Sets level 0. */
  lower(): void;
  /** Raise then lower (an edge). */
  pulse(): void;
  /** Whether the line is high (its level is non-zero). */
  readonly level: boolean;
  /** The int level last set (0 after creation). */
  readonly value: number;
}

/** A qdev clock (period in units of 2^-32 ns, as QEMU keeps it). */
export interface Clock {
  /** Period in 2^-32 ns; 0 = clock disabled. */
  period: bigint;
  /** Multiplier/divider applied to the source clock (both 1 unless changed). */
  multiplier: number;
  divider: number;
  /** Frequency in Hz derived from the period (0 when disabled). */
  hz(): number;
}

/** A one-shot timer on the deterministic virtual clock. */
export interface Timer {
  /** Arms the timer at an absolute virtual time in ns (re-arming replaces the deadline). */
  modNs(deadlineNs: bigint): void;
  /** Disarms the timer. */
  del(): void;
  /** Absolute deadline in ns, or -1n when not pending. */
  readonly expireNs: bigint;
  readonly pending: boolean;
}

/** A broken-down date (C struct tm): `mon` 0-11, `year` since 1900, `wday` 0 = Sunday. */
export interface RtcDate {
  readonly sec: number;
  readonly min: number;
  readonly hour: number;
  readonly mday: number;
  readonly mon: number;
  readonly year: number;
  readonly wday: number;
}

/**
 * The machine's real-time clock as RTC devices see it (QEMU's rtc_clock and
 * qemu_get_timedate / qemu_timedate_diff), configured like `-rtc base=…,clock=…`.
 */
export interface RtcClock {
  /** Nanoseconds on the RTC clock (qemu_clock_get_ns(rtc_clock)). */
  now(): bigint;
  /** The guest's date `offsetSeconds` ahead of the reference date (qemu_get_timedate). */
  date(offsetSeconds: number): RtcDate;
  /** Seconds from the host clock's reference date to `date` (qemu_timedate_diff). */
  diff(date: RtcDate): number;
}

/** I2C bus events delivered to a slave (QEMU enum i2c_event: START_RECV, START_SEND, START_SEND_ASYNC, FINISH, NACK). */
export type I2cEvent = 'start-recv' | 'start-send' | 'start-send-async' | 'finish' | 'nack';

/**
 * A bit-banged I2C engine (QEMU bitbang_i2c_interface) driving one of the device's child buses:
 * the device sets SCL and SDA and reads back the SDA level the bus drives.
 */
export interface BitbangI2cEngine {
  /** Sets line `line` to `level`; returns the SDA level seen on the bus afterwards (0 or 1). */
  set(line: 'sda' | 'scl', level: 0 | 1 | boolean): 0 | 1;
}

/** The I2C slave part of a device (QEMU I2CSlave): its 7-bit bus address, migrated as "I2CSlave". */
export interface I2cSlaveState {
  address: number;
}

/** Guest-error and unimplemented-feature logging, like QEMU's qemu_log_mask. */
export interface GuestLog {
  /** LOG_GUEST_ERROR: the guest did something wrong; never throws. */
  guestError(message: string): void;
  /** LOG_UNIMP: the guest used a feature the model does not implement. */
  unimp(message: string): void;
}

/** Events a character back end reports to its front end. */
export type ChardevEvent = 'break' | 'opened' | 'closed';

/** The device side of a character back end (QEMU CharBackend). */
export interface CharBackend {
  /**
   * Writes bytes to the back end, blocking semantics (all bytes are accepted). `data` is lent
   * for the call, as QEMU's qemu_chr_fe_write_all takes the caller's buffer: the device may
   * reuse it afterwards, so a back end that keeps bytes copies them.
   */
  writeAll(data: Uint8Array): void;
  /** Sets or clears a break condition on the line (QEMU CHR_IOCTL_SERIAL_SET_BREAK). */
  setBreak(on: boolean): void;
  /** Tells the back end the front end can take more input now (qemu_chr_fe_accept_input). */
  acceptInput(): void;
  /** Whether a back end is connected at all. */
  readonly connected: boolean;
}

/**
 * The context every hook receives. `S` is the device state record, `P` the property record
 * (camelCase keys). Generated code extends it with typed `lines`, `gpio`, `clocks`, `trace`.
 */
export interface DeviceContext<S, P> {
  readonly state: S;
  readonly props: P;
  /** QOM path of the instance (e.g. "/machine/unattached/device[3]"). */
  readonly path: string;
  readonly log: GuestLog;
  /** Current virtual time in ns. */
  now(): bigint;
  /** Creates a timer that calls `callback` on expiry. */
  createTimer(callback: () => void): Timer;
  /** The machine's RTC clock source (dates and the RTC clock's time). */
  readonly rtc: RtcClock;
  /** Output and input line groups by group name. */
  readonly gpio: Readonly<Record<string, readonly IrqLine[]>>;
  /** Output lines by line name (from the definition's `lines`). */
  readonly lines: Readonly<Record<string, IrqLine>>;
  readonly clocks: Readonly<Record<string, Clock>>;
  /** The character back end; a disconnected null back end when none is set. */
  readonly chardev: CharBackend;
  /** Trace points by event name; cheap no-ops unless tracing is enabled. */
  readonly trace: Readonly<Record<string, (...args: (number | bigint | boolean | string)[]) => void>>;
}
