/**
 * The HPET part of `devgen demo`: on the `pc` machine the guest enables the counter, programs
 * timer 0 as a periodic level-triggered interrupt on GSI 2 and acknowledges it, while the virtual
 * clock is stepped; the demo prints the counter and the interrupts the IOAPIC stand-in sees.
 */
import { mmioBase, type GpioStandIn } from 'devgen/runtime';
import { pcMachine } from '../../generated/machines/pc.machine.ts';
import { createMachine } from './index.ts';

/** The HPET's base address on pc (its board definition). */
const PC_HPET_BASE = mmioBase(pcMachine, 'hpet');
/** QOM path of the IOAPIC stand-in (its board definition). */
const PC_IOAPIC_PATH = pcMachine.parts.find((p) => p.name === 'ioapic')!.at;

const GEN_CONF = 0x010;
const GINTR_STA = 0x020;
const MAIN_CNT = 0x0f0;
const T0_CONF = 0x100;
const T0_CMP = 0x108;
/** Timer 0: level-triggered, enabled, periodic, period written next, routed to GSI 2. */
const T0_SETUP = 0x2 | 0x4 | 0x8 | 0x40 | (2 << 9);

/** Runs the HPET demo, printing one line per step. */
export function runHpetDemo(print: (line: string) => void): void {
  const machine = createMachine('pc');
  const ioapic = machine.parts.get('ioapic') as GpioStandIn;
  const unnamed = ioapic.qtestDevice.gpioLists.find((l) => l.name === null)!;
  const raised: string[] = [];
  unnamed.interceptInput(2, (level) => raised.push(`${level ? 'raise' : 'lower'} at ${machine.clock.now()} ns`));
  const rd = (off: number): bigint => machine.memory.read(PC_HPET_BASE + off, 8) as bigint;
  const wr = (off: number, v: bigint): void => machine.memory.write(PC_HPET_BASE + off, 8, v);
  const hex = (v: bigint): string => `0x${v.toString(16)}`;

  print(`devgen demo: machine 'pc', hpet at 0x${PC_HPET_BASE.toString(16)}, GSIs to the IOAPIC (${PC_IOAPIC_PATH})`);
  print(`  GCAP_ID=${hex(rd(0))} (vendor 0x8086, ${Number((rd(0) >> 8n) & 0x1fn) + 1} timers, period ${rd(0) >> 32n} fs)`);
  wr(T0_CONF, BigInt(T0_SETUP));
  wr(T0_CMP, 1000n); // first deadline: tick 1000 (10 µs)
  wr(T0_CMP, 1000n); // VAL_SET was consumed by the first write: this sets the period
  wr(GEN_CONF, 1n);
  print(`  timer 0 periodic every 1000 ticks (10 µs), level IRQ on GSI 2; counter enabled`);
  for (let i = 0; i < 3; i++) {
    machine.clock.step(10_000n);
    const sta = rd(GINTR_STA);
    print(`  t=${machine.clock.now()} ns: MAIN_CNT=${rd(MAIN_CNT)} GINTR_STA=${hex(sta)} IOAPIC saw: ${raised.splice(0).join(', ') || 'nothing'}`);
    wr(GINTR_STA, sta); // acknowledge: write 1 to clear lowers the line
  }
  print('  (as in QEMU 10.0, a periodic timer that expires exactly on its deadline re-arms 1 µs later: the extra raise)');
  wr(GEN_CONF, 0n);
  const frozen = rd(MAIN_CNT);
  machine.clock.step(1_000_000n);
  print(`  counter halted at ${frozen}; 1 ms later it still reads ${rd(MAIN_CNT)}`);
}
