/**
 * Types of the versioned contract between generated code and the runtime (codegen v1).
 * Generated files import only `devgen/runtime` (runtime/src/codegen/v1/index.ts), which
 * re-exports these shapes; they live in this leaf folder so the runtime's own folders can use
 * them without depending on the entry that re-exports the runtime. Everything here is
 * device-agnostic.
 *
 * Value conventions: accesses of 1, 2 or 4 bytes carry `number` (unsigned 32-bit);
 * 8-byte accesses carry `bigint`. State fields of 64-bit types are `bigint`.
 */

/** A register or access value: number up to 32 bits, bigint for 64-bit accesses. */
export type AccessValue = number | bigint;

import type { BitbangI2cEngine, Timer } from './context.ts';

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
  /** What a bad-offset read returns (unsigned 32-bit; default 0); it is still logged. */
  readonly badOffsetRead?: number;
  /**
   * Address bits the device decodes (QEMU `addr &= mask`; 0 = the address is ignored): every
   * offset is masked before dispatch, so the per-byte calls of an access wider than the region
   * answer as QEMU's device does. Absent: offsets go to the dispatcher unchanged.
   */
  readonly offsetMask?: number;
  /**
   * The register answering every offset no other register has, past the region's end
   * included (QEMU's `addr == 0 ? ... : ...` decode). Absent: those are bad offsets.
   */
  readonly defaultRegister?: string;
  /** Trace events fired for every access, with (offset, value, register name); see device-instance. */
  readonly trace?: { readonly read?: string; readonly write?: string };
}

/**
 * Access semantics of a register as masks (number for registers up to 32 bits, bigint for
 * 64-bit ones) plus the flags for registers without readable or writable bits. The formulas
 * that apply them live in one runtime module (device/register-semantics.ts).
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
 * Behaviour hooks of a register, by method name on the device's hooks object (the names come
 * from the generator's names module; the runtime binds them, it never derives them). Block and
 * array registers receive the element index right after the context.
 * - `read(ctx[, index])` returns the register value (replaces the storage read);
 * - `write(ctx[, index], value[, mask])` replaces the store (64-bit registers get the value
 *   shifted into its lane and `mask` = the written bits);
 * - `postWrite(ctx[, index], oldValue, newValue)` runs after the runtime stored the value with
 *   every mask and access kind applied, so behaviour never re-applies one.
 */
export interface RegisterHookNames<H> {
  readonly read?: HookName<H>;
  readonly write?: HookName<H>;
  readonly postWrite?: HookName<H>;
}

/** A method name of the hooks interface `H` (any string when `H` is erased). */
export type HookName<H> = unknown extends H ? string : Extract<keyof H, string>;

/**
 * One register of a dispatch table, declared once: a plain register, or a register array
 * (`array`: `count` elements `stride` bytes apart, element i resetting to `resets[i]`).
 * `V` is number for registers up to 32 bits and bigint for 64-bit ones (`wide`).
 * Semantics of a generic write to a storage-backed register (old → new):
 *   new = (old & ~writeMask) | (value & writeMask)
 *   new &= ~(value & w1cMask); new |= value & w1sMask; new ^= value & w1tMask
 *   new &= ~(~value & w0cMask); new |= ~value & w0sMask; new ^= ~value & w0tMask
 *   new &= ~wcMask; new |= wsMask
 * A generic read returns `stored & readMask`, then clears `rcMask` and sets `rsMask` bits.
 * A 64-bit register is reached whole by 8-byte accesses and as 32-bit lanes at +0 and +4
 * (other offsets inside it are bad offsets); a generic write then merges only the written lane.
 */
