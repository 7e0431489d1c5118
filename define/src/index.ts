/**
 * `devgen/define`, the decorators API: a second way to write a device definition, as one
 * TypeScript class that also carries the behaviour (TC39 standard decorators; no
 * `experimentalDecorators`).
 *
 * The generator never runs these decorators: it reads them statically with ts-morph (its
 * decorator front end, generator/src/frontends/decorators/) and lowers them to the same IR as
 * YAML. At run time they are no-ops, so the decorated class is an ordinary object whose methods
 * implement the generated hooks interface (`define<Dev>(new MyDevice())`). This module imports
 * nothing, so a device that runs loads no compiler code.
 *
 * Mapping to format v1 (YAML): every option object has the keys of the matching YAML entry,
 * with kebab-case keys written in camelCase (`resetKeeps` ↔ `reset-keeps`). Class decorators
 * append to a top-level list in source order (`@Region` → `regions:`); member decorators name
 * the entry after the member (`@Register({...}) static DR: Decl` → a register named DR) unless
 * the options give a `name`. Arguments must be literals (numbers, bigints, strings, booleans,
 * arrays, object literals): the generator reads them without executing anything.
 *
 * ```ts
 * import { Device, Field, Region, Register, type Decl } from 'devgen/define';
 *
 * @Device({ name: 'uart', parent: 'sys-bus-device', description: 'A UART.' })
 * @Region({ name: 'uart', size: 0x1000 })
 * export class Uart implements UartHooks {
 *   @Register({ offset: 0x0, hooks: ['write'], description: 'Data register.' })
 *   @Field({ name: 'DATA', bits: '7:0', access: 'RW' })
 *   static DR: Decl;
 *   writeDR(ctx: UartContext, value: number) { ... }
 * }
 * export const uartClass = defineUart(new Uart());
 * ```
 */

/** A number in a definition: a literal integer, a bigint (64-bit values) or a quoted spelling ("0x0900_0000"). */
export type Num = number | bigint | string;

/** Type of a member that only carries a declaration (`@Register(...) static DR: Decl;`). */
export type Decl = undefined;

/** Canonical access semantics (UVM names), as in the IR. */
export type Access =
  | 'RO' | 'RW' | 'WO' | 'W1' | 'WO1' | 'RC' | 'RS'
  | 'W1C' | 'W1S' | 'W1T' | 'W0C' | 'W0S' | 'W0T' | 'WC' | 'WS'
  | 'WRC' | 'WRS' | 'WSRC' | 'WCRS' | 'W1SRC' | 'W1CRS' | 'W0SRC' | 'W0CRS' | 'WOC' | 'WOS';

/** Offset decode rule of a register (see RegisterOptions.decode). */
export type Decode = 'exact' | 'covering';

/** Scalar types of state and properties. */
export type Scalar = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64';

/** `device:` */
export interface DeviceOptions {
  readonly name: string;
  readonly parent: string;
  readonly description?: string;
  /** Behaviour file relative to this file; default: this file (the class carries the behaviour). */
  readonly behavior?: string;
  readonly hooks?: readonly ('realize' | 'pre-reset' | 'reset')[];
  readonly bus?: 'sysbus' | 'i2c' | 'none';
  /** What the device may ask of the machine: `system-reset` gives its behaviour `ctx.requestSystemReset()`. */
  readonly requests?: readonly 'system-reset'[];
}

/** An access-size window (`valid:` / `impl:`). */
export interface AccessWindow { readonly min?: Num; readonly max?: Num; readonly unaligned?: boolean }

/** `regions:` entry. */
export interface RegionOptions {
  readonly name: string;
  readonly size: Num;
  readonly endianness?: 'native' | 'little' | 'big';
  readonly valid?: AccessWindow;
  readonly impl?: AccessWindow;
  readonly exactOffsets?: boolean;
  readonly badOffsetRead?: Num;
  /** Ranges with no register on purpose (reserved in the datasheet); accesses there are bad offsets. */
  readonly reserved?: readonly { readonly offset: Num; readonly size: Num; readonly description?: string }[];
  /** Trace events fired on every guest read / write of the region. */
  readonly trace?: { readonly read?: string; readonly write?: string };
  /** Region hooks: `post-write` runs after every write the region takes, whatever the offset decoded to. */
  readonly hooks?: readonly 'post-write'[];
  readonly description?: string;
}

/** A named field value (`enum:` entry). */
export interface EnumOptions { readonly name: string; readonly value: Num; readonly description?: string }

/** `fields:` entry of a register. */
export interface FieldOptions {
  readonly name: string;
  /** "msb:lsb" or a single bit index. */
  readonly bits: Num;
  readonly access?: Access;
  readonly description?: string;
  readonly enum?: readonly EnumOptions[];
}

