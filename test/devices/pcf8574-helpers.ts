/**
 * Test plumbing for the pcf8574 behaviour tests: a versatilepb machine with the expander
 * plugged as `--device pcf8574,address=0x20,id=gpio0`, a qtest session on it, and a guest-side
 * I2C master that bit-bangs the versatile_i2c controller through qtest writel/readl only.
 */
import { createMachine } from '../../defs/machines/index.ts';
import { mmioBase } from '../../runtime/src/board/index.ts';
import { versatilepbMachine } from '../../generated/machines/versatilepb.machine.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import { QtestSession, qtestTargetFromMachine } from '../../runtime/src/qtest/index.ts';

/** The I2C controller's base address on versatilepb, as its board definition maps it. */
const VERSATILEPB_I2C_BASE = mmioBase(versatilepbMachine, 'i2c');

/** QOM path of the expander. */
export const GPIO0 = '/machine/peripheral/gpio0';

/** A machine, its qtest session and an I2C master on the controller. */
export interface Rig {
  readonly machine: Machine;
  readonly session: QtestSession;
  /** Runs one qtest command; returns its lines. */
  q(cmd: string): string[];
  /** Async IRQ lines printed since the last call (and clears them). */
  irqs(): string[];
  readonly i2c: I2cMaster;
}

/** The guest side: bit-banged transfers through SB_CONTROLS (set) / SB_CONTROLC (clear). */
export interface I2cMaster {
  start(): void;
  stop(): void;
  /** Clocks one bit; returns SDA as read while SCL is high. */
  bit(b: number): number;
  /** Sends a byte; returns true when ACKed. */
  writeByte(v: number): boolean;
  /** Reads a byte and answers ACK (more bytes follow) or NACK. */
  readByte(ack: boolean): number;
  /** START, address+W, bytes, STOP; returns the ACK of every byte (address first). */
  write(addr: number, bytes: readonly number[]): boolean[];
  /** START, address+R, `count` bytes (last NACKed), STOP; undefined when the address NACKs. */
  read(addr: number, count?: number): number[] | undefined;
}

/** Builds the rig; `devices` defaults to one pcf8574 at 0x20 with id gpio0. */
export function makeRig(devices: readonly string[] = ['pcf8574,address=0x20,id=gpio0']): Rig {
  return rigOn(createMachine('versatilepb', { devices }), VERSATILEPB_I2C_BASE);
}

/** The rig of any machine whose versatile_i2c controller sits at `i2cBase`. */
export function rigOn(machine: Machine, i2cBase: number): Rig {
  const session = new QtestSession(qtestTargetFromMachine(machine));
  let pending: string[] = [];
  const q = (cmd: string): string[] => {
    const lines = session.command(cmd);
    pending.push(...lines.filter((l) => l.startsWith('IRQ ')));
    return lines;
  };
  const hex = (v: number): string => '0x' + v.toString(16);
  const set = (v: number): void => void q(`writel ${hex(i2cBase)} ${hex(v)}`);
  const clr = (v: number): void => void q(`writel ${hex(i2cBase + 4)} ${hex(v)}`);
  const sdaIn = (): number => {
    const line = q(`readl ${hex(i2cBase)}`)[0]!;
    return (Number.parseInt(line.slice(3), 16) >> 1) & 1;
  };
  const sda = (b: number): void => (b ? set(2) : clr(2));
  const i2c: I2cMaster = {
    start() {
      set(3);
      clr(2);
      clr(1);
    },
    stop() {
      clr(2);
      set(1);
      set(2);
    },
    bit(b) {
      sda(b);
      set(1);
      const r = sdaIn();
      clr(1);
      return r;
    },
    writeByte(v) {
      for (let i = 7; i >= 0; i--) i2c.bit((v >> i) & 1);
      return i2c.bit(1) === 0;
    },
    readByte(ack) {
      let v = 0;
      for (let i = 0; i < 8; i++) v = (v << 1) | i2c.bit(1);
      i2c.bit(ack ? 0 : 1);
      return v;
    },
    write(addr, bytes) {
      i2c.start();
      const acks = [i2c.writeByte(addr << 1)];
      for (const b of bytes) acks.push(i2c.writeByte(b));
      i2c.stop();
      return acks;
    },
    read(addr, count = 1) {
      i2c.start();
      if (!i2c.writeByte((addr << 1) | 1)) {
        i2c.stop();
        return undefined;
      }
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push(i2c.readByte(i < count - 1));
      i2c.stop();
      return out;
    },
  };
  return {
    machine,
    session,
    q,
    irqs() {
      const p = pending;
      pending = [];
      return p;
    },
    i2c,
  };
}
