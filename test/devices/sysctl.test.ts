/**
 * The RealView/Versatile system controller: on versatilepb (PB926) the lock and RESETCTL reset
 * the machine through the machine's reset request and every device reads its reset values
 * afterwards; on other board types (the sys_id property) RESETCTL, CLCD and SYS_CFG behave as
 * QEMU's do; the MMC inputs; migration and the -dump-vmstate entry.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import { realviewSysctlClass } from '../../defs/arm-sysctl/arm-sysctl.behavior.ts';
import { Machine } from 'devgen/runtime';
import { vmstateEntries } from '../support/qemu-vmstate-dump.ts';

const BASE = 0x1000_0000;
const R = { ID: 0x00, LED: 0x08, LOCK: 0x20, FLAGS: 0x30, NVFLAGS: 0x38, RESETCTL: 0x40, MCI: 0x48, CLCD: 0x50, CLK24: 0x5c, CFGDATA: 0xa0, CFGCTRL: 0xa4, CFGSTAT: 0xa8 } as const;

function versatilepb() {
  const m = createMachine('versatilepb');
  return { m, readl: (o: number) => m.memory.read(BASE + o, 4) as number, writel: (o: number, v: number) => m.memory.write(BASE + o, 4, v) };
}

/** A system controller alone, with the board type `board` in SYS_ID. */
function board(board: number) {
  const m = new Machine({ types: [realviewSysctlClass] });
  const dev = m.createDevice('realview_sysctl', { props: { sys_id: (board << 16) >>> 0 } });
  m.mapMmio(dev, 0, BASE);
  return { m, dev, readl: (o: number) => m.memory.read(BASE + o, 4) as number, writel: (o: number, v: number) => m.memory.write(BASE + o, 4, v) };
}

describe('realview_sysctl on versatilepb', () => {
  it('RESETCTL bit 8 resets the machine only while unlocked; afterwards the devices read their reset values', () => {
    const r = versatilepb();
    r.writel(R.LED, 0xff);
    r.writel(R.NVFLAGS, 0x3);
    r.m.memory.write(0x101f1038, 4, 0x7ff); // UART0 IMSC
    r.writel(R.RESETCTL, 0x100);
    r.m.runPendingRequests();
    expect(r.readl(R.LED)).toBe(0xff);
    r.writel(R.LOCK, 0xa05f);
    r.writel(R.RESETCTL, 0x100);
    expect(r.readl(R.RESETCTL)).toBe(0x100);
    r.m.runPendingRequests();
    expect([r.readl(R.LED), r.readl(R.LOCK), r.readl(R.RESETCTL), r.readl(R.CLCD), r.readl(R.NVFLAGS)]).toEqual([0, 0, 0, 0x1f00, 0x3]);
    expect(r.m.memory.read(0x101f1038, 4)).toBe(0);
    expect(r.readl(R.ID)).toBe(0x41007004);
  });

  it('the 24 MHz counter follows the virtual clock', () => {
    const r = versatilepb();
    r.m.clock.step(1_000_000_000n);
    expect(r.readl(R.CLK24)).toBe(24_000_000);
  });
});

