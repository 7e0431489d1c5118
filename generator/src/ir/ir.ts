/**
 * The device IR: the one contract between front ends (YAML, decorators), semantic checks,
 * lint rules and emitters. Every node is readonly, discriminated by `kind`, and keeps the
 * source span it was lowered from, so any later stage can point back at the definition.
 *
 * Conventions:
 * - register values (reset, masks, enum values) are `bigint` so 64-bit registers are exact;
 *   offsets, sizes and counts are `number`;
 * - names are kept exactly as written in the definition; emitters derive identifiers.
 */

/** A range in a definition file; lines and columns are 1-based, `end*` is exclusive. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

/** Canonical access semantics (UVM names; see shared/reference/register-description-tools.md §2a). */
export type AccessKind =
  | 'RO' | 'RW' | 'WO' | 'W1' | 'WO1'
  | 'RC' | 'RS'
  | 'W1C' | 'W1S' | 'W1T' | 'W0C' | 'W0S' | 'W0T' | 'WC' | 'WS'
  | 'WRC' | 'WRS' | 'WSRC' | 'WCRS' | 'W1SRC' | 'W1CRS' | 'W0SRC' | 'W0CRS'
  | 'WOC' | 'WOS';

/** Every canonical access kind, in table order (used by the schema and by checks). */
export const ACCESS_KINDS: readonly AccessKind[] = [
  'RO', 'RW', 'WO', 'W1', 'WO1', 'RC', 'RS', 'W1C', 'W1S', 'W1T', 'W0C', 'W0S', 'W0T', 'WC', 'WS',
  'WRC', 'WRS', 'WSRC', 'WCRS', 'W1SRC', 'W1CRS', 'W0SRC', 'W0CRS', 'WOC', 'WOS',
];

/** Scalar types of device state and properties. */
export type ScalarType = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64';

/** Property types: scalars plus QEMU's string, chardev and link properties. */
export type PropertyType = ScalarType | 'string' | 'chardev';

/** The whole device: the root node a front end produces. */
export interface DeviceIR {
  readonly kind: 'device';
  /** QOM type name, e.g. "pl011". */
  readonly name: string;
  /** QOM parent type, e.g. "sys-bus-device". */
  readonly parent: string;
  readonly description: string;
  /** Definition file, relative to the project root (posix separators). */
  readonly defFile: string;
  /** Behaviour file beside the definition, relative to the project root, if declared. */
  readonly behaviorFile: string | undefined;
  /** Format version the definition declared (`devgen: 1`). */
  readonly formatVersion: number;
  /** Device-level hooks the behaviour implements (e.g. "reset", "realize"). */
  readonly hooks: readonly DeviceHookName[];
  /** What the device may ask of the machine (`device.requests`), e.g. a guest-triggered system reset. */
  readonly requests: readonly MachineRequestName[];
  readonly regions: readonly RegionIR[];
  readonly registers: readonly RegisterIR[];
  readonly properties: readonly PropertyIR[];
  readonly gpios: readonly GpioIR[];
  readonly clocks: readonly ClockIR[];
  readonly chardev: ChardevIR | undefined;
  readonly traceEvents: readonly TraceEventIR[];
  readonly state: readonly StateFieldIR[];
  /** Record types of struct-array state fields (`structs:`). */
  readonly structs: readonly StructIR[];
  /** Register blocks repeated with a stride, each element backed by a struct element (`blocks:`). */
  readonly blocks: readonly RegisterBlockIR[];
  /** Bus the device sits on: from `device.bus`, else derived from the parent type. */
  readonly bus: DeviceBus;
  /** I2C slave callbacks the behaviour implements (`i2c:`), for devices on an I2C bus. */
  readonly i2c: I2cSlaveIR | undefined;
  /** Child buses the device creates (`buses:`), e.g. the I2C bus an I2C controller masters. */
  readonly buses: readonly BusIR[];
  /** The PCI function's configuration header and registers (`pci:`), for devices on a PCI bus. */
  readonly pci: PciFunctionIR | undefined;
  readonly vmstate: VmStateIR | undefined;
  /** Subtypes registered beside the device that differ only in constant register values (`variants:`). */
  readonly variants: readonly VariantIR[];
  /** Where the device lives in a QEMU source tree (`qemu:`), for the qemu-c emitter. */
  readonly qemu: QemuPlacementIR | undefined;
  readonly span: Span;
}

