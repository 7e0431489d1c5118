/** IR walker and dump, JSON Schema export. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../../../generator/src/pipeline/load.ts';
import { walkDevice, type IrNode } from '../../../../generator/src/ir/walk.ts';
import { dumpIr } from '../../../../generator/src/ir/dump.ts';
import { buildDeviceJsonSchema } from '../../../../generator/src/schema/device.schema.ts';

const file = 'defs/pl011/pl011.device.yaml';
const device = loadDefinition(file, readFileSync(file, 'utf8')).device!;

describe('walkDevice', () => {
  it('visits every node with balanced enter/exit and ancestor paths', () => {
    const events: string[] = [];
    let depth = 0;
    walkDevice(device, {
      enterRegister: (r, path) => { events.push(`+${r.name}`); depth++; expect(path.map((n) => n.kind)).toEqual(['device']); },
      exitRegister: (r) => { events.push(`-${r.name}`); depth--; },
      enterField: (_f, path) => { expect(path.map((n: IrNode) => n.kind)).toEqual(['device', 'register']); },
    });
    expect(depth).toBe(0);
    expect(events.filter((e) => e.startsWith('+'))).toHaveLength(device.registers.length);
  });

  it('skip and stop apply per listener', () => {
    let fieldsA = 0;
    let fieldsB = 0;
    let registersC = 0;
    walkDevice(
      device,
      { enterRegister: () => 'skip', enterField: () => { fieldsA++; } },
      { enterField: () => { fieldsB++; } },
      { enterRegister: () => { registersC++; return 'stop'; } },
    );
    expect(fieldsA).toBe(0);
    expect(fieldsB).toBe(device.registers.reduce((n, r) => n + r.fields.length, 0));
    expect(registersC).toBe(1);
  });
});

describe('dumpIr', () => {
  it('is deterministic and can omit spans', () => {
    expect(dumpIr(device)).toBe(dumpIr(device));
    expect(dumpIr(device, { withSpans: false })).not.toMatch(/@\d+:\d+/);
  });
});

describe('buildDeviceJsonSchema', () => {
  it('is a strict draft 2020-12 schema with number slots as integer-or-pattern', () => {
    const s = buildDeviceJsonSchema() as Record<string, any>;
    expect(s.$schema).toContain('2020-12');
    expect(s.additionalProperties).toBe(false);
    const reg = s.properties.registers.items;
    expect(reg.additionalProperties).toBe(false);
    expect(reg.properties.offset.anyOf[0]).toEqual({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
    expect(new RegExp(reg.properties.offset.anyOf[1].pattern).test('0x0900_0000')).toBe(true);
    expect(new RegExp(reg.properties.offset.anyOf[1].pattern).test('0755')).toBe(false);
    expect(reg.properties.access.enum).toContain('W1C');
  });
});
