/**
 * Format additions read by both front ends: the effective decode rule of every register
 * (region default, block default, register override), instance-only state (`migrate: false`),
 * bitbang-i2c engines, and post-write hooks on block and 64-bit registers.
 */
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../../../generator/src/pipeline/load.ts';
import { lintSource } from '../../../../generator/src/lint/run.ts';
import type { DeviceIR } from '../../../../generator/src/ir/ir.ts';
import { dumpIr } from '../../../../generator/src/ir/dump.ts';

function loadYaml(text: string): DeviceIR {
  const { device, diagnostics } = loadDefinition('defs/t/t.device.yaml', text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return device!;
}

const DECODE_YAML = `devgen: 1
device: { name: t, parent: sys-bus-device }
regions:
  - { name: plain, size: 0x100 }
  - { name: exact, size: 0x100, exact-offsets: true }
state:
  - { name: cells, struct: cell, length: 2 }
structs:
  - name: cell
    fields: [{ name: v, type: u32 }, { name: w, type: u32 }]
registers:
  - { name: P_DEFAULT, region: plain, offset: 0x0, access: RW, hooks: [read, write] }
  - { name: P_EXACT, region: plain, offset: 0x4, access: RW, decode: exact, hooks: [read, write] }
  - { name: E_DEFAULT, region: exact, offset: 0x0, access: RW, hooks: [read, write] }
  - { name: E_COVERING, region: exact, offset: 0x4, access: RW, decode: covering, hooks: [read, write] }
  - { name: E_ARRAY, region: exact, offset: 0x10, access: RW, array: { count: 4, stride: 4 }, decode: covering, hooks: [read, write] }
blocks:
  - name: BLK
    region: exact
    offset: 0x40
    count: 2
    stride: 0x10
    state: cells
    decode: covering
    registers:
      - { name: INHERIT, offset: 0x0, access: RW, storage: v }
      - { name: OWN, offset: 0x4, access: RW, storage: w, decode: exact }
  - name: PLAIN_BLK
    region: exact
    offset: 0x80
    count: 2
    stride: 0x10
    registers:
      - { name: R, offset: 0x0, access: RW, hooks: [read, write] }
`;

function decodes(device: DeviceIR): Record<string, string> {
  return Object.fromEntries([
    ...device.registers.map((r) => [r.name, r.decode]),
    ...device.blocks.flatMap((b) => b.registers.map((r) => [`${b.name}.${r.name}`, r.decode])),
  ]);
}

describe('decode rule', () => {
  const expected = {
    P_DEFAULT: 'covering', P_EXACT: 'exact',
    E_DEFAULT: 'exact', E_COVERING: 'covering', E_ARRAY: 'covering',
    'BLK.INHERIT': 'covering', 'BLK.OWN': 'exact', 'PLAIN_BLK.R': 'exact',
  };

  it('is the region default, then the block default, then the register override (YAML)', () => {
    expect(decodes(loadYaml(DECODE_YAML))).toEqual(expected);
  });

  it('comes out the same from the decorator front end', () => {
    const text = `import { Block, Device, Region, Register, State, Struct, type Decl } from 'devgen/define';
@Device({ name: 't', parent: 'sys-bus-device' })
@Region({ name: 'plain', size: 0x100 })
@Region({ name: 'exact', size: 0x100, exactOffsets: true })
@Struct({ name: 'cell', fields: [{ name: 'v', type: 'u32' }, { name: 'w', type: 'u32' }] })
@Block({ name: 'BLK', region: 'exact', offset: 0x40, count: 2, stride: 0x10, state: 'cells', decode: 'covering', registers: [
  { name: 'INHERIT', offset: 0, access: 'RW', storage: 'v' },
  { name: 'OWN', offset: 4, access: 'RW', storage: 'w', decode: 'exact' },
] })
@Block({ name: 'PLAIN_BLK', region: 'exact', offset: 0x80, count: 2, stride: 0x10, registers: [{ name: 'R', offset: 0, access: 'RW', hooks: ['read', 'write'] }] })
export class T {
  @Register({ region: 'plain', offset: 0, access: 'RW', hooks: ['read', 'write'] }) static P_DEFAULT: Decl;
  @Register({ region: 'plain', offset: 4, access: 'RW', decode: 'exact', hooks: ['read', 'write'] }) static P_EXACT: Decl;
  @Register({ region: 'exact', offset: 0, access: 'RW', hooks: ['read', 'write'] }) static E_DEFAULT: Decl;
  @Register({ region: 'exact', offset: 4, access: 'RW', decode: 'covering', hooks: ['read', 'write'] }) static E_COVERING: Decl;
  @Register({ region: 'exact', offset: 0x10, access: 'RW', array: { count: 4, stride: 4 }, decode: 'covering', hooks: ['read', 'write'] }) static E_ARRAY: Decl;
  @State({ struct: 'cell', length: 2 }) static cells: Decl;
}
`;
    const { device, diagnostics } = loadDefinition('defs/t/t.device.ts', text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(decodes(device!)).toEqual(expected);
  });

  it('is printed by the IR dump where it differs from the region default', () => {
    const lines = dumpIr(loadYaml(DECODE_YAML), { withSpans: false }).split('\n');
    const reg = (name: string) => lines.find((l) => l.trimStart().startsWith(`register "${name}"`)) ?? '';
    expect(reg('P_DEFAULT')).not.toContain('decode=');
    expect(reg('P_EXACT')).toContain(' decode=exact');
    expect(reg('E_DEFAULT')).not.toContain('decode=');
    expect(reg('E_COVERING')).toContain(' decode=covering');
    expect(reg('INHERIT')).toContain(' decode=covering');
  });

  it('rejects a decode word that is not exact or covering', () => {
    const { device, diagnostics } = loadDefinition('defs/t/t.device.yaml', DECODE_YAML.replace('decode: exact, hooks', 'decode: exactly, hooks'));
    expect(device).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ id: 'invalid-value', line: 13 })]);
    expect(diagnostics[0]!.message).toContain("did you mean 'exact'");
  });
});

