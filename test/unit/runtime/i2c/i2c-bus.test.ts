/**
 * The I2C bus against QEMU 10.0's hw/i2c/core.c semantics: addressing, ACK/NACK, events in
 * order, repeated starts that keep the open transfer, broadcast, missing callbacks, and the
 * configuration errors (two slaves at one address, non-7-bit addresses).
 */
import { describe, expect, it } from 'vitest';
import { I2cBus, I2cConfigError, type I2cEvent, type I2cSlave } from '../../../../runtime/src/i2c/index.ts';

/** A slave recording every callback; `reply` bytes are returned by recv in order. */
function recorder(address: number, opts: { nackStart?: boolean; nackSend?: number; reply?: number[] } = {}) {
  const log: string[] = [];
  const reply = [...(opts.reply ?? [])];
  const slave: I2cSlave = {
    address,
    name: `slave@${address.toString(16)}`,
    event(e: I2cEvent) {
      log.push(e);
      return opts.nackStart === true && e.startsWith('start') ? 1 : 0;
    },
    recv() {
      const b = reply.shift() ?? 0x5a;
      log.push(`recv ${b.toString(16)}`);
      return b;
    },
    send(byte: number) {
      log.push(`send ${byte.toString(16)}`);
      return byte === opts.nackSend ? 1 : 0;
    },
  };
  return { slave, log };
}

describe('I2cBus', () => {
  it('ACKs a start to a present slave and delivers events in order', () => {
    const bus = new I2cBus();
    const a = recorder(0x20, { reply: [0x11, 0x22] });
    bus.attach(a.slave);
    expect(bus.startTransfer(0x20, false)).toBe(0);
    expect(bus.busy).toBe(true);
    expect(bus.send(0x1ff)).toBe(0); // masked to a byte
    expect(bus.startTransfer(0x20, true)).toBe(0); // repeated start
    expect(bus.recv()).toBe(0x11);
    expect(bus.recv()).toBe(0x22);
    bus.nack();
    bus.endTransfer();
    expect(bus.busy).toBe(false);
    expect(a.log).toEqual(['start-send', 'send ff', 'start-recv', 'recv 11', 'recv 22', 'nack', 'finish']);
  });

  it('NACKs a start to an empty address and stays idle', () => {
    const bus = new I2cBus();
    const a = recorder(0x20);
    bus.attach(a.slave);
    expect(bus.startTransfer(0x21, false)).not.toBe(0);
    expect(bus.busy).toBe(false);
    expect(bus.recv()).toBe(0xff);
    expect(bus.send(1)).toBe(0); // nobody in the transfer: QEMU's loop runs zero times
    bus.nack();
    bus.endTransfer();
    expect(a.log).toEqual([]);
  });

  it('a repeated start keeps the open transfer whatever the new address', () => {
    const bus = new I2cBus();
    const a = recorder(0x20);
    const b = recorder(0x30);
    bus.attach(a.slave);
    bus.attach(b.slave);
    expect(bus.startTransfer(0x20, false)).toBe(0);
    expect(bus.startTransfer(0x30, false)).toBe(0);
    expect(bus.send(7)).toBe(0);
    expect(a.log).toEqual(['start-send', 'start-send', 'send 7']);
    expect(b.log).toEqual([]);
  });

  it('a slave refusing the first start ends the transfer with FINISH', () => {
    const bus = new I2cBus();
    const a = recorder(0x20, { nackStart: true });
    bus.attach(a.slave);
    expect(bus.startTransfer(0x20, true)).not.toBe(0);
    expect(bus.busy).toBe(false);
    expect(a.log).toEqual(['start-recv', 'finish']);
  });

  it('propagates a NACKed byte; later slaves of a broadcast do not see it (short-circuit OR)', () => {
    const bus = new I2cBus();
    const a = recorder(0x20, { nackSend: 0x42 });
    const b = recorder(0x30);
    bus.attach(a.slave);
    bus.attach(b.slave);
    expect(bus.startTransfer(0x00, false)).toBe(0);
    expect(bus.send(0x42)).toBe(-1);
    expect(bus.send(0x43)).toBe(0);
    expect(bus.recv()).toBe(0xff); // broadcast reads nobody
    bus.endTransfer();
    expect(a.log).toEqual(['start-send', 'send 42', 'send 43', 'finish']);
    expect(b.log).toEqual(['start-send', 'send 43', 'finish']);
  });

  it('treats missing callbacks as QEMU does', () => {
    const bus = new I2cBus();
    bus.attach({ address: 0x10 });
    expect(bus.startTransfer(0x10, false)).toBe(0); // no event: ACK
    expect(bus.send(1)).toBe(-1); // no send: NACK
    expect(bus.recv()).toBe(0xff); // no recv: 0xff
    bus.endTransfer();
  });

  it('refuses two slaves at one address and non-7-bit addresses', () => {
    const bus = new I2cBus('i2c');
    bus.attach(recorder(0x20).slave);
    expect(() => bus.attach(recorder(0x20).slave)).toThrow(I2cConfigError);
    expect(() => bus.attach(recorder(0x20).slave)).toThrow(/0x20 is already used/);
    expect(() => bus.attach(recorder(0x80).slave)).toThrow(I2cConfigError);
    expect(() => bus.attach(recorder(-1).slave)).toThrow(I2cConfigError);
    expect(bus.children.length).toBe(1);
  });

  it('detach ends a transfer the slave is in and frees the address', () => {
    const bus = new I2cBus();
    const a = recorder(0x20);
    bus.attach(a.slave);
    bus.startTransfer(0x20, false);
    bus.detach(a.slave);
    expect(a.log).toEqual(['start-send', 'finish']);
    expect(bus.busy).toBe(false);
    bus.attach(recorder(0x20).slave);
    expect(bus.slaveAt(0x20)).not.toBe(a.slave);
  });

  it('reports operations to observers', () => {
    const bus = new I2cBus();
    bus.attach(recorder(0x20).slave);
    const ops: string[] = [];
    const stop = bus.observe((op) => ops.push(JSON.stringify(op)));
    bus.startTransfer(0x21, false);
    bus.startTransfer(0x20, true);
    bus.recv();
    bus.endTransfer();
    stop();
    bus.startTransfer(0x20, false);
    expect(ops).toEqual([
      '{"kind":"start","address":33,"recv":false,"ack":false}',
      '{"kind":"start","address":32,"recv":true,"ack":true}',
      '{"kind":"recv","byte":90}',
      '{"kind":"end"}',
    ]);
  });
});
