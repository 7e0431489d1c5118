/**
 * The generate-time check of hand-written C behaviour against the hooks a definition names:
 * the scanner finds file-scope function definitions and declarations (not calls, macros,
 * comments or strings); a named hook without a C function, a static one, and a hook-shaped
 * function the definition does not name are positioned errors with their rule ids, reported by
 * `devgen generate` on a project; the project's own four C behaviours pass.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../generator/src/api/index.ts';
import type { DeviceIR } from '../../generator/src/ir/ir.ts';
import { qemuBehaviorFiles } from '../../generator/src/names/qemu-c-names.ts';
import { checkQemuBehavior, scanCFunctions } from '../../generator/src/sema/check-qemu-behavior.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const project = loadProject(ROOT);
const device = (name: string) => project.devices.find((d) => d.name === name)! as DeviceIR & { qemu: NonNullable<DeviceIR['qemu']> };
const tmp = mkdtempSync(join(tmpdir(), 'devgen-qemu-behavior-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('scanCFunctions', () => {
  it('finds file-scope definitions and declarations with their positions and linkage', () => {
    const src = [
      '/* int fake_comment(void) { } */',
      '#define MACRO(x) static int macro_fn(void) { return x; }',
      'static const char *s = "int in_string(void) {";',
      'static int helper(int a)',
      '{',
      '    return other_call(a) + (int)sizeof(int);',
      '}',
      '',
      'uint32_t dev_read_dr(DevState *s)',
      '{',
      '    if (s) { inner(); }',
      '    return 0;',
      '}',
      'void dev_create(void);',
      'type_init(dev_register_types)',
      "char c = '{';",
      'int',
      'dev_split(void) { return 1; }',
    ].join('\n');
    expect(scanCFunctions(src)).toEqual([
      { name: 'helper', line: 4, col: 12, isStatic: true, defined: true },
      { name: 'dev_read_dr', line: 9, col: 10, isStatic: false, defined: true },
      { name: 'dev_create', line: 14, col: 6, isStatic: false, defined: false },
      { name: 'dev_split', line: 18, col: 1, isStatic: false, defined: true },
    ]);
  });
});

describe('checkQemuBehavior', () => {
  const pl011 = device('pl011');
  const files = qemuBehaviorFiles(pl011);
  const text = readFileSync(join(ROOT, files.source), 'utf8');
  const header = { path: files.header, text: readFileSync(join(ROOT, files.header), 'utf8') };

  it('passes the project\'s four C behaviours', () => {
    for (const name of ['pl011', 'hpet', 'versatile_i2c', 'pcf8574']) {
      const d = device(name);
      const f = qemuBehaviorFiles(d);
      const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
      expect(checkQemuBehavior(d, { source: { path: f.source, text: read(f.source) }, header: d.qemu.behaviorHeader === undefined ? undefined : { path: f.header, text: read(f.header) } })).toEqual([]);
    }
  });

  it('a missing or static hook is qemu-hook-missing at the definition element; a stray hook name is qemu-hook-unknown at the C name', () => {
    const broken = text
      .replace('uint32_t pl011_read_mis(PL011State *s)', 'uint32_t pl011_read_mis_value(PL011State *s)')
      .replace('void pl011_write_icr(PL011State *s, uint32_t value)', 'static void pl011_write_icr(PL011State *s, uint32_t value)')
      .concat('\nvoid pl011_write_ris(PL011State *s, uint32_t value)\n{\n}\n');
    const lines = broken.split('\n');
    const strayLine = lines.findIndex((l) => l.startsWith('void pl011_write_ris(')) + 1;
    const d = checkQemuBehavior(pl011, { source: { path: files.source, text: broken }, header });
    const mis = pl011.registers.find((r) => r.name === 'MIS')!;
    const icr = pl011.registers.find((r) => r.name === 'ICR')!;
    // Sorted by position: the C file's path sorts before the definition's.
    expect(d.map((x) => [x.id, x.file, x.line, x.col])).toEqual([
      ['qemu-hook-unknown', files.source, strayLine, 6],
      ['qemu-hook-missing', mis.span.file, mis.span.line, mis.span.col],
      ['qemu-hook-missing', icr.span.file, icr.span.line, icr.span.col],
    ]);
    expect(d[0]!.message).toContain("'pl011_write_ris'");
    expect(d[2]!.message).toContain('static');
  });

  it('helpers the behaviour header declares, and functions of no hook shape, are the behaviour\'s own', () => {
    const extra = `${text}\nvoid pl011_read_everything(PL011State *s)\n{\n}\n`;
    expect(checkQemuBehavior(pl011, { source: { path: files.source, text: extra }, header })).toEqual([]);
  });

  it('a missing behaviour file is qemu-behavior-file-missing at the qemu: section', () => {
    const d = checkQemuBehavior(pl011, { source: { path: files.source, text: undefined }, header: { path: files.header, text: undefined } });
    expect(d.map((x) => [x.id, x.line])).toEqual([['qemu-behavior-file-missing', pl011.qemu.span.line], ['qemu-behavior-file-missing', pl011.qemu.span.line]]);
  });
});

describe('devgen generate', () => {
  it('stops with the positioned diagnostic and writes nothing', () => {
    const proj = join(tmp, 'proj');
    cpSync(join(ROOT, 'defs'), join(proj, 'defs'), { recursive: true });
    cpSync(join(ROOT, 'devgen.config.yaml'), join(proj, 'devgen.config.yaml'));
    writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'qemu-behavior-check', private: true, type: 'module' }));
    symlinkSync(join(ROOT, 'node_modules'), join(proj, 'node_modules'));
    const c = join(proj, 'defs/pcf8574/pcf8574.behavior.c');
    writeFileSync(c, readFileSync(c, 'utf8').replace(/\bpcf8574_i2c_send\(/g, 'pcf8574_i2c_sent('));
    let out = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'generate', '--root', proj], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr);
    }
    expect(out).toMatch(/defs\/pcf8574\/pcf8574\.device\.ts:\d+:\d+: error\[qemu-hook-missing\]: the C behaviour 'defs\/pcf8574\/pcf8574\.behavior\.c' defines no function 'pcf8574_i2c_send'/);
    expect(out).toContain('nothing was written');
  });

  it('a stray hook is reported with a code frame of the C file', () => {
    const proj = join(tmp, 'proj2');
    cpSync(join(ROOT, 'defs'), join(proj, 'defs'), { recursive: true });
    cpSync(join(ROOT, 'devgen.config.yaml'), join(proj, 'devgen.config.yaml'));
    writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'qemu-behavior-frame', private: true, type: 'module' }));
    symlinkSync(join(ROOT, 'node_modules'), join(proj, 'node_modules'));
    const c = join(proj, 'defs/pl011/pl011.behavior.c');
    const text = `${readFileSync(c, 'utf8')}\nvoid pl011_read_ris(PL011State *s)\n{\n}\n`;
    writeFileSync(c, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('void pl011_read_ris(')) + 1;
    let out = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'generate', '--root', proj], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr);
    }
    expect(out).toContain(`defs/pl011/pl011.behavior.c:${line}:6: error[qemu-hook-unknown]: C function 'pl011_read_ris'`);
    expect(out).toContain(`${line} | void pl011_read_ris(PL011State *s)`);
  });
});
