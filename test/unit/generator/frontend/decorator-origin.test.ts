/**
 * Decorators are devgen's by origin, not by spelling: an aliased or namespace import of
 * devgen/define reads the same device as the plain import; the same class with `Device`
 * imported from elsewhere reads nothing, even with the lowering cache warm; and a pcf8574
 * definition whose decorators moved onto a function (with a nested decorated class) stops
 * `generate` with errors and leaves every generated file as it was.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDefinition } from '../../../../generator/src/pipeline/load.ts';
import { generate } from '../../../../generator/src/pipeline.ts';

const ROOT = join(import.meta.dirname, '../../../..');

const body = (d: string, r: string, reg: string): string => `@${d}({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@${r}({ name: 'mmio', size: 0x100 })
export class T {
  @${reg}({ offset: 0, access: 'RW' })
  static A: Decl;
}
`;

const PLAIN = `import { Device, Region, Register, type Decl } from 'devgen/define';\n${body('Device', 'Region', 'Register')}`;
const ALIASED = `import { Device as D, Region as Area, Register as R, type Decl } from 'devgen/define';\n${body('D', 'Area', 'R')}`;
const NAMESPACE = `import * as dg from 'devgen/define';\nimport type { Decl } from 'devgen/define';\n${body('dg.Device', 'dg.Region', 'dg.Register')}`;
const FOREIGN = `import { Region, Register, type Decl } from 'devgen/define';\nimport { Device } from 'devgen/runtime';\n${body('Device', 'Region', 'Register')}`;

/** The device a text reads to, without its source spans (they differ with the import line). */
function shape(text: string): unknown {
  const { device, diagnostics } = loadDefinition('t.device.ts', text, { root: ROOT, cache: false });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return JSON.parse(JSON.stringify(device, (k, v) => (k === 'span' || k === 'keySpan' || k === 'file' ? undefined : typeof v === 'bigint' ? `${v}n` : v)));
}

describe('decorator origin', () => {
  it('reads an aliased or namespace import of devgen/define by its real name', () => {
    const plain = shape(PLAIN);
    expect(plain).toMatchObject({ name: 't' });
    expect(shape(ALIASED)).toEqual(plain);
    expect(shape(NAMESPACE)).toEqual(plain);
  });

  describe('with the lowering cache', () => {
    let tmp: string;
    beforeEach(() => {
      tmp = mkdtempSync(join(tmpdir(), 'devgen-origin-'));
    });
    afterEach(() => rmSync(tmp, { recursive: true, force: true }));

    it('never serves a foreign Device from the entry of a devgen one', () => {
      writeFileSync(join(tmp, 't.device.ts'), PLAIN);
      expect(loadDefinition('t.device.ts', PLAIN, { root: tmp }).device?.name).toBe('t');
      const foreign = loadDefinition('t.device.ts', FOREIGN, { root: tmp });
      expect(foreign.device).toBeUndefined();
      expect(foreign.diagnostics).toEqual([expect.objectContaining({ id: 'decorator-origin', line: 3, col: 1 })]);
      // Served from the cache the second time: same answer.
      expect(loadDefinition('t.device.ts', FOREIGN, { root: tmp }).diagnostics.map((d) => d.id)).toEqual(['decorator-origin']);
    });
  });
});

describe('a misplaced @Device in pcf8574', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'devgen-origin-gen-'));
    cpSync(join(ROOT, 'defs/pcf8574'), join(tmp, 'defs/pcf8574'), { recursive: true });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** Every file under generated/ with its content. */
  const snapshot = (): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (rel: string): void => {
      for (const name of readdirSync(join(tmp, rel)).sort()) {
        const child = `${rel}/${name}`;
        if (statSync(join(tmp, child)).isDirectory()) walk(child);
        else out[child] = readFileSync(join(tmp, child), 'utf8');
      }
    };
    walk('generated');
    return out;
  };

  it('stops generate with errors and writes nothing (pcf8574 files kept)', () => {
    expect(generate({ root: tmp, check: false }).ok).toBe(true);
    const before = snapshot();
    expect(Object.keys(before)).toContain('generated/pcf8574/pcf8574.qom.ts');

    const file = join(tmp, 'defs/pcf8574/pcf8574.device.ts');
    const text = readFileSync(file, 'utf8');
    const cls = 'export class Pcf8574 implements Pcf8574Hooks {';
    expect(text).toContain(cls);
    // The class decorators now sit on a function holding a decorated class of another name.
    const broken = text.replace(cls, `function pcf8574(): unknown {
  @Device({ name: 'evil', parent: 'sys-bus-device', description: 'Nested.' })
  class Inner {}
  return Inner;
}
${cls}`);
    writeFileSync(file, broken);

    const r = generate({ root: tmp, check: false });
    expect(r.ok).toBe(false);
    expect(r.plan).toEqual([]);
    const ids = r.diagnostics.map((d) => d.id);
    expect(ids).toContain('decorator-target');
    expect(ids).not.toContain('decorator-no-device');
    expect(r.diagnostics.every((d) => d.file === 'defs/pcf8574/pcf8574.device.ts' && d.line > 0)).toBe(true);
    expect(snapshot()).toEqual(before);
  });
});
