/**
 * The pc board's legacy parts as devgen devices (isa-pit, isa-i8259) on the virtual clock:
 * the PIT's channel-0 square wave reaching IOAPIC input 0 through the HPET, muted by legacy
 * routing and driven at once when unmuted; the slave PIC latching a rising edge and cascading
 * into master input 2; their QOM types and paths as QEMU has them.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import type { DeviceInstance } from '../../runtime/src/device/index.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import { QtestSession, qtestTargetFromMachine } from '../../runtime/src/qtest/index.ts';
import { PC_HPET_BASE } from './hpet-helpers.ts';

/** Channel 0 in mode 3 with count 0x10000 at 1.193182 MHz: high for 0x8000 ticks, low for 0x8000. */
const HALF_PERIOD_NS = 27_462_700n; // 32768 ticks
const PERIOD_NS = 54_925_401n; // 65536 ticks

function session(machine: Machine): (cmd: string) => string[] {
  const s = new QtestSession(qtestTargetFromMachine(machine));
  return (cmd) => s.command(cmd);
}

describe('pc legacy devices', () => {
  it('keep QEMU\'s QOM types and paths', () => {
    const m = createMachine('pc');
    const at = (n: number): string | undefined => m.device(`/machine/unattached/device[${n}]`)?.typeName;
    expect([at(4), at(5), at(6), at(7)]).toEqual(['isa-i8259', 'isa-i8259', 'hpet', 'isa-pit']);
    expect(m.parts.get('pic-slave')).toBe(m.device('/machine/unattached/device[5]'));
  });

  it('the PIT square wave reaches IOAPIC input 0 through the HPET at every level change', () => {
    const m = createMachine('pc');
    const q = session(m);
    const pit = m.parts.get('pit') as DeviceInstance;
    expect(q('irq_intercept_in /machine/i440fx/ioapic')).toEqual(['OK']);
    expect(q(`clock_step ${HALF_PERIOD_NS - 1n}`)).toEqual([`OK ${HALF_PERIOD_NS - 1n}`]); // high since reset
    // Deadlines are the tick time rounded down to a ns, where the tick count (rounded down too) is
    // one short: the output is driven high once more, announced because the qtest record starts
    // low, and falls 1 ns later (QEMU's i8254 arithmetic, muldiv64 both ways).
    expect(q('clock_step 1')).toEqual(['IRQ raise 0', `OK ${HALF_PERIOD_NS}`]);
    expect(q('clock_step 1')).toEqual(['IRQ lower 0', `OK ${HALF_PERIOD_NS + 1n}`]);
    expect(pit.gpioOut('irq', 0).level).toBe(false);
    expect(q(`clock_set ${PERIOD_NS + 1n}`)).toEqual(['IRQ raise 0', `OK ${PERIOD_NS + 1n}`]);
    expect(q(`clock_set ${PERIOD_NS + HALF_PERIOD_NS + 1n}`)).toEqual(['IRQ lower 0', `OK ${PERIOD_NS + HALF_PERIOD_NS + 1n}`]);
  });

  it('legacy routing mutes the PIT; leaving it drives the current level at once', () => {
    const m = createMachine('pc');
    const q = session(m);
    const pit = m.parts.get('pit') as DeviceInstance;
    q('irq_intercept_in /machine/i440fx/ioapic');
    expect(q(`writel 0x${(PC_HPET_BASE + 0x10).toString(16)} 2`)).toEqual(['OK']);
    expect(pit.context.state).toMatchObject({ irq_disabled: true });
    const t = PERIOD_NS * 3n + 1_000n; // early in the fourth period's high half
    expect(q(`clock_step ${t}`)).toEqual([`OK ${t}`]); // muted: no timer runs, nothing reaches the IOAPIC
    expect(pit.gpioOut('irq', 0).level).toBe(true); // its last level, from before muting
    expect(q(`writel 0x${(PC_HPET_BASE + 0x10).toString(16)} 0`)).toEqual(['IRQ raise 0', 'OK']);
    expect(pit.context.state).toMatchObject({ irq_disabled: false });
  });

  it('the slave PIC latches a rising edge and cascades into master input 2', () => {
    const m = createMachine('pc');
    const q = session(m);
    expect(q('irq_intercept_in /machine/unattached/device[4]')).toEqual(['OK']);
    expect(q('set_irq_in /machine/unattached/device[6] unnamed-gpio-in 1 1')).toEqual(['IRQ raise 2', 'OK']); // RTC → GSI 8 → slave IR0
    expect(q('set_irq_in /machine/unattached/device[6] unnamed-gpio-in 1 0')).toEqual(['OK']); // nothing acknowledges: INT stays high
    const slave = m.parts.get('pic-slave') as DeviceInstance;
    expect(slave.context.state).toMatchObject({ irr: 1, last_irr: 0 });
    m.reset();
    expect(slave.context.state).toMatchObject({ irr: 0, last_irr: 0 });
    expect(slave.gpioOut('int', 0).level).toBe(false);
  });
});