const STATE_YAML = `devgen: 1
device: { name: t, parent: sys-bus-device, description: A test device. }
buses:
  - { name: i2c, kind: i2c, description: The bus. }
regions:
  - { name: mmio, size: 0x100, description: Registers. }
state:
  - { name: ctrl, type: u32, description: Control. }
  - { name: shadow, type: u32, migrate: false, description: Host-side cache. }
  - { name: bitbang, type: bitbang-i2c, bus: i2c, description: The engine. }
registers:
  - { name: CTRL, offset: 0, access: RW, storage: ctrl, description: Control. }
vmstate:
  name: t
  version: 1
  fields:
    - { field: ctrl }
`;

describe('instance state', () => {
  it('lowers migrate (default true) and bitbang-i2c engines (bus, never migrated)', () => {
    const d = loadYaml(STATE_YAML);
    expect(d.state.map((s) => [s.name, s.type, s.migrate, s.bus])).toEqual([
      ['ctrl', 'u32', true, undefined],
      ['shadow', 'u32', false, undefined],
      ['bitbang', 'bitbang-i2c', false, 'i2c'],
    ]);
    const dump = dumpIr(d, { withSpans: false });
    expect(dump).toContain('state "shadow" type=u32 length=- reset=- migrate=false');
    expect(dump).toContain('state "bitbang" type=bitbang-i2c length=- reset=- bus=i2c migrate=false');
    expect(dump).toMatch(/state "ctrl" type=u32 length=- reset=-\n/);
  });

  it('is not asked for in the vmstate by lint (vmstate-state-not-migrated)', () => {
    const ids = (text: string) => lintSource('defs/t/t.device.yaml', text, { root: process.cwd() }).diagnostics.map((x) => `${x.id}@${x.line}`);
    expect(ids(STATE_YAML).filter((x) => x.startsWith('vmstate-state-not-migrated'))).toEqual([]);
    // The same field without `migrate: false` is reported: the rule still runs.
    expect(ids(STATE_YAML.replace(', migrate: false', ''))).toContain('vmstate-state-not-migrated@9');
  });
});

describe('post-write hooks', () => {
  it('are accepted on block registers and 64-bit registers', () => {
    const d = loadYaml(`devgen: 1
device: { name: t, parent: sys-bus-device }
regions:
  - { name: mmio, size: 0x400, impl: { min: 4, max: 8 }, valid: { min: 4, max: 8 } }
state:
  - { name: wide, type: u64 }
  - { name: timers, struct: timer, length: 2 }
structs:
  - name: timer
    fields: [{ name: conf, type: u64 }]
registers:
  - { name: WIDE, offset: 0x0, width: 64, access: RW, storage: wide, hooks: [post-write] }
blocks:
  - name: T
    offset: 0x100
    count: 2
    stride: 0x20
    state: timers
    registers:
      - { name: CONF, offset: 0x0, width: 64, access: RW, storage: conf, hooks: [post-write] }
`);
    expect(d.registers[0]!.hooks).toEqual(['post-write']);
    expect(d.blocks[0]!.registers[0]!.hooks).toEqual(['post-write']);
  });
});

