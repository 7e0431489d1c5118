/**
 * Rewrites the decorator fixtures of the YAML-defined devices from their YAML definitions
 * (`node --import tsx test/equivalence/write-fixtures.ts`), e.g. after a format addition.
 * The YAML fixture of the decorator-defined pcf8574 (fixtures/pcf8574.device.yaml) is kept
 * by hand: there is no TypeScript → YAML converter.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { yamlToDecorators } from '../../generator/src/frontends/yaml-to-decorators.ts';

/** [folder and file stem in defs/, class name]. */
const DEVICES: readonly [string, string][] = [['pl011', 'Pl011'], ['hpet', 'Hpet'], ['versatile-i2c', 'VersatileI2c']];

for (const [stem, cls] of DEVICES) {
  const file = `defs/${stem}/${stem}.device.yaml`;
  const text = readFileSync(file, 'utf8');
  const behavior = /^\s*behavior:\s*(\S+)/m.exec(text)?.[1];
  const r = yamlToDecorators(file, text, {
    apiImport: 'devgen/define',
    className: `${cls}Definition`,
    ...(behavior ? { behavior: `../../../defs/${stem}/${behavior}` } : {}),
  });
  if (!r.source) throw new Error(`${file} does not read: ${r.sink.toArray().map((d) => d.message).join('; ')}`);
  writeFileSync(`test/equivalence/fixtures/${stem}.device.ts`, r.source);
}
