/**
 * The Arm `virt` board as `qemu-system-aarch64 -M virt -S -nodefaults` shows it to qtest,
 * reduced to what devgen models: RAM and UART0 (a pl011), with stand-ins where QEMU has devices
 * we do not model but whose QOM paths qtest uses.
 *
 * Facts checked on QEMU 10.0 (qom-list, qtest):
 * - /machine/unattached holds device[0] the CPU (cortex-a15-arm-cpu), device[1] the GIC
 *   (arm_gic), device[2] the GICv2m, device[3] the pl011; we create them in that order so the
 *   "device[*]" numbering matches.
 * - UART0 is at 0x0900_0000 and only its sysbus IRQ 0 (UARTINTR) is wired, to GIC input 1
 *   (SPI 1): after `irq_intercept_in /machine/unattached/device[1]`, a TX with IMSC.TX set
 *   prints `IRQ raise 1` before the write's OK.
 * - RAM is 128 MiB (QEMU's default for virt) at 0x4000_0000; 0x4800_0000 is unassigned.
 *   QEMU copies the generated device tree to the start of RAM (0x4000_0000 reads 0xedfe0dd0);
 *   we do not build a DTB, so that area reads 0 here.
 * - Flash, GIC registers, RTC, GPIO, fw_cfg and the virtio-mmio transports are not modelled:
 *   their addresses are unassigned here (QEMU answers from the real devices).
 */
import type { Machine, MachineDefinition } from '../../runtime/src/machine/index.ts';
import { createGpioStandIn } from '../../runtime/src/qtest/index.ts';
import { createRamRegion } from '../../runtime/src/memory/index.ts';
import { registerDevices } from '../index.ts';

/** Base address of RAM on virt. */
export const VIRT_RAM_BASE = 0x4000_0000;
/** QEMU's default RAM size for virt (128 MiB). */
export const VIRT_RAM_SIZE = 128 * 1024 * 1024;
/** Base address of UART0. */
export const VIRT_UART0_BASE = 0x0900_0000;
/** GIC input (SPI number) of UART0's combined interrupt. */
export const VIRT_UART0_IRQ = 1;
/** QOM path of the GIC stand-in (what qtest's irq_intercept_in names). */
export const VIRT_GIC_PATH = '/machine/unattached/device[1]';
/** Number of GIC inputs: 256 SPIs plus 32 private interrupts of the one CPU (arm_gic num-irq 288). */
const GIC_INPUTS = 288;

/** The `virt` board definition. Serial back end 0 (if any) becomes UART0's chardev. */
export const virtMachine: MachineDefinition = {
  name: 'virt',
  description: 'QEMU 10.0 Arm Virtual Machine, reduced to RAM and UART0 (pl011) with its interrupt to a GIC stand-in',
  build(machine: Machine, options) {
    registerDevices(machine.registry);
    // device[0]: the CPU (4 unnamed inputs IRQ/FIQ/VIRQ/VFIQ, generic timer outputs, named PMU
    // and maintenance outputs). Stands in so qtest finds a device at its path.
    machine.qom.addChild('/machine/unattached', 'device[*]', 'cortex-a15-arm-cpu',
      createGpioStandIn('cortex-a15-arm-cpu', [
        { name: null, inputs: 4, outputs: 4 },
        { name: 'gicv3-maintenance-interrupt', inputs: 0, outputs: 1 },
        { name: 'pmu-interrupt', inputs: 0, outputs: 1 },
      ]));
    // device[1]: the GIC; its unnamed inputs are where device interrupts arrive.
    const gic = createGpioStandIn('arm_gic', [
      { name: null, inputs: GIC_INPUTS, outputs: 0 },
      { name: 'sysbus-irq', inputs: 0, outputs: 4 },
    ]);
    machine.qom.addChild('/machine/unattached', 'device[*]', 'arm_gic', gic);
    // device[2]: the GICv2m MSI frame (only sysbus outputs).
    machine.qom.addChild('/machine/unattached', 'device[*]', 'arm-gicv2m',
      createGpioStandIn('arm-gicv2m', [{ name: 'sysbus-irq', inputs: 0, outputs: 64 }]));

    machine.memory.map(VIRT_RAM_BASE, createRamRegion('mach-virt.ram', VIRT_RAM_SIZE));

    const serial0 = options.serial?.[0];
    if (serial0 !== undefined) machine.addChardev('serial0', serial0);
    const uart = machine.createDevice('pl011', serial0 !== undefined ? { props: { chardev: 'serial0' } } : {});
    machine.mapMmio(uart, 0, VIRT_UART0_BASE);
    machine.connectSysbusIrq(uart, 0, gic, VIRT_UART0_IRQ);
  },
};
