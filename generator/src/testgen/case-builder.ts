/**
 * One conformance case being written: qtest commands against a placed device, each with the
 * answer the definition promises (`# => …` lines, the case format the scaffolds use) and a
 * comment naming the definition line the check comes from. Accesses whose answer the
 * definition does not promise (a read hook answers, a write hook may change anything) are not
 * written at all, so every expectation in a case is one the definition makes.
 */
import type { Span } from '../ir/ir.ts';
import { EXPECT_PREFIX, okValue } from '../scaffold/qtest-case.ts';
import { ExpectedDevice, type Touched } from './expected-device.ts';
import type { PlacedElement, PlacedSpace } from './placed-device.ts';

const READ: Readonly<Record<PlacedSpace, Readonly<Record<number, string>>>> = {
  memory: { 1: 'readb', 2: 'readw', 4: 'readl', 8: 'readq' },
  io: { 1: 'inb', 2: 'inw', 4: 'inl' },
};
const WRITE: Readonly<Record<PlacedSpace, Readonly<Record<number, string>>>> = {
  memory: { 1: 'writeb', 2: 'writew', 4: 'writel', 8: 'writeq' },
  io: { 1: 'outb', 2: 'outw', 4: 'outl' },
};

/** The qtest access sizes of memory. */
export const QTEST_SIZES: readonly number[] = [1, 2, 4, 8];

/** The qtest access sizes of `space`: I/O ports take 1, 2 and 4 bytes (in/out), memory 8 too. */
export const accessSizes = (space: PlacedSpace): readonly number[] => (space === 'io' ? [1, 2, 4] : QTEST_SIZES);

/** qtest's answer to a port read: at least four hex digits, where a memory read gives sixteen. */
const inValue = (v: bigint): string => `OK 0x${v.toString(16).padStart(4, '0')}`;

/** `file:line` of a span. */
export const lineOf = (span: Span): string => `${span.file}:${span.line}`;

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

/** A case in the making: its lines and the number of read checks in it. */
export class CaseBuilder {
  readonly lines: string[] = [];
  /** Read checks (a read with a predicted value). */
  checks = 0;
  /** Writes (each expecting `OK`). */
  writes = 0;

  constructor(readonly model: ExpectedDevice) {}

  private address(offset: number): string {
    return hex(this.model.placed.base + BigInt(offset));
  }

  /** A comment line. */
  note(text: string): void {
    this.lines.push(`# ${text}`);
  }

  /**
   * A read of `size` bytes at `offset` with its predicted answer, when the definition promises
   * one; `why` and `span` make its comment. Returns whether the read was written.
   */
  read(offset: number, size: number, why: string, span: Span): boolean {
    const touched: Touched = { elements: new Set() };
    if (this.model.clone().read(offset, size, touched) === undefined) return false;
    const value = this.model.read(offset, size)!;
    // A read spanning several registers names each, so a failure points at all it depends on.
    const reach = touched.elements.size > 1 ? `; reaches ${[...touched.elements].map((e) => `${e.title} (line ${e.reg.span.line})`).join(', ')}` : '';
    const space = this.model.placed.space;
    const answer = space === 'io' ? inValue(value) : okValue(value);
    this.lines.push(`# ${why}${reach} (${lineOf(span)})`, `${READ[space][size]} ${this.address(offset)}`, `${EXPECT_PREFIX}${answer}`);
    this.checks++;
    return true;
  }

  /**
   * A write of `value` at `offset`, unless it would reach an element whose write hook owns it
   * (or, with `only`, any element besides those). Returns whether it was written.
   */
  write(offset: number, size: number, value: bigint, why: string, span: Span, only?: ReadonlySet<PlacedElement>): boolean {
    const touched: Touched = { elements: new Set() };
    this.model.clone().write(offset, size, value, touched);
    for (const e of touched.elements) if (e.writeHook || (only !== undefined && !only.has(e))) return false;
    this.model.write(offset, size, value);
    this.lines.push(`# ${why} (${lineOf(span)})`, `${WRITE[this.model.placed.space][size]} ${this.address(offset)} ${hex(value)}`, `${EXPECT_PREFIX}OK`);
    this.writes++;
    return true;
  }

  /** Whether a read at `offset` would be answered by a read hook or another unpredicted value. */
  predictable(offset: number, size: number): boolean {
    return this.model.clone().read(offset, size) !== undefined;
  }
}