/**
 * The device's place in QEMU's source tree and the C names other QEMU code knows it by
 * (boards embed the state struct and use the type macro), as the definition states them.
 */
export interface QemuPlacementIR {
  readonly kind: 'qemu';
  /** QEMU targets whose build contains the device (`aarch64-softmmu`). */
  readonly targets: readonly string[];
  /** Public header path in the QEMU tree (`include/hw/char/pl011.h`). */
  readonly header: string;
  /** Device source path in the QEMU tree (`hw/char/pl011.c`). */
  readonly source: string;
  /** Where the hand-written behaviour C lands in the QEMU tree. */
  readonly behavior: string;
  /** Where the hand-written header fragment lands, when the device has one. */
  readonly behaviorHeader: string | undefined;
  /** Kconfig symbol that builds the device (`CONFIG_PL011_C`). */
  readonly config: string;
  /** C type of the state (`PL011State`). */
  readonly struct: string;
  /** QOM cast macro (`PL011`); the type-name macro is `TYPE_<cast>`. */
  readonly cast: string;
  /** Prefix of the device's C functions (`pl011`). */
  readonly prefix: string;
  readonly span: Span;
}

/**
 * A variant of the device: a QOM subtype (parent: the device) with the device's state,
 * behaviour, hooks and migration, whose constant registers may answer other values — QEMU's
 * pl011_luminary, whose instance_init only swaps the identification bytes.
 */
export interface VariantIR {
  readonly kind: 'variant';
  /** QOM type name of the variant. */
  readonly name: string;
  readonly description: string;
  /** The registers whose values differ in this variant. */
  readonly resets: readonly VariantResetIR[];
  readonly span: Span;
}

/** One register's values in a variant. */
export interface VariantResetIR {
  readonly register: string;
  /** As written: one value (for every element), or a list with one value per element. */
  readonly values: readonly bigint[];
  /** Whether the definition gave a list (`[…]`) rather than one value. */
  readonly list: boolean;
  readonly span: Span;
}

/** Bus kinds a device can sit on ("none" = not on a bus the runtime models). */
export type DeviceBus = 'sysbus' | 'i2c' | 'pci' | 'none';

/** I2C slave callbacks (QEMU I2CSlaveClass event/recv/send); missing ones behave as in QEMU. */
export type I2cHookName = 'event' | 'recv' | 'send';

/** The `i2c:` block of an I2C slave. */
export interface I2cSlaveIR {
  readonly kind: 'i2c-slave';
  readonly hooks: readonly I2cHookName[];
  readonly span: Span;
}

/** A child bus the device creates. */
export interface BusIR {
  readonly kind: 'bus';
  readonly name: string;
  readonly busKind: 'i2c' | 'pci';
  readonly description: string;
  readonly span: Span;
}

/**
 * Requests a device may make of the machine it sits on. `system-reset`: the behaviour may call
 * `ctx.requestSystemReset()` (QEMU qemu_system_reset_request), as a reset control register does.
 */
export type MachineRequestName = 'system-reset';

/** Every machine request a definition may declare, in schema order. */
export const MACHINE_REQUESTS: readonly [MachineRequestName, ...MachineRequestName[]] = ['system-reset'];

/** Device-level hooks a behaviour may implement. */
export type DeviceHookName = 'realize' | 'pre-reset' | 'reset';

/** Valid or implemented access-size window of a region (bytes). */
export interface AccessWindowIR {
  readonly min: number;
  readonly max: number;
  readonly unaligned: boolean;
}

