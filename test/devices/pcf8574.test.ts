/**
 * Behaviour of the pcf8574 I/O expander (QEMU 10.0 hw/gpio/pcf8574.c semantics), driven only
 * the way a guest and a test harness can: bit-banged I2C through the versatile_i2c controller
 * (qtest writel/readl) and qtest GPIO commands (set_irq_in, irq_intercept_out). The oracle
 * QEMU build has no pcf8574, so these tests check the model's documented semantics
 * (shared/reference/qemu-devices.md §3) rather than differences against QEMU.
 */
import { describe, expect, it } from 'vitest';
import { GPIO0, makeRig } from './pcf8574-helpers.ts';

describe('pcf8574 on versatilepb', () => {
  it('is plugged at /machine/peripheral/gpio0 with its address', () => {
    const rig = makeRig();
    const dev = rig.machine.device('gpio0')!;
    expect(dev.typeName).toBe('pcf8574');
    expect(dev.path).toBe(GPIO0);
    expect(dev.getProperty('address')).toBe(0x20);
  });

  it('reads 0xff after reset and ACKs its address only', () => {
    const rig = makeRig();
    expect(rig.i2c.read(0x20)).toEqual([0xff]);
    expect(rig.i2c.read(0x21)).toBeUndefined();
    expect(rig.i2c.write(0x21, [0x00])).toEqual([false, false]);
  });

  it('a write sets the latch and drives exactly the output pins whose state changed', () => {
    const rig = makeRig();
    expect(rig.q(`irq_intercept_out ${GPIO0}`)).toEqual(['OK']);
    // qtest starts from level 0 for every line, so driving pins low prints nothing.
    expect(rig.i2c.write(0x20, [0x00])).toEqual([true, true]);
    expect(rig.irqs()).toEqual([]);
    rig.i2c.write(0x20, [0xff]);
    expect(rig.irqs()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => `IRQ raise ${n}`));
    rig.i2c.write(0x20, [0x5f]);
    expect(rig.irqs()).toEqual(['IRQ lower 5', 'IRQ lower 7']);
    expect(rig.i2c.read(0x20)).toEqual([0x5f]);
    // Multi-byte writes apply in order.
    rig.i2c.write(0x20, [0xff, 0xfe]);
    expect(rig.irqs()).toEqual(['IRQ raise 5', 'IRQ raise 7', 'IRQ lower 0']);
    const out = rig.machine.device('gpio0')!;
    expect(out.gpioOut('out', 0).level).toBe(false);
    expect(out.gpioOut('out', 1).level).toBe(true);
  });

  it('inputs are read back; a pin written 0 reads 0 whatever its input (quasi-bidirectional)', () => {
    const rig = makeRig();
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 2 0`);
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 7 0`);
    expect(rig.i2c.read(0x20)).toEqual([0x7b]);
    rig.i2c.write(0x20, [0xf0]);
    expect(rig.i2c.read(0x20)).toEqual([0x70]);
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 7 1`);
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 1 0`); // driven low by us already
    expect(rig.i2c.read(0x20, 2)).toEqual([0xf0, 0xf0]);
    rig.i2c.write(0x20, [0xff]);
    expect(rig.i2c.read(0x20)).toEqual([0xf9]);
  });

  it('an input change does not drive the output pins', () => {
    const rig = makeRig();
    rig.i2c.write(0x20, [0xff]);
    rig.q(`irq_intercept_out ${GPIO0}`);
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 4 0`);
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 4 1`);
    expect(rig.irqs()).toEqual([]);
  });

  it('nINT: an input change asserts it, a read releases it, a return to the old level does not', () => {
    const rig = makeRig();
    expect(rig.q(`irq_intercept_out ${GPIO0} nINT`)).toEqual(['OK']);
    const nint = rig.machine.device('gpio0')!.gpioOut('nINT', 0);
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 3 0`);
    expect(nint.level).toBe(false); // asserted (qtest saw 0 → 0: no line)
    expect(rig.i2c.read(0x20)).toEqual([0xf7]);
    expect(rig.irqs()).toEqual(['IRQ raise 0']);
    // Reading an unchanged state leaves nINT alone.
    expect(rig.i2c.read(0x20)).toEqual([0xf7]);
    expect(rig.irqs()).toEqual([]);
    // Back to the old level: the state differs from the last read, so nINT is asserted again.
    expect(rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 3 1`)).toEqual(['IRQ lower 0', 'OK']);
    expect(rig.irqs()).toEqual(['IRQ lower 0']);
    // Changing it back to what was last read does not release it (QEMU never releases on input).
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 3 0`);
    expect(nint.level).toBe(false);
    expect(rig.i2c.read(0x20)).toEqual([0xf7]);
    expect(rig.irqs()).toEqual([]); // same state as last read: nINT stays asserted
    expect(nint.level).toBe(false);
  });

  it('nINT: a write drives it with (new state == last read), so a write can assert it', () => {
    const rig = makeRig();
    rig.q(`irq_intercept_out ${GPIO0} nINT`);
    expect(rig.i2c.write(0x20, [0xff])).toEqual([true, true]);
    expect(rig.irqs()).toEqual(['IRQ raise 0']); // state 0xff == lastrq 0xff
    rig.i2c.write(0x20, [0x0f]);
    expect(rig.irqs()).toEqual(['IRQ lower 0']);
    expect(rig.i2c.read(0x20)).toEqual([0x0f]);
    expect(rig.irqs()).toEqual(['IRQ raise 0']);
  });

  it('reset restores 0xff everywhere and drives no line', () => {
    const rig = makeRig();
    rig.i2c.write(0x20, [0x12]);
    rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 0 0`);
    rig.q(`irq_intercept_out ${GPIO0}`);
    rig.machine.reset();
    expect(rig.irqs()).toEqual([]);
    const s = rig.machine.device('gpio0')!.context.state as { lastrq: number; input: number; output: number };
    expect([s.lastrq, s.input, s.output]).toEqual([0xff, 0xff, 0xff]);
    expect(rig.i2c.read(0x20)).toEqual([0xff]);
  });

  it('save/load round trip: I2CSlave address first, then lastrq, input, output', () => {
    const a = makeRig();
    a.i2c.write(0x20, [0xa5]);
    a.q(`set_irq_in ${GPIO0} unnamed-gpio-in 0 0`);
    a.i2c.read(0x20);
    a.q(`set_irq_in ${GPIO0} unnamed-gpio-in 2 0`);
    const bytes = a.machine.device('gpio0')!.save();
    expect([...bytes]).toEqual([0x20, 0xa4, 0xfa, 0xa5]);
    const b = makeRig();
    expect(b.machine.device('gpio0')!.load(bytes).ok).toBe(true);
    expect([...b.machine.device('gpio0')!.save()]).toEqual([...bytes]);
    expect(b.i2c.read(0x20)).toEqual([0xa0]);
    // A truncated stream is rejected and leaves the device as it was.
    const before = [...b.machine.device('gpio0')!.save()];
    expect(b.machine.device('gpio0')!.load(bytes.subarray(0, 2)).ok).toBe(false);
    expect([...b.machine.device('gpio0')!.save()]).toEqual(before);
  });
});

