/**
 * What the importer keeps of one SVD peripheral, in devgen's terms: registers (single, or
 * arrays of the format), blocks (from dim clusters), fields with canonical access kinds and
 * enums, and interrupt lines. Every item carries the span of the SVD element it comes from (or
 * of the patch line that made it), which the YAML writer records as provenance.
 */
import type { Span } from '../ir/ir.ts';
import type { AccessKind } from '../ir/ir.ts';

/** An enum value of a field. */
export interface SvdEnumValue {
  readonly name: string;
  readonly value: bigint;
  readonly description?: string;
  readonly span: Span;
}

/** A field, bits lsb..msb. */
export interface SvdField {
  readonly name: string;
  readonly lsb: number;
  readonly msb: number;
  readonly access: AccessKind;
  readonly description?: string;
  readonly enums: readonly SvdEnumValue[];
  readonly span: Span;
}

/** A register; `array` when it is a dim array the format keeps as an array. */
export interface SvdRegister {
  readonly name: string;
  readonly offset: number;
  readonly width: number;
  /** One reset per element (one for a single register). */
  readonly resets: readonly bigint[];
  /** Access of a register without fields. */
  readonly access?: AccessKind;
  readonly description?: string;
  readonly fields: readonly SvdField[];
  readonly array?: { readonly count: number; readonly stride: number };
  readonly span: Span;
}

/** A repeated group of registers (an SVD cluster with dim). */
export interface SvdBlock {
  readonly name: string;
  readonly offset: number;
  readonly count: number;
  readonly stride: number;
  readonly description?: string;
  readonly registers: readonly SvdRegister[];
  readonly span: Span;
}

/** An interrupt line of the peripheral. */
export interface SvdInterrupt {
  readonly name: string;
  /** The interrupt number the SVD gives (its input on the interrupt controller). */
  readonly value: number;
  readonly description?: string;
  readonly span: Span;
}

/** One peripheral as the importer turns it into a definition. */
export interface SvdPeripheral {
  readonly name: string;
  readonly baseAddress: bigint;
  readonly description?: string;
  /** Bytes the register file spans (the address blocks, else the registers). */
  readonly size: number;
  readonly registers: readonly SvdRegister[];
  readonly blocks: readonly SvdBlock[];
  readonly interrupts: readonly SvdInterrupt[];
  readonly span: Span;
  /** The SVD file the peripheral was read from. */
  readonly svdFile: string;
}