/** An MMIO region the device exposes (sysbus MMIO index = position in the list). */
export interface RegionIR {
  readonly kind: 'region';
  readonly name: string;
  readonly size: number;
  readonly endianness: 'native' | 'little' | 'big';
  /** What the bus accepts from a guest (QEMU `.valid`). */
  readonly valid: AccessWindowIR;
  /** What the device implements; the bus widens or splits to it (QEMU `.impl`). */
  readonly impl: AccessWindowIR;
  /** Registers answer only at their own offset (QEMU `switch (offset)`), not at every byte they cover. */
  readonly exactOffsets: boolean;
  /** What a read of a bad offset returns (QEMU devices that return -1); undefined = 0. */
  readonly badOffsetRead: bigint | undefined;
  /**
   * The address bits the device decodes (QEMU `addr &= mask`; 0 = it ignores the address):
   * offsets are masked before decoding, which matters for the calls a widened access makes
   * past the region's end. Undefined: offsets are decoded as they are.
   */
  readonly offsetMask?: number;
  /**
   * The register that answers every offset no other register of the region has, past the
   * region's end included (QEMU's `if (addr == 0) ... else ...` or `switch` `default:`
   * decode): a widened access's calls beyond the last register reach it. Undefined: such
   * offsets are bad offsets.
   */
  readonly defaultRegister?: { readonly name: string; readonly span: Span };
  /**
   * Trace events fired for every guest access to the region (QEMU devices trace each read and
   * write with offset, value and register name); the events take (offset, value, regname).
   */
  readonly trace?: { readonly read: string | undefined; readonly write: string | undefined };
  /** Ranges the definition declares as deliberately empty (reserved in the datasheet). */
  readonly reserved?: readonly ReservedRangeIR[];
  /**
   * Region-level hooks the behaviour implements. `post-write` runs after every write the
   * region's handler takes — a register's, a reserved range's or a bad offset's, after its own
   * handling and logging — like code after the `switch (offset)` of a QEMU write handler.
   */
  readonly hooks: readonly RegionHookName[];
  readonly description: string;
  readonly span: Span;
}

/** Region-level hooks a behaviour may implement (see {@link RegionIR.hooks}). */
export type RegionHookName = 'post-write';

/** A declared hole in a region: no register there, on purpose; guest accesses are bad offsets. */
export interface ReservedRangeIR {
  readonly kind: 'reserved';
  readonly offset: number;
  readonly size: number;
  readonly description: string;
  readonly span: Span;
}

/** Register-level hooks the behaviour implements. */
export type RegisterHookName = 'read' | 'write' | 'post-write';

/** Offset decode rule of one register (see {@link RegisterIR.decode}). */
export type RegisterDecode = 'exact' | 'covering';

/** A register, or an array of registers with a stride. */
export interface RegisterIR {
  readonly kind: 'register';
  readonly name: string;
  /** Region this register belongs to (defaults to the first region). */
  readonly region: string;
  /** Byte offset of the first element inside the region. */
  readonly offset: number;
  /** Width in bits: 8, 16, 32 or 64. */
  readonly width: number;
  /** Reset value of each element (length = array count, or 1). */
  readonly resets: readonly bigint[];
  readonly description: string;
  readonly fields: readonly FieldIR[];
  readonly array: RegisterArrayIR | undefined;
  /**
   * Reset value computed from properties (`reset: {expr}`); when set it replaces `resets`
   * (which then hold 0) and is evaluated by generated code at realize/reset.
   */
  readonly resetExpr: ValueExprIR | undefined;
  /** The register's storage is left alone at reset (`reset-keeps: true`). */
  readonly resetKeeps: boolean;
  /** State field the register value lives in; undefined when hooks or the reset constant supply it. */
  readonly storage: string | undefined;
  /**
   * How offsets inside the register decode: `exact` answers only at the register's own offset
   * (QEMU's `switch (offset)`; other bytes it covers are bad offsets), `covering` answers at
   * every byte it covers (QEMU's `offset >> 2` decode). The region's `exact-offsets` is the
   * default; a register, an array or a block may override it with `decode:`.
   */
  readonly decode: RegisterDecode;
  readonly hooks: readonly RegisterHookName[];
  /** Writes to a register without writable bits are dropped silently instead of logged. */
  readonly ignoreWrites: boolean;
  /**
   * `apply`: a write narrower than the register or inside it reaches it with the access's
   * value (what most QEMU devices do); `ignore`: only a write of the whole register at its own
   * offset does, others are dropped without a log (QEMU's `if (addr != 0 || len != 4) return`).
   */
  readonly partialWrites: 'apply' | 'ignore';
  readonly span: Span;
}

