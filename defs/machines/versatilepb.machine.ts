/**
 * The Arm Versatile PB board as `qemu-system-arm -M versatilepb -S -nodefaults` shows it to
 * qtest, reduced to what devgen models: RAM, the four PL011 UARTs and the Versatile I2C
 * controller, with stand-ins where QEMU has devices we do not model but whose QOM paths (and
 * "device[N]" numbering) qtest uses.
 *
 * Facts checked on QEMU 10.0 (qom-get/qom-list, info mtree, info qtree, qtest):
 * - /machine/unattached: device[0] arm926-arm-cpu, [1] realview_sysctl, [2] pl190 (the
 *   primary interrupt controller, 32 inputs), [3] versatilepb_sic (secondary, 32 inputs),
 *   [4] pl050_keyboard, [5] pl050_mouse, [6] versatile_pci, [7] versatile_pci_host,
 *   [8]-[11] pl011 (UART0-3), [12] pl080, [13]-[14] sp804, [15]-[18] pl061, [19] pl110_versatile,
 *   [20]-[21] pl181, [22] pl031, [23] versatile_i2c, [24] ds1338 (RTC on the I2C bus at 0x68),
 *   then pl041 and cfi.pflash01.
 * - UART0 0x101f1000 → PIC input 12, UART1 0x101f2000 → 13, UART2 0x101f3000 → 14,
 *   UART3 0x10009000 → SIC input 6 (`IRQ raise N` after irq_intercept_in on device[2]/[3]).
 * - RAM: "versatile.ram", 128 MiB at 0.
 * - The I2C controller ("arm_sbcon_i2c" region) is at 0x10002000; its child bus is named "i2c".
 * Not modelled: the ds1338 RTC at I2C address 0x68 (QEMU ACKs that address; we do not), and
 * every other peripheral (their addresses are unassigned here).
 */
import type { Machine, MachineDefinition } from '../../runtime/src/machine/index.ts';
import { createGpioStandIn, type GpioStandIn } from '../../runtime/src/qtest/index.ts';
import { createRamRegion } from '../../runtime/src/memory/index.ts';
import { registerDevices } from '../index.ts';

/** QEMU's default RAM size for versatilepb (128 MiB), at address 0. */
export const VERSATILEPB_RAM_SIZE = 128 * 1024 * 1024;
/** Base addresses of UART0-3 (QEMU creation order). */
export const VERSATILEPB_UART_BASES = [0x101f_1000, 0x101f_2000, 0x101f_3000, 0x1000_9000] as const;
/** Base address of UART0. */
export const VERSATILEPB_UART0_BASE = VERSATILEPB_UART_BASES[0];
/** Base address of the I2C controller (SB_CONTROLS at +0, SB_CONTROLC at +4). */
export const VERSATILEPB_I2C_BASE = 0x1000_2000;
/** QOM path of the PIC stand-in (pl190). */
export const VERSATILEPB_PIC_PATH = '/machine/unattached/device[2]';
/** QOM path of the SIC stand-in (versatilepb_sic). */
export const VERSATILEPB_SIC_PATH = '/machine/unattached/device[3]';
/** QOM path of the I2C controller. */
export const VERSATILEPB_I2C_PATH = '/machine/unattached/device[23]';

/** Stand-ins before the UARTs (device[0]..[7]); the interrupt controllers get inputs. */
const EARLY: readonly [string, number][] = [
  ['arm926-arm-cpu', 2],
  ['realview_sysctl', 0],
  ['pl190', 32],
  ['versatilepb_sic', 32],
  ['pl050_keyboard', 0],
  ['pl050_mouse', 0],
  ['versatile_pci', 0],
  ['versatile_pci_host', 0],
];
/** Stand-ins between the UARTs and the I2C controller (device[12]..[22]). */
const MIDDLE: readonly string[] = ['pl080', 'sp804', 'sp804', 'pl061', 'pl061', 'pl061', 'pl061', 'pl110_versatile', 'pl181', 'pl181', 'pl031'];

function standIn(machine: Machine, typeName: string, inputs: number): GpioStandIn {
  const s = createGpioStandIn(typeName, inputs > 0 ? [{ name: null, inputs, outputs: 0 }] : []);
  machine.qom.addChild('/machine/unattached', 'device[*]', typeName, s);
  return s;
}

/** The `versatilepb` board definition. Serial back end 0 (if any) becomes UART0's chardev. */
export const versatilepbMachine: MachineDefinition = {
  name: 'versatilepb',
  description: 'QEMU 10.0 ARM Versatile/PB (ARM926EJ-S), reduced to RAM, the four pl011 UARTs and the versatile_i2c controller',
  build(machine: Machine, options) {
    registerDevices(machine.registry);
    const early = EARLY.map(([t, n]) => standIn(machine, t, n));
    const pic = early[2]!;
    const sic = early[3]!;

    machine.memory.map(0, createRamRegion('versatile.ram', VERSATILEPB_RAM_SIZE));

    const serial0 = options.serial?.[0];
    if (serial0 !== undefined) machine.addChardev('serial0', serial0);
    const irqs: [GpioStandIn, number][] = [[pic, 12], [pic, 13], [pic, 14], [sic, 6]];
    VERSATILEPB_UART_BASES.forEach((base, i) => {
      const uart = machine.createDevice('pl011', i === 0 && serial0 !== undefined ? { props: { chardev: 'serial0' } } : {});
      machine.mapMmio(uart, 0, base);
      machine.connectSysbusIrq(uart, 0, irqs[i]![0], irqs[i]![1]);
    });

    for (const t of MIDDLE) standIn(machine, t, 0);
    const i2c = machine.createDevice('versatile_i2c');
    machine.mapMmio(i2c, 0, VERSATILEPB_I2C_BASE);
  },
};
