/**
 * The programmatic API (`devgen/api`) on a temporary copy of devgen's own definitions and
 * boards: each function's typed result, that it agrees with the CLI, and the errors a project
 * or a request can cause (ProjectError, LintUsageError), never a definition problem thrown.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LintUsageError, ProjectError, check, dumpVmState, formatDiagnostics, generate, lint, loadProject, qtestSession } from 'devgen/api';
import { deviceClasses } from '../../generated/devices.ts';
import { copyOfDevgenDefs, devgen, remove, tempDir } from './project-fixture.ts';

/** Every shipped device type, and the ones with a migration description (the committed baseline's entries). */
const DEVICES = deviceClasses.map((c) => c.typeName).sort();
/** Every QOM type the device classes register (variants such as pl011_luminary too). */
const TYPES = deviceClasses.flatMap((c) => [c.typeName, ...c.variants.map((v) => v.typeName)]).sort();
const MIGRATED = Object.keys(JSON.parse(readFileSync(join(import.meta.dirname, '../../generated/vmstate-baseline.json'), 'utf8')) as Record<string, unknown>).filter((k) => k !== 'vmschkmachine').sort();

describe('devgen/api', () => {
  let root: string;
  beforeAll(() => {
    root = copyOfDevgenDefs('api');
  });
  afterAll(() => remove(root));

  it('loadProject: every device and board, checked, nothing written', () => {
    const p = loadProject(root);
    expect(p.ok).toBe(true);
    expect(p.devices.map((d) => d.name)).toEqual(DEVICES);
    expect(p.machines.map((m) => m.ir.name)).toEqual(['lm3s811evb', 'pc', 'versatilepb', 'virt']);
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(p.sources.get('defs/pl011/pl011.device.yaml')).toContain('name: pl011');
  });

  it('check: positioned diagnostics for a broken definition, and boards wait for the devices', () => {
    const file = join(root, 'defs/pl011/pl011.device.yaml');
    const text = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, text.replace('storage: flags', 'storage: flagz'));
      const c = check(root);
      expect(c.ok).toBe(false);
      const errors = c.diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.file).toBe('defs/pl011/pl011.device.yaml');
      expect(errors[0]!.message).toContain('flagz');
      expect(errors[0]!.line).toBeGreaterThan(1);
      expect(formatDiagnostics(c.diagnostics, c.sources, { color: false })).toContain('flagz');
      expect(loadProject(root).machines).toEqual([]);
    } finally {
      writeFileSync(file, text);
    }
    expect(check(root).ok).toBe(true);
  });

  it('generate: writes generated/, then reports it up to date; check mode writes nothing', () => {
    const first = generate(root);
    expect(first.ok).toBe(true);
    expect(first.changed.map((p) => p.path)).toContain('generated/pl011/pl011.mmio.ts');
    expect(first.changed.every((p) => p.status === 'missing')).toBe(true);
    const again = generate(root, { check: true });
    expect(again).toMatchObject({ ok: true, changed: [] });
    expect(again.plan.length).toBe(first.plan.length);
    const cli = devgen(root, ['generate', '--check']);
    expect(cli.out).toBe(`devgen: ${first.plan.length} generated files are up to date.\n`);
  });

  it('lint: results per file with counts; a bad request throws LintUsageError', () => {
    const r = lint(root);
    expect(r.ok).toBe(true);
    expect(r.errors).toBe(0);
    expect(r.files.map((f) => f.file)).toContain('defs/machines/virt.machine.yaml');
    expect(r.files.map((f) => f.file)).toContain('defs/pl011/pl011.device.yaml');
    const one = lint(root, { paths: ['defs/hpet'], cwd: root, baseline: false });
    expect(one.files.map((f) => f.file)).toEqual(['defs/hpet/hpet.device.yaml']);
    expect(() => lint(root, { paths: ['defs/nope'], cwd: root })).toThrow(LintUsageError);
    expect(() => lint(root, { baseline: 'missing.json', cwd: root })).toThrow('vmstate baseline missing.json does not exist');
  });

  it('dumpVmState: the runtime dump of the generated devices, as `devgen dump-vmstate` writes it', async () => {
    const d = await dumpVmState(root);
    expect(d.machine).toBe('devgen');
    expect(d.entries.map((e) => e.Name)).toEqual(MIGRATED);
    expect(d.text).toBe(devgen(root, ['dump-vmstate', '-']).out);
    expect((await dumpVmState(root, { machine: 'virt' })).text).toContain('"Name": "virt"');
  });

  it('qtestSession: answers as devgen qtest does, serial output readable, closes', async () => {
    const s = await qtestSession(root, 'virt', { serial: 'memory' });
    expect(s.machine).toBe('virt');
    expect(s.command('readl 0x09000fe0')).toEqual(['OK 0x0000000000000011']);
    expect(s.command('writel 0x09000030 0x301')).toEqual(['OK']);
    expect(s.command('writel 0x09000000 0x41')).toEqual(['OK']);
    expect(s.serial.kind).toBe('memory');
    expect(new TextDecoder().decode((s.serial as unknown as { output(): Uint8Array }).output())).toBe('A');
    expect(s.command('frobnicate')[0]).toMatch(/^FAIL /);
    s.close();
    const i2c = await qtestSession(root, 'versatilepb', { devices: ['pcf8574,address=0x20,id=gpio0'] });
    expect(i2c.command('irq_intercept_out /machine/peripheral/gpio0 nINT')).toEqual(['OK']);
    i2c.close();
  });

  it('qtestSession: an unknown machine or device, or a project never generated, is a ProjectError naming what was loaded', async () => {
    await expect(qtestSession(root, 'nope')).rejects.toThrow(new ProjectError(`unknown machine 'nope': ${join(root, 'generated/machines/index.ts')} defines lm3s811evb, pc, versatilepb, virt (boards are defs/machines/*.machine.yaml)`));
    await expect(qtestSession(root, 'virt', { devices: ['pl041'] })).rejects.toThrow(`'pl041' is not a valid device model name (device types loaded: ${TYPES.join(', ')})`);
    await expect(qtestSession(root, 'virt', { serial: 'bogus:x' })).rejects.toBeInstanceOf(ProjectError);
    const fresh = tempDir('api-fresh');
    try {
      await expect(dumpVmState(fresh)).rejects.toThrow(`${join(fresh, 'generated/index.ts')} does not exist: run \`devgen generate\` first`);
      expect(() => loadProject(fresh)).toThrow(ProjectError);
    } finally {
      remove(fresh);
    }
  });
});
