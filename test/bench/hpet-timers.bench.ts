/**
 * HPET timer load for `npm run bench` (issue 3): three periodic timers at a 1 µs period (100
 * ticks, the HPET's 1 MHz storm limit) routed to GSI 2 of the pc machine, run over one simulated
 * second. Reports simulated time per wall second and the interrupts the IOAPIC stand-in saw.
 * bench-main.ts calls {@link benchHpetTimers}; `node --import tsx test/bench/hpet-timers.bench.ts`
 * runs it alone.
 */
import { fileURLToPath } from 'node:url';
import { createMachine } from '../../defs/machines/index.ts';
import { PC_HPET_BASE } from '../devices/hpet-helpers.ts';
import type { GpioStandIn } from '../../runtime/src/qtest/index.ts';

/** Result of one run. */
export interface HpetTimersBenchResult {
  /** Simulated ns covered. */
  readonly simulatedNs: bigint;
  /** Wall-clock ns the run took. */
  readonly wallNs: number;
  /** Simulated seconds per wall-clock second. */
  readonly simulatedPerWallSecond: number;
  /** Raises seen on the timers' GSI (edge interrupts: one per pulse). */
  readonly interrupts: number;
  /** Printable summary line. */
  readonly summary: string;
}

const GSI = 2;
const ENB = 0x4;
const PERIODIC = 0x8;
const SETVAL = 0x40;

/**
 * Runs the load: `simulatedNs` of virtual time (default one second) moved in `chunkNs` steps
 * (default 1 ms, like a host main loop warping the clock).
 */
export function benchHpetTimers(simulatedNs = 1_000_000_000n, chunkNs = 1_000_000n): HpetTimersBenchResult {
  const machine = createMachine('pc');
  const ioapic = machine.parts.get('ioapic') as GpioStandIn;
  let interrupts = 0;
  ioapic.qtestDevice.gpioLists[0]!.interceptInput(GSI, (level) => {
    if (level !== 0) interrupts++;
  });
  const mem = machine.memory;
  for (let t = 0; t < 3; t++) {
    const base = PC_HPET_BASE + 0x100 + 0x20 * t;
    mem.write(base, 4, ENB | PERIODIC | SETVAL | (GSI << 9));
    mem.write(base + 8, 8, 100n + BigInt(t)); // first deadlines 1 µs apart-ish, then...
    mem.write(base, 4, ENB | PERIODIC | (GSI << 9));
    mem.write(base + 8, 8, 100n); // ...a 100-tick (1 µs) period
  }
  mem.write(PC_HPET_BASE + 0x10, 4, 1);
  const start = process.hrtime.bigint();
  const end = machine.clock.now() + simulatedNs;
  while (machine.clock.now() < end) {
    const left = end - machine.clock.now();
    machine.clock.step(left < chunkNs ? left : chunkNs);
  }
  const wallNs = Number(process.hrtime.bigint() - start);
  const simulatedPerWallSecond = Number(simulatedNs) / wallNs;
  const summary =
    `hpet timers: 3 periodic × 1 µs over ${Number(simulatedNs) / 1e9} s simulated in ${(wallNs / 1e9).toFixed(2)} s wall ` +
    `→ ${simulatedPerWallSecond.toFixed(3)} simulated s per wall s; ${interrupts} interrupts delivered ` +
    `(${((interrupts / wallNs) * 1e3).toFixed(2)} M/s)`;
  return { simulatedNs, wallNs, simulatedPerWallSecond, interrupts, summary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(benchHpetTimers().summary);
}
