/**
 * The x86 `pc` board (i440FX + PIIX3) as `qemu-system-x86_64 -M pc -S -nodefaults` shows it to
 * qtest, reduced to what devgen models: RAM and the HPET, with stand-ins where QEMU has devices
 * whose QOM paths or interrupt lines qtest can observe.
 *
 * Facts checked on QEMU 10.0 (qom-list over QMP, qtest):
 * - /machine/unattached holds device[0] the CPU (qemu64-x86_64-cpu), [1] kvmvapic, [2] i440FX,
 *   [3] PIIX3, [4] and [5] the two isa-i8259, [6] the hpet, [7] the isa-pit; we create them in
 *   that order so the "device[*]" numbering matches. Later devices (pcspk, fdc, i8042, ...) are
 *   not modelled.
 * - The IOAPIC is /machine/i440fx/ioapic (24 unnamed inputs). HPET sysbus IRQ i drives GSI i:
 *   IOAPIC input i for i < 24, and for i < 16 also the PIC input (master 0-7, slave 8-15);
 *   outputs 24-31 are unconnected. The slave PIC cascades into master input 2. After `irq_intercept_in /machine/i440fx/ioapic`,
 *   `set_irq_in /machine/unattached/device[6] unnamed-gpio-in 1 1` (RTC input) prints
 *   `IRQ raise 8`, and the PIT input 0 prints `IRQ raise 0` (IOAPIC input 0; QEMU remaps it to
 *   pin 2 inside the IOAPIC, after the interception point).
 * - hpet-intcap is 4 (pc-i440fx): Tn_CONF of a timer reads 0x0000000400000030 after reset.
 * - The PIT's output goes to HPET legacy input 0 and HPET `pit_enabled` feeds the PIT's control
 *   input. Re-enabling the PIT (LEG_RT 1→0) makes it drive its output at once: at time 0 (QEMU
 *   stays at time 0 under -S) channel 0 in mode 3 with count 0x10000 outputs 1, so
 *   `writel 0xfed00010 2` then `writel 0xfed00010 0` prints `IRQ raise 0`.
 * - RAM is 128 MiB at 0 (0x7fffffc is RAM, 0x8000000 reads 0 and drops writes). The BIOS
 *   ROM (0xe0000-0xfffff, 0xfffc0000-) and the LAPIC/IOAPIC MMIO are not modelled: unassigned
 *   here, QEMU answers from the real devices.
 */
import type { Machine, MachineDefinition } from '../../runtime/src/machine/index.ts';
import { createGpioStandIn } from '../../runtime/src/qtest/index.ts';
import type { GpioStandIn } from '../../runtime/src/qtest/index.ts';
import { createRamRegion } from '../../runtime/src/memory/index.ts';
import { registerDevices } from '../index.ts';

/** Base address of the HPET (HPET_BASE). */
export const PC_HPET_BASE = 0xfed0_0000;
/** QEMU's default RAM size for pc (128 MiB), mapped at 0. */
export const PC_RAM_SIZE = 128 * 1024 * 1024;
/** hpet-intcap as pc-i440fx sets it: timers may route to GSI 2 only. */
export const PC_HPET_INTCAP = 0x4;
/** QOM path of the IOAPIC stand-in (what qtest's irq_intercept_in names). */
export const PC_IOAPIC_PATH = '/machine/i440fx/ioapic';
/** QOM path of the HPET. */
export const PC_HPET_PATH = '/machine/unattached/device[6]';
/** QOM paths of the PIC stand-ins (master, slave). */
export const PC_PIC_PATHS = ['/machine/unattached/device[4]', '/machine/unattached/device[5]'] as const;
/** QOM path of the PIT stand-in. */
export const PC_PIT_PATH = '/machine/unattached/device[7]';
/** IOAPIC inputs (IOAPIC_NUM_PINS). */
const IOAPIC_PINS = 24;
/** GSIs below this also reach the PICs (ISA_NUM_IRQS). */
const ISA_IRQS = 16;
/** HPET sysbus IRQs wired to GSIs. */
const HPET_GSI_OUTPUTS = 24;

/** i8254 input clock and channel 0's reset state (mode 3, count 0 = 0x10000). */
const PIT_HZ = 1_193_182n;
const PIT_COUNT = 0x10000n;
const NS_PER_S = 1_000_000_000n;

/**
 * A stand-in whose unnamed inputs, besides recording levels for qtest, act: `behaviour(n)`
 * gives what input `n` does after its level is recorded.
 */
function withInputBehaviour(view: GpioStandIn, behaviour: (n: number) => (level: boolean) => void): GpioStandIn {
  return {
    typeName: view.typeName,
    qtestDevice: view.qtestDevice,
    level: (n) => view.level(n),
    input(n) {
      const record = view.input(n);
      const act = behaviour(n);
      return (level) => {
        record(level);
        act(level);
      };
    },
  };
}

/**
 * PIT channel 0 stand-in: only what the HPET can see of it. It runs from time 0 (its reset load
 * time) as a mode-3 square wave; its control input (HPET `pit_enabled`) mutes it, and enabling
 * it drives the current level at once and follows every later transition, like QEMU's i8254
 * irq timer. Its qtest view is a stand-in with one unnamed input and one unnamed output.
 */
