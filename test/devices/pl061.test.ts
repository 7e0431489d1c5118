/**
 * The PL061 on the devgen virt board: output pins, pulls and migration, which qtest cannot
 * see on QEMU (its output lines reach nothing there), and the -dump-vmstate entry, which must
 * equal QEMU 10.0's.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceInstance } from 'devgen/runtime';
import { createMachine } from '../../defs/machines/index.ts';
import { vmstateEntries } from '../support/qemu-vmstate-dump.ts';

const BASE = 0x0903_0000;
const DATA_ALL = BASE + 0x3fc;
const DIR = BASE + 0x400;
const IEV = BASE + 0x40c;
const IE = BASE + 0x410;
const RIS = BASE + 0x414;

function rig(): { dev: DeviceInstance; writel(a: number, v: number): void; readl(a: number): number; outs(): boolean[] } {
  const m = createMachine('virt');
  const dev = m.device('/machine/unattached/device[6]')!;
  expect(dev.typeName).toBe('pl061');
  return {
    dev,
    writel: (a, v) => m.memory.write(a, 4, v),
    readl: (a) => Number(m.memory.read(a, 4)),
    outs: () => Array.from({ length: 8 }, (_, i) => dev.gpioOut('out', i).level),
  };
}

describe('pl061 on virt', () => {
  it('drives output pins from DATA and shows the pull-down on input pins', () => {
    const r = rig();
    expect(r.outs()).toEqual(Array(8).fill(false));
    r.writel(DIR, 0x0f);
    r.writel(BASE + (0x05 << 2), 0xff); // element 5: pins 0 and 2
    expect(r.outs()).toEqual([true, false, true, false, false, false, false, false]);
    expect(r.readl(DATA_ALL)).toBe(0x05);
    r.writel(DIR, 0x00);
    expect(r.outs()).toEqual(Array(8).fill(false));
  });

  it('migrates its state: an edge latched before the save is pending after the load', () => {
    const a = rig();
    a.writel(IEV, 0x08);
    a.writel(IE, 0x08);
    a.dev.gpioIn('in', 3).set(1);
    expect(a.readl(RIS)).toBe(0x08);
    const b = rig();
    expect(b.dev.load(a.dev.save())).toEqual({ ok: true });
    expect(b.readl(RIS)).toBe(0x08);
    expect(b.readl(DATA_ALL)).toBe(0x08);
    expect(Buffer.from(b.dev.save()).toString('hex')).toBe(Buffer.from(a.dev.save()).toString('hex'));
    expect(b.dev.load(a.dev.save().slice(0, 10)).ok).toBe(false);
    expect(b.readl(RIS)).toBe(0x08);
  });
});

describe('pl061 -dump-vmstate', () => {
  it('equals QEMU 10.0\'s "pl061" entry byte for byte (virt)', () => {
    const { qemu, devgen } = vmstateEntries('aarch64', 'virt', 'pl061');
    expect(qemu).toBeDefined();
    expect(devgen).toBe(qemu);
  }, 60_000);
});
