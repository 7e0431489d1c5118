/**
 * The bit-banged engine against QEMU 10.0's bitbang_i2c.c state machine: START/STOP detection,
 * address and data bytes sampled on SCL rising edges, the ACK slot, the NACK pattern for an
 * empty address, byte reads MSB first with the master's ACK/NACK, repeated starts and STOP in
 * the middle of a byte.
 */
import { describe, expect, it } from 'vitest';
import { BitbangI2c, BitbangState, I2cBus, type I2cSlave } from '../../../../runtime/src/i2c/index.ts';

/** A guest-side driver: SDA/SCL as a controller sets them, recording what SDA reads back. */
function master(engine: BitbangI2c) {
  let scl = 1;
  let sda = 1;
  const apply = (): number => {
    engine.set('scl', scl as 0 | 1);
    return engine.set('sda', sda as 0 | 1);
  };
  const api = {
    line(newScl: number, newSda: number): number {
      scl = newScl;
      sda = newSda;
      return apply();
    },
    start(): void {
      api.line(1, 1);
      api.line(1, 0);
      api.line(0, 0);
    },
    stop(): void {
      api.line(0, 0);
      api.line(1, 0);
      api.line(1, 1);
    },
    /** Clocks one bit out; returns SDA as read while SCL is high. */
    bit(b: number): number {
      api.line(0, b);
      const r = api.line(1, b);
      api.line(0, b);
      return r;
    },
    /** Sends a byte MSB first, then clocks the ACK slot with SDA released; returns 0 for ACK. */
    writeByte(byte: number): number {
      for (let i = 7; i >= 0; i--) api.bit((byte >> i) & 1);
      return api.bit(1);
    },
    /** Reads a byte (SDA released), then sends ACK (0) or NACK (1). */
    readByte(ack: number): number {
      let v = 0;
      for (let i = 0; i < 8; i++) v = (v << 1) | api.bit(1);
      api.bit(ack);
      return v;
    },
  };
  return api;
}

function expander(address: number, pins: { value: number }, log: string[]): I2cSlave {
  return {
    address,
    event: (e) => (log.push(e), 0),
    recv: () => (log.push('recv'), pins.value),
    send: (b) => (log.push(`send ${b.toString(16)}`), (pins.value = b), 0),
  };
}

describe('BitbangI2c', () => {
  it('starts idle with both lines high', () => {
    const e = new BitbangI2c(new I2cBus());
    expect(e.snapshot()).toMatchObject({ state: BitbangState.STOPPED, lastData: 1, lastClock: 1, deviceOut: 1, currentAddr: -1 });
  });

  it('writes a byte to a slave: ACK on the address and the data byte', () => {
    const bus = new I2cBus();
    const log: string[] = [];
    const pins = { value: 0 };
    bus.attach(expander(0x20, pins, log));
    const m = master(new BitbangI2c(bus));
    m.start();
    expect(m.writeByte(0x40)).toBe(0);
    expect(m.writeByte(0xa5)).toBe(0);
    m.stop();
    expect(pins.value).toBe(0xa5);
    expect(log).toEqual(['start-send', 'send a5', 'finish']);
  });

  it('reads bytes MSB first; the master NACK ends the read', () => {
    const bus = new I2cBus();
    const log: string[] = [];
    const pins = { value: 0x96 };
    bus.attach(expander(0x20, pins, log));
    const e = new BitbangI2c(bus);
    const m = master(e);
    m.start();
    expect(m.writeByte(0x41)).toBe(0);
    expect(m.readByte(0)).toBe(0x96);
    pins.value = 0x3c;
    expect(m.readByte(1)).toBe(0x3c);
    expect(e.snapshot().state).toBe(BitbangState.SENT_NACK);
    // Clocks after the NACK read SDA released and fetch nothing.
    expect(m.readByte(1)).toBe(0xff);
    m.stop();
    expect(log).toEqual(['start-recv', 'recv', 'recv', 'nack', 'finish']);
  });

  it('an empty address NACKs: SDA reads high in the ACK slot and the engine stops', () => {
    const bus = new I2cBus();
    const e = new BitbangI2c(bus);
    const m = master(e);
    m.start();
    expect(m.writeByte(0x50 << 1)).toBe(1);
    expect(e.snapshot()).toMatchObject({ state: BitbangState.STOPPED, currentAddr: -1 });
    // Data bits after the NACK are ignored; a read returns all ones.
    expect(m.writeByte(0x00)).toBe(1);
    expect(m.readByte(0)).toBe(0xff);
    m.stop();
  });

  it('a repeated start switches a write transfer to a read without FINISH in between', () => {
    const bus = new I2cBus();
    const log: string[] = [];
    const pins = { value: 0x81 };
    bus.attach(expander(0x20, pins, log));
    const m = master(new BitbangI2c(bus));
    m.start();
    expect(m.writeByte(0x40)).toBe(0);
    m.line(0, 1);
    m.start();
    expect(m.writeByte(0x41)).toBe(0);
    expect(m.readByte(1)).toBe(0x81);
    m.stop();
    expect(log).toEqual(['start-send', 'start-recv', 'recv', 'nack', 'finish']);
  });

  it('STOP in the middle of a byte ends the transfer; the partial byte is dropped', () => {
    const bus = new I2cBus();
    const log: string[] = [];
    const pins = { value: 0 };
    bus.attach(expander(0x20, pins, log));
    const e = new BitbangI2c(bus);
    const m = master(e);
    m.start();
    expect(m.writeByte(0x40)).toBe(0);
    m.bit(1);
    m.bit(0);
    m.bit(1);
    m.stop();
    expect(e.snapshot().state).toBe(BitbangState.STOPPED);
    expect(log).toEqual(['start-send', 'finish']);
    expect(pins.value).toBe(0);
  });

  it('SDA changes while SCL is low are data, not START/STOP', () => {
    const e = new BitbangI2c(new I2cBus());
    e.set('scl', 0);
    expect(e.set('sda', 0)).toBe(0);
    expect(e.set('sda', 1)).toBe(1);
    expect(e.snapshot().state).toBe(BitbangState.STOPPED);
  });

  it('the ACK is driven from the 9th rising edge until SCL falls', () => {
    const bus = new I2cBus();
    bus.attach(expander(0x20, { value: 0 }, []));
    const e = new BitbangI2c(bus);
    const m = master(e);
    m.start();
    for (let i = 7; i >= 0; i--) m.bit((0x40 >> i) & 1);
    m.line(0, 1);
    expect(m.line(1, 1)).toBe(0); // slave pulls SDA low
    expect(m.line(1, 1)).toBe(0); // unchanged lines re-report the engine's output
    expect(m.line(0, 1)).toBe(1); // released on the falling edge
  });

  it('rejects levels other than 0/1/boolean', () => {
    const e = new BitbangI2c(new I2cBus());
    expect(() => e.set('scl', 2 as 0)).toThrow(RangeError);
    expect(e.set('scl', false)).toBe(1);
    expect(e.set('scl', true)).toBe(1);
  });
});