/**
 * A value expression (`{ expr: "..." }`), parsed at generation time: integers, `${property}`
 * references and C-like operators. `text` is the source text as written.
 */
export interface ValueExpressionIR {
  readonly kind: 'expr';
  readonly text: string;
  readonly root: ValueExprNodeIR;
  readonly span: Span;
}

/** Binary operators of value expressions (C precedence). */
export type ValueBinaryOp = '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*';

/** A node of a value expression; spans point into the expression text. */
export type ValueExprNodeIR =
  | { readonly kind: 'int'; readonly value: bigint; readonly span: Span }
  | { readonly kind: 'property'; readonly property: string; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '~' | '-'; readonly operand: ValueExprNodeIR; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: ValueBinaryOp; readonly left: ValueExprNodeIR; readonly right: ValueExprNodeIR; readonly span: Span };

/** Alias kept short for register fields. */
export type ValueExprIR = ValueExpressionIR;

/**
 * A block of registers repeated `count` times with `stride` bytes between elements. Register
 * offsets inside are relative to the element start; their `storage` names a field of the
 * struct the block's `state` array holds.
 */
export interface RegisterBlockIR {
  readonly kind: 'block';
  readonly name: string;
  readonly region: string;
  readonly offset: number;
  readonly count: number;
  readonly stride: number;
  /** Struct-array state field backing the elements, if any. */
  readonly state: string | undefined;
  /** Elements at or beyond the limit behave as unassigned offsets. */
  readonly limit: BlockLimitIR | undefined;
  /**
   * The reset covers every record of the state array below the limit, not only the `count`
   * addressable ones (`reset-unaddressed: true`): records beyond `count` have no address but
   * still take the block registers' reset values, as QEMU's hpet resets all `num_timers` timers
   * (up to 32) while it decodes only 24 timer blocks.
   */
  readonly resetUnaddressed: boolean;
  readonly description: string;
  readonly registers: readonly RegisterIR[];
  readonly span: Span;
}

/** How many elements of a block exist at run time. */
export interface BlockLimitIR {
  /** Property whose value is the limit. */
  readonly property: string;
  /**
   * The element at index == limit is reachable too (QEMU's hpet checks `id > num_timers`);
   * it is still not reset, like every element at or beyond the limit.
   */
  readonly inclusive: boolean;
  readonly span: Span;
}

/** A record type of struct-array state (`structs:`). */
export interface StructIR {
  readonly kind: 'struct';
  readonly name: string;
  readonly description: string;
  readonly fields: readonly StateFieldIR[];
  readonly span: Span;
}

/** Array shape of a register. */
export interface RegisterArrayIR {
  readonly count: number;
  readonly stride: number;
  readonly span: Span;
}

/** A bit field of a register; `lsb..msb` inclusive. */
export interface FieldIR {
  readonly kind: 'field';
  readonly name: string;
  readonly lsb: number;
  readonly msb: number;
  readonly access: AccessKind;
  readonly description: string;
  readonly enums: readonly EnumValueIR[];
  /** True when the front end made this field because the register declared none. */
  readonly implicit: boolean;
  readonly span: Span;
}

/** A named value of a field. */
export interface EnumValueIR {
  readonly kind: 'enum-value';
  readonly name: string;
  readonly value: bigint;
  readonly description: string;
  readonly span: Span;
}

