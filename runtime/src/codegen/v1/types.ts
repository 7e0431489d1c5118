/**
 * Types of the versioned contract between generated code and the runtime (codegen v1).
 * Generated files import only `runtime/src/codegen/v1/index.ts`; this file holds the shapes
 * they fill in. Everything here is device-agnostic.
 *
 * Value conventions: accesses of 1, 2 or 4 bytes carry `number` (unsigned 32-bit);
 * 8-byte accesses carry `bigint`. State fields of 64-bit types are `bigint`.
 */

/** A register or access value: number up to 32 bits, bigint for 64-bit accesses. */
export type AccessValue = number | bigint;

import type { Timer } from './context.ts';

/** Valid or implemented access window of a region (QEMU MemoryRegionOps .valid / .impl). */
export interface AccessWindow {
  readonly min: number;
  readonly max: number;
  readonly unaligned: boolean;
}

/** Static description of an MMIO region. */
export interface RegionInfo {
  readonly name: string;
  readonly size: number;
  readonly endianness: 'native' | 'little' | 'big';
  readonly valid: AccessWindow;
  readonly impl: AccessWindow;
  /** Registers answer only at their own offset (QEMU `switch (offset)`); other bytes they cover are bad offsets. */
  readonly exactOffsets?: boolean;
  /** What a bad-offset read returns (unsigned 32-bit; default 0); it is still logged. */
  readonly badOffsetRead?: number;
  /** Trace events fired for every access, with (offset, value, register name); see device-instance. */
  readonly trace?: { readonly read?: string; readonly write?: string };
}

/**
 * Access semantics of a register as masks (number for registers up to 32 bits, bigint for
 * 64-bit ones) plus the flags for registers without readable or writable bits.
 */
export interface RegisterAccessMasks<V extends number | bigint> {
  readonly readMask: V;
  readonly writeMask: V;
  readonly w1cMask?: V;
  readonly w1sMask?: V;
  readonly w1tMask?: V;
  readonly w0cMask?: V;
  readonly w0sMask?: V;
  readonly w0tMask?: V;
  readonly wcMask?: V;
  readonly wsMask?: V;
  readonly rcMask?: V;
  readonly rsMask?: V;
  /** The register has no readable bits: a read logs a guest error and returns 0. */
  readonly writeOnly?: boolean;
  /** The register has no writable bits and no write hook: writes are dropped (logged unless ignoreWrites). */
  readonly readOnly?: boolean;
  /** Drop writes to a read-only register without a guest-error log. */
  readonly ignoreWrites?: boolean;
}

/**
 * One register (or one element of a register array) in a dispatch table.
 * Masks are 32-bit numbers for registers up to 32 bits wide.
 * Semantics of a generic write to a storage-backed register (old → new):
 *   new = (old & ~writeMask) | (value & writeMask)
 *   new &= ~(value & w1cMask); new |= value & w1sMask; new ^= value & w1tMask
 *   new &= ~(~value & w0cMask); new |= ~value & w0sMask; new ^= ~value & w0tMask
 *   new &= ~wcMask; new |= wsMask
 * A generic read returns `stored & readMask`, then clears `rcMask` and sets `rsMask` bits.
 */
export interface RegisterEntry<C> extends RegisterAccessMasks<number> {
  readonly name: string;
  /** Byte offset inside the region. */
  readonly offset: number;
  /** Size in bytes (1, 2, 4 or 8). */
  readonly size: number;
  /** Not a 64-bit entry (see {@link WideRegisterEntry}). */
  readonly wide?: false;
  readonly reset: number;
  /** Reset value computed from properties (replaces `reset`, evaluated at realize and reset). */
  readonly resetFn?: (ctx: C) => number;
  /** Storage is left alone at reset. */
  readonly resetKeeps?: boolean;
  /** Block element this entry belongs to (see {@link BlockElement}). */
  readonly element?: BlockElement<C>;
  /**
   * Name of the scalar state field holding the value, when `get`/`set` are plain accesses of
   * `ctx.state[storageField]`; lets the runtime's dispatcher access it directly.
   */
  readonly storageField?: string;
  /** Storage accessors (state-backed registers). */
  readonly get?: (ctx: C) => number;
  readonly set?: (ctx: C, value: number) => void;
  /** Behaviour hooks, already bound by the generated table. */
  readonly read?: (ctx: C) => number;
  readonly write?: (ctx: C, value: number) => void;
  readonly postWrite?: (ctx: C, oldValue: number, newValue: number) => void;
}

