/**
 * The devgen demo: builds the virt machine with an in-memory serial port, plays the guest
 * side of the pl011 through the address space (IDs, transmit, interrupt, loopback receive)
 * and prints what the guest sees. `devgen demo` (and `npm start`) run it.
 */
import { createMemoryChardev, mmioBase, type GpioStandIn } from 'devgen/runtime';
import { createMachine } from './index.ts';
import { virtMachine } from '../../generated/machines/virt.machine.ts';
import { runHpetDemo } from './demo-hpet.ts';
import { runI2cDemo } from './demo-i2c.ts';

/** Where the demo prints: a line callback, or the CLI's `{ out }` text writer (newlines added). */
export type DemoOutput = ((line: string) => void) | { readonly out: (text: string) => void };

const hex = (v: number, digits = 8): string => '0x' + (v >>> 0).toString(16).padStart(digits, '0');

/** UART0's base and the GIC input its UARTINTR drives, as the virt board definition has them. */
const UART0_BASE = mmioBase(virtMachine, 'uart0');
const UART0_GIC_INPUT = virtMachine.wires.find((w) => w.from.part === 'uart0' && w.to.part === 'gic')!.to.index;

/** Runs the demo; returns 0 (exit code) once done. */
export function runDemo(output: DemoOutput): number {
  const print = typeof output === 'function' ? output : (line: string) => output.out(line + '\n');
  const serial = createMemoryChardev();
  const machine = createMachine('virt', { serial });
  const gic = machine.parts.get('gic') as GpioStandIn;
  const readl = (off: number): number => machine.memory.read(UART0_BASE + off, 4) as number;
  const writel = (off: number, v: number): void => machine.memory.write(UART0_BASE + off, 4, v);
  const irq = (): string => (gic.level(UART0_GIC_INPUT) ? 'high' : 'low');

  print(`devgen demo: machine 'virt', pl011 at ${hex(UART0_BASE)}, UARTINTR → GIC input ${UART0_GIC_INPUT}`);
  const periph = [0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => readl(o) & 0xff);
  const cell = [0xff0, 0xff4, 0xff8, 0xffc].map((o) => readl(o) & 0xff);
  print(`  PeriphID ${periph.map((b) => hex(b, 2)).join(' ')}  PCellID ${cell.map((b) => hex(b, 2)).join(' ')}`);
  print(`  after reset: FR=${hex(readl(0x18), 3)} CR=${hex(readl(0x30), 3)} IFLS=${hex(readl(0x34), 2)}`);

  writel(0x30, 0x301); // UARTEN | TXE | RXE
  writel(0x38, 0x20); // unmask TX
  print(`  IMSC=0x20 (TX unmasked); interrupt line ${irq()}`);
  for (const ch of 'Hello from devgen\n') writel(0x000, ch.charCodeAt(0));
  print(`  guest wrote ${JSON.stringify('Hello from devgen\n')} to DR; serial port received ${JSON.stringify(serial.outputText())}`);
  print(`  RIS=${hex(readl(0x3c), 3)} MIS=${hex(readl(0x40), 3)}; interrupt line ${irq()}`);
  writel(0x44, 0x20);
  print(`  ICR=0x20 clears TX; interrupt line ${irq()}`);

  writel(0x38, 0x10); // unmask RX
  writel(0x2c, 0x70); // 8 bits, FIFO on
  writel(0x30, 0x381); // + loopback
  print('  loopback on (CR.LBE), FIFO on (LCR_H=0x70), RX unmasked');
  for (const ch of 'ping') writel(0x000, ch.charCodeAt(0));
  print(`  sent "ping": FR=${hex(readl(0x18), 3)} RIS=${hex(readl(0x3c), 3)}; interrupt line ${irq()}`);
  let got = '';
  while ((readl(0x18) & 0x10) === 0) got += String.fromCharCode(readl(0x000) & 0xff);
  print(`  guest read back ${JSON.stringify(got)} from DR; FR=${hex(readl(0x18), 3)}; interrupt line ${irq()}`);

  serial.clearOutput();
  writel(0x30, 0x301); // loopback off
  serial.inject('ok');
  let rx = '';
  while ((readl(0x18) & 0x10) === 0) rx += String.fromCharCode(readl(0x000) & 0xff);
  print(`  host typed "ok" on the serial port; guest read ${JSON.stringify(rx)}`);
  runHpetDemo(print);
  runI2cDemo(print);
  return 0;
}
