/**
 * Shared set-up for the HPET behaviour tests: a pc machine, register access through the system
 * address space, and a record of every level set on the IOAPIC stand-in's inputs with the
 * virtual time it happened at (what an interrupt controller would see).
 */
import { createMachine, machines } from '../../defs/machines/index.ts';
import { mmioBase } from '../../runtime/src/board/index.ts';
import type { DeviceInstance } from '../../runtime/src/device/index.ts';
import { Machine } from '../../runtime/src/machine/index.ts';
import type { GpioStandIn } from '../../runtime/src/qtest/index.ts';
import type { HpetState } from '../../generated/hpet/hpet.hooks.ts';
import { pcMachine } from '../../generated/machines/pc.machine.ts';

/** The HPET's base address on pc, as its board definition maps it. */
export const PC_HPET_BASE = mmioBase(pcMachine, 'hpet');

/** Register offsets (timer n's registers at T(n) + offset). */
export const R = { GCAP: 0x000, CONF: 0x010, STA: 0x020, CNT: 0x0f0 } as const;
/** Offset of timer n's block; add TN.CONF/CMP/FSB. */
export const T = (n: number): number => 0x100 + 0x20 * n;
export const TN = { CONF: 0x00, CMP: 0x08, FSB: 0x10 } as const;
/** Tn_CONF bits. */
export const C = { LEVEL: 0x2, ENB: 0x4, PERIODIC: 0x8, SETVAL: 0x40, MODE32: 0x100, FSB: 0x4000, route: (g: number) => g << 9 } as const;

/** One level set seen on an IOAPIC input. */
export interface IrqEvent {
  readonly gsi: number;
  readonly level: boolean;
  /** Virtual time in ns. */
  readonly t: bigint;
}

/** A pc machine with the HPET's handles. */
export interface Rig {
  readonly machine: Machine;
  readonly hpet: DeviceInstance;
  /** Every level set on IOAPIC inputs since the rig was built (or cleared). */
  readonly events: IrqEvent[];
  readq(off: number): bigint;
  writeq(off: number, value: bigint | number): void;
  readl(off: number): number;
  writel(off: number, value: number): void;
  /** Times of raises seen on `gsi`. */
  raises(gsi: number): bigint[];
  /** Current level of IOAPIC input `gsi`. */
  level(gsi: number): boolean;
  /** Moves virtual time forward by `ns`. */
  step(ns: bigint | number): void;
  now(): bigint;
  state(): HpetState;
}

/** Builds a pc machine (optionally with -global style HPET properties) and its rig. */
export function makeRig(globals: readonly string[] = []): Rig {
  if (globals.length === 0) return rigFor(createMachine('pc'));
  const machine = new Machine({ name: 'pc' });
  for (const g of globals) machine.addGlobal(g);
  machines.pc!.build(machine, {});
  machine.reset();
  return rigFor(machine);
}

/** The rig of an existing pc machine. */
export function rigFor(machine: Machine): Rig {
  const hpet = machine.device('/machine/unattached/device[6]');
  if (hpet === undefined || hpet.typeName !== 'hpet') throw new Error('pc has no hpet at device[6]');
  const ioapic = machine.resolvePath('/machine/i440fx/ioapic') as GpioStandIn;
  const events: IrqEvent[] = [];
  const list = ioapic.qtestDevice.gpioLists.find((l) => l.name === null)!;
  for (let gsi = 0; gsi < list.inputCount; gsi++) {
    list.interceptInput(gsi, (level) => events.push({ gsi, level: level !== 0, t: machine.clock.now() }));
  }
  const base = PC_HPET_BASE;
  return {
    machine,
    hpet,
    events,
    readq: (off) => machine.memory.read(base + off, 8) as bigint,
    writeq: (off, value) => machine.memory.write(base + off, 8, BigInt.asUintN(64, BigInt(value))),
    readl: (off) => machine.memory.read(base + off, 4) as number,
    writel: (off, value) => machine.memory.write(base + off, 4, value >>> 0),
    raises: (gsi) => events.filter((e) => e.gsi === gsi && e.level).map((e) => e.t),
    level: (gsi) => ioapic.level(gsi),
    step: (ns) => void machine.clock.step(BigInt(ns)),
    now: () => machine.clock.now(),
    state: () => hpet.context.state as HpetState,
  };
}

/** Every register an MMIO reader can see (general block and the blocks of timers 0..3), as 64-bit reads. */
export function registerSnapshot(r: Rig): string[] {
  const offs: number[] = [R.GCAP, R.CONF, R.STA, R.CNT];
  for (let n = 0; n < 4; n++) offs.push(T(n) + TN.CONF, T(n) + TN.CMP, T(n) + TN.FSB);
  return offs.map((o) => `${o.toString(16)}=${r.readq(o).toString(16)}`);
}
