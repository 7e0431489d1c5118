/**
 * C names of the generated QEMU state struct are checked before anything is emitted: two
 * elements giving one member are a name-clash at the second, a member that is a C keyword is
 * qemu-c-keyword; the four QEMU devices have neither, and a device without `qemu:` is not asked.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../generator/src/api/index.ts';
import type { DeviceIR, StateFieldIR } from '../../generator/src/ir/ir.ts';
import { cStateMembers } from '../../generator/src/names/qemu-c-names.ts';
import { checkDevice } from '../../generator/src/sema/check.ts';

const project = loadProject(resolve(import.meta.dirname, '../..'));
const pl011 = project.devices.find((d) => d.name === 'pl011')! as DeviceIR & { qemu: NonNullable<DeviceIR['qemu']> };
const at = (line: number) => ({ file: pl011.defFile, line, col: 3, endLine: line, endCol: 9 });
const state = (name: string, line: number): StateFieldIR => ({
  kind: 'state-field', name, type: 'u32', struct: undefined, callback: undefined, bus: undefined, migrate: false, length: undefined, reset: undefined, timerClock: undefined, description: '', span: at(line),
});

describe('qemu-c state member names', () => {
  it('the QEMU devices have distinct members, none a keyword', () => {
    for (const d of project.devices.filter((x) => x.qemu !== undefined)) {
      const members = cStateMembers(d as typeof pl011).map((m) => m.member);
      expect(new Set(members).size, d.name).toBe(members.length);
      expect(checkDevice(d)).toEqual([]);
    }
  });

  it('a state field named like the character back end member clashes; a keyword member is refused', () => {
    const d = { ...pl011, state: [...pl011.state, state('chr', 900), state('register', 901), state('migrate-clk', 902)] };
    const diags = checkDevice(d).filter((x) => x.id === 'name-clash' || x.id === 'qemu-c-keyword');
    // Each clash is reported at the second element (the chardev and the property follow the state).
    const byLine = (a: [string, number], b: [string, number]): number => a[1] - b[1];
    expect(diags.map((x): [string, number] => [x.id, x.line]).sort(byLine)).toEqual(([
      ['qemu-c-keyword', 901],
      ['name-clash', pl011.chardev!.span.line],
      ['name-clash', pl011.properties.find((p) => p.name === 'migrate-clk')!.span.line],
    ] as [string, number][]).sort(byLine));
    expect(diags.find((x) => x.line === pl011.chardev!.span.line)!.message).toContain("'chr'");
  });

  it('a device without a qemu: section is not checked for C names', () => {
    const d = { ...pl011, qemu: undefined, state: [...pl011.state, state('register', 901)] };
    expect(checkDevice(d).filter((x) => x.id === 'qemu-c-keyword')).toEqual([]);
  });
});
