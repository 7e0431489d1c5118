/** Device lifecycle around the dispatcher: realize, reset, properties, GPIO, clocks, chardev, migration. */
import { describe, expect, it } from 'vitest';
import { createMemoryChardev } from '../../../../runtime/src/chardev/index.ts';
import { createIrqSink } from '../../../../runtime/src/irq/index.ts';
import { createGuestLog } from '../../../../runtime/src/log/index.ts';
import { Machine } from '../../../../runtime/src/machine/index.ts';
import { QomError } from '../../../../runtime/src/qom/index.ts';
import { createTraceSink } from '../../../../runtime/src/trace/index.ts';
import { R, createFakeDevice, type FakeContext } from './fake-device.ts';

function setup(props: Record<string, string | number | boolean | bigint | null> = {}) {
  const fake = createFakeDevice();
  const m = new Machine({ types: [fake.cls], log: createGuestLog() });
  const chr = createMemoryChardev();
  m.addChardev('c0', chr);
  const dev = m.createDevice('fakedev', { id: 'f0', props });
  m.mapMmio(dev, 0, 0x1000);
  const ctx = dev.context as unknown as FakeContext;
  return { m, dev, ctx, chr, calls: fake.calls };
}

describe('realize and reset', () => {
  it('realize runs the hook once with the QOM path; reset restores registers, then state, then calls the hook', () => {
    const { m, dev, ctx, calls } = setup();
    expect(calls.log).toEqual(['realize /machine/peripheral/f0', 'reset ctrl=5 counter=7']);
    ctx.state.ctrl = 0x33;
    ctx.state.status = 0;
    ctx.state.counter = 100;
    ctx.state.bytes[1] = 0;
    calls.log.length = 0;
    m.reset();
    expect(ctx.state.ctrl).toBe(5);
    expect(ctx.state.status).toBe(0xf0);
    expect(ctx.state.counter).toBe(7);
    expect(ctx.state.bytes[1]).toBe(0x11);
    expect(calls.log).toEqual(['reset ctrl=5 counter=7']);
    dev.realize();
    expect(calls.log).toEqual(['reset ctrl=5 counter=7']);
  });

  it('resets array elements to their own reset values and block elements below the limit only', () => {
    const { m, ctx } = setup();
    expect(Array.from(ctx.state.win)).toEqual([1, 2, 3, 4]);
    expect(ctx.state.ch.map((e) => e.cfg)).toEqual([1, 1, 1, 0]);
    ctx.state.win.fill(9);
    ctx.state.ch.forEach((e) => void (e.cfg = 0x55));
    m.reset();
    expect(Array.from(ctx.state.win)).toEqual([1, 2, 3, 4]);
    expect(ctx.state.ch.map((e) => e.cfg)).toEqual([1, 1, 1, 0x55]);
  });
});

describe('properties', () => {
  it('applies defaults with camelCase keys', () => {
    const { ctx } = setup();
    expect(ctx.props).toEqual({ enableX: true, level: 3, base: 0, delta: -1, big: 5n, label: null, chardev: null, channels: 3 });
  });

  it('parses strings as QEMU -device does', () => {
    const { ctx } = setup({ 'enable-x': 'off', level: '0xff', base: '4294967295', delta: '-32768', big: '0x8000000000000000', label: 'hi' });
    expect(ctx.props).toMatchObject({ enableX: false, level: 255, base: 0xffff_ffff, delta: -32768, big: 0x8000_0000_0000_0000n, label: 'hi' });
    expect(setup({ level: '010' }).ctx.props.level).toBe(8);
    expect(setup({ 'enable-x': 'y' }).ctx.props.enableX).toBe(true);
  });

  it.each([
    [{ 'enable-x': 'maybe' }, "Parameter 'enable-x' expects 'on' or 'off'"],
    [{ level: '256' }, "Parameter 'level' expects uint8_t"],
    [{ level: '-1' }, "Parameter 'level' expects uint8_t"],
    [{ level: 'abc' }, "Parameter 'level' expects integer"],
    [{ level: '' }, "Parameter 'level' expects integer"],
    [{ delta: '32768' }, "Parameter 'delta' expects int16_t"],
    [{ base: 0x1_0000_0000 }, "Parameter 'base' expects uint32_t"],
    [{ level: 1.5 }, "Property 'fakedev.level' expects an integer, got number 1.5"],
    [{ chardev: 'nope' }, "Property 'fakedev.chardev' can't find value 'nope'"],
    [{ nosuch: '1' }, "Property 'fakedev.nosuch' not found"],
  ])('rejects %o', (props, message) => {
    let err: unknown;
    try {
      setup(props);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QomError);
    expect((err as Error).message).toBe(message);
  });

  it('refuses property changes after realize', () => {
    const { dev } = setup();
    expect(() => dev.setProperty('level', 1)).toThrow("Attempt to set property 'level' on device 'f0' (type 'fakedev') after it was realized");
  });
});