describe('realview_sysctl board types', () => {
  it('PBX takes RESETCTL bit 2 as its reset; EB and Versatile Express ignore RESETCTL', () => {
    const pbx = board(0x182);
    pbx.writel(R.LOCK, 0xa05f);
    pbx.writel(R.RESETCTL, 0x100);
    pbx.writel(R.LED, 1);
    pbx.m.runPendingRequests();
    expect(pbx.readl(R.LED)).toBe(1);
    pbx.writel(R.RESETCTL, 0x4);
    pbx.m.runPendingRequests();
    expect(pbx.readl(R.LED)).toBe(0);
    const eb = board(0x140);
    eb.writel(R.LOCK, 0xa05f);
    eb.writel(R.RESETCTL, 0x104);
    expect(eb.readl(R.RESETCTL)).toBe(0);
  });

  it('CLCD: PB926 and EB keep CLCDID; PBA8/PBX keep bit 7 only; Versatile Express reads 0', () => {
    const eb = board(0x140);
    eb.writel(R.CLCD, 0xffffffff);
    expect(eb.readl(R.CLCD)).toBe(0xffffdfff);
    const pbx = board(0x182);
    pbx.writel(R.CLCD, 0x1);
    expect(pbx.readl(R.CLCD)).toBe(0x1);
    const vexpress = board(0x190);
    vexpress.writel(R.CLCD, 0xff);
    expect(vexpress.readl(R.CLCD)).toBe(0);
  });

  it('SYS_CFG on Versatile Express: oscillator read and write, the motherboard voltage, an unknown function errors, reboot resets', () => {
    const v = board(0x190);
    const cfg = (write: boolean, fn: number, site: number, device: number) => v.writel(R.CFGCTRL, (0x8000_0000 | (write ? 0x4000_0000 : 0) | (fn << 20) | (site << 16) | device) >>> 0);
    cfg(false, 1, 0, 1);
    expect([v.readl(R.CFGSTAT), v.readl(R.CFGDATA)]).toEqual([1, 23_750_000]);
    expect(v.readl(R.CFGCTRL)).toBe(0x0010_0001);
    v.writel(R.CFGDATA, 12345);
    cfg(true, 1, 0, 2);
    cfg(false, 1, 0, 2);
    expect(v.readl(R.CFGDATA)).toBe(12345);
    cfg(false, 2, 0, 0);
    expect(v.readl(R.CFGDATA)).toBe(3_300_000);
    cfg(false, 4, 0, 0);
    expect(v.readl(R.CFGSTAT)).toBe(3);
    v.writel(R.LED, 7);
    cfg(true, 9, 0, 0);
    v.m.runPendingRequests();
    // SYS_CFGDATA is not reset: it still holds the voltage read before the failed request.
    expect([v.readl(R.LED), v.readl(R.CFGDATA)]).toEqual([0, 3_300_000]);
    // a reset puts the oscillators back
    cfg(false, 1, 0, 2);
    expect(v.readl(R.CFGDATA)).toBe(24_000_000);
  });

  it('SYS_CFG registers are bad offsets elsewhere (read 0, writes dropped)', () => {
    const pb = board(0x100);
    pb.writel(R.CFGDATA, 5);
    expect([pb.readl(R.CFGDATA), pb.readl(R.CFGCTRL), pb.readl(R.CFGSTAT)]).toEqual([0, 0, 0]);
  });

  it('the MMC inputs set MCI: write protect at bit 2 on PB926 and EB, bit 1 later; card inserted at bit 0', () => {
    const pb = board(0x100);
    pb.dev.gpioIn('mmc', 0).set(1);
    pb.dev.gpioIn('mmc', 1).set(1);
    expect(pb.readl(R.MCI)).toBe(0x5);
    pb.dev.gpioIn('mmc', 1).set(0);
    expect(pb.readl(R.MCI)).toBe(0x4);
    const pbx = board(0x182);
    pbx.dev.gpioIn('mmc', 0).set(1);
    expect(pbx.readl(R.MCI)).toBe(0x2);
  });
});

describe('realview_sysctl migration', () => {
  it('round-trips its registers and oscillators; version 1 streams (before MCI/SYS_CFG/CLCD/oscillators) load', () => {
    const a = board(0x190);
    a.writel(R.LED, 0x12);
    a.writel(R.LOCK, 0x1234);
    a.writel(R.FLAGS, 0xf0);
    a.writel(R.NVFLAGS, 0x0f);
    a.writel(R.CFGDATA, 777);
    a.writel(R.CFGCTRL, (0xc000_0000 | (1 << 20) | 3) >>> 0);
    const stream = a.dev.save();
    const b = board(0x190);
    expect(b.dev.load(stream)).toEqual({ ok: true });
    expect(Buffer.from(b.dev.save()).toString('hex')).toBe(Buffer.from(stream).toString('hex'));
    expect([b.readl(R.LED), b.readl(R.LOCK), b.readl(R.FLAGS), b.readl(R.NVFLAGS)]).toEqual([0x12, 0x1234, 0xf0, 0x0f]);
    // leds, lockval (u16), cfgdata1, cfgdata2, flags, nvflags, resetlevel
    const v1 = stream.slice(0, 4 + 2 + 4 * 5);
    const c = board(0x190);
    expect(c.dev.load(v1, 1)).toEqual({ ok: true });
    expect([c.readl(R.LED), c.readl(R.LOCK)]).toEqual([0x12, 0x1234]);
    expect(c.dev.load(stream.slice(0, 30)).ok).toBe(false);
    expect(c.readl(R.LED)).toBe(0x12);
  });
});

describe('realview_sysctl -dump-vmstate', () => {
  it('equals QEMU 10.0\'s "realview_sysctl" entry byte for byte (db_clock a VARRAY over db_num_clocks)', () => {
    const { qemu, devgen } = vmstateEntries('arm', 'versatilepb', 'realview_sysctl');
    expect(qemu).toBeDefined();
    expect(devgen).toBe(qemu);
  }, 60_000);
});
