/**
 * Shared set-up for the pl011 behaviour tests: a virt machine with an in-memory serial back
 * end, register access through the system address space, and the UART's lines and state.
 */
import { createMachine } from '../../defs/machines/index.ts';
import { mmioBase } from '../../runtime/src/board/index.ts';
import { virtMachine } from '../../generated/machines/virt.machine.ts';
import { createMemoryChardev, type MemoryChardev } from '../../runtime/src/chardev/index.ts';
import type { DeviceInstance } from '../../runtime/src/device/index.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import type { GpioStandIn } from '../../runtime/src/qtest/index.ts';
import type { Pl011State } from '../../generated/pl011/pl011.hooks.ts';

/** UART0's base address on virt, as its board definition maps it. */
const VIRT_UART0_BASE = mmioBase(virtMachine, 'uart0');
/** The GIC input UARTINTR drives (virt's board definition wires uart0.irq[0] there). */
const VIRT_UART0_IRQ = virtMachine.wires.find((w) => w.from.part === 'uart0')!.to.index;

/** Register offsets. */
export const R = {
  DR: 0x000, RSR: 0x004, FR: 0x018, ILPR: 0x020, IBRD: 0x024, FBRD: 0x028, LCR_H: 0x02c, CR: 0x030,
  IFLS: 0x034, IMSC: 0x038, RIS: 0x03c, MIS: 0x040, ICR: 0x044, DMACR: 0x048,
} as const;

/** A virt machine with the UART's handles. */
export interface Rig {
  readonly machine: Machine;
  readonly uart: DeviceInstance;
  readonly serial: MemoryChardev;
  readonly gic: GpioStandIn;
  readl(off: number): number;
  writel(off: number, value: number): void;
  /** Level of pl011 output line i (0 UARTINTR … 5 UARTEINTR). */
  line(i: number): boolean;
  /** Level of the GIC input UART0 drives. */
  gicLevel(): boolean;
  state(): Pl011State;
}

/** Builds a fresh rig. */
export function makeRig(): Rig {
  const serial = createMemoryChardev();
  const machine = createMachine('virt', { serial });
  const uart = machine.device('/machine/unattached/device[3]');
  if (uart === undefined || uart.typeName !== 'pl011') throw new Error('virt has no pl011 at device[3]');
  const gic = machine.parts.get('gic') as GpioStandIn;
  return {
    machine,
    uart,
    serial,
    gic,
    readl: (off) => machine.memory.read(VIRT_UART0_BASE + off, 4) as number,
    writel: (off, value) => machine.memory.write(VIRT_UART0_BASE + off, 4, value >>> 0),
    line: (i) => uart.context.gpio.irq![i]!.level,
    gicLevel: () => gic.level(VIRT_UART0_IRQ),
    state: () => uart.context.state as Pl011State,
  };
}

/** Byte offsets of fields in the "pl011" VMState body (big-endian u32/i32 each). */
export const VM = { flags: 4, lcr: 8, rsr: 12, cr: 16, dmacr: 20, int_enabled: 24, int_level: 28, fifo: 32, ilpr: 96, ibrd: 100, fbrd: 104, ifl: 108, read_pos: 112, read_count: 116, read_trigger: 120 } as const;

/** A copy of `stream` with the 32-bit big-endian field at `offset` set to `value`. */
export function patch(stream: Uint8Array, offset: number, value: number): Uint8Array {
  const out = stream.slice();
  new DataView(out.buffer).setUint32(offset, value >>> 0, false);
  return out;
}
