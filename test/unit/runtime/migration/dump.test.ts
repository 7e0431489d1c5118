/**
 * The -dump-vmstate JSON, compared with the live QEMU 10.0 oracle: the pl011 entry must be
 * identical in content, key order and bytes. The test fails (never skips) without QEMU.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../../runtime/src/contract/context.ts';
import type { VmField, VmStateDescription, VmSubsection } from '../../../../runtime/src/contract/types.ts';
import {
  dumpVmState,
  dumpVmStateEntry,
  formatVmStateDump,
  formatVmStateDumpFragment,
  vmstateClock,
  vmstateI2CSlave,
} from '../../../../runtime/src/migration/index.ts';
import { VMSTATE_POINTER_SIZE } from '../../../../runtime/src/formats/vmstate-dump.ts';
import { RUNTIME_VMSTATE_DUMPS } from '../../../../runtime/src/formats/runtime-vmstates.ts';
import { qemuBinary } from '../../../support/qemu-oracle.ts';

/** pl011-like state, by hand (mirrors the vmstate section of defs/pl011/pl011.device.yaml). */
interface Pl011 {
  regs: Record<string, number>;
  readFifo: Uint32Array;
  migrateClk: boolean;
  clk: Clock;
}

function u32(name: string): VmField<Pl011> {
  return { kind: 'scalar', name, type: 'u32', since: 0, get: (c) => c.regs[name]!, set: (c, v) => { c.regs[name] = Number(v); } };
}
function i32(name: string): VmField<Pl011> {
  return { kind: 'scalar', name, type: 'i32', since: 0, get: (c) => c.regs[name]!, set: (c, v) => { c.regs[name] = Number(v); } };
}

function pl011Desc(): VmStateDescription<Pl011> {
  const clockSub: VmSubsection<Pl011> = {
    name: 'pl011/clock',
    version: 1,
    minimumVersion: 1,
    needed: (c) => c.migrateClk,
    fields: [{ kind: 'struct', name: 'clk', since: 0, struct: vmstateClock, get: (c) => c.clk, compatSize: 8 }],
    subsections: [],
  };
  return {
    name: 'pl011',
    version: 2,
    minimumVersion: 2,
    postLoad: () => undefined,
    fields: [
      { kind: 'unused', name: 'unused', size: 4, since: 0 },
      ...['flags', 'lcr', 'rsr', 'cr', 'dmacr', 'int_enabled', 'int_level'].map(u32),
      { kind: 'array', name: 'read_fifo', type: 'u32', length: 16, since: 0, get: (c) => c.readFifo },
      ...['ilpr', 'ibrd', 'fbrd', 'ifl'].map(u32),
      ...['read_pos', 'read_count', 'read_trigger'].map(i32),
    ],
    subsections: [clockSub],
  };
}

let dir: string;
let qemuText: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'devgen-vmstate-'));
  const out = join(dir, 'dump.json');
  execFileSync(qemuBinary('aarch64'), ['-M', 'virt', '-display', 'none', '-nodefaults', '-dump-vmstate', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 30_000,
  });
  qemuText = readFileSync(out, 'utf8');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The text of the top-level entry `key` in QEMU's file, from its "{" to its "}". */
function entryText(key: string): string {
  const start = qemuText.indexOf(`\n  "${key}": {\n`);
  if (start < 0) throw new Error(`QEMU dump has no entry "${key}"`);
  const open = qemuText.indexOf('{', start);
  const close = qemuText.indexOf('\n  }', open);
  return qemuText.slice(open, close + 4);
}

