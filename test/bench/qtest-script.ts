/**
 * The throughput script: qtest commands driving virt's pl011 (at 0x0900_0000) the way a guest
 * driver does — enable, poll FR, transmit, mask and clear interrupts, read IDs, set the baud
 * rate — repeated to any length (100 000 commands for `qemu:check` and `npm run bench`).
 * Deterministic: the same length gives the same script, so two QEMUs run exactly the same work.
 */

/** Base of virt's first pl011. */
const PL011 = 0x0900_0000;

const hex = (v: number): string => `0x${v.toString(16)}`;

/** One round of the mix: [command, offset, value]; the values vary with the round. */
function round(r: number): string[] {
  const b = r & 0xff;
  return [
    `writel ${hex(PL011 + 0x030)} 0x301`, // CR: UART, TX and RX enabled
    `readl ${hex(PL011 + 0x018)}`, // FR
    `writel ${hex(PL011 + 0x038)} ${hex(0x20 | (r & 0x10))}`, // IMSC
    `writel ${hex(PL011 + 0x000)} ${hex(0x20 + (b % 0x5f))}`, // DR: a printable byte
    `readl ${hex(PL011 + 0x03c)}`, // RIS
    `readl ${hex(PL011 + 0x040)}`, // MIS
    `writel ${hex(PL011 + 0x044)} 0x7ff`, // ICR
    `readl ${hex(PL011 + 0xfe0 + 4 * (r & 7))}`, // PeriphID / PCellID
    `writel ${hex(PL011 + 0x024)} ${hex(1 + (r & 0xffff))}`, // IBRD
    `readl ${hex(PL011 + 0x024)}`, // IBRD
    `writel ${hex(PL011 + 0x02c)} ${hex(0x60 | (r & 0x10))}`, // LCR_H: 8 bits, FIFO on or off
    `readb ${hex(PL011 + 0x018)}`, // FR, one byte
    `readl ${hex(PL011 + 0x004)}`, // RSR
  ];
}

/** `count` commands of the mix, one a line, each ending in a newline. */
export function pl011ThroughputScript(count = 100_000): string {
  const lines: string[] = [];
  for (let r = 0; lines.length < count; r++) lines.push(...round(r));
  lines.length = count;
  return `${lines.join('\n')}\n`;
}