function createPitStandIn(machine: Machine, output: (level: boolean) => void): GpioStandIn {
  const view = createGpioStandIn('isa-pit', [{ name: null, inputs: 1, outputs: 1 }]);
  const clock = machine.clock;
  const loadTime = clock.now();
  // ticks since load → level, and the time of the next level change (QEMU pit_get_out /
  // pit_get_next_transition_time for mode 3).
  const ticksAt = (ns: bigint): bigint => ((ns - loadTime) * PIT_HZ) / NS_PER_S;
  const half = (PIT_COUNT + 1n) >> 1n;
  let enabled = true;
  const timer = clock.createTimer(() => update());
  const update = (): void => {
    if (!enabled) return;
    const now = clock.now();
    const d = ticksAt(now);
    const phase = d % PIT_COUNT;
    output(phase < half);
    const base = d - phase;
    const nextTick = phase < half ? base + half : base + PIT_COUNT;
    let next = loadTime + (nextTick * NS_PER_S) / PIT_HZ;
    if (next <= now) next = now + 1n;
    timer.modNs(next);
  };
  return withInputBehaviour(view, () => (level) => {
    enabled = level;
    if (level) update();
    else timer.del();
  });
}

/** Master PIC input the slave PIC's output cascades into. */
const PIC_CASCADE_INPUT = 2;

/**
 * Slave PIC stand-in: its inputs record levels for qtest, and its output (cascaded into master
 * input 2) follows QEMU's i8259 as far as a machine without a running CPU can see it: inputs are
 * edge-triggered (ELCR 0 after reset), IMR is 0, nothing ever acknowledges, so a rising edge on
 * any input latches a request and the output goes (and stays) high. Every input change
 * re-drives the output, as pic_update_irq does. QEMU 10.0: `set_irq_in` of the HPET's RTC input
 * with the master intercepted prints `IRQ raise 2`.
 */
function createSlavePic(cascade: (level: boolean) => void): GpioStandIn {
  const view = createGpioStandIn('isa-i8259', [{ name: null, inputs: 8, outputs: 1 }]);
  let lastLevels = 0;
  let requests = 0;
  return withInputBehaviour(view, (n) => {
    const bit = 1 << n;
    return (level) => {
      if (level) {
        if ((lastLevels & bit) === 0) requests |= bit;
        lastLevels |= bit;
      } else {
        lastLevels &= ~bit;
      }
      cascade(requests !== 0);
    };
  });
}

/** The `pc` board definition. */
export const pcMachine: MachineDefinition = {
  name: 'pc',
  description: 'QEMU 10.0 Standard PC (i440FX + PIIX, 1996), reduced to RAM and the HPET with its interrupts to IOAPIC/PIC stand-ins',
  build(machine: Machine) {
    registerDevices(machine.registry);
    const unattached = '/machine/unattached';
    machine.qom.addChild(unattached, 'device[*]', 'qemu64-x86_64-cpu', createGpioStandIn('qemu64-x86_64-cpu', []));
    machine.qom.addChild(unattached, 'device[*]', 'kvmvapic', createGpioStandIn('kvmvapic', []));
    machine.qom.addChild(unattached, 'device[*]', 'i440FX', createGpioStandIn('i440FX', []));
    machine.qom.addChild(unattached, 'device[*]', 'PIIX3', createGpioStandIn('PIIX3', []));
    const master = createGpioStandIn('isa-i8259', [{ name: null, inputs: 8, outputs: 1 }]);
    machine.qom.addChild(unattached, 'device[*]', 'isa-i8259', master);
    const slave = createSlavePic(master.input(PIC_CASCADE_INPUT));
    machine.qom.addChild(unattached, 'device[*]', 'isa-i8259', slave);
    const pics = [master, slave];
    // The PCI host bridge holds the IOAPIC as its child "ioapic".
    machine.qom.addChild('/machine', 'i440fx', 'i440FX-pcihost', createGpioStandIn('i440FX-pcihost', []));
    const ioapic = createGpioStandIn('ioapic', [{ name: null, inputs: IOAPIC_PINS, outputs: 0 }]);
    machine.qom.addChild('/machine/i440fx', 'ioapic', 'ioapic', ioapic);

    machine.memory.map(0, createRamRegion('pc.ram', PC_RAM_SIZE));

    const hpet = machine.createDevice('hpet', { props: { 'hpet-intcap': PC_HPET_INTCAP } });
    machine.mapMmio(hpet, 0, PC_HPET_BASE);
    // GSI i: the PIC input first, then the IOAPIC input (QEMU gsi_handler's order).
    for (let i = 0; i < HPET_GSI_OUTPUTS; i++) {
      const toIoapic = ioapic.input(i);
      const toPic = i < ISA_IRQS ? pics[i >> 3]!.input(i & 7) : undefined;
      hpet.sysbusIrq(i).connect(toPic === undefined ? toIoapic : (level) => (toPic(level), toIoapic(level)));
    }
    const pit = createPitStandIn(machine, (level) => hpet.gpioIn('legacy', 0).set(level));
    machine.qom.addChild(unattached, 'device[*]', 'isa-pit', pit);
    hpet.gpioOut('pit-enabled', 0).connect(pit.input(0));
  },
};