describe('dumpVmStateEntry vs QEMU 10.0 -dump-vmstate', () => {
  it('equals QEMU\'s "pl011" entry in content and key order', () => {
    const ours = dumpVmStateEntry('pl011', pl011Desc());
    const theirs = (JSON.parse(qemuText) as Record<string, unknown>)['pl011'];
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
  });

  it('formats the "pl011" entry byte-for-byte like QEMU', () => {
    expect(formatVmStateDumpFragment(dumpVmStateEntry('pl011', pl011Desc()), 2)).toBe(entryText('pl011'));
  });

  it('formats a whole file like QEMU (vmschkmachine first, trailing newline)', () => {
    const file = formatVmStateDump(dumpVmState('virt-10.0', [dumpVmStateEntry('pl011', pl011Desc())]));
    const machine = entryText('vmschkmachine');
    expect(qemuText.startsWith(`{\n  "vmschkmachine": ${machine},\n`)).toBe(true);
    expect(qemuText.endsWith('\n  }\n}\n')).toBe(true);
    expect(file).toBe(`{\n  "vmschkmachine": ${machine},\n  "pl011": ${entryText('pl011')}\n}\n`);
  });

  it('prints an empty Fields list the way QEMU does (rtl8139/hotplug_ready)', () => {
    const sub: VmSubsection<unknown> = {
      name: 'rtl8139/hotplug_ready', version: 1, minimumVersion: 1, needed: () => true, fields: [], subsections: [],
    };
    const desc: VmStateDescription<unknown> = { name: 'x', version: 1, minimumVersion: 1, fields: [], subsections: [sub] };
    const ours = formatVmStateDumpFragment(dumpVmStateEntry('x', desc).Description.Subsections![0], 8);
    const at = qemuText.indexOf('{\n          "name": "rtl8139/hotplug_ready"');
    expect(at).toBeGreaterThan(0);
    expect(qemuText.slice(at, at + ours.length)).toBe(ours);
    expect(ours).toContain('"Fields": [\n\n          ]');
  });
});

describe('dumpVmStateEntry shape', () => {
  it('omits Subsections when there are none and num for non-arrays', () => {
    const entry = dumpVmStateEntry('clock-holder', {
      name: 'h', version: 3, minimumVersion: 1, subsections: [],
      fields: [
        { kind: 'scalar', name: 'b', type: 'bool', since: 2, get: () => true, set: () => {} },
        { kind: 'array', name: 'q', type: 'u64', length: 1, since: 0, get: () => [0n] },
        { kind: 'unused', name: 'unused', size: 7, since: 0 },
      ],
    });
    expect(Object.keys(entry.Description)).toEqual(['name', 'version_id', 'minimum_version_id', 'Fields']);
    expect(entry.Description.Fields).toEqual([
      { field: 'b', version_id: 2, field_exists: false, size: 1 },
      { field: 'q', version_id: 0, field_exists: false, num: 1, size: 8 },
      { field: 'unused', version_id: 0, field_exists: false, size: 7 },
    ]);
  });

  it('throws an internal error naming a struct field without compatSize', () => {
    const desc: VmStateDescription<{ i2c: unknown }> = {
      name: 'dev', version: 1, minimumVersion: 1, subsections: [],
      fields: [{ kind: 'struct', name: 'i2c', since: 0, struct: vmstateI2CSlave, get: (c) => c.i2c, compatSize: undefined }],
    };
    expect(() => dumpVmStateEntry('dev', desc)).toThrow(/dev\.i2c has no compatSize/);
  });

  it('records clocks and timers, pointers in QEMU, with the pointer size unless told otherwise', () => {
    const desc: VmStateDescription<{ clk: Clock; t: unknown }> = {
      name: 'dev', version: 1, minimumVersion: 1, subsections: [],
      fields: [
        { kind: 'struct', name: 'clk', since: 0, struct: vmstateClock, get: (c) => c.clk, compatSize: undefined },
        { kind: 'timer', name: 't', since: 0, get: (c) => c.t as never, compatSize: undefined },
      ],
    };
    expect(dumpVmStateEntry('dev', desc).Description.Fields!.map((f) => [f.field, f.size])).toEqual([['clk', VMSTATE_POINTER_SIZE], ['t', VMSTATE_POINTER_SIZE]]);
  });

  it("dumps the runtime's shared descriptions as the compiler's projection expects them", () => {
    expect(dumpVmStateEntry('x', vmstateClock).Description).toEqual(RUNTIME_VMSTATE_DUMPS.clock);
    expect(dumpVmStateEntry('x', vmstateI2CSlave).Description).toEqual(RUNTIME_VMSTATE_DUMPS.I2CSlave);
  });

  it('rejects duplicate entries in a file', () => {
    const e = dumpVmStateEntry('pl011', pl011Desc());
    expect(() => dumpVmState('virt-10.0', [e, e])).toThrow(/duplicate/);
  });
});
