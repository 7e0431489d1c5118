/**
 * The qemu-c emitter over the project's four QEMU devices: what it writes is what is committed
 * under generated/<dev>/qemu/, the header declares the whole register map (a REG and FIELD per
 * register and field) and every hook, the source calls every hook and registers the type, the
 * manifest is well formed and names files that exist; it runs only when the project selects it
 * and only for devices with a `qemu:` section; a definition part QEMU C cannot express is a
 * positioned error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../generator/src/api/index.ts';
import { ConfigError, loadConfig } from '../../generator/src/config/config.ts';
import { createEmitContext } from '../../generator/src/emit/emitter.ts';
import { qemuCEmitter } from '../../generator/src/emit/qemu-c.emitter.ts';
import { checkQemuManifest, type QemuManifest } from '../../generator/src/emit/qemu-c/manifest.ts';
import { optionalEmitters } from '../../generator/src/emit/index.ts';
import { OPTIONAL_EMITTERS } from '../../generator/src/config/config.ts';
import type { DeviceIR, PropertyIR } from '../../generator/src/ir/ir.ts';
import { isLintRuleId } from '../../generator/src/lint/registry.ts';
import { cHooks, cRegisterStem, qemuCNames } from '../../generator/src/names/qemu-c-names.ts';
import { emitAll } from '../../generator/src/pipeline.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const project = loadProject(ROOT);
const qemuDevices = project.devices.filter((d) => d.qemu !== undefined) as (DeviceIR & { qemu: NonNullable<DeviceIR['qemu']> })[];
const tmp = mkdtempSync(join(tmpdir(), 'devgen-qemu-c-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('qemu-c emitter', () => {
  it('covers the four QEMU devices and no other', () => {
    expect(project.ok).toBe(true);
    expect(qemuDevices.map((d) => d.name).sort()).toEqual(['hpet', 'pcf8574', 'pl011', 'versatile_i2c']);
    for (const d of project.devices.filter((x) => x.qemu === undefined)) expect(qemuCEmitter.emit(d, createEmitContext())).toEqual([]);
  });

  it.each(qemuDevices.map((d) => [d.name, d] as const))('%s: the output is the committed generated/<dev>/qemu/', (_name, device) => {
    const ctx = createEmitContext();
    const files = qemuCEmitter.emit(device, ctx);
    expect(ctx.diagnostics).toEqual([]);
    expect(files.map((f) => f.path).sort()).toEqual(expect.arrayContaining([`generated/${device.name}/qemu/${device.name}.h`, `generated/${device.name}/qemu/${device.name}.c`, `generated/${device.name}/qemu/manifest.json`]));
    for (const f of files) expect(f.content).toBe(readFileSync(join(ROOT, f.path), 'utf8'));
  });

  it.each(qemuDevices.map((d) => [d.name, d] as const))('%s: header has the register map and every hook prototype; the source calls every hook', (_name, device) => {
    const files = qemuCEmitter.emit(device, createEmitContext());
    const h = files.find((f) => f.path.endsWith('.h'))!.content;
    const c = files.find((f) => f.path.endsWith('.c'))!.content;
    const names = qemuCNames(device);
    const regs = [...device.registers.map((r) => ({ r, b: undefined })), ...device.blocks.flatMap((b) => b.registers.map((r) => ({ r, b })))];
    for (const { r, b } of regs) {
      const stem = cRegisterStem(names, r, b);
      expect(h).toMatch(new RegExp(`^REG${r.width}\\(${stem}, 0x0*${r.offset.toString(16)}\\)$`, 'm'));
      for (const f of r.fields.filter((x) => !x.implicit)) expect(h).toContain(`    FIELD(${stem}, ${f.name.toUpperCase()}, ${f.lsb}, ${f.msb - f.lsb + 1})`);
    }
    expect(h).toContain(`#define ${names.typeMacro} "${device.name}"`);
    expect(h).toContain(`OBJECT_DECLARE_SIMPLE_TYPE(${names.struct}, ${names.cast})`);
    for (const hook of cHooks(device)) {
      expect(h).toMatch(new RegExp(`^[a-z0-9_ ]+\\b${hook.name}\\(${names.struct} \\*s`, 'm'));
      expect(c).toContain(`${hook.name}(`);
    }
    expect(c).toMatch(/^type_init\([a-z0-9_]+_register_types\)$/m);
    if (device.vmstate) expect(c).toContain(`.name = "${device.vmstate.name}",`);
  });

  it.each(qemuDevices.map((d) => [d.name, d] as const))('%s: the manifest is well formed, its sources exist, its destinations are the qemu: section', (_name, device) => {
    const text = qemuCEmitter.emit(device, createEmitContext()).find((f) => f.path.endsWith('manifest.json'))!.content;
    const m = JSON.parse(text) as QemuManifest;
    expect(checkQemuManifest(m)).toEqual([]);
    for (const f of m.files) expect(existsSync(join(ROOT, f.from)), f.from).toBe(true);
    const to = m.files.map((f) => f.to);
    expect(to).toEqual(expect.arrayContaining([device.qemu.header, device.qemu.source, device.qemu.behavior]));
    expect(m.targets).toEqual(device.qemu.targets);
    expect(m.meson?.after).toBe(device.qemu.source.split('/').pop());
  });

  it('the manifest check rejects paths leaving the tree and malformed parts', () => {
    expect(checkQemuManifest({ version: 1, device: 'x', targets: [], files: [{ from: '../x', to: '/etc/passwd' }] })).toEqual([
      'files[0].from must be a relative path without \'..\'',
      'files[0].to must be a relative path without \'..\'',
    ]);
    expect(checkQemuManifest([])).toEqual(['the manifest must be a JSON object']);
    expect(checkQemuManifest({ version: 2, device: '', targets: 'a', files: {}, traceEvents: { file: 'a', from: 'b', replacePrefix: 'Bad Prefix' } })).toHaveLength(5);
  });

  it('calls a region post-write hook after the whole decode of every write (versatile_i2c)', () => {
    const device = qemuDevices.find((d) => d.name === 'versatile_i2c')!;
    const c = qemuCEmitter.emit(device, createEmitContext()).find((f) => f.path.endsWith('.c'))!.content;
    // The ops' write function runs the decode (whose cases may return early) and then the hook,
    // so a bad offset reaches the hook after it was logged, as QEMU's write handler does.
    const write = /static void arm_sbcon_i2c_mmio_write\(void \*opaque,[^{]*\{([^}]*)\}/.exec(c);
    expect(write?.[1]).toContain('arm_sbcon_i2c_mmio_write_register(s, offset, value, size);\n    arm_sbcon_i2c_region_post_write_arm_sbcon_i2c(s, offset, size);');
    const decode = c.slice(c.indexOf('static void arm_sbcon_i2c_mmio_write_register('), c.indexOf('static void arm_sbcon_i2c_mmio_write(void'));
    expect(decode).toContain('arm_sbcon_i2c_bad_offset_write(offset, value);');
    expect(decode).not.toContain('region_post_write');
    // A region without the hook keeps one write function.
    const pl011 = qemuCEmitter.emit(qemuDevices.find((d) => d.name === 'pl011')!, createEmitContext()).find((f) => f.path.endsWith('.c'))!.content;
    expect(pl011).not.toContain('_mmio_write_register(');
  });

  it('generates each variant as a subtype whose instance_init points the varying registers at its own values (pl011_luminary)', () => {
    const device = qemuDevices.find((d) => d.name === 'pl011')!;
    const files = qemuCEmitter.emit(device, createEmitContext());
    const h = files.find((f) => f.path.endsWith('.h'))!.content;
    const c = files.find((f) => f.path.endsWith('.c'))!.content;
    expect(h).toContain('#define TYPE_PL011_LUMINARY "pl011_luminary"');
    expect(h).toContain('    const uint32_t *periphid_values;');
    // Reads go through the instance's table; pl011's own init sets its table, the variant's init (run after it) its own.
    expect(c).toContain('value = s->periphid_values[index];');
    expect(c).toMatch(/static const uint32_t pl011_periphid_values\[\] = \{\n    0x11U,\n    0x10U,\n    0x14U,\n    0x0U,\n\};/);
    expect(c).toMatch(/static const uint32_t pl011_luminary_periphid_values\[\] = \{\n    0x11U,\n    0x0U,\n    0x18U,\n    0x1U,\n\};/);
    expect(c.slice(c.indexOf('static void pl011_instance_init('), c.indexOf('static void pl011_device_realize('))).toContain('    s->periphid_values = pl011_periphid_values;\n}');
    expect(c).toMatch(/static void pl011_luminary_instance_init\(Object \*obj\)\n\{\n    PL011State \*s = PL011\(obj\);\n\n    s->periphid_values = pl011_luminary_periphid_values;\n\}/);
    expect(c).toContain('static const TypeInfo pl011_luminary_info = {\n    .name = TYPE_PL011_LUMINARY,\n    .parent = TYPE_PL011,\n    .instance_init = pl011_luminary_instance_init,\n};');
    expect(c).toContain('    type_register_static(&pl011_info);\n    type_register_static(&pl011_luminary_info);\n');
    // The hand-written behaviour no longer registers the variant itself.
    expect(readFileSync(join(ROOT, 'defs/pl011/pl011.behavior.c'), 'utf8')).not.toContain('pl011_luminary');
  });

  it('runs only when devgen.config.yaml selects it', () => {
    expect(Object.keys(optionalEmitters).sort()).toEqual([...OPTIONAL_EMITTERS].sort());
    const without = emitAll(project.devices).files.filter((f) => f.path.includes('/qemu/'));
    expect(without).toEqual([]);
    const withIt = emitAll(project.devices, ['qemu-c']).files.filter((f) => f.path.includes('/qemu/'));
    expect(withIt.map((f) => f.path.split('/')[1])).toEqual(expect.arrayContaining(['hpet', 'pcf8574', 'pl011', 'versatile_i2c']));
    expect(loadConfig(ROOT, isLintRuleId).emitters).toEqual(['qemu-c']);
  });

  it('an unknown emitter in the configuration is a positioned configuration error', () => {
    const file = join(tmp, 'devgen.config.yaml');
    writeFileSync(file, 'lint:\n  rules: {}\nemitters:\n  - qemu-c\n  - rust\n');
    expect(() => loadConfig(tmp, isLintRuleId, file)).toThrow(ConfigError);
    expect(() => loadConfig(tmp, isLintRuleId, file)).toThrow(`${file}:5:5: unknown emitter 'rust' (expected qemu-c)`);
    writeFileSync(file, 'emitters: qemu-c\n');
    expect(() => loadConfig(tmp, isLintRuleId, file)).toThrow(/:1:11: 'emitters' must be a list/);
  });

  it('a property QEMU has no qdev type for is a positioned qemu-c-unsupported error', () => {
    const pl011 = qemuDevices.find((d) => d.name === 'pl011')!;
    const span = { file: 'defs/x.device.yaml', line: 7, col: 5, endLine: 7, endCol: 9 };
    const prop: PropertyIR = { kind: 'property', name: 'tiny', type: 'i8', default: 0n, min: undefined, max: undefined, outOfRange: 'error', inherited: false, description: '', span };
    const ctx = createEmitContext();
    qemuCEmitter.emit({ ...pl011, properties: [...pl011.properties, prop] }, ctx);
    expect(ctx.diagnostics.map((d) => [d.id, d.file, d.line, d.col])).toEqual([['qemu-c-unsupported', 'defs/x.device.yaml', 7, 5]]);
  });

  it('a region default-register and a pci: block, which it has no C form for, are positioned qemu-c-unsupported errors', () => {
    const pl011 = qemuDevices.find((d) => d.name === 'pl011')!;
    const at = (line: number) => ({ file: 'defs/x.device.yaml', line, col: 3, endLine: line, endCol: 9 });
    const regions = pl011.regions.map((r, i) => (i === 0 ? { ...r, defaultRegister: { name: 'DR', span: at(4) } } : r));
    const pci = project.devices.find((d) => d.pci !== undefined)!.pci!;
    const ctx = createEmitContext();
    qemuCEmitter.emit({ ...pl011, regions, pci: { ...pci, span: at(9) } }, ctx);
    expect(ctx.diagnostics.map((d) => [d.id, d.line, d.message])).toEqual([
      ['qemu-c-unsupported', 4, expect.stringContaining('default-register (DR)')],
      ['qemu-c-unsupported', 9, expect.stringContaining('a PCI function')],
    ]);
  });
});