/** A qdev property. */
export interface PropertyIR {
  readonly kind: 'property';
  readonly name: string;
  readonly type: PropertyType;
  /** Default value; undefined for chardev/string properties without one. */
  readonly default: bigint | boolean | string | undefined;
  /** Smallest allowed value (integer properties), if limited. */
  readonly min: bigint | undefined;
  /** Largest allowed value (integer properties), if limited. */
  readonly max: bigint | undefined;
  /**
   * What an out-of-range value does: `error` rejects it when set (QEMU property setters);
   * `clamp` keeps it and clamps at realize (what QEMU devices that clamp in realize do).
   */
  readonly outOfRange: 'error' | 'clamp';
  /** Inherited from the bus parent type (an I2C slave's `address`), not written in the definition. */
  readonly inherited: boolean;
  readonly description: string;
  readonly span: Span;
}

/** A group of GPIO/IRQ lines; `sysbus` outputs are the device's sysbus IRQs. */
export interface GpioIR {
  readonly kind: 'gpio';
  /** Group name (QEMU's named GPIO); for unnamed QEMU lines the definition still names it. */
  readonly name: string;
  readonly direction: 'in' | 'out';
  readonly count: number;
  /** Sysbus IRQ outputs (QEMU sysbus_init_irq) rather than qdev GPIOs. */
  readonly sysbus: boolean;
  /** Whether QEMU exposes the group unnamed (qdev_init_gpio_in/out with a NULL name). */
  readonly qemuUnnamed: boolean;
  /** Optional per-line names (length = count), used for typed accessors. */
  readonly lines: readonly string[];
  readonly description: string;
  readonly span: Span;
}

/** A qdev clock. */
export interface ClockIR {
  readonly kind: 'clock';
  readonly name: string;
  readonly direction: 'in' | 'out';
  readonly description: string;
  readonly span: Span;
}

/** The device's character back end. */
export interface ChardevIR {
  readonly kind: 'chardev';
  /** The property that names the back end. */
  readonly property: string;
  /** Whether the device receives (needs can-receive/receive/event hooks). */
  readonly receive: boolean;
  readonly span: Span;
}

/** A trace event with typed arguments. */
export interface TraceEventIR {
  readonly kind: 'trace-event';
  readonly name: string;
  readonly args: readonly { readonly name: string; readonly type: ScalarType | 'string' }[];
  readonly format: string;
  readonly span: Span;
}

/** Type of a state field: a scalar, a record of a declared struct, or a virtual-clock timer. */
/**
 * `timer`: a virtual-clock timer calling `callback`; `bitbang-i2c`: a bit-banged I2C engine
 * driving the device's child bus `bus` (QEMU's bitbang_i2c_interface). Both are run-time
 * objects the runtime creates; neither is ever migrated as such.
 */
export type StateFieldType = ScalarType | 'struct' | 'timer' | 'bitbang-i2c';

/** A field of the device's run-time state (or of a struct). */
export interface StateFieldIR {
  readonly kind: 'state-field';
  readonly name: string;
  readonly type: StateFieldType;
  /** Struct name when `type` is 'struct'. */
  readonly struct: string | undefined;
  /** Hook called on expiry when `type` is 'timer' (with ctx and the element index). */
  readonly callback: string | undefined;
  /** Clock a 'timer' field runs on (undefined for other fields). */
  readonly timerClock: TimerClockIR | undefined;
  /** Child bus a `bitbang-i2c` field drives (a `buses:` entry of kind i2c). */
  readonly bus: string | undefined;
  /**
   * False for instance state the device keeps but never migrates (`migrate: false` in the
   * definition): lint does not ask for it in the VMState, and the VMState may not name it.
   */
  readonly migrate: boolean;
  /** Array length, or undefined for a scalar. */
  readonly length: number | undefined;
  /** Value set at reset; undefined keeps the value (it is zero at creation). */
  readonly reset: bigint | undefined;
  readonly description: string;
  readonly span: Span;
}