/**
 * Element `index` of a register block whose element count is decided at realize by
 * `limit(ctx)` (a property): elements at index >= limit are unassigned offsets (bad-offset
 * handling) and are not reset; with `inclusive`, the element at index == limit is reachable
 * too (QEMU hpet's `id > num_timers`) but still not reset.
 */
export interface BlockElement<C> {
  readonly index: number;
  readonly limit?: (ctx: C) => number;
  readonly inclusive?: boolean;
}

/**
 * A 64-bit register (or block element) reached as whole 8-byte accesses and as 32-bit lanes
 * at +0 and +4 (QEMU's `addr & 4` lane decode; other offsets inside are bad offsets). Values
 * and masks are bigint. A read returns `reg >> (lane * 32)`, narrowed by the memory core. A
 * write hook gets the value shifted into its lane and `mask` = the written bits; a generic
 * (storage) write merges only the written lane, then applies the field semantics to it.
 */
export interface WideRegisterEntry<C> extends RegisterAccessMasks<bigint> {
  readonly wide: true;
  readonly name: string;
  readonly offset: number;
  readonly size: 8;
  readonly reset: bigint;
  readonly resetFn?: (ctx: C) => bigint;
  readonly resetKeeps?: boolean;
  readonly element?: BlockElement<C>;
  readonly get?: (ctx: C) => bigint;
  readonly set?: (ctx: C, value: bigint) => void;
  /** Returns the whole 64-bit value; the runtime extracts the lane. */
  readonly read?: (ctx: C) => bigint;
  /** `value` is shifted into its lane; `mask` has the written bits set. */
  readonly write?: (ctx: C, value: bigint, mask: bigint) => void;
  readonly postWrite?: (ctx: C, oldValue: bigint, newValue: bigint) => void;
}

/** Any entry of a dispatch table. */
export type AnyRegisterEntry<C> = RegisterEntry<C> | WideRegisterEntry<C>;

/** A region with its registers, as generated for one device. */
export interface MmioTable<C> {
  readonly region: RegionInfo;
  readonly registers: readonly AnyRegisterEntry<C>[];
}

/** Property descriptor. `key` is the camelCase name on the context's `props`. */
export interface PropertyInfo {
  readonly name: string;
  readonly key: string;
  readonly type: 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'string' | 'chardev';
  readonly default: number | bigint | boolean | string | null;
  /** Allowed range of an integer property. */
  readonly min?: number | bigint;
  readonly max?: number | bigint;
  /** `clamp`: out-of-range values are accepted when set and clamped at realize (default: rejected when set). */
  readonly outOfRange?: 'error' | 'clamp';
}

/** A group of GPIO lines. */
export interface GpioInfo {
  readonly name: string;
  readonly direction: 'in' | 'out';
  readonly count: number;
  readonly sysbus: boolean;
  /** QEMU exposes the group without a name (index space shared with other unnamed groups). */
  readonly qemuUnnamed: boolean;
  readonly lines: readonly string[];
}

/** A clock input or output. */
export interface ClockInfo {
  readonly name: string;
  readonly direction: 'in' | 'out';
}

/** A trace event; `format` uses printf-style conversions. */
export interface TraceEventInfo {
  readonly name: string;
  readonly args: readonly string[];
  readonly format: string;
}

/** Scalar wire types of VMState fields. */
export type VmScalarType = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64';

