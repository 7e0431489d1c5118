/**
 * Large definitions for the scaling test and `npm run bench`: a device of N read-only
 * registers (an ID/status bank: no storage or hooks needed), each with two fields, written in
 * block style with descriptions (about 330 bytes a register: 10 000 registers are about
 * 3.3 MB), in a project folder of its own; lint-clean.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The definition text of a device `name` with `count` registers 4 bytes apart. */
export function bigDeviceYaml(name: string, count: number): string {
  const out: string[] = [
    'devgen: 1', '', 'device:', `  name: ${name}`, '  parent: sys-bus-device', `  description: A device with ${count} registers.`, '',
    'regions:', '  - name: mmio', `    size: 0x${regionSize(count).toString(16)}`, '    description: The register bank.', '', 'registers:',
  ];
  for (let i = 0; i < count; i++) {
    out.push(
      `  - name: R${i}`, `    offset: 0x${(i * 4).toString(16)}`, `    reset: 0x${bigDeviceReset(i).toString(16)}`,
      `    description: Register number ${i} of the device, a low byte and a high byte, both read-only.`,
      '    fields:', '      - name: LO', '        bits: "7:0"', '        access: RO', '        description: The low byte, read-only.',
      '      - name: HI', '        bits: "15:8"', '        access: RO', '        description: The high byte, read-only.',
    );
  }
  return `${out.join('\n')}\n`;
}

/** The region size: the next power of two that holds `count` 4-byte registers. */
function regionSize(count: number): number {
  let size = 0x1000;
  while (size < count * 4) size *= 2;
  return size;
}

/** The reset value of register `i` of {@link bigDeviceYaml}. */
export function bigDeviceReset(i: number): number {
  return ((i * 37) & 0xffff) >>> 0;
}

/** Writes a project holding one such device under `dir`; returns the definition's path. */
export function writeBigDeviceProject(dir: string, name: string, count: number): string {
  mkdirSync(join(dir, 'defs', name), { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `${name}-project`, private: true, type: 'module' })}\n`);
  const file = join(dir, 'defs', name, `${name}.device.yaml`);
  writeFileSync(file, bigDeviceYaml(name, count));
  return file;
}
