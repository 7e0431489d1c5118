/**
 * Large definitions for the scaling test and `npm run bench`: a device of N registers, each
 * with a read-write low byte and a read-only high byte, written in block style with
 * descriptions (about 330 bytes a register: 10 000 registers are about 3.3 MB), in a project
 * folder of its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The definition text of a device `name` with `count` registers 4 bytes apart. */
export function bigDeviceYaml(name: string, count: number): string {
  const out: string[] = [
    'devgen: 1', '', 'device:', `  name: ${name}`, '  parent: sys-bus-device', `  description: A device with ${count} registers.`, '',
    'regions:', '  - name: mmio', `    size: 0x${(count * 4).toString(16)}`, '', 'registers:',
  ];
  for (let i = 0; i < count; i++) {
    out.push(
      `  - name: R${i}`, `    offset: 0x${(i * 4).toString(16)}`, `    reset: 0x${bigDeviceReset(i).toString(16)}`,
      `    description: Register number ${i} of the device, a read-write low byte and a read-only high byte.`,
      '    fields:', '      - name: LO', '        bits: "7:0"', '        access: RW', '        description: The low byte, written and read back.',
      '      - name: HI', '        bits: "15:8"', '        access: RO', '        description: The high byte, read-only.',
    );
  }
  return `${out.join('\n')}\n`;
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
