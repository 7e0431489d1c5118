/**
 * Hand-written behaviour of the PL011 UART, as QEMU 10.0's C model (hw/char/pl011.c) behaves.
 * Everything generic (storage, masks, reset values, ID bytes, bad-offset logs) comes from the
 * generated tables; this file supplies only what the definition marks as hooks: the receive
 * FIFO, the transmit path, loopback, interrupt levels and the migration post-load fix-ups.
 *
 * QEMU quirks reproduced on purpose (each verified against a running QEMU 10.0):
 * - the six lines are recomputed only at the points QEMU does (DR read/write, IMSC/ICR write,
 *   CR write with LBE set, an RX push reaching the trigger level), never at reset;
 * - the loopback push has no overflow check, so `read_count` can exceed the FIFO depth;
 * - an LCR_H write that sets BRK in loopback pushes the break entry using the FIFO depth of the
 *   *old* LCR_H value (QEMU stores the register after acting on it), so FEN|BRK written at once
 *   gives FR = 0xc0;
 * - reading an empty FIFO returns the stale entry at `read_pos` and loads RSR from it.
 */
import type { ChardevEvent } from 'devgen/runtime';
import type { Pl011Context, Pl011Hooks, Pl011State } from '../../generated/pl011/pl011.hooks.ts';
import { definePl011 } from '../../generated/pl011/pl011.qom.ts';
import {
  CR_DTR, CR_LBE, CR_OUT1, CR_OUT2, CR_RTS, CR_TXE, CR_UARTEN, DMACR_RXDMAE, DMACR_TXDMAE, DR_BE, DR_DATA, FBRD_BAUD_DIVFRAC,
  FR_CTS, FR_DCD, FR_DSR, FR_RI, FR_RXFE, FR_RXFF, FR_TXFE, FR_TXFF, IBRD_BAUD_DIVINT, IMSC_BE, IMSC_CTSM, IMSC_DCDM,
  IMSC_DSRM, IMSC_FE, IMSC_OE, IMSC_PE, IMSC_RIM, IMSC_RT, IMSC_RX, IMSC_TX, LCR_H_BRK, LCR_H_FEN,
} from '../../generated/pl011/pl011.registers.ts';

const FR_MODEM = FR_RI | FR_DCD | FR_DSR | FR_CTS;
// RIS, MIS and ICR share IMSC's bit layout: the interrupt bits are named once, on IMSC.
const INT_MODEM = IMSC_RIM | IMSC_CTSM | IMSC_DCDM | IMSC_DSRM;
const INT_ERROR = IMSC_FE | IMSC_PE | IMSC_BE | IMSC_OE;

/** Interrupt bits of the six outputs (UARTINTR, RX, TX, RT, MS, E), in sysbus IRQ order. */
const LINE_MASKS = [INT_MODEM | IMSC_RX | IMSC_TX | IMSC_RT | INT_ERROR, IMSC_RX, IMSC_TX, IMSC_RT, INT_MODEM, INT_ERROR] as const;

/**
 * The byte being transmitted: back ends take the bytes they are lent and copy what they keep
 * (as QEMU's qemu_chr_fe_write_all takes the caller's buffer), so one buffer serves every write.
 */
const txByte = new Uint8Array(1);

/** FIFO depth for a given LCR_H value: 16 with FEN, else 1 (a one-character holding register). */
function depthOf(s: Pl011State, lcr: number): number {
  return (lcr & LCR_H_FEN) !== 0 ? s.read_fifo.length : 1;
}

/** QEMU pl011_update: drives every line from RIS & IMSC, in line order (qtest sees that order). */
function updateLines(ctx: Pl011Context): void {
  const s = ctx.state;
  const flags = (s.int_level & s.int_enabled) >>> 0;
  ctx.trace.pl011_irq_state(flags !== 0);
  const lines = ctx.gpio.irq;
  const masks = LINE_MASKS;
  for (let i = 0; i < lines.length; i++) lines[i]!.set((flags & masks[i]!) !== 0);
}

/** QEMU pl011_reset_rx_fifo: empties the ring without zeroing its slots. */
function resetRxFifo(s: Pl011State): void {
  s.read_count = 0;
  s.read_pos = 0;
  s.flags = ((s.flags & ~FR_RXFF) | FR_RXFE) >>> 0;
}