describe('pcf8574: bad input gives clear answers, never an exception', () => {
  it('a transfer stopped mid-byte writes nothing', () => {
    const rig = makeRig();
    rig.q(`irq_intercept_out ${GPIO0}`);
    rig.i2c.start();
    expect(rig.i2c.writeByte(0x40)).toBe(true);
    for (const b of [0, 0, 0, 0]) rig.i2c.bit(b);
    rig.i2c.stop();
    expect(rig.irqs()).toEqual([]);
    expect(rig.i2c.read(0x20)).toEqual([0xff]);
  });

  it('a repeated start turns a write into a read of the same slave', () => {
    const rig = makeRig();
    rig.i2c.start();
    expect(rig.i2c.writeByte(0x40)).toBe(true);
    expect(rig.i2c.writeByte(0x3c)).toBe(true);
    rig.i2c.bit(1); // leave SDA high, SCL low, then START again
    rig.i2c.start();
    expect(rig.i2c.writeByte(0x41)).toBe(true);
    expect(rig.i2c.readByte(false)).toBe(0x3c);
    rig.i2c.stop();
  });

  it('reads from a NACKed address return all ones and touch nothing', () => {
    const rig = makeRig();
    rig.i2c.write(0x20, [0x00]);
    rig.i2c.start();
    expect(rig.i2c.writeByte((0x50 << 1) | 1)).toBe(false);
    expect(rig.i2c.readByte(true)).toBe(0xff);
    expect(rig.i2c.readByte(false)).toBe(0xff);
    rig.i2c.stop();
    expect(rig.i2c.read(0x20)).toEqual([0x00]);
  });

  it('out-of-range and unknown GPIOs in qtest answer FAIL and the session goes on', () => {
    const rig = makeRig();
    for (const cmd of [
      `set_irq_in ${GPIO0} unnamed-gpio-in 8 0`,
      `set_irq_in ${GPIO0} unnamed-gpio-in -1 0`,
      `set_irq_in ${GPIO0} nINT 0 0`,
      `set_irq_in ${GPIO0} unnamed-gpio-in x 0`,
      `set_irq_in /machine/peripheral/nope unnamed-gpio-in 0 0`,
    ]) {
      const out = rig.q(cmd);
      expect(out.length, cmd).toBe(1);
      expect(out[0], cmd).toMatch(/^FAIL /);
    }
    expect(rig.q(`irq_intercept_out ${GPIO0} nosuch`)).toEqual(['FAIL No intercepts installed']);
    expect(rig.q(`set_irq_in ${GPIO0} unnamed-gpio-in 7 0`)).toEqual(['OK']);
    expect(rig.i2c.read(0x20)).toEqual([0x7f]);
  });

  it('--device mistakes are QOM errors with QEMU-style messages', () => {
    expect(() => makeRig(['pcf8574,address=0x20,id=a', 'pcf8574,address=0x20,id=b'])).toThrow(/0x20 is already used/);
    expect(() => makeRig(['pcf8574,address=0x20,bogus=1'])).toThrow(/Property 'pcf8574.bogus' not found/);
    expect(() => makeRig(['pcf8574,address=0x200'])).toThrow();
    expect(() => makeRig(['nosuch,id=x'])).toThrow();
    expect(() => makeRig(['address=0x20'])).toThrow(/'driver' is missing/);
  });

  it('two expanders at different addresses and one without an id', () => {
    const rig = makeRig(['pcf8574,address=0x20,id=gpio0', 'pcf8574,address=0x27']);
    expect(rig.i2c.write(0x27, [0x55])).toEqual([true, true]);
    expect(rig.i2c.read(0x27)).toEqual([0x55]);
    expect(rig.i2c.read(0x20)).toEqual([0xff]);
    expect(rig.machine.resolvePath('/machine/peripheral-anon/device[0]')).toBeDefined();
  });
});
