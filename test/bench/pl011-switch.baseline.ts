/**
 * The benchmark's baseline: a pl011 written by hand the way a QEMU device author writes one,
 * a single class with a `switch (offset >> 2)` for reads and writes and the behaviour inline.
 * It implements the same register semantics as the generated pl011 (enough of them for the
 * benchmark's access mix to do the same work on both sides), so the ratio measures the cost of
 * table dispatch and hooks against straight-line code.
 */

import type { IrqLine } from '../../runtime/src/codegen/v1/index.ts';

const INT_RX = 1 << 4;
const INT_TX = 1 << 5;
const IRQ_MASKS = [0x7ff, 0x010, 0x020, 0x040, 0x00f, 0x780];
const ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
/** The transmitted byte, lent to the back end as the generated side lends its own. */
const TX = new Uint8Array(1);

/** Where the baseline sends transmitted bytes and the line break (the generated side's character back end). */
export interface ByteSink {
  writeAll(data: Uint8Array): void;
  setBreak(on: boolean): void;
}

/** Hand-written pl011 with switch dispatch, driving the same kind of IRQ lines as the generated one. */
export class Pl011SwitchBaseline {
  constructor(
    private readonly irqs: readonly IrqLine[],
    private readonly tx: ByteSink,
    /** The same trace points the generated side fires (QEMU's pl011 traces its IRQ state too). */
    private readonly trace: { pl011_irq_state(level: boolean): void },
  ) {}

  flags = 0x90;
  lcr = 0;
  rsr = 0;
  cr = 0x300;
  dmacr = 0;
  intEnabled = 0;
  intLevel = 0;
  readFifo = new Uint32Array(16);
  ilpr = 0;
  ibrd = 0;
  fbrd = 0;
  ifl = 0x12;
  readPos = 0;
  readCount = 0;
  readTrigger = 1;
  guestErrors = 0;

  /** MMIO read of `size` bytes at `offset` (the whole register, as QEMU's 4-byte impl does). */
  read(offset: number, _size: number): number {
    if (offset >= 0xfe0 && offset < 0x1000) return ID[(offset - 0xfe0) >> 2]!;
    switch (offset >> 2) {
      case 0: return this.readDr();
      case 1: return this.rsr;
      case 6: return this.flags;
      case 8: return this.ilpr;
      case 9: return this.ibrd;
      case 10: return this.fbrd;
      case 11: return this.lcr;
      case 12: return this.cr;
      case 13: return this.ifl;
      case 14: return this.intEnabled;
      case 15: return this.intLevel;
      case 16: return this.intLevel & this.intEnabled;
      case 18: return this.dmacr;
      default:
        this.guestErrors++;
        return 0;
    }
  }

  /** MMIO write of `size` bytes at `offset`. */
  write(offset: number, value: number, _size: number): void {
    switch (offset >> 2) {
      case 0: this.writeDr(value); return;
      case 1: this.rsr = 0; return;
      case 6: return;
      case 8: this.ilpr = value; return;
      case 9: this.ibrd = value & 0xffff; return;
      case 10: this.fbrd = value & 0x3f; return;
      case 11: {
        // As QEMU's pl011_write: FEN toggles reset the FIFOs, BRK changes reach the back end
        // (and loop back a break entry), then the register and the read trigger are set.
        if ((this.lcr ^ value) & 0x10) this.resetFifo();
        if ((this.lcr ^ value) & 0x01) {
          const on = (value & 0x01) !== 0;
          this.tx.setBreak(on);
          if (on && this.cr & 0x80) this.pushRx(0x400, this.lcr);
        }
        this.lcr = value;
        this.readTrigger = 1;
        return;
      }
      case 12: {
        this.cr = value;
        if (this.cr & 0x80) this.loopbackModem();
        return;
      }
      case 13: this.ifl = value; return;
      case 14: this.intEnabled = value; this.update(); return;
      case 17: this.intLevel &= ~value; this.update(); return;
      case 18: this.dmacr = value; return;
      default: this.guestErrors++;
    }
  }

  private readDr(): number {
    this.flags &= ~0x40;
    const depth = this.lcr & 0x10 ? 16 : 1;
    const c = this.readFifo[this.readPos]!;
    if (this.readCount > 0) {
      this.readCount--;
      this.readPos = (this.readPos + 1) & (depth - 1);
    }
    if (this.readCount === 0) this.flags |= 0x10;
    if (this.readCount === this.readTrigger - 1) this.intLevel &= ~INT_RX;
    this.rsr = c >>> 8;
    this.update();
    return c;
  }

  private writeDr(value: number): void {
    if ((this.cr & 0x001) === 0) this.guestErrors++;
    if ((this.cr & 0x100) === 0) this.guestErrors++;
    TX[0] = value & 0xff;
    this.tx.writeAll(TX);
    if (this.cr & 0x80) this.pushRx(value & 0xff, this.lcr);
    this.intLevel |= INT_TX;
    this.update();
  }

  /** A loopback entry into the receive FIFO, at the depth `lcr` selects. */
  private pushRx(entry: number, lcr: number): void {
    const depth = lcr & 0x10 ? 16 : 1;
    const slot = (this.readPos + this.readCount) & (depth - 1);
    this.readFifo[slot] = entry;
    this.readCount++;
    this.flags &= ~0x10;
    if (this.readCount === depth) this.flags |= 0x40;
    if (this.readCount === this.readTrigger) {
      this.intLevel |= INT_RX;
      this.update();
    }
  }

  /** Loopback of the modem outputs (CR) into the modem inputs (FR) and their interrupt bits. */
  private loopbackModem(): void {
    let fr = this.flags & ~0x107;
    if (this.cr & 0x2000) fr |= 0x100;
    if (this.cr & 0x1000) fr |= 0x004;
    if (this.cr & 0x800) fr |= 0x001;
    if (this.cr & 0x400) fr |= 0x002;
    this.flags = fr;
    let il = this.intLevel & ~0xf;
    if (fr & 0x002) il |= 0x8;
    if (fr & 0x004) il |= 0x4;
    if (fr & 0x001) il |= 0x2;
    if (fr & 0x100) il |= 0x1;
    this.intLevel = il;
    this.update();
  }

  private resetFifo(): void {
    this.readCount = 0;
    this.readPos = 0;
    this.flags = (this.flags & ~0x60) | 0x90;
  }

  private update(): void {
    const flags = this.intLevel & this.intEnabled;
    this.trace.pl011_irq_state(flags !== 0);
    for (let i = 0; i < 6; i++) this.irqs[i]!.set((flags & IRQ_MASKS[i]!) !== 0);
  }
}