/** A reset value computed from properties. */
export interface ValueExpr { readonly expr: string }

/** `registers:` entry; the name defaults to the decorated member's. */
export interface RegisterOptions {
  readonly name?: string;
  readonly region?: string;
  readonly offset: Num;
  readonly width?: Num;
  readonly reset?: Num | readonly Num[] | ValueExpr;
  readonly resetKeeps?: boolean;
  readonly description?: string;
  /** Register array: `count` elements, `stride` bytes apart. */
  readonly array?: { readonly count: Num; readonly stride: Num };
  readonly storage?: string;
  /** `exact`: answers only at its own offset; `covering`: at every byte it covers (default: the block's, else the region's `exactOffsets`). */
  readonly decode?: Decode;
  readonly hooks?: readonly ('read' | 'write' | 'post-write')[];
  readonly access?: Access;
  readonly ignoreWrites?: boolean;
  /** `ignore`: only a write of the whole register at its own offset reaches it (default `apply`). */
  readonly partialWrites?: 'apply' | 'ignore';
  /** Fields may be given here or with stacked `@Field` decorators (not both). */
  readonly fields?: readonly FieldOptions[];
}

/** A register inside a block (always named). */
export interface BlockRegisterOptions extends RegisterOptions { readonly name: string }

/** `blocks:` entry. */
export interface BlockOptions {
  readonly name: string;
  readonly region?: string;
  readonly offset: Num;
  readonly count: Num;
  readonly stride: Num;
  readonly state?: string;
  /** Default decode rule of the block's registers (default: the region's `exactOffsets`). */
  readonly decode?: Decode;
  readonly limit?: { readonly property: string; readonly inclusive?: boolean };
  /** The reset also covers the state records beyond `count` (below the limit), which have no address. */
  readonly resetUnaddressed?: boolean;
  readonly description?: string;
  readonly registers: readonly BlockRegisterOptions[];
}

/** `variants:` entry: a subtype with its own values of constant registers. */
export interface VariantOptions {
  readonly name: string;
  readonly description?: string;
  /** Register name → its value in the variant (a list for a register array). */
  readonly resets: { readonly [register: string]: Num | readonly Num[] };
}

/** `properties:` entry. */
export interface PropertyOptions {
  readonly name: string;
  readonly type: Scalar | 'string' | 'chardev';
  readonly default?: boolean | Num;
  readonly min?: Num;
  readonly max?: Num;
  readonly outOfRange?: 'error' | 'clamp';
  readonly description?: string;
}

/** `gpios:` entry. */
export interface GpioOptions {
  readonly name: string;
  readonly direction: 'in' | 'out';
  readonly count?: Num;
  readonly sysbus?: boolean;
  readonly qemuUnnamed?: boolean;
  readonly lines?: readonly string[];
  readonly description?: string;
}

/** `clocks:` entry. */
export interface ClockOptions { readonly name: string; readonly direction: 'in' | 'out'; readonly description?: string }

/** `chardev:` */
export interface ChardevOptions { readonly property: string; readonly receive?: boolean }

/** `i2c:` (I2C slave callbacks). */
export interface I2cOptions { readonly hooks?: readonly ('event' | 'recv' | 'send')[] }

/**
 * `qemu:` — where the device lives in a QEMU source tree and its C names there, for the
 * qemu-c emitter (paths relative to the QEMU source root).
 */
export interface QemuOptions {
  readonly targets: readonly string[];
  readonly header: string;
  readonly source: string;
  readonly behavior: string;
  readonly behaviorHeader?: string;
  readonly config: string;
  readonly struct: string;
  readonly cast: string;
  readonly prefix: string;
}

/** `buses:` entry. */
export interface BusOptions { readonly name: string; readonly kind: 'i2c'; readonly description?: string }

/** `trace:` entry. */
export interface TraceOptions {
  readonly name: string;
  readonly args?: { readonly [arg: string]: Scalar | 'string' };
  readonly format: string;
}

/** A state field (`state:` entry, or a struct field); the name defaults to the member's. */
export interface StateOptions {
  readonly name?: string;
  readonly type?: Scalar | 'timer' | 'bitbang-i2c';
  readonly struct?: string;
  readonly callback?: string;
  /** Clock a timer runs on: 'virtual' (default) or 'rtc' (the machine's RTC clock, `-rtc clock=`). */
  readonly clock?: 'virtual' | 'rtc';
  /** Child bus (`@Bus`) a bitbang-i2c field drives. */
  readonly bus?: string;
  /** false: instance state, kept but never migrated (bitbang-i2c fields never are). */
  readonly migrate?: boolean;
  readonly length?: Num;
  readonly reset?: boolean | Num;
  readonly description?: string;
}

