/**
 * The one error type the QOM layer throws for user mistakes (unknown type, bad property value,
 * duplicate id, bad path). Callers (CLI, machine builders) catch it and print `message` alone:
 * user input never produces a stack trace.
 */

/** Kinds of QOM user errors, for callers that want to branch without parsing messages. */
export type QomErrorKind =
  | 'unknown-type'
  | 'abstract-type'
  | 'duplicate-type'
  | 'bad-parent'
  | 'unknown-property'
  | 'bad-property-value'
  | 'realized'
  | 'duplicate-id'
  | 'duplicate-path'
  | 'bad-path'
  /** -device: no bus of the kind the device plugs into (QEMU "No 'i2c-bus' bus found"). */
  | 'no-bus'
  /** -device: the bus refused the device (e.g. two I2C slaves at one address). */
  | 'bus-config'
  /** A board description names a part, GPIO line or bus its parts do not have. */
  | 'bad-board';

/** A QOM user error; `message` follows QEMU's wording where QEMU has one. */
export class QomError extends Error {
  /** Machine-readable kind. */
  readonly kind: QomErrorKind;

  constructor(kind: QomErrorKind, message: string) {
    super(message);
    this.name = 'QomError';
    this.kind = kind;
  }
}

/** Whether `e` is a {@link QomError}. */
export function isQomError(e: unknown): e is QomError {
  return e instanceof QomError;
}