/** One field of a VMState description. */
export type VmField<C> =
  | {
      readonly kind: 'scalar';
      readonly name: string;
      readonly type: VmScalarType;
      readonly since: number;
      readonly get: (ctx: C) => number | bigint | boolean;
      readonly set: (ctx: C, value: number | bigint | boolean) => void;
    }
  | {
      readonly kind: 'array';
      readonly name: string;
      readonly type: VmScalarType;
      readonly length: number;
      readonly since: number;
      /** The live typed array (or plain array) the elements are read from and written into. */
      readonly get: (ctx: C) => ArrayLike<number | bigint | boolean> & { [i: number]: number | bigint | boolean };
    }
  | { readonly kind: 'unused'; readonly name: string; readonly size: number; readonly since: number }
  | {
      readonly kind: 'struct';
      readonly name: string;
      readonly since: number;
      /** Description of the nested struct (e.g. the runtime's "clock"). */
      readonly struct: VmStateDescription<unknown>;
      /** The object the nested description reads and writes. */
      readonly get: (ctx: C) => unknown;
      /** Size QEMU's dump records for this field (C-side pointer or struct size). */
      readonly compatSize: number | undefined;
    }
  | {
      /** An array of structs, each element saved with `struct` (QEMU VMSTATE_STRUCT_ARRAY / VARRAY). */
      readonly kind: 'struct-array';
      readonly name: string;
      readonly since: number;
      readonly struct: VmStateDescription<unknown>;
      /** The live array of element objects. */
      readonly get: (ctx: C) => readonly unknown[];
      /** A fixed count (QEMU's dump shows `num`), or the count read from the device (VARRAY: no `num`). */
      readonly length: number | ((ctx: C) => number);
      /** C size of one element, as QEMU's dump records it. */
      readonly compatSize: number | undefined;
    }
  | {
      /** A virtual-clock timer: be64 absolute expiry in ns, all ones when not pending (QEMU VMSTATE_TIMER_PTR). */
      readonly kind: 'timer';
      readonly name: string;
      readonly since: number;
      readonly get: (ctx: C) => Timer;
      readonly compatSize: number | undefined;
    }
  | {
      /** A check at this point of a load (QEMU VMSTATE_VALIDATE): no bytes, not in the dump. */
      readonly kind: 'validate';
      readonly name: string;
      readonly since: number;
      /** Returns an error message to reject the load. */
      readonly check: (ctx: C, versionId: number) => string | undefined;
    };

/** Creates the parts of a state record the runtime owns (timers), while `createState` runs. */
export interface StateFactory {
  /** A timer whose expiry calls hook `callback` as `callback(ctx, index)`. */
  timer(callback: string, index: number): Timer;
}

/** A VMState description (QEMU VMStateDescription). */
export interface VmStateDescription<C> {
  readonly name: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly fields: readonly VmField<C>[];
  readonly subsections: readonly VmSubsection<C>[];
  readonly preSave?: (ctx: C) => void;
  /** Runs before the staged values are applied (QEMU pre_load), e.g. to reset defaults. */
  readonly preLoad?: (ctx: C) => void;
  /** Returns an error message to reject the load, or undefined. */
  readonly postLoad?: (ctx: C, versionId: number) => string | undefined;
}

/** A subsection: a description plus the predicate that decides whether it is sent. */
export interface VmSubsection<C> extends VmStateDescription<C> {
  readonly needed: (ctx: C) => boolean;
}

/**
 * Static description of a device type, as generated (QOM TypeInfo + qdev class data).
 * `S` is the state record, `C` the device context type, `H` the hooks interface.
 */
export interface DeviceTypeInfo<S, C, H> {
  readonly name: string;
  readonly parent: string;
  readonly description: string;
  /** Definition file the type was generated from (for messages). */
  readonly source: string;
  readonly properties: readonly PropertyInfo[];
  readonly gpios: readonly GpioInfo[];
  readonly clocks: readonly ClockInfo[];
  /** Property naming the character back end, if the device has one. */
  readonly chardev: { readonly property: string; readonly receive: boolean } | undefined;
  readonly traceEvents: readonly TraceEventInfo[];
  /** A fresh state record (all zero, arrays allocated, struct elements and their timers created). */
  readonly createState: (rt: StateFactory) => S;
  /** Applies state-field reset values (registers with storage are reset from the MMIO tables). */
  readonly resetState: (state: S) => void;
  /** MMIO tables in sysbus MMIO index order, bound to the hooks. */
  readonly mmio: (hooks: H) => readonly MmioTable<C>[];
  /** Migration description bound to the hooks, if the device migrates. */
  readonly vmstate: ((hooks: H) => VmStateDescription<C>) | undefined;
  /** Device-level hook names the behaviour implements (e.g. "reset", "realize"). */
  readonly deviceHooks: readonly ('realize' | 'pre-reset' | 'reset')[];
  /** Hooks timer fields call on expiry (checked by defineDevice). */
  readonly timerCallbacks?: readonly string[];
  /** Bus the device sits on (default sysbus). */
  readonly bus?: 'sysbus' | 'i2c' | 'none';
  /** I2C slave callbacks the behaviour implements (hooks i2cEvent/i2cRecv/i2cSend); others answer as QEMU's defaults. */
  readonly i2cHooks?: readonly ('event' | 'recv' | 'send')[];
  /** Child buses the device creates (`ctx.buses[name]`). */
  readonly buses?: readonly { readonly name: string; readonly kind: 'i2c' }[];
}
