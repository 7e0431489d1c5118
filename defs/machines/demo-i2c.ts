/**
 * The I2C part of the devgen demo: a versatilepb machine with a pcf8574 expander plugged as
 * `--device pcf8574,address=0x20,id=gpio0`, eight "LEDs" (an IRQ sink) on its output pins, and a
 * guest that blinks them by bit-banging I2C through the versatile_i2c controller's MMIO
 * registers, then reads a button (input pin 7) back and sees nINT.
 */
import { createIrqSink, mmioBase } from 'devgen/runtime';
import { versatilepbMachine } from '../../generated/machines/versatilepb.machine.ts';
import { createMachine } from './index.ts';

/** The I2C controller's base address on versatilepb (its board definition). */
const VERSATILEPB_I2C_BASE = mmioBase(versatilepbMachine, 'i2c');

const SCL = 1;
const SDA = 2;

/** Runs the I2C demo, printing through `print`. */
export function runI2cDemo(print: (line: string) => void): void {
  const machine = createMachine('versatilepb', { devices: ['pcf8574,address=0x20,id=gpio0'] });
  const gpio = machine.device('gpio0')!;
  const leds = createIrqSink(8, 'leds');
  for (let n = 0; n < 8; n++) machine.connectGpio(gpio, 'out', n, leds, n);
  const set = (v: number): void => machine.memory.write(VERSATILEPB_I2C_BASE, 4, v);
  const clr = (v: number): void => machine.memory.write(VERSATILEPB_I2C_BASE + 4, 4, v);
  const sdaIn = (): number => ((machine.memory.read(VERSATILEPB_I2C_BASE, 4) as number) >> 1) & 1;
  const bit = (b: number): number => {
    (b ? set : clr)(SDA);
    set(SCL);
    const r = sdaIn();
    clr(SCL);
    return r;
  };
  const byte = (v: number): boolean => {
    for (let i = 7; i >= 0; i--) bit((v >> i) & 1);
    return bit(1) === 0;
  };
  const start = (): void => (set(SCL | SDA), clr(SDA), clr(SCL));
  const stop = (): void => (clr(SDA), set(SCL), set(SDA));
  const writeLatch = (v: number): boolean => {
    start();
    const ok = byte(0x20 << 1) && byte(v);
    stop();
    return ok;
  };
  const readPins = (): number => {
    start();
    byte((0x20 << 1) | 1);
    let v = 0;
    for (let i = 0; i < 8; i++) v = (v << 1) | bit(1);
    bit(1); // NACK: last byte
    stop();
    return v;
  };
  const row = (): string => [...Array(8).keys()].map((n) => (leds.level(n) ? '●' : '○')).join('');

  print(`devgen demo: machine 'versatilepb', versatile_i2c at 0x${VERSATILEPB_I2C_BASE.toString(16)}, pcf8574 at I2C address 0x20 (/machine/peripheral/gpio0)`);
  for (const pattern of [0x00, 0xff, 0xfe, 0xfd, 0xfb, 0xf7, 0xef, 0xdf, 0xbf, 0x7f, 0x55, 0xaa]) {
    const ok = writeLatch(pattern);
    print(`  guest writes 0x${pattern.toString(16).padStart(2, '0')} over I2C (${ok ? 'ACK' : 'NACK'}): LEDs ${row()}`);
  }
  const nint = gpio.gpioOut('nINT', 0);
  gpio.gpioIn('pin', 7).set(false);
  print(`  button on pin 7 pressed: nINT ${nint.level ? 'high (idle)' : 'low (asserted)'}`);
  print(`  guest reads the pins: 0x${readPins().toString(16)}; nINT ${nint.level ? 'high (released)' : 'low'}`);
  start();
  const nobody = byte(0x50 << 1);
  stop();
  print(`  guest addresses 0x50: ${nobody ? 'ACK' : 'NACK (nobody there)'}`);
}