/** QEMU pl011_reset_tx_fifo: TX is instantaneous, so only the flags exist. */
function resetTxFifo(s: Pl011State): void {
  s.flags = ((s.flags & ~FR_TXFF) | FR_TXFE) >>> 0;
}

/**
 * QEMU pl011_fifo_rx_put. `lcr` selects the depth (callers pass the LCR_H value QEMU would see
 * at that moment). No overflow check, as in QEMU: the chardev path is bounded by can_receive,
 * the loopback path is not.
 */
function fifoPut(ctx: Pl011Context, lcr: number, value: number): void {
  const s = ctx.state;
  const depth = depthOf(s, lcr);
  const slot = (s.read_pos + s.read_count) & (depth - 1);
  s.read_fifo[slot] = value;
  s.read_count++;
  s.flags = (s.flags & ~FR_RXFE) >>> 0;
  ctx.trace.pl011_put_fifo(value, s.read_count);
  if (s.read_count === depth) s.flags = (s.flags | FR_RXFF) >>> 0;
  if (s.read_count === s.read_trigger) {
    s.int_level = (s.int_level | IMSC_RX) >>> 0;
    updateLines(ctx);
  }
}

/** QEMU pl011_loopback_tx: with LBE set, transmitted entries come back into the RX FIFO. */
function loopbackTx(ctx: Pl011Context, lcr: number, value: number): void {
  if ((ctx.state.cr & CR_LBE) === 0) return;
  fifoPut(ctx, lcr, value);
}

/**
 * QEMU pl011_loopback_mdmctrl with LBE set (its callers check): the modem outputs (CR) drive
 * the modem inputs (FR) and their raw interrupt bits, then the lines are updated.
 */
function loopbackModem(ctx: Pl011Context): void {
  const s = ctx.state;
  let fr = s.flags & ~FR_MODEM;
  if (s.cr & CR_OUT2) fr |= FR_RI;
  if (s.cr & CR_OUT1) fr |= FR_DCD;
  if (s.cr & CR_RTS) fr |= FR_CTS;
  if (s.cr & CR_DTR) fr |= FR_DSR;
  s.flags = fr >>> 0;
  let il = s.int_level & ~INT_MODEM;
  if (fr & FR_DSR) il |= IMSC_DSRM;
  if (fr & FR_DCD) il |= IMSC_DCDM;
  if (fr & FR_CTS) il |= IMSC_CTSM;
  if (fr & FR_RI) il |= IMSC_RIM;
  s.int_level = il >>> 0;
  updateLines(ctx);
}

