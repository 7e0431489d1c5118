/**
 * A new board written only as YAML, in a temporary project root next to copies of devgen's
 * device definitions: `generate` writes its descriptor, the board index and the board schema;
 * the descriptor file evaluates to the data the generator checked; the one board interpreter
 * builds it with devgen's device classes and it answers qtest (a pl011's IDs and interrupt, a
 * pcf8574 the board puts on the I2C controller's bus). A broken board stops generation with a
 * positioned diagnostic and writes nothing.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostics } from '../../generator/src/diagnostics/render.ts';
import { loadMachine } from '../../generator/src/machine/load-machine.ts';
import { descriptorData } from '../../generator/src/machine/machine.view.ts';
import { generate, loadDefinitions, discoverDefs } from '../../generator/src/pipeline.ts';
import { defineMachines, type MachineDescriptor } from '../../runtime/src/board/index.ts';
import { MachineRegistry, buildMachine, type Machine } from '../../runtime/src/machine/index.ts';
import { createMemoryChardev } from '../../runtime/src/chardev/index.ts';
import { deviceClasses } from '../../generated/devices.ts';
import { rigOn } from '../devices/pcf8574-helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const BOARD = 'test/machine/fixtures/lab.machine.yaml';
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'devgen-board-'));
  // Definitions with their behaviour files (a definition naming a missing behaviour file is refused).
  for (const def of ['pl011/pl011.device.yaml', 'pl011/pl011.behavior.ts', 'versatile-i2c/versatile-i2c.device.yaml', 'versatile-i2c/versatile-i2c.behavior.ts', 'pcf8574/pcf8574.device.ts']) {
    cpSync(join(ROOT, 'defs', def), join(tmp, 'defs', def));
  }
  mkdirSync(join(tmp, 'defs/machines'), { recursive: true });
  cpSync(join(ROOT, BOARD), join(tmp, 'defs/machines/lab.machine.yaml'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Builds board `desc` as `devgen qtest --machine NAME` would, with a memory serial port. */
function build(desc: MachineDescriptor): { machine: Machine; serial: ReturnType<typeof createMemoryChardev> } {
  const registry = new MachineRegistry();
  for (const def of Object.values(defineMachines([desc], deviceClasses))) registry.register(def);
  const serial = createMemoryChardev();
  return { machine: buildMachine(registry, desc.name, { serial: [serial] }), serial };
}

describe('a board written only as YAML', () => {
  let desc: MachineDescriptor;

  it('generates its descriptor, the board index and the board schema', async () => {
    const r = generate({ root: tmp, check: false });
    expect(formatDiagnostics(r.diagnostics, r.sources, { color: false })).toBe('');
    expect(r.ok).toBe(true);
    for (const f of ['generated/machines/lab.machine.ts', 'generated/machines/index.ts', 'generated/schema/machine.schema.json', 'generated/devices.ts']) {
      expect(existsSync(join(tmp, f)), f).toBe(true);
    }
    const index = readFileSync(join(tmp, 'generated/machines/index.ts'), 'utf8');
    expect(index).toContain("import { labMachine } from './lab.machine.ts';");
    expect(generate({ root: tmp, check: true }).ok).toBe(true);
    // The printed descriptor (its only import is type-only) evaluates to what the checks produced.
    const mod = (await import(pathToFileURL(join(tmp, 'generated/machines/lab.machine.ts')).href)) as { labMachine: MachineDescriptor };
    desc = mod.labMachine;
    const loaded = loadDefinitions(ROOT, discoverDefs(ROOT));
    const checked = loadMachine(BOARD, readFileSync(join(ROOT, BOARD), 'utf8'), loaded.devices, { root: ROOT }).machine!;
    expect(desc).toEqual({ ...descriptorData(checked), source: desc.source });
    expect(desc.source).toBe('defs/machines/lab.machine.yaml:7');
  });

  it('builds with the one interpreter and answers qtest: QOM paths, pl011 IDs, its interrupt, the serial port', () => {
    const { machine, serial } = build(desc);
    const rig = rigOn(machine, 0x1000_1000);
    expect(machine.resolvePath('/machine/unattached/device[0]')).toBe(machine.parts.get('intc'));
    expect(machine.device('/machine/unattached/device[1]')?.typeName).toBe('pl011');
    expect(machine.device('/machine/peripheral/expander')?.typeName).toBe('pcf8574');
    expect(rig.q('readl 0x10000fe0')).toEqual(['OK 0x0000000000000011']);
    expect(rig.q('readl 0x20000000')).toEqual(['OK 0x0000000000000000']); // RAM
    expect(rig.q('irq_intercept_in /machine/unattached/device[0]')).toEqual(['OK']);
    expect(rig.q('writel 0x10000038 0x20')).toEqual(['OK']); // TX unmasked
    expect(rig.q('writel 0x10000000 0x41')).toEqual(['IRQ raise 5', 'OK']); // UARTINTR → intc input 5
    expect(serial.outputText()).toBe('A');
  });

  it('puts the pcf8574 on the controller bus at its address; its nINT reaches the stand-in', () => {
    const { machine } = build(desc);
    const rig = rigOn(machine, 0x1000_1000);
    expect(rig.q('irq_intercept_in /machine/unattached/device[0]')).toEqual(['OK']);
    expect(rig.i2c.read(0x20)).toBeUndefined();
    expect(rig.i2c.write(0x21, [0x0f])).toEqual([true, true]);
    expect(rig.i2c.read(0x21)).toEqual([0x0f]);
    expect(machine.parts.get('expander')).toBe(machine.device('expander'));
    // nINT (active low) goes to intc input 6: the read above reported a changed pin state and
    // released it (high); a write that changes the state again asserts it (low).
    expect(rig.irqs()).toContain('IRQ raise 6');
    rig.i2c.write(0x21, [0x03]);
    expect(rig.irqs()).toContain('IRQ lower 6');
  });

  it('a broken board stops generation with a positioned diagnostic; nothing is written', () => {
    const file = join(tmp, 'defs/machines/lab.machine.yaml');
    const good = readFileSync(file, 'utf8');
    rmSync(join(tmp, 'generated'), { recursive: true, force: true });
    writeFileSync(file, good.replace('device: pl011', 'device: pl031'));
    const r = generate({ root: tmp, check: false });
    expect(r.ok).toBe(false);
    expect(r.plan).toEqual([]);
    const text = formatDiagnostics(r.diagnostics, r.sources, { color: false });
    expect(text).toMatch(/^defs\/machines\/lab\.machine\.yaml:\d+:\d+: error\[machine-unknown-type\]: unknown device type 'pl031' \(did you mean 'pl011'\?\); the loaded device definitions are: pcf8574, pl011, pl011_luminary, versatile_i2c$/m);
    expect(existsSync(join(tmp, 'generated'))).toBe(false);
    writeFileSync(file, good);
  });
});