describe('GPIO, clocks, chardev, trace', () => {
  it('output lines connect to a sink; named lines alias group members; sysbus IRQs index the sysbus groups', () => {
    const { m, dev, ctx } = setup();
    const sink = createIrqSink(4);
    m.connectGpio(dev, 'irq', 1, sink, 3);
    m.connectSysbusIrq(dev, 0, sink, 0);
    ctx.lines.aux!.raise();
    expect(sink.level(3)).toBe(true);
    expect(ctx.gpio.irq![1]).toBe(ctx.lines.aux);
    m.memory.write(0x1000 + R.DATA, 4, 1);
    expect(sink.level(0)).toBe(true);
    expect(() => dev.sysbusIrq(2)).toThrow(RangeError);
  });

  it('input lines call their group hook on every set, and can be driven by another output', () => {
    const { m, dev, ctx, calls } = setup();
    calls.log.length = 0;
    dev.gpioIn('set-level', 2).set(true);
    dev.gpioIn('set-level', 2).set(true);
    dev.gpioIn('set-level', 2).set(256);
    expect(calls.log).toEqual(['gpioInSetLevel 2 1', 'gpioInSetLevel 2 1', 'gpioInSetLevel 2 256']);
    expect(ctx.state.counter).toBe(10);
    m.connectGpio(dev, 'irq', 0, dev.gpioInSink('set-level'), 0);
    ctx.lines.main!.raise();
    expect(calls.log.at(-1)).toBe('gpioInSetLevel 0 1');
  });

  it('clocks are reachable from the machine and the context', () => {
    const { dev, ctx } = setup();
    dev.clock('clk').setHz(24_000_000);
    expect(ctx.clocks.clk!.hz()).toBe(24_000_000);
    expect(() => dev.clock('nope')).toThrow(RangeError);
  });

  it('an unset chardev is a disconnected null back end', () => {
    const { m, ctx } = setup();
    expect(ctx.chardev.connected).toBe(false);
    m.memory.write(0x1000 + R.DATA, 4, 0x41);
  });

  it('a chardev property wires output and flow-controlled input to the hooks', () => {
    const { m, ctx, chr, calls } = setup({ chardev: 'c0' });
    expect(ctx.chardev.connected).toBe(true);
    expect(ctx.props.chardev).toBe('c0');
    m.memory.write(0x1000 + R.DATA, 4, 0x41);
    expect(chr.outputText()).toBe('A');
    chr.inject('xyz');
    expect(calls.received).toEqual([0x78, 0x79]);
    calls.canReceive = 5;
    ctx.chardev.acceptInput();
    expect(calls.received).toEqual([0x78, 0x79, 0x7a]);
    chr.injectEvent('break');
    expect(calls.log.at(-1)).toBe('event break');
  });

  it('setChardev swaps the back end', () => {
    const { dev, ctx, calls } = setup({ chardev: 'c0' });
    const other = createMemoryChardev();
    dev.setChardev(other);
    other.inject('q');
    expect(calls.received).toEqual([0x71]);
    dev.setChardev(undefined);
    expect(ctx.chardev.connected).toBe(false);
  });

  it('trace points come from the machine trace sink', () => {
    const lines: string[] = [];
    const fake = createFakeDevice();
    const m = new Machine({ types: [fake.cls], trace: createTraceSink({ enable: ['fake_*'], write: (l) => void lines.push(l) }) });
    const dev = m.createDevice('fakedev');
    dev.context.trace.fake_write!(0x10, 0xff);
    expect(lines).toEqual(['fake_write addr 0x10 value 0xff\n']);
  });

  it('region access traces name the register element written', () => {
    const lines: string[] = [];
    const fake = createFakeDevice();
    const m = new Machine({ types: [fake.cls], trace: createTraceSink({ enable: ['fake_access'], write: (l) => void lines.push(l) }) });
    const dev = m.createDevice('fakedev');
    m.mapMmio(dev, 0, 0x1000);
    m.memory.write(0x1000 + R.WIN + 8, 4, 0x12);
    m.memory.write(0x1000 + R.CH + 0x14, 4, 0x3);
    m.memory.write(0x1000 + 0xf0, 4, 0x1);
    expect(lines).toEqual(['fake_access offset 0x68 value 0x12 WIN[2]\n', 'fake_access offset 0x94 value 0x3 CH[1].CNT\n', 'fake_access offset 0xf0 value 0x1 UNKNOWN\n']);
  });

  it('timers run on the machine virtual clock', () => {
    const { m, ctx } = setup();
    let fired = -1n;
    const t = ctx.createTimer(() => {
      fired = ctx.now();
    });
    t.modNs(100n);
    m.clock.step(99n);
    expect(fired).toBe(-1n);
    m.clock.step(1n);
    expect(fired).toBe(100n);
  });
});

describe('migration', () => {
  it('save → reset → load → save round-trips', () => {
    const { dev, ctx } = setup();
    ctx.state.ctrl = 0x12;
    ctx.state.status = 0xdead;
    ctx.state.counter = -5;
    const saved = dev.save();
    dev.reset();
    expect(ctx.state.ctrl).toBe(5);
    expect(dev.load(saved)).toEqual({ ok: true });
    expect(ctx.state).toMatchObject({ ctrl: 0x12, status: 0xdead, counter: -5 });
    expect(dev.save()).toEqual(saved);
  });

  it('a truncated stream is rejected and leaves the device as it was', () => {
    const { dev, ctx } = setup();
    const saved = dev.save();
    ctx.state.ctrl = 0x99;
    const r = dev.load(saved.subarray(0, 5));
    expect(r.ok).toBe(false);
    expect(ctx.state.ctrl).toBe(0x99);
  });
});
