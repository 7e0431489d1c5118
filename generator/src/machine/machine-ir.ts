/**
 * The machine IR: a board definition after lowering, with a span on every node so the checks
 * can point at the line that is wrong. Lowering fills the defaults (QOM placement, bus names
 * are still as written; the checks resolve them against the device definitions), and the
 * descriptor emitter turns a checked MachineIR into the runtime's MachineDescriptor data.
 */
import type { Span } from '../ir/ir.ts';
import type { ScalarLiteral } from '../schema/numbers.ts';

/** A board. */
export interface MachineIR {
  readonly kind: 'machine';
  /** Machine name (`-M NAME`). */
  readonly name: string;
  readonly description: string;
  /** Display path of the definition. */
  readonly defFile: string;
  readonly ram: readonly RamIR[];
  /** Parts in creation order. */
  readonly parts: readonly PartIR[];
  readonly wires: readonly WireIR[];
  /** Span of the `machine:` entry. */
  readonly span: Span;
}

/** A RAM region. */
export interface RamIR {
  readonly kind: 'ram';
  readonly name: string;
  readonly base: number;
  readonly size: number;
  readonly span: Span;
}

/** What both kinds of part carry. */
interface PartBaseIR {
  /** QOM type name. */
  readonly type: string;
  readonly typeSpan: Span;
  /** Board-local name (the `name`, else the qdev id), if any. */
  readonly name: string | undefined;
  readonly nameSpan: Span;
  /** QOM path as written or defaulted; may end in "[*]". */
  readonly at: string;
  readonly atSpan: Span;
  readonly description: string;
  /** The serial port (-serial order) without whose back end the part is not created; undefined: always created. */
  readonly withSerial: { readonly index: number; readonly span: Span } | undefined;
  /** Span of the whole entry. */
  readonly span: Span;
}

/** A property value as written, typed later against the device's property. */
export interface PartPropertyIR {
  readonly name: string;
  /** The scalar as YAML read it: boolean, string, or a number still to be checked by the number rules. */
  readonly value: unknown;
  /** Its source text, for the number rules once the property's type is known. */
  readonly literal: ScalarLiteral | undefined;
  readonly keySpan: Span;
  readonly span: Span;
}

/** Where one region of a device part goes. */
export interface PlacementIR {
  /** Base address or first port; null: not mapped. */
  readonly base: number | null;
  /** Subregion priority (0 unless the entry gives one). */
  readonly priority: number;
  readonly span: Span;
}

/** A device part. */
export interface DevicePartIR extends PartBaseIR {
  readonly kind: 'device';
  readonly id: string | undefined;
  readonly properties: readonly PartPropertyIR[];
  /** Base address per sysbus MMIO index; null leaves the index unmapped. */
  readonly mmio: readonly PlacementIR[];
  /** First I/O port per region index (x86 port space); null leaves the index out of it. */
  readonly io: readonly PlacementIR[];
  readonly serial: { readonly index: number; readonly span: Span } | undefined;
  readonly bus: { readonly host: string; readonly hostSpan: Span; readonly name: string | undefined; readonly span: Span } | undefined;
}

/** A stand-in GPIO list. */
export interface StandInGpioIR {
  readonly name: string | null;
  readonly inputs: number;
  readonly outputs: number;
  readonly span: Span;
}

/** A stand-in part. */
export interface StandInPartIR extends PartBaseIR {
  readonly kind: 'stand-in';
  readonly gpios: readonly StandInGpioIR[];
}

/** A board part. */
export type PartIR = DevicePartIR | StandInPartIR;

/** One end of a wire, parsed from "PART.GROUP[FIRST..LAST]". */
export interface EndpointIR {
  readonly part: string;
  /** GPIO group or list name; null when the text names none (a stand-in's unnamed list). */
  readonly group: string | null;
  readonly first: number;
  /** Number of lines (1 for "[N]"). */
  readonly count: number;
  readonly text: string;
  readonly span: Span;
}

/** A wire: `from` outputs to `to` inputs, line by line. */
export interface WireIR {
  readonly kind: 'wire';
  readonly from: EndpointIR;
  readonly to: EndpointIR;
  readonly span: Span;
}