/** `structs:` entry. */
export interface StructOptions {
  readonly name: string;
  readonly description?: string;
  readonly fields: readonly (StateOptions & { readonly name: string })[];
}

/** A migrated field (`vmstate.fields` entry): exactly one of field, unused, clock, validate, parent. */
export interface VmFieldOptions {
  readonly field?: string;
  readonly unused?: Num;
  readonly clock?: string;
  readonly validate?: string;
  readonly parent?: string;
  readonly name?: string;
  readonly length?: Num | { readonly property: string } | { readonly field: string };
  readonly vmstate?: string;
  readonly since?: Num;
  readonly compat?: { readonly size?: Num };
}

/** `vmstate.subsections` entry. */
export interface VmSubsectionOptions {
  readonly name: string;
  readonly version: Num;
  readonly minimumVersion?: Num;
  readonly needed: { readonly property?: string; readonly nonzero?: string; readonly hook?: string };
  /** Run `vmstatePostLoad<Name>` once this subsection's fields are loaded (QEMU's subsection post_load). */
  readonly postLoad?: boolean;
  readonly fields: readonly VmFieldOptions[];
}

/** `vmstate.structs` entry. */
export interface VmStructOptions {
  readonly name: string;
  readonly struct: string;
  readonly version: Num;
  readonly minimumVersion?: Num;
  readonly fields: readonly VmFieldOptions[];
}

/** `vmstate:`; subsections and structs may also be given with `@VmSubsection` / `@VmStruct`. */
export interface VmstateOptions {
  readonly name: string;
  readonly version: Num;
  readonly minimumVersion?: Num;
  readonly preSave?: boolean;
  readonly postLoad?: boolean;
  readonly fields: readonly VmFieldOptions[];
  readonly subsections?: readonly VmSubsectionOptions[];
  readonly structs?: readonly VmStructOptions[];
}

/** A class decorator that does nothing at run time. */
export type ClassDecl = (value: abstract new (...args: never[]) => unknown, context: ClassDecoratorContext) => void;

/** A field decorator that does nothing at run time. */
export type MemberDecl = (value: undefined, context: ClassFieldDecoratorContext) => void;

const classNoop: ClassDecl = () => undefined;
const memberNoop: MemberDecl = () => undefined;

/** The device itself (`device:`); exactly one class per file carries it. */
export function Device(_options: DeviceOptions): ClassDecl { return classNoop; }
/** An MMIO region (`regions:`), in sysbus MMIO index order. */
export function Region(_options: RegionOptions): ClassDecl { return classNoop; }
/** A qdev property (`properties:`). */
export function Property(_options: PropertyOptions): ClassDecl { return classNoop; }
/** A GPIO / IRQ line group (`gpios:`). */
export function Gpio(_options: GpioOptions): ClassDecl { return classNoop; }
/** A qdev clock (`clocks:`). */
export function Clock(_options: ClockOptions): ClassDecl { return classNoop; }
/** The character back end (`chardev:`). */
export function Chardev(_options: ChardevOptions): ClassDecl { return classNoop; }
/** I2C slave callbacks (`i2c:`). */
export function I2c(_options: I2cOptions): ClassDecl { return classNoop; }
/** A child bus the device creates (`buses:`). */
export function Bus(_options: BusOptions): ClassDecl { return classNoop; }
/** A trace event (`trace:`). */
export function Trace(_options: TraceOptions): ClassDecl { return classNoop; }
/** A record type of struct-array state (`structs:`). */
export function Struct(_options: StructOptions): ClassDecl { return classNoop; }
/** A register block repeated with a stride (`blocks:`). */
export function Block(_options: BlockOptions): ClassDecl { return classNoop; }
/** A variant of the device (`variants:`): a subtype QEMU registers beside it, with its own constant register values. */
export function Variant(_options: VariantOptions): ClassDecl { return classNoop; }
/** The migration description (`vmstate:`). */
export function Vmstate(_options: VmstateOptions): ClassDecl { return classNoop; }
/** A vmstate subsection, appended to `vmstate.subsections`. */
export function VmSubsection(_options: VmSubsectionOptions): ClassDecl { return classNoop; }
/** A struct-element description, appended to `vmstate.structs`. */
export function VmStruct(_options: VmStructOptions): ClassDecl { return classNoop; }
/** The device's placement in QEMU's source tree (`qemu:`). */
export function Qemu(_options: QemuOptions): ClassDecl { return classNoop; }
/** A register (`registers:` entry) named after the member. */
export function Register(_options: RegisterOptions): MemberDecl { return memberNoop; }
/** A bit field of the register declared on the same member, in source order. */
export function Field(_options: FieldOptions): MemberDecl { return memberNoop; }
/** A run-time state field (`state:` entry) named after the member. */
export function State(_options: StateOptions): MemberDecl { return memberNoop; }
