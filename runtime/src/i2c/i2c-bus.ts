/**
 * An I2C bus with QEMU's transfer semantics (hw/i2c/core.c, 10.0): a master starts a transfer
 * to a 7-bit address (send or receive), the addressed slave ACKs or the bus NACKs, bytes move
 * one at a time, and the transfer ends with FINISH delivered to the slave. Slaves see the
 * events QEMU's I2CSlaveClass callbacks see, with QEMU's answers for missing callbacks.
 *
 * QEMU behaviour reproduced on purpose:
 * - a start while a transfer is open (a repeated start) does not rescan the bus: the slaves of
 *   the open transfer get the new START event whatever address the master sent;
 * - address 0 is the general call (broadcast): every slave joins, a NACK from one of them is
 *   ignored, and a receive returns 0xff;
 * - a slave NACKing the first START ends the transfer (FINISH is delivered to it);
 * - `nack()` (the master NACKed a received byte) is delivered as the NACK event only.
 */
import type { I2cEvent } from '../contract/context.ts';

export type { I2cEvent } from '../contract/context.ts';

/** The broadcast (general call) address. */
export const I2C_BROADCAST = 0x00;

/** A device on an I2C bus (QEMU I2CSlave plus its class callbacks). */
export interface I2cSlave {
  /** Current 7-bit bus address (QEMU I2CSlave.address, the `address` property). */
  readonly address: number;
  /** Name for messages (a QOM path or type). */
  readonly name?: string;
  /** START/FINISH/NACK notification; non-zero NACKs a START. Absent: START is ACKed. */
  event?(event: I2cEvent): number;
  /** Next byte of a receive transfer. Absent: the bus reads 0xff. */
  recv?(): number;
  /** A byte written by the master; non-zero NACKs it. Absent: the byte is NACKed. */
  send?(byte: number): number;
}

/** A bus configuration mistake (two slaves at one address, a bad address): the board's fault. */
export class I2cConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'I2cConfigError';
  }
}

/** Observer of bus operations (tests, tracing): what happened and to which slave. */
export type I2cBusObserver = (op: I2cBusOp) => void;

/** One observed bus operation. */
export type I2cBusOp =
  | { readonly kind: 'start'; readonly address: number; readonly recv: boolean; readonly ack: boolean }
  | { readonly kind: 'send'; readonly byte: number; readonly ack: boolean }
  | { readonly kind: 'recv'; readonly byte: number }
  | { readonly kind: 'nack' }
  | { readonly kind: 'end' };

/** An I2C bus. */
export class I2cBus {
  /** Bus name (QEMU qbus name, e.g. "i2c"). */
  readonly name: string;
  private readonly slaves: I2cSlave[] = [];
  /** Slaves taking part in the open transfer (QEMU current_devs). */
  private current: I2cSlave[] = [];
  private broadcast = false;
  private observers: I2cBusObserver[] = [];

  constructor(name = 'i2c') {
    this.name = name;
  }

  /** Slaves on the bus, in attach order. */
  get children(): readonly I2cSlave[] {
    return this.slaves;
  }

  /** Whether a transfer is open (QEMU i2c_bus_busy without pending masters). */
  get busy(): boolean {
    return this.current.length > 0;
  }

  /**
   * Plugs `slave` into the bus. Throws {@link I2cConfigError} when its address is not a 7-bit
   * number or another slave already answers at that address.
   */
  attach(slave: I2cSlave): void {
    const a = slave.address;
    if (!Number.isInteger(a) || a < 0 || a > 0x7f) {
      throw new I2cConfigError(`I2C bus '${this.name}': address ${String(a)} of ${slave.name ?? 'a slave'} is not a 7-bit address (0..0x7f)`);
    }
    if (this.slaves.includes(slave)) return;
    const clash = this.slaves.find((s) => s.address === a);
    if (clash !== undefined) {
      throw new I2cConfigError(
        `I2C bus '${this.name}': address 0x${a.toString(16).padStart(2, '0')} is already used by ${clash.name ?? 'another slave'}` +
          ` (cannot add ${slave.name ?? 'a second slave'})`,
      );
    }
    this.slaves.push(slave);
  }

  /** Unplugs `slave` (ending an open transfer it takes part in first). */
  detach(slave: I2cSlave): void {
    if (this.current.includes(slave)) this.endTransfer();
    const i = this.slaves.indexOf(slave);
    if (i >= 0) this.slaves.splice(i, 1);
  }

  /** The slave answering at `address`, if any. */
  slaveAt(address: number): I2cSlave | undefined {
    return this.slaves.find((s) => s.address === address);
  }

  /** Adds an observer of bus operations; returns a function removing it. */
  observe(observer: I2cBusObserver): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  private emit(op: I2cBusOp): void {
    for (const o of this.observers) o(op);
  }

  /**
   * Starts (or restarts) a transfer to 7-bit `address` (QEMU i2c_start_transfer). Returns 0
   * when acknowledged, non-zero for a NACK (nobody there, or the slave refused the START).
   */
  startTransfer(address: number, isRecv: boolean): number {
    const addr = address & 0x7f;
    if (addr === I2C_BROADCAST) this.broadcast = true;
    let scanned = false;
    if (this.current.length === 0) {
      this.current = this.broadcast ? [...this.slaves] : this.slaves.filter((s) => s.address === addr).slice(0, 1);
      scanned = true;
    }
    if (this.current.length === 0) {
      this.emit({ kind: 'start', address: addr, recv: isRecv, ack: false });
      return 1;
    }
    const event: I2cEvent = isRecv ? 'start-recv' : 'start-send';
    for (const s of this.current) {
      if (s.event === undefined) continue;
      const rv = s.event(event);
      if (rv !== 0 && !this.broadcast) {
        if (scanned) this.endTransfer();
        this.emit({ kind: 'start', address: addr, recv: isRecv, ack: false });
        return rv;
      }
    }
    this.emit({ kind: 'start', address: addr, recv: isRecv, ack: true });
    return 0;
  }

  /** Ends the open transfer: FINISH to every slave in it (QEMU i2c_end_transfer). */
  endTransfer(): void {
    const slaves = this.current;
    this.current = [];
    for (const s of slaves) s.event?.('finish');
    this.broadcast = false;
    if (slaves.length > 0) this.emit({ kind: 'end' });
  }

  /** Writes `byte` to the slaves of the open transfer; 0 = ACK, -1 = NACK (QEMU i2c_send). */
  send(byte: number): number {
    const b = byte & 0xff;
    // QEMU ORs the answers with C's short-circuit `||`: once one slave NACKed, later slaves do
    // not see the byte. A slave without a send callback NACKs. An empty transfer ACKs.
    let nack = false;
    for (const s of this.current) {
      if (s.send === undefined) nack = true;
      else nack = nack || s.send(b) !== 0;
    }
    this.emit({ kind: 'send', byte: b, ack: !nack });
    return nack ? -1 : 0;
  }

  /** Reads one byte from the open transfer's slave (QEMU i2c_recv): 0xff with nobody or in broadcast. */
  recv(): number {
    let data = 0xff;
    const s = this.current[0];
    if (s !== undefined && !this.broadcast && s.recv !== undefined) data = s.recv() & 0xff;
    this.emit({ kind: 'recv', byte: data });
    return data;
  }

  /** The master NACKed a received byte: the NACK event to every slave of the transfer (QEMU i2c_nack). */
  nack(): void {
    if (this.current.length === 0) return;
    for (const s of this.current) s.event?.('nack');
    this.emit({ kind: 'nack' });
  }
}
