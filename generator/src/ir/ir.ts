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
  readonly regions: readonly RegionIR[];
  readonly registers: readonly RegisterIR[];
  readonly properties: readonly PropertyIR[];
  readonly gpios: readonly GpioIR[];
  readonly clocks: readonly ClockIR[];
  readonly chardev: ChardevIR | undefined;
  readonly traceEvents: readonly TraceEventIR[];
  readonly state: readonly StateFieldIR[];
  readonly vmstate: VmStateIR | undefined;
  readonly span: Span;
}

/** Device-level hooks a behaviour may implement. */
export type DeviceHookName = 'realize' | 'reset';

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
  readonly description: string;
  readonly span: Span;
}

/** Register-level hooks the behaviour implements. */
export type RegisterHookName = 'read' | 'write' | 'post-write';

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
  /** State field the register value lives in; undefined when hooks or the reset constant supply it. */
  readonly storage: string | undefined;
  readonly hooks: readonly RegisterHookName[];
  /** Writes to a register without writable bits are dropped silently instead of logged. */
  readonly ignoreWrites: boolean;
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

/** A field of the device's run-time state. */
export interface StateFieldIR {
  readonly kind: 'state-field';
  readonly name: string;
  readonly type: ScalarType;
  /** Array length, or undefined for a scalar. */
  readonly length: number | undefined;
  /** Value set at reset; undefined keeps the value (it is zero at creation). */
  readonly reset: bigint | undefined;
  readonly description: string;
  readonly span: Span;
}

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
  readonly span: Span;
}

/** A subsection with its `needed` condition. */
export interface VmSubsectionIR {
  readonly kind: 'vmsubsection';
  readonly name: string;
  readonly version: number;
  readonly minimumVersion: number;
  readonly needed: VmNeededIR;
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
  | { readonly kind: 'state'; readonly field: string }
  | { readonly kind: 'unused'; readonly size: number }
  | { readonly kind: 'clock'; readonly clock: string };
