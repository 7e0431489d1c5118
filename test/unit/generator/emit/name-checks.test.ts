/**
 * Names are checked before anything is generated: a device name QEMU would refuse (a quote, a
 * '/', a comment terminator, 300 characters), a property name, an over-long subsection name and
 * a device name defined twice are positioned diagnostics with rule ids, for YAML and decorator
 * definitions alike, and a failed run writes nothing (generated/index.ts stays as it was).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintProject } from '../../../../generator/src/api/lint-project.ts';
import { generate } from '../../../../generator/src/pipeline.ts';

let tmp: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(tmp, path)), { recursive: true });
  writeFileSync(join(tmp, path), text);
}

const yamlDevice = (name: string, extra = ''): string =>
  `devgen: 1\ndevice: { name: ${JSON.stringify(name)}, parent: sys-bus-device }\nregions:\n  - { name: mmio, size: 0x100 }\n${extra}registers:\n  - { name: A, offset: 0, access: RW }\n`;

/** Every file under generated/ with its content. */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(tmp.length + 1)] = readFileSync(p, 'utf8');
    }
  };
  walk(join(tmp, 'generated'));
  return out;
}

const found = (r: ReturnType<typeof generate>): string[] => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.id}`);

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'devgen-names-'));
  write('defs/good/good.device.yaml', yamlDevice('good'));
  expect(generate({ root: tmp, check: false }).ok).toBe(true);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('names checked before they are used', () => {
  for (const name of ["Q'Z", 'a/b', 'X*/Y', 'd'.repeat(300)]) {
    it(`refuses device name ${JSON.stringify(name.slice(0, 20))} and writes nothing`, () => {
      const before = snapshot();
      write('defs/bad/bad.device.yaml', yamlDevice(name));
      const r = generate({ root: tmp, check: false });
      expect(r.ok).toBe(false);
      expect(found(r)).toEqual(['defs/bad/bad.device.yaml:2:9 invalid-device-name']);
      expect(r.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/internal error|ENAMETOOLONG/);
      expect(snapshot()).toEqual(before);
    });
  }

  it('refuses a bad device name and property name in a decorator definition', () => {
    write('defs/deco/deco.device.ts', [
      "import { Device, Region, Property } from 'devgen/define';",
      "@Device({ name: \"Q'Z\", parent: 'sys-bus-device' })",
      "@Region({ name: 'mmio', size: 0x100 })",
      "@Property({ name: 'x=y', type: 'bool', default: true })",
      'export class Deco {}',
      '',
    ].join('\n'));
    const before = snapshot();
    const r = generate({ root: tmp, check: false });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.id}`)).toEqual([
      'defs/deco/deco.device.ts:2 invalid-device-name', 'defs/deco/deco.device.ts:4 invalid-property-name',
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('reports a device name defined twice at the second definition, naming the first', () => {
    write('defs/again/again.device.yaml', yamlDevice('good'));
    const before = snapshot();
    const r = generate({ root: tmp, check: false });
    expect(r.ok).toBe(false);
    expect(found(r)).toEqual(['defs/good/good.device.yaml:2:9 duplicate-device']);
    expect(r.diagnostics[0]!.message).toBe("device 'good' is also defined in defs/again/again.device.yaml:2");
    expect(snapshot()).toEqual(before);
  });

  it('refuses two device names that give one generated identifier (foo-bar, foo_bar)', () => {
    write('defs/a/a.device.yaml', yamlDevice('foo-bar'));
    write('defs/b/b.device.yaml', yamlDevice('foo_bar'));
    const before = snapshot();
    const r = generate({ root: tmp, check: false });
    expect(found(r)).toEqual(['defs/b/b.device.yaml:2:9 name-clash']);
    expect(r.diagnostics[0]!.message).toBe("device 'foo_bar' becomes 'fooBar' in generated code, which clashes with device 'foo-bar' of defs/a/a.device.yaml (line 2)");
    expect(snapshot()).toEqual(before);
  });

  it('lint reports the same device name defined twice', () => {
    write('defs/again/again.device.yaml', yamlDevice('good'));
    const r = lintProject(tmp, { baseline: false });
    expect(r.ok).toBe(false);
    expect(r.files.flatMap((f) => f.diagnostics.filter((d) => d.id === 'duplicate-device').map((d) => `${d.file}:${d.line} ${d.message}`)))
      .toEqual(["defs/good/good.device.yaml:2 device 'good' is also defined in defs/again/again.device.yaml:2"]);
  });

  it('refuses properties migrate-clk and migrate_clk (one key migrateClk)', () => {
    write('defs/bad/bad.device.yaml', yamlDevice('bad', 'properties:\n  - { name: migrate-clk, type: bool, default: true }\n  - { name: migrate_clk, type: bool, default: false }\n'));
    const r = generate({ root: tmp, check: false });
    expect(found(r)).toEqual(['defs/bad/bad.device.yaml:7:5 name-clash']);
  });
});
