/**
 * The 8259A PICs on pc: their migration stream (QEMU's "i8259" with its "i8259/ltim"
 * subsection) round-trips programming and requests, and its -dump-vmstate entry equals QEMU
 * 10.0's; so do those of the PCI host bridge (i440FX-pcihost's PCIHost) and of port92.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceInstance } from 'devgen/runtime';
import { createMachine } from '../../defs/machines/index.ts';
import { vmstateEntries } from '../support/qemu-vmstate-dump.ts';

function master(): { dev: DeviceInstance; out(port: number, v: number): void; inb(port: number): number } {
  const m = createMachine('pc');
  const dev = m.device('/machine/unattached/device[4]')!;
  return { dev, out: (p, v) => m.io.write(p, 1, v), inb: (p) => Number(m.io.read(p, 1)) };
}

describe('isa-i8259 migration', () => {
  it('carries IMR, ELCR, requests and the OCW3 register select', () => {
    const a = master();
    a.out(0x21, 0x5a);
    a.out(0x4d0, 0x08);
    a.dev.gpioIn('irq', 3).set(1);
    a.out(0x20, 0x0b);
    const stream = a.dev.save();
    expect(Buffer.from(stream).includes(Buffer.from('i8259/ltim'))).toBe(false);
    const b = master();
    expect(b.dev.load(stream)).toEqual({ ok: true });
    expect([b.inb(0x21), b.inb(0x4d0)]).toEqual([0x5a, 0x08]);
    b.out(0x20, 0x0a);
    expect(b.inb(0x20)).toBe(0x08);
    expect(b.dev.load(stream.slice(0, 5)).ok).toBe(false);
    expect(b.inb(0x21)).toBe(0x5a);
  });
});

describe('pc -dump-vmstate entries', () => {
  // The PICs' "i8259", the PCI host bridge's "PCIHost" with its config_reg, port92's "port92".
  it.each(['isa-i8259', 'i440FX-pcihost', 'port92'])('equals QEMU 10.0\'s "%s" entry byte for byte (pc)', (type) => {
    const { qemu, devgen } = vmstateEntries('x86_64', 'pc', type);
    expect(qemu).toBeDefined();
    expect(devgen).toBe(qemu);
  }, 60_000);
});
