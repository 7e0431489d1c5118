/**
 * Integer levels on the HPET's legacy RTC input: the level passes on unchanged, the u8
 * `rtc_irq_level` keeps it as QEMU's uint8_t does, and migration carries what was kept (the
 * "hpet/rtc_irq_level" subsection is sent only for a non-zero kept level, so 256 sends none).
 */
import { describe, expect, it } from 'vitest';
import type { GpioStandIn } from '../../runtime/src/codegen/v1/index.ts';
import { makeRig } from './hpet-helpers.ts';

const RTC_GSI = 8;
const subsection = (s: Uint8Array): boolean => Buffer.from(s).includes(Buffer.from('hpet/rtc_irq_level'));

describe('hpet integer RTC levels', () => {
  it('passes 5 on as 5 and keeps 256 as 0', () => {
    const r = makeRig();
    const seen: number[] = [];
    const list = (r.machine.resolvePath('/machine/i440fx/ioapic') as GpioStandIn).qtestDevice.gpioLists.find((l) => l.name === null)!;
    list.interceptInput(RTC_GSI, (level) => seen.push(level));
    r.hpet.gpioIn('legacy', 1).set(5);
    expect(r.state().rtc_irq_level).toBe(5);
    r.hpet.gpioIn('legacy', 1).set(256);
    expect(r.state().rtc_irq_level).toBe(0);
    r.hpet.gpioIn('legacy', 1).set(-3);
    expect(r.state().rtc_irq_level).toBe(253);
    expect(seen).toEqual([5, 256, -3]);
  });

  it('migrates the kept level: 5 arrives as 5, 256 sends no subsection, so nothing is loaded into the field', () => {
    const a = makeRig();
    a.hpet.gpioIn('legacy', 1).set(5);
    const five = a.hpet.save();
    expect(subsection(five)).toBe(true);
    const b = makeRig();
    expect(b.hpet.load(five)).toEqual({ ok: true });
    expect(b.state().rtc_irq_level).toBe(5);
    a.hpet.gpioIn('legacy', 1).set(256);
    const wrapped = a.hpet.save();
    expect(subsection(wrapped)).toBe(false);
    const c = makeRig();
    expect(c.hpet.load(wrapped)).toEqual({ ok: true });
    expect(c.state().rtc_irq_level).toBe(0);
  });
});
