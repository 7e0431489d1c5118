/**
 * What the qtest server needs from a machine. It is deliberately small and structural so the
 * server stays device-agnostic: a memory view of the first CPU's address space, the virtual
 * clock, and QOM path resolution down to a device's GPIO lists. `machine-target.ts` adapts a
 * runtime `Machine` to it; tests can hand-roll one.
 */

/**
 * Observer installed by an interception: hears every level set on the line (not only changes).
 * Levels are QEMU ints, as devices and set_irq_in pass them on.
 */
export type QtestIrqObserver = (level: number) => void;

/**
 * One GPIO list of a device, as QEMU's NamedGPIOList: a name (null = the unnamed list; sysbus
 * IRQs are the list named "sysbus-irq"), a number of inputs and of outputs.
 */
export interface QtestGpioList {
  readonly name: string | null;
  readonly inputCount: number;
  readonly outputCount: number;
  /**
   * Routes input `n` through `observer`: every set of the input still reaches the original
   * handler first, then the observer (QEMU qemu_irq_intercept_in).
   */
  interceptInput(n: number, observer: QtestIrqObserver): void;
  /**
   * Routes output `n` through `observer`: the line keeps driving what it was connected to,
   * then the observer hears the level (QEMU qdev_intercept_gpio_out).
   */
  interceptOutput(n: number, observer: QtestIrqObserver): void;
}

/** A device found at a QOM path. `id` identifies it (same object for the same device). */
export interface QtestDevice {
  readonly id: object;
  readonly gpioLists: readonly QtestGpioList[];
  /** Sets input `n` of list `name` (null = unnamed) to `level` (qtest set_irq_in); false when it does not exist. */
  setInput?(name: string | null, n: number, level: number): boolean;
}

/** Result of resolving a QOM path. */
export type QtestResolved =
  | { readonly kind: 'device'; readonly device: QtestDevice }
  /** Something that exists but is not a device (a container, the machine, a memory region). */
  | { readonly kind: 'object' }
  | undefined;

/** The virtual clock as qtest drives it (see runtime/src/clock). */
export interface QtestClock {
  now(): bigint;
  /** Moves time to `ns` (never backwards), firing due timers; returns the resulting time. */
  setTime(ns: bigint): bigint;
  /** Absolute earliest timer deadline, or -1n when none is armed. */
  nextDeadline(): bigint;
}

/** The machine as the qtest server sees it. */
export interface QtestTarget {
  /** address_space_read on the first CPU's address space: fills `data` from `addr` (wrapping at 2^64). */
  readMemory(addr: bigint, data: Uint8Array): void;
  /** address_space_write on the first CPU's address space. */
  writeMemory(addr: bigint, data: Uint8Array): void;
  /**
   * {@link readMemory} of 1, 2 or 4 bytes at an address whose last byte is below 2^53, as one
   * number composed in target byte order (what readb/readw/readl answer). Optional: the
   * allocation-free path of the common commands; without it they go through readMemory.
   */
  readValue?(addr: number, size: 1 | 2 | 4): number;
  /** {@link writeMemory} of `value`'s low `size` bytes in target byte order; see {@link readValue}. */
  writeValue?(addr: number, size: 1 | 2 | 4, value: number): void;
  readonly clock: QtestClock;
  /** QEMU object_resolve_path: absolute paths, or unique partial paths. */
  resolve(path: string): QtestResolved;
  /** Target byte order (the `endianness` command and tswap of readw/l/q); default little. */
  readonly bigEndian?: boolean;
  /** I/O port space (inb/outb…); absent means an empty space (reads all ones, as on Arm). */
  readPort?(addr: number, size: 1 | 2 | 4): number;
  writePort?(addr: number, size: 1 | 2 | 4, value: number): void;
  /**
   * Carries out what devices asked of the machine during earlier commands (a system reset).
   * The server calls it before each command: QEMU's main loop runs a requested reset after the
   * command that caused it, before it reads the next line.
   */
  runPendingRequests?(): void;
}