/** The PL011 hooks, one function per `hooks:` entry of defs/pl011/pl011.device.yaml. */
export const pl011Hooks: Pl011Hooks = {
  /** QEMU pl011_read_rxdata: pops one entry (or re-reads the stale one when empty). */
  readDR(ctx) {
    const s = ctx.state;
    s.flags = (s.flags & ~FR_RXFF) >>> 0;
    const entry = s.read_fifo[s.read_pos & (s.read_fifo.length - 1)]!;
    if (s.read_count > 0) {
      s.read_count--;
      s.read_pos = (s.read_pos + 1) & (depthOf(s, s.lcr) - 1);
    }
    if (s.read_count === 0) s.flags = (s.flags | FR_RXFE) >>> 0;
    if (s.read_count === s.read_trigger - 1) s.int_level = (s.int_level & ~IMSC_RX) >>> 0;
    s.rsr = entry >>> 8;
    updateLines(ctx);
    ctx.chardev.acceptInput();
    return entry >>> 0;
  },

  /** QEMU pl011_write_txdata + loopback + RIS.TX: the byte goes out even with UARTEN/TXE clear. */
  writeDR(ctx, value) {
    const s = ctx.state;
    const ch = value & DR_DATA;
    if ((s.cr & CR_UARTEN) === 0) ctx.log.guestError('PL011 data written to disabled UART');
    if ((s.cr & CR_TXE) === 0) ctx.log.guestError('PL011 data written to disabled TX UART');
    txByte[0] = ch;
    ctx.chardev.writeAll(txByte);
    loopbackTx(ctx, s.lcr, ch);
    s.int_level = (s.int_level | IMSC_TX) >>> 0;
    updateLines(ctx);
  },

  /**
   * QEMU acts on the old and new LCR_H before storing it: a FEN change resets both FIFOs, a BRK
   * change sets the line break and, when BRK rises in loopback, pushes a break entry. That push
   * still sees the old FEN (QEMU stores LCR_H afterwards), hence `oldValue` for the depth.
   */
  postWriteLCR_H(ctx, oldValue, newValue) {
    const s = ctx.state;
    const changed = oldValue ^ newValue;
    if (changed & LCR_H_FEN) {
      resetRxFifo(s);
      resetTxFifo(s);
    }
    if (changed & LCR_H_BRK) {
      const on = (newValue & LCR_H_BRK) !== 0;
      ctx.chardev.setBreak(on);
      if (on) loopbackTx(ctx, oldValue, DR_BE);
    }
    // QEMU's pl011_set_read_trigger keeps the trigger at 1 whatever IFLS says.
    s.read_trigger = 1;
  },

  /** Only loopback acts on CR: the write that sets LBE already mirrors the modem bits. Without LBE nothing changes. */
  postWriteCR(ctx) {
    if ((ctx.state.cr & CR_LBE) !== 0) loopbackModem(ctx);
  },

  /** A new mask takes effect on the lines at once. */
  postWriteIMSC(ctx) {
    updateLines(ctx);
  },

  /** MIS is computed, never stored. */
  readMIS(ctx) {
    return (ctx.state.int_level & ctx.state.int_enabled) >>> 0;
  },

  /** Clears every RIS bit set in the written value, whatever its position, then updates. */
  writeICR(ctx, value) {
    ctx.state.int_level = (ctx.state.int_level & ~value) >>> 0;
    updateLines(ctx);
  },

  /** DMACR is stored by the generated code; DMA itself is not modelled. */
  postWriteDMACR(ctx, _oldValue, newValue) {
    if (newValue & (DMACR_RXDMAE | DMACR_TXDMAE)) ctx.log.unimp('pl011: DMA not implemented');
  },

  /** QEMU 10.0: the free FIFO space (0 when loopback overfilled it; QEMU's unsigned maths would go negative). */
  chardevCanReceive(ctx) {
    const s = ctx.state;
    const r = Math.max(0, depthOf(s, s.lcr) - s.read_count);
    ctx.trace.pl011_can_receive(s.lcr, s.read_count, r);
    return r;
  },

  /** In loopback the RX input is disconnected: bytes are consumed and dropped. */
  chardevReceive(ctx, data) {
    if ((ctx.state.cr & CR_LBE) !== 0) return;
    for (const byte of data) fifoPut(ctx, ctx.state.lcr, byte);
  },

  /** A break on the line arrives as a BE entry (RIS.BE is not set); ignored in loopback. */
  chardevEvent(ctx, event: ChardevEvent) {
    if (event !== 'break' || (ctx.state.cr & CR_LBE) !== 0) return;
    fifoPut(ctx, ctx.state.lcr, DR_BE);
  },

  /**
   * QEMU pl011_post_load. Positions are signed in the stream; QEMU compares them as unsigned,
   * so negative values are rejected too. Without FIFO a lone character moves to slot 0, and
   * the baud divisors are masked as a write would mask them.
   */
  vmstatePostLoad(ctx) {
    const s = ctx.state;
    const slots = s.read_fifo.length;
    if (s.read_pos < 0 || s.read_pos >= slots || s.read_count < 0 || s.read_count > slots) {
      return `pl011: bad FIFO state in stream (read_pos ${s.read_pos}, read_count ${s.read_count})`;
    }
    if ((s.lcr & LCR_H_FEN) === 0 && s.read_count > 0 && s.read_pos > 0) {
      s.read_fifo[0] = s.read_fifo[s.read_pos]!;
      s.read_pos = 0;
    }
    s.ibrd = (s.ibrd & IBRD_BAUD_DIVINT) >>> 0;
    s.fbrd = (s.fbrd & FBRD_BAUD_DIVFRAC) >>> 0;
    return undefined;
  },
};

/** The pl011 device class: generated type description bound to the hooks above. */
export const pl011Class = definePl011(pl011Hooks);