/** The clock a state timer runs on: the machine's virtual clock or its RTC clock (`-rtc clock=`). */
export type TimerClockIR = 'virtual' | 'rtc';

/** A migration description (QEMU VMStateDescription). */
export interface VmStateIR {
  readonly kind: 'vmstate';
  readonly name: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly preSave: boolean;
  readonly postLoad: boolean;
  readonly fields: readonly VmFieldIR[];
  readonly subsections: readonly VmSubsectionIR[];
  /** Named descriptions of struct elements (`vmstate.structs`), used by struct-array fields. */
  readonly structs: readonly VmStructIR[];
  readonly span: Span;
}

/** A nested description over the elements of a struct. */
export interface VmStructIR {
  readonly kind: 'vmstruct';
  readonly name: string;
  /** The struct (from `structs:`) it describes. */
  readonly struct: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly fields: readonly VmFieldIR[];
  readonly span: Span;
}

/** A subsection with its `needed` condition. */
export interface VmSubsectionIR {
  readonly kind: 'vmsubsection';
  readonly name: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly needed: VmNeededIR;
  /** The behaviour runs a hook after this subsection's fields are loaded (QEMU's subsection post_load). */
  readonly postLoad: boolean;
  readonly fields: readonly VmFieldIR[];
  readonly span: Span;
}

/** When a subsection is sent. */
export type VmNeededIR =
  | { readonly kind: 'property'; readonly property: string; readonly span: Span }
  | { readonly kind: 'nonzero'; readonly field: string; readonly span: Span }
  | { readonly kind: 'hook'; readonly hook: string; readonly span: Span };

/** One migrated field. */
export interface VmFieldIR {
  readonly kind: 'vmfield';
  /** Name in the stream description ("unused" for padding). */
  readonly name: string;
  readonly source: VmFieldSourceIR;
  /** First version of the description that carries the field (0 = always). */
  readonly since: number;
  /** C-side facts a TypeScript model cannot know (QEMU's dump records them). */
  readonly compat: { readonly size: number | undefined };
  readonly span: Span;
}

/** What a migrated field is bound to. */
export type VmFieldSourceIR =
  | {
      readonly kind: 'state';
      readonly field: string;
      /** Elements sent of a struct array: fixed, or a property's value (QEMU VARRAY). */
      readonly length: VmLengthIR | undefined;
      /** Name of the `vmstate.structs` description of a struct-array field. */
      readonly vmstate: string | undefined;
    }
  | { readonly kind: 'validate'; readonly hook: string }
  | { readonly kind: 'parent'; readonly parent: string; readonly vmstate: string }
  | { readonly kind: 'unused'; readonly size: number }
  | { readonly kind: 'clock'; readonly clock: string };

/** Number of elements of a migrated struct array. */
export type VmLengthIR =
  | { readonly kind: 'fixed'; readonly count: number; readonly span: Span }
  | { readonly kind: 'property'; readonly property: string; readonly span: Span }
  | { readonly kind: 'field'; readonly field: string; readonly span: Span };

/** A PCI function's configuration space as its definition declares it (`pci:`). */
export interface PciFunctionIR {
  readonly kind: 'pci-function';
  readonly vendorId: number;
  readonly deviceId: number;
  readonly revision: number;
  readonly classId: number;
  readonly progIf: number;
  readonly status: number;
  readonly headerType: number;
  readonly subsystemVendorId: number | undefined;
  readonly subsystemId: number | undefined;
  readonly interruptPin: number;
  readonly bars: readonly { readonly index: number; readonly space: 'io' | 'memory'; readonly size: number; readonly span: Span }[];
  readonly registers: readonly { readonly name: string; readonly offset: number; readonly width: number; readonly reset: number; readonly resetKeeps: boolean; readonly description: string; readonly span: Span }[];
  readonly span: Span;
}