const REGION_HOOK_YAML = `devgen: 1
device: { name: t, parent: sys-bus-device }
state:
  - { name: lines, type: u32 }
regions:
  - { name: mmio, size: 0x100, exact-offsets: true, hooks: [post-write] }
  - { name: quiet, size: 0x100 }
registers:
  - { name: SET, offset: 0x0, access: W1S, storage: lines }
  - { name: Q, region: quiet, offset: 0x0, access: RW, storage: lines }
`;

describe('region hooks', () => {
  it('lower per region from both front ends, and name one hook per region that asks', () => {
    const yaml = loadYaml(REGION_HOOK_YAML);
    expect(yaml.regions.map((r) => r.hooks)).toEqual([['post-write'], []]);
    const { device, diagnostics } = loadDefinition('defs/t/t.device.ts', `import { Device, Region, Register, State, type Decl } from 'devgen/define';
@Device({ name: 't', parent: 'sys-bus-device' })
@Region({ name: 'mmio', size: 0x100, exactOffsets: true, hooks: ['post-write'] })
@Region({ name: 'quiet', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'W1S', storage: 'lines' }) static SET: Decl;
  @Register({ region: 'quiet', offset: 0, access: 'RW', storage: 'lines' }) static Q: Decl;
  @State({ type: 'u32' }) static lines: Decl;
}
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const regionLines = (d: DeviceIR): string[] => dumpIr(d, { withSpans: false }).split('\n').filter((l) => l.trimStart().startsWith('region '));
    expect(regionLines(device!)).toEqual(regionLines(yaml));
    expect(dumpIr(yaml, { withSpans: false })).toMatch(/region "mmio" .* hooks=\[post-write\]/);
  });

  it('reject a hook word regions do not have, at its position', () => {
    const { device, diagnostics } = loadDefinition('defs/t/t.device.yaml', REGION_HOOK_YAML.replace('hooks: [post-write]', 'hooks: [read]'));
    expect(device).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ id: 'invalid-value', line: 6 })]);
  });
});

const UNADDRESSED_YAML = `devgen: 1
device: { name: t, parent: sys-bus-device }
properties:
  - { name: n, type: u8, default: 3 }
regions:
  - { name: mmio, size: 0x400, impl: { min: 4, max: 8 }, valid: { min: 4, max: 8 } }
state:
  - { name: timers, struct: timer, length: 32 }
structs:
  - name: timer
    fields: [{ name: conf, type: u64 }]
blocks:
  - name: T
    offset: 0x100
    count: 24
    stride: 0x20
    state: timers
    limit: { property: n }
    reset-unaddressed: true
    registers:
      - { name: CONF, offset: 0x0, width: 64, access: RW, storage: conf }
`;

describe('reset-unaddressed blocks', () => {
  it('lower from both front ends and show in the IR dump', () => {
    const d = loadYaml(UNADDRESSED_YAML);
    expect(d.blocks[0]!.resetUnaddressed).toBe(true);
    expect(dumpIr(d, { withSpans: false })).toMatch(/block "T" .* limit=n reset-unaddressed/);
    expect(loadYaml(UNADDRESSED_YAML.replace('    reset-unaddressed: true\n', '')).blocks[0]!.resetUnaddressed).toBe(false);
    const { device, diagnostics } = loadDefinition('defs/t/t.device.ts', `import { Block, Device, Property, Region, State, Struct, type Decl } from 'devgen/define';
@Device({ name: 't', parent: 'sys-bus-device' })
@Property({ name: 'n', type: 'u8', default: 3 })
@Region({ name: 'mmio', size: 0x400, impl: { min: 4, max: 8 }, valid: { min: 4, max: 8 } })
@Struct({ name: 'timer', fields: [{ name: 'conf', type: 'u64' }] })
@Block({ name: 'T', offset: 0x100, count: 24, stride: 0x20, state: 'timers', limit: { property: 'n' }, resetUnaddressed: true, registers: [
  { name: 'CONF', offset: 0, width: 64, access: 'RW', storage: 'conf' },
] })
export class T {
  @State({ struct: 'timer', length: 32 }) static timers: Decl;
}
`);
    expect(diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(device!.blocks[0]!.resetUnaddressed).toBe(true);
  });

  it('is a positioned block-state error when the state holds no record beyond count', () => {
    const { diagnostics } = loadDefinition('defs/t/t.device.yaml', UNADDRESSED_YAML.replace('length: 32', 'length: 24'));
    expect(diagnostics).toEqual([expect.objectContaining({ id: 'block-state', line: 13 })]);
    expect(diagnostics[0]!.message).toContain('holds no record beyond its 24 elements');
  });
});
