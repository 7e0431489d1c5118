/**
 * The versatilepb secondary interrupt controller: STATUS drives PIC input 31, PICENABLE passes
 * inputs 21-30 straight through with the level they were set to, UART3 reaches the PIC through
 * it, a system reset leaves it alone, migration and the -dump-vmstate entry.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import type { GpioStandIn } from 'devgen/runtime';
import { vmstateEntries } from '../support/qemu-vmstate-dump.ts';

const BASE = 0x1000_3000;
const R = { STATUS: 0x00, RAWSTAT: 0x04, ENSET: 0x08, ENCLR: 0x0c, SOFTINTSET: 0x10, SOFTINTCLR: 0x14, PICENSET: 0x20, PICENCLR: 0x24 } as const;

function rig() {
  const m = createMachine('versatilepb');
  const pic = m.parts.get('pic') as GpioStandIn;
  const sic = m.device('/machine/unattached/device[3]')!;
  return {
    m, pic, sic,
    readl: (o: number) => m.memory.read(BASE + o, 4) as number,
    writel: (o: number, v: number) => m.memory.write(BASE + o, 4, v),
    input: (n: number, level: number) => sic.gpioIn('irq', n).set(level),
  };
}

describe('versatilepb_sic', () => {
  it('enabled inputs that are high drive PIC input 31', () => {
    const r = rig();
    r.input(5, 1);
    expect([r.readl(R.RAWSTAT), r.readl(R.STATUS), r.pic.level(31)]).toEqual([0x20, 0, false]);
    r.writel(R.ENSET, 0x20);
    expect([r.readl(R.STATUS), r.pic.level(31)]).toEqual([0x20, true]);
    r.writel(R.ENCLR, 0xffffffff);
    expect(r.pic.level(31)).toBe(false);
    r.writel(R.SOFTINTSET, 7);
    r.input(0, 1);
    expect([r.readl(R.SOFTINTSET), r.pic.level(31)]).toEqual([1, true]);
    r.writel(R.SOFTINTCLR, 0);
    expect(r.pic.level(31)).toBe(true);
    r.writel(R.SOFTINTCLR, 1);
    expect(r.pic.level(31)).toBe(false);
  });

  it('PICENABLE passes inputs 21-30 through with their integer level; other bits do not stick', () => {
    const r = rig();
    r.writel(R.PICENSET, 0xffffffff);
    expect(r.readl(R.PICENSET)).toBe(0x7fe00000);
    r.input(22, 3);
    expect(r.pic.value(22)).toBe(3);
    r.input(20, 1);
    expect(r.pic.level(20)).toBe(false);
    r.writel(R.PICENCLR, 1 << 22);
    r.input(22, 0);
    expect(r.pic.value(22)).toBe(3);
  });

  it('UART3 reaches the PIC through SIC input 6; a system reset keeps ENABLE and PICENABLE', () => {
    const r = rig();
    r.writel(R.ENSET, 0x40);
    r.writel(R.PICENSET, 1 << 25);
    r.m.memory.write(0x10009000, 4, 0x41);
    r.m.memory.write(0x10009038, 4, 0x20);
    expect([r.readl(R.RAWSTAT), r.pic.level(31)]).toEqual([0x40, true]);
    r.m.reset();
    expect([r.readl(R.ENSET), r.readl(R.PICENSET)]).toEqual([0x40, 1 << 25]);
  });

  it('migrates level, mask and pic_enable; a short stream is rejected and changes nothing', () => {
    const a = rig();
    a.input(3, 1);
    a.writel(R.ENSET, 0x18);
    a.writel(R.PICENSET, 1 << 21);
    const stream = a.sic.save();
    expect(stream.length).toBe(12);
    const b = rig();
    expect(b.sic.load(stream)).toEqual({ ok: true });
    expect([b.readl(R.RAWSTAT), b.readl(R.ENSET), b.readl(R.PICENSET)]).toEqual([0x8, 0x18, 1 << 21]);
    expect(b.sic.load(stream.slice(0, 8)).ok).toBe(false);
    expect(b.readl(R.ENSET)).toBe(0x18);
  });

  it('its -dump-vmstate entry equals QEMU 10.0\'s "versatilepb_sic" byte for byte', () => {
    const { qemu, devgen } = vmstateEntries('arm', 'versatilepb', 'versatilepb_sic');
    expect(qemu).toBeDefined();
    expect(devgen).toBe(qemu);
  }, 60_000);
});
