/**
 * A bit-banged I2C engine: turns SCL/SDA level changes made by a guest (through a GPIO-style
 * controller such as the Versatile SBCon) into operations on an {@link I2cBus}, with the
 * state machine of QEMU 10.0's hw/i2c/bitbang_i2c.c, and answers the SDA level the guest
 * reads back (the master's level wired-AND with what the slaves drive).
 *
 * Facts of QEMU's engine reproduced here (learned from its source; verified on versatilepb):
 * - SDA falling while SCL is high is START (also a repeated start: the open transfer is not
 *   ended); SDA rising while SCL is high is STOP. SDA changes while SCL is low are data.
 * - Bits are sampled on SCL rising edges; on every SCL falling edge the engine releases SDA.
 * - After 8 address/data bits, the 9th rising edge is the ACK slot: the address byte starts a
 *   transfer (bit 0 = read), later bytes are sent. The engine pulls SDA low for an ACK; on a
 *   NACK it releases SDA, ends the transfer (FINISH) and goes idle until the next START.
 * - In a read, each byte is fetched from the slave on the first bit's rising edge and shifted
 *   out MSB first; the 9th rising edge samples the master's ACK: low continues, high NACKs
 *   (the slave gets the NACK event) and the engine ignores clocks until START or STOP.
 * - The level returned by a call is the engine's own SDA output AND the master's SDA level;
 *   a call that changes nothing re-reports the engine's current output.
 */
import type { BitbangI2cEngine } from '../contract/context.ts';
import type { I2cBus } from './i2c-bus.ts';

/** Engine states (QEMU bitbang_i2c_state, same order). */
export const BitbangState = {
  STOPPED: 0,
  SENDING_BIT7: 1,
  SENDING_BIT0: 8,
  WAITING_FOR_ACK: 9,
  RECEIVING_BIT7: 10,
  RECEIVING_BIT0: 17,
  SENDING_ACK: 18,
  SENT_NACK: 19,
} as const;

const NAMES = [
  'STOPPED',
  'SENDING_BIT7 (START)', 'SENDING_BIT6', 'SENDING_BIT5', 'SENDING_BIT4', 'SENDING_BIT3', 'SENDING_BIT2', 'SENDING_BIT1', 'SENDING_BIT0',
  'WAITING_FOR_ACK',
  'RECEIVING_BIT7 (ACK)', 'RECEIVING_BIT6', 'RECEIVING_BIT5', 'RECEIVING_BIT4', 'RECEIVING_BIT3', 'RECEIVING_BIT2', 'RECEIVING_BIT1', 'RECEIVING_BIT0',
  'SENDING_ACK',
  'SENT_NACK',
] as const;

/** The two lines (QEMU BITBANG_I2C_SDA = 0, BITBANG_I2C_SCL = 1). */
export type BitbangLine = 'sda' | 'scl';

/** A line level: 0/1 or a boolean. */
export type LineLevel = 0 | 1 | boolean;

/** Snapshot of the engine (for tests and debugging). */
export interface BitbangSnapshot {
  readonly state: number;
  readonly stateName: string;
  readonly lastData: number;
  readonly lastClock: number;
  readonly deviceOut: number;
  readonly buffer: number;
  /** Address byte of the open transfer (address << 1 | read), or -1 before the address ACK. */
  readonly currentAddr: number;
}

/** A bit-banged I2C master interface on `bus` (QEMU bitbang_i2c_interface); what `StateFactory.bitbangI2c` hands out. */
export class BitbangI2c implements BitbangI2cEngine {
  readonly bus: I2cBus;
  private state: number = BitbangState.STOPPED;
  private lastData = 1;
  private lastClock = 1;
  private deviceOut = 1;
  private buffer = 0;
  private currentAddr = -1;

  constructor(bus: I2cBus) {
    this.bus = bus;
  }

  /** Current engine state. */
  snapshot(): BitbangSnapshot {
    return {
      state: this.state,
      stateName: NAMES[this.state]!,
      lastData: this.lastData,
      lastClock: this.lastClock,
      deviceOut: this.deviceOut,
      buffer: this.buffer,
      currentAddr: this.currentAddr,
    };
  }

  /**
   * Sets `line` to `level`; returns the SDA level the master now sees (0 or 1).
   * Throws a RangeError for a level other than 0, 1 or a boolean (QEMU aborts).
   */
  set(line: BitbangLine, level: LineLevel): 0 | 1 {
    const l = level === true ? 1 : level === false ? 0 : level;
    if (l !== 0 && l !== 1) throw new RangeError(`bitbang I2C: bad level ${String(level)} for ${line}`);
    return line === 'sda' ? this.setData(l) : this.setClock(l);
  }

  /** Drives the engine's own SDA output and reports the wired-AND level. */
  private ret(level: number): 0 | 1 {
    this.deviceOut = level;
    return (level & this.lastData) as 0 | 1;
  }

  private enterStop(): void {
    if (this.currentAddr >= 0) this.bus.endTransfer();
    this.currentAddr = -1;
    this.state = BitbangState.STOPPED;
  }

  private setData(level: 0 | 1): 0 | 1 {
    if (level === this.lastData) return this.ret(this.deviceOut);
    this.lastData = level;
    if (this.lastClock === 0) return this.ret(this.deviceOut);
    if (level === 0) {
      // START (or repeated START): the next 8 bits are an address byte.
      this.state = BitbangState.SENDING_BIT7;
      this.currentAddr = -1;
    } else {
      this.enterStop();
    }
    return this.ret(1);
  }

  private setClock(level: 0 | 1): 0 | 1 {
    const data = this.lastData;
    if (level === this.lastClock) return this.ret(this.deviceOut);
    this.lastClock = level;
    // Falling edge: release SDA; everything happens on rising edges.
    if (level === 0) return this.ret(1);
    const st = this.state;
    if (st === BitbangState.STOPPED || st === BitbangState.SENT_NACK) return this.ret(1);
    if (st >= BitbangState.SENDING_BIT7 && st <= BitbangState.SENDING_BIT0) {
      this.buffer = ((this.buffer << 1) | data) & 0xff;
      this.state = st + 1; // ends in WAITING_FOR_ACK
      return this.ret(1);
    }
    if (st === BitbangState.WAITING_FOR_ACK) {
      let rv: number;
      if (this.currentAddr < 0) {
        this.currentAddr = this.buffer;
        rv = this.bus.startTransfer(this.currentAddr >> 1, (this.currentAddr & 1) !== 0);
      } else {
        rv = this.bus.send(this.buffer);
      }
      if (rv !== 0) {
        // NACK: nobody at the address, or the slave refused the byte.
        this.state = BitbangState.SENT_NACK;
        this.enterStop();
        return this.ret(1);
      }
      this.state = (this.currentAddr & 1) !== 0 ? BitbangState.RECEIVING_BIT7 : BitbangState.SENDING_BIT7;
      return this.ret(0);
    }
    if (st >= BitbangState.RECEIVING_BIT7 && st <= BitbangState.RECEIVING_BIT0) {
      if (st === BitbangState.RECEIVING_BIT7) this.buffer = this.bus.recv() & 0xff;
      const bit = (this.buffer >> 7) & 1;
      this.state = st + 1; // ends in SENDING_ACK
      this.buffer = (this.buffer << 1) & 0xff;
      return this.ret(bit);
    }
    // SENDING_ACK: the master's ACK (SDA low) or NACK (high) for the byte just read.
    if (data !== 0) {
      this.state = BitbangState.SENT_NACK;
      this.bus.nack();
    } else {
      this.state = BitbangState.RECEIVING_BIT7;
    }
    return this.ret(1);
  }
}