export interface RegisterDescriptor<C, H = unknown, V extends number | bigint = number | bigint> extends RegisterAccessMasks<V> {
  readonly name: string;
  /** Byte offset inside the region, or inside one block element for block registers. */
  readonly offset: number;
  /** Size in bytes (1, 2, 4 or 8). */
  readonly size: number;
  /** A 64-bit register with 32-bit lanes; values and masks are bigint. */
  readonly wide?: boolean;
  readonly reset: V;
  /** Reset value computed from properties (replaces `reset`; evaluated at realize and reset). */
  readonly resetFn?: (ctx: C) => V;
  /** Storage is left alone at reset. */
  readonly resetKeeps?: boolean;
  /**
   * `exact`: the register answers only at its own offset (other bytes it covers are bad
   * offsets); `covering` (default): every byte it covers reaches it, whole and unshifted.
   */
  readonly decode?: 'exact' | 'covering';
  /**
   * `ignore`: only a write of the whole register at its own offset reaches it; narrower or
   * offset writes are dropped silently (QEMU's `if (addr != 0 || len != 4) return`). Absent:
   * every write that lands on the register reaches it with the access's value.
   */
  readonly partialWrites?: 'ignore';
  /**
   * The state field holding the value: a scalar field of `ctx.state`; for a block register, a
   * field of the block's element record; for a register array, an array field whose element
   * i backs element i. Absent: the register has no storage (constant reads, hooks only).
   */
  readonly storage?: string;
  /** Register array: `count` elements `stride` bytes apart; `resets[i]` is element i's reset. */
  readonly array?: { readonly count: number; readonly stride: number; readonly resets?: readonly V[] };
  readonly hooks?: RegisterHookNames<H>;
}

/**
 * Any register descriptor of a table: `wide` tells the two value types apart (a 64-bit
 * register says `wide: true`; a register up to 32 bits omits it or says false).
 */
export type AnyRegisterDescriptor<C, H = unknown> =
  | (RegisterDescriptor<C, H, number> & { readonly wide?: false })
  | (RegisterDescriptor<C, H, bigint> & { readonly wide: true });

/**
 * A block of registers repeated `count` times, `stride` bytes apart from `offset` (declared
 * once, expanded by the runtime). Element i is backed by element i of the struct-array state
 * field `state`. With `limit`, elements at index >= limit(ctx) are unassigned offsets (bad
 * offsets) and are not reset; with `inclusive`, the element at index == limit is reachable too
 * (QEMU hpet's `id > num_timers`) but still not reset.
 */
export interface BlockDescriptor<C, H = unknown> {
  readonly name: string;
  readonly offset: number;
  readonly count: number;
  readonly stride: number;
  readonly state?: string;
  readonly limit?: (ctx: C) => number;
  readonly inclusive?: boolean;
  /**
   * Records of the state array the reset covers (default `count`): more than `count` when the
   * device resets records it has no address for (QEMU's hpet resets all `num_timers` timers, up
   * to 32, but decodes 24 timer blocks). Still only records below `limit` are reset.
   */
  readonly resetCount?: number;
  /** The registers of one element; offsets are relative to the element. */
  readonly registers: readonly AnyRegisterDescriptor<C, H>[];
}

/**
 * Behaviour hooks of a whole region, by method name. `postWrite(ctx, offset, size)` runs after
 * every write the region's handler takes — a register's (after its own hooks), a reserved
 * range's or a bad offset's (after the guest error is logged) — as code after the
 * `switch (offset)` of a QEMU write handler runs whatever the offset. Accesses the bus rejects
 * (sizes outside `valid`) never reach the handler, so they never reach the hook either.
 */
export interface RegionHookNames<H> {
  readonly postWrite?: HookName<H>;
}

