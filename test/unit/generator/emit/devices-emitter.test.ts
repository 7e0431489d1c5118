/**
 * generated/devices.ts, the device-class registry: every definition is listed by type name,
 * with the `<dev>Class` its behaviour exports, or bound to no hooks when it has no behaviour;
 * the shipped file is what the emitter writes for the shipped definitions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devicesEmitter } from '../../../../generator/src/emit/devices.emitter.ts';
import { createEmitContext } from '../../../../generator/src/emit/index.ts';
import { loadDefinition } from '../../../../generator/src/pipeline/load.ts';
import { discoverDefs, loadDefinitions } from '../../../../generator/src/pipeline.ts';
import { deviceClasses } from '../../../../generated/devices.ts';

const ROOT = join(import.meta.dirname, '../../../..');

describe('devices emitter', () => {
  it('binds a definition without behaviour to no hooks, and imports behaviour classes otherwise', () => {
    const bare = loadDefinition('defs/gpio-sink/gpio-sink.device.yaml', [
      'devgen: 1',
      'device: { name: gpio-sink, parent: sys-bus-device, description: Lines that go nowhere. }',
      'gpios:',
      '  - { name: out, direction: out, count: 2, description: Two outputs. }',
    ].join('\n'), { root: ROOT }).device!;
    const pl011 = loadDefinition('defs/pl011/pl011.device.yaml', readFileSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), 'utf8'), { root: ROOT }).device!;
    const [file] = devicesEmitter.emit([pl011, bare], createEmitContext());
    expect(file!.path).toBe('generated/devices.ts');
    expect(file!.content).toContain("import { defineGpioSink } from './gpio-sink/gpio-sink.qom.ts';");
    expect(file!.content).toContain("import { pl011Class } from '../defs/pl011/pl011.behavior.ts';");
    expect(file!.content).toMatch(/\[\n {2}defineGpioSink\(\{\}\), \/\/ defs\/gpio-sink\/gpio-sink\.device\.yaml:2\n {2}pl011Class, \/\/ defs\/pl011\/pl011\.device\.yaml:7\n\]/);
  });

  it('the shipped registry lists every shipped definition, by type name', () => {
    const loaded = loadDefinitions(ROOT, discoverDefs(ROOT));
    expect(deviceClasses.map((c) => c.typeName)).toEqual(loaded.devices.map((d) => d.name).sort());
  });
});
