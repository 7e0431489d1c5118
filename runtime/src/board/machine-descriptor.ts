/**
 * A board as data: what `generated/machines/<name>.machine.ts` holds (emitted from
 * `defs/machines/<name>.machine.yaml`) and what the one board interpreter (build-board.ts)
 * builds. Part of the codegen v1 contract: generated descriptors import these types from
 * `runtime/src/codegen/v1`, so changing their meaning is a new version.
 *
 * Every descriptor the generator writes has passed the machine checks against the device
 * definitions (types, properties, MMIO indexes, GPIO groups and ranges, buses, overlaps); the
 * interpreter still refuses an inconsistent descriptor with a {@link QomError}-style message.
 */
import type { PropertyValue } from '../qom/index.ts';

/** One RAM region of the system address space. */
export interface RamDescriptor {
  /** Region name as QEMU's `info mtree` shows it (e.g. "mach-virt.ram"). */
  readonly name: string;
  readonly base: number;
  readonly size: number;
}

/** Shape of one GPIO list of a stand-in (QEMU NamedGPIOList). */
export interface StandInGpioDescriptor {
  /** null for the unnamed list; "sysbus-irq" for sysbus IRQ outputs. */
  readonly name: string | null;
  readonly inputs: number;
  readonly outputs: number;
}

/** What every part has: its QOM type, its board-local name and its QOM placement. */
interface PartBase {
  /** QOM type name. */
  readonly type: string;
  /** Board-local name that wires, buses and `Machine.parts` use; absent for parts nothing refers to. */
  readonly name?: string;
  /**
   * QOM path of the part; a last component ending in "[*]" takes the container's next free
   * index (so /machine/unattached/device[*] numbers parts in board order, as QEMU does).
   */
  readonly at: string;
  /**
   * Serial port index (-serial order) without whose back end the part is not created (QEMU's
   * pc creates an isa-serial only for each -serial given); absent: always created.
   */
  readonly withSerial?: number;
}

/**
 * Where one region of a device goes: its base address (or first I/O port), null to leave it
 * unmapped, or a base with a priority (QEMU's subregion priority: the higher one answers
 * where mappings overlap; a plain base is priority 0).
 */
export type RegionPlacement = number | null | { readonly base: number; readonly priority: number };

/** A device devgen models: created from its registered device class. */
export interface DevicePartDescriptor extends PartBase {
  readonly kind: 'device';
  /** qdev id (QEMU `id=`), when the board gives one. */
  readonly id?: string;
  /** Properties by QEMU name, set before realize (typed: number, bigint for 64-bit, boolean, string). */
  readonly props: Readonly<Record<string, PropertyValue>>;
  /** Base address per sysbus MMIO index (sysbus_mmio_map); null leaves that region unmapped. */
  readonly mmio: readonly RegionPlacement[];
  /** First I/O port per region index in the machine's port space (x86 `in`/`out`); absent or null: not there. */
  readonly io?: readonly RegionPlacement[];
  /** Serial port `index` (-serial order) becomes the back end of chardev property `property`. */
  readonly serial?: { readonly index: number; readonly property: string };
  /** The child bus of an earlier part this device sits on (e.g. an I2C slave on a controller's bus). */
  readonly bus?: { readonly host: string; readonly name: string };
}

/** A part devgen does not model, present so qtest finds its QOM path and GPIO lists. */
export interface StandInPartDescriptor extends PartBase {
  readonly kind: 'stand-in';
  readonly gpios: readonly StandInGpioDescriptor[];
}

/** A board part, in creation order. */
export type PartDescriptor = DevicePartDescriptor | StandInPartDescriptor;

/** One end of a wire: line `index` of GPIO group `group` of part `part`. */
export interface EndpointDescriptor {
  /** Board-local part name. */
  readonly part: string;
  /** Device: its GPIO group name; stand-in: its list name, null for the unnamed list. */
  readonly group: string | null;
  readonly index: number;
}

/**
 * `count` consecutive lines from output `from` to input `to`. An output wired to several
 * inputs drives them in the order of the board's wires.
 */
export interface WireDescriptor {
  readonly from: EndpointDescriptor;
  readonly to: EndpointDescriptor;
  readonly count: number;
}

/** A whole board. */
export interface MachineDescriptor {
  /** Machine name (`-M NAME`). */
  readonly name: string;
  readonly description: string;
  /** The definition it was generated from (file:line), for messages. */
  readonly source: string;
  readonly ram: readonly RamDescriptor[];
  readonly parts: readonly PartDescriptor[];
  readonly wires: readonly WireDescriptor[];
}