/** A region with its registers and blocks, as generated for one device. */
export interface MmioTable<C, H = unknown> {
  readonly region: RegionInfo;
  readonly registers: readonly AnyRegisterDescriptor<C, H>[];
  readonly blocks?: readonly BlockDescriptor<C, H>[];
  /** Region-level hooks (see {@link RegionHookNames}). */
  readonly hooks?: RegionHookNames<H>;
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
export interface GpioInfo<H = unknown> {
  readonly name: string;
  readonly direction: 'in' | 'out';
  readonly count: number;
  readonly sysbus: boolean;
  /** QEMU exposes the group without a name (index space shared with other unnamed groups). */
  readonly qemuUnnamed: boolean;
  readonly lines: readonly string[];
  /** Input groups: the hook called as `hook(ctx, n, level)` when line n is set. */
  readonly hook?: HookName<H>;
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
      /** Fixed count, or the device's own count (QEMU VMSTATE_VARRAY: not in the dump's `num`). */
      readonly length: number | ((ctx: C) => number);
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

/** The clock a state timer runs on: the virtual clock, or the machine's RTC clock (`-rtc clock=`). */
export type TimerClock = 'virtual' | 'rtc';

/** Creates the parts of a state record the runtime owns (timers, I2C engines), while `createState` runs. */
export interface StateFactory {
  /**
   * A timer whose expiry calls hook `callback` as `callback(ctx, index)`, on the virtual clock
   * or, with `clock` 'rtc', on the machine's RTC clock.
   */
  timer(callback: string, index: number, clock?: TimerClock): Timer;
  /** A bit-banged I2C engine driving the device's child bus `bus` (instance state, never migrated). */
  bitbangI2c(bus: string): BitbangI2cEngine;
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
 * A VMState description as generated: like {@link VmStateDescription}, with its hooks named
 * (methods of `H`) instead of bound; the runtime binds them when the device class is defined.
 */
export interface VmStateDescriptor<C, H = unknown> {
  readonly name: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly fields: readonly VmFieldDescriptor<C, H>[];
  readonly subsections: readonly VmSubsectionDescriptor<C, H>[];
  /** `preSave(ctx)`. */
  readonly preSave?: HookName<H>;
  /** `preLoad(ctx)`, before the staged values are applied. */
  readonly preLoad?: HookName<H>;
  /** `postLoad(ctx, versionId)` returns an error message to reject the load, or undefined. */
  readonly postLoad?: HookName<H>;
}

/** A field of a {@link VmStateDescriptor}: a VMState field, with a validate check named, not bound. */
export type VmFieldDescriptor<C, H = unknown> =
  | Exclude<VmField<C>, { readonly kind: 'validate' }>
  | {
      readonly kind: 'validate';
      readonly name: string;
      readonly since: number;
      /** `check(ctx, versionId)` returns an error message to reject the load. */
      readonly check: HookName<H>;
    };

/** A subsection descriptor: sent when its hook (or its property/field test) says so. */
export interface VmSubsectionDescriptor<C, H = unknown> extends VmStateDescriptor<C, H> {
  readonly needed: { readonly hook: HookName<H> } | ((ctx: C) => boolean);
}

/** What a hook is for, so that a missing one is reported with its purpose. */
export type HookKind =
  | 'register-read' | 'register-write' | 'register-post-write' | 'region-post-write'
  | 'device' | 'gpio-in' | 'chardev' | 'timer' | 'i2c' | 'vmstate';

/** One hook the generated type binds: method name, purpose and the definition line it comes from. */
export interface HookInfo {
  readonly name: string;
  readonly kind: HookKind;
  /** `defs/x/x.device.yaml:NN`. */
  readonly source: string;
}

/**
 * Static description of a device type, as generated (QOM TypeInfo + qdev class data).
 * `S` is the state record, `C` the device context type, `H` the hooks interface. Every hook
 * name the runtime calls is in `hooks` and at its use site; the runtime derives no names.
 */
export interface DeviceTypeInfo<S, C, H> {
  readonly name: string;
  readonly parent: string;
  readonly description: string;
  /** Definition file the type was generated from (for messages). */
  readonly source: string;
  readonly properties: readonly PropertyInfo[];
  readonly gpios: readonly GpioInfo<H>[];
  readonly clocks: readonly ClockInfo[];
  /** Property naming the character back end, and the receive hooks if the device takes input. */
  readonly chardev: {
    readonly property: string;
    readonly hooks?: { readonly canReceive: HookName<H>; readonly receive: HookName<H>; readonly event: HookName<H> };
  } | undefined;
  readonly traceEvents: readonly TraceEventInfo[];
  /** A fresh state record (all zero, arrays allocated, struct elements, timers and engines created). */
  readonly createState: (rt: StateFactory) => S;
  /** Applies state-field reset values (registers with storage are reset from the MMIO tables). */
  readonly resetState: (state: S) => void;
  /** MMIO tables in sysbus MMIO index order. */
  readonly mmio: readonly MmioTable<C, H>[];
  /** Migration description, if the device migrates. */
  readonly vmstate: VmStateDescriptor<C, H> | undefined;
  /** Device-level hooks: `realize(ctx)`, `preReset(ctx)` (sees the old state), `reset(ctx)`. */
  readonly deviceHooks: { readonly realize?: HookName<H>; readonly preReset?: HookName<H>; readonly reset?: HookName<H> };
  /** Every hook this type binds, checked all at once when the device class is defined. */
  readonly hooks: readonly HookInfo[];
  /** Bus the device sits on (default sysbus). */
  readonly bus?: 'sysbus' | 'i2c' | 'pci' | 'none';
  /** The PCI function's configuration header and registers (devices on a PCI bus). */
  readonly pci?: PciFunctionInfo;
  /** I2C slave callbacks the behaviour implements; the others answer as QEMU's defaults. */
  readonly i2c?: { readonly event?: HookName<H>; readonly recv?: HookName<H>; readonly send?: HookName<H> };
  /** Child buses the device creates (`ctx.buses[name]`). */
  readonly buses?: readonly { readonly name: string; readonly kind: 'i2c' | 'pci' }[];
  /**
   * What the device may ask of its machine (the definition's `device.requests`):
   * `system-reset` makes `ctx.requestSystemReset()` reach {@link MachineRequests.requestReset}.
   */
  readonly requests?: readonly MachineRequestKind[];
  /**
   * Subtypes registered beside this type (QOM parent: this type) that share its state,
   * behaviour, hooks and migration and answer their own MMIO tables — QEMU's pl011_luminary,
   * whose instance_init only swaps the identification bytes.
   */
  readonly variants?: readonly DeviceVariantInfo<C, H>[];
}

/** A variant of a device type (see {@link DeviceTypeInfo.variants}). */
export interface DeviceVariantInfo<C, H> {
  readonly name: string;
  readonly description: string;
  /** Definition line the variant comes from (for messages). */
  readonly source: string;
  /** The variant's MMIO tables: the type's, with its own constant register values. */
  readonly mmio: readonly MmioTable<C, H>[];
}

/**
 * What a PCI function declares of its configuration space (QEMU's PCIDeviceClass fields and
 * the bytes its realize and reset set): the runtime's PCI core builds the space from it.
 */
export interface PciFunctionInfo {
  readonly vendorId: number;
  readonly deviceId: number;
  readonly revision: number;
  /** Class and subclass (configuration bytes 0x0a-0x0b). */
  readonly classId: number;
  /** Programming interface (byte 0x09). */
  readonly progIf: number;
  /** Status bits the device sets (byte 0x06), e.g. DEVSEL timing. */
  readonly status: number;
  /** Header type without the multi-function bit. */
  readonly headerType: number;
  /** Absent: QEMU's default subsystem IDs (0x1af4 / 0x1100). */
  readonly subsystemVendorId?: number;
  readonly subsystemId?: number;
  readonly interruptPin: number;
  /** Base address registers the function implements (pci_register_bar). */
  readonly bars: readonly { readonly index: number; readonly space: 'io' | 'memory'; readonly size: number }[];
  /** The function's own configuration registers (0x40-0xff) with their reset values, little-endian. */
  readonly registers: readonly { readonly name: string; readonly offset: number; readonly size: number; readonly reset: number; readonly resetKeeps?: boolean }[];
}

/** A request a device may make of its machine (QEMU qemu_system_reset_request for `system-reset`). */
export type MachineRequestKind = 'system-reset';

/**
 * What a machine offers the devices on it beyond time and logging: requests the machine
 * carries out between guest accesses, never inside one (QEMU's main loop runs a requested
 * reset after the vCPU has left the access that asked for it).
 */
export interface MachineRequests {
  /** Asks for a system reset: every device of the machine is reset once the current access has completed. */
  requestReset(): void;
}
