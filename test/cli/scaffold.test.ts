/**
 * `devgen init`, `devgen new device` and `devgen new machine` in temporary projects outside the
 * checkout: the files they write, that the result generates, lints, type-checks (the behaviour
 * against the generated hooks) and passes its own scaffolded tests, and that they refuse bad
 * names (positioned), non-empty folders and every overwrite.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, copyOfDevgenDefs, devgen, linkDevgen, remove, run, tempDir, typecheck } from './project-fixture.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Every file under `dir`, relative, sorted, node_modules left out. */
function files(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.name === 'node_modules') return [];
    return e.isDirectory() ? files(dir, p) : [p];
  }).sort();
}

/** Runs the project's own tests (`npm test` is `node --test`); returns node's TAP summary counts. */
function projectTests(dir: string): { pass: number; fail: number; skipped: number; out: string } {
  const r = run(dir, process.execPath, ['--test']);
  const count = (what: string): number => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(r.out)?.[1] ?? -1);
  return { pass: count('pass'), fail: count('fail'), skipped: count('skipped'), out: r.out + r.err };
}

const dirs: string[] = [];
const temp = (prefix: string): string => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach(remove));

describe('devgen init', () => {
  it('creates a project that generates, checks clean and lints', () => {
    const dir = join(temp('init'), 'My Devices');
    const r = devgen(ROOT, ['init', dir]);
    expect(r.code, r.err).toBe(0);
    expect(files(dir)).toEqual([
      '.gitignore', 'README.md', 'defs/machines/.gitkeep', 'devgen.config.yaml',
      'generated/devices.ts', 'generated/index.ts', 'generated/machines/index.ts',
      'generated/schema/device.schema.json', 'generated/schema/machine.schema.json',
      'package.json', 'test/project.test.js', 'tsconfig.json',
    ]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
    expect(pkg.name).toBe('my-devices');
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies).toEqual({ devgen: `^${VERSION}` });
    expect(Object.keys(pkg.scripts as object)).toEqual(expect.arrayContaining(['generate', 'lint', 'test']));
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions.moduleResolution).toBe('NodeNext');
    expect(readFileSync(join(dir, 'devgen.config.yaml'), 'utf8')).toMatch(/^# {3}vmstate-baseline: generated\/vmstate-baseline\.json/m);
    expect(devgen(dir, ['generate', '--check']).code).toBe(0);
    const lint = devgen(dir, ['lint', '--no-color']);
    expect(lint.code, lint.err).toBe(0);
    expect(lint.out).toBe('0 files linted: no problems\n');
    linkDevgen(dir);
    const tests = projectTests(dir);
    expect(tests, tests.out).toMatchObject({ pass: 2, fail: 0 });
  });

  it('refuses a non-empty folder and writes nothing; --force adds the project and keeps what exists', () => {
    const dir = temp('init-full');
    writeFileSync(join(dir, 'README.md'), 'mine\n');
    const r = devgen(ROOT, ['init', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`devgen: error: ${dir} is not empty (README.md); pass --force to add a project to it (existing files are kept)\n`);
    expect(readdirSync(dir)).toEqual(['README.md']);
    const forced = devgen(ROOT, ['init', dir, '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toContain('kept ');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'tsconfig.json'))).toBe(true);
    // A second init finds every file in place and changes none of them.
    const before = files(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(devgen(ROOT, ['init', dir, '--force']).code).toBe(0);
    expect(files(dir).map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
  });

  it('counts a folder devgen was just installed into as empty and adds to its package.json only what it lacks', () => {
    const dir = temp('init-installed');
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'x', dependencies: { devgen: 'file:../devgen-0.1.0.tgz' }, scripts: { test: 'mine' } }, null, 2)}\n`);
    const r = devgen(ROOT, ['init'].concat(dir));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^updated .*package\.json \(added type, scripts\.generate, scripts\.lint, scripts\.typecheck, devDependencies\)$/m);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
    expect(pkg.dependencies).toEqual({ devgen: 'file:../devgen-0.1.0.tgz' });
    expect(pkg.scripts).toMatchObject({ test: 'mine', generate: 'devgen generate' });
    expect(pkg.type).toBe('module');
  });
});

describe('devgen new', () => {
  let dir: string;
  beforeAll(() => {
    dir = temp('new');
    expect(devgen(ROOT, ['init', dir]).code).toBe(0);
    linkDevgen(dir);
  });

  it('new device (sys-bus-device and i2c-slave): generates, lints, type-checks against the generated hooks, passes its own tests', () => {
    const mm = devgen(dir, ['new', 'device', 'my-timer']);
    expect(mm.code, mm.err).toBe(0);
    const i2c = devgen(dir, ['new', 'device', 'my-sensor', '--parent', 'i2c-slave']);
    expect(i2c.code, i2c.err).toBe(0);
    expect(files(dir).filter((f) => f.startsWith('defs/') || f.startsWith('test/'))).toEqual([
      'defs/machines/.gitkeep', 'defs/machines/my-timer-board.machine.yaml',
      'defs/my-sensor/my-sensor-basics.qtest', 'defs/my-sensor/my-sensor.behavior.ts', 'defs/my-sensor/my-sensor.device.yaml',
      'defs/my-timer/my-timer-basics.qtest', 'defs/my-timer/my-timer.behavior.ts', 'defs/my-timer/my-timer.device.yaml',
      'test/my-sensor.test.js', 'test/my-timer.test.js', 'test/project.test.js',
    ]);
    const def = readFileSync(join(dir, 'defs/my-timer/my-timer.device.yaml'), 'utf8');
    expect(def.split('\n')[0]).toBe('# yaml-language-server: $schema=../../generated/schema/device.schema.json');
    expect(readFileSync(join(dir, 'defs/my-sensor/my-sensor-basics.qtest'), 'utf8')).toMatch(/^# machine: versatilepb\n# device: my-sensor,address=0x50,id=dut\n/);
    const behavior = readFileSync(join(dir, 'defs/my-timer/my-timer.behavior.ts'), 'utf8');
    expect(behavior).toContain("from '../../generated/my-timer/my-timer.hooks.ts'");
    expect(behavior).toContain('export const myTimerClass = defineMyTimer(myTimerHooks);');

    const gen = devgen(dir, ['generate']);
    expect(gen.code, gen.err).toBe(0);
    expect(existsSync(join(dir, 'generated/schema/device.schema.json'))).toBe(true);
    expect(readFileSync(join(dir, 'generated/devices.ts'), 'utf8')).toMatch(/myTimerClass[\s\S]*mySensorClass|mySensorClass[\s\S]*myTimerClass/);
    const tsc = typecheck(dir);
    expect(tsc.code, tsc.out + tsc.err).toBe(0);
    const lint = devgen(dir, ['lint', '--no-color']);
    expect(lint.out).toBe('3 files linted: no problems\n');
    // Both device tests lint; the memory-mapped device's case runs on its board, the I2C one's
    // needs a versatilepb board (with an I2C controller), which this project does not have.
    const tests = projectTests(dir);
    expect(tests, tests.out).toMatchObject({ pass: 5, fail: 0, skipped: 1 });
  });

  it('a behaviour that no longer implements a generated hook fails the type-check', () => {
    const file = join(dir, 'defs/my-timer/my-timer.behavior.ts');
    const text = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, text.replace(/ {2}\/\*\* COUNT reads[^\n]*\n {2}readCOUNT\(ctx\) \{\n[^\n]*\n {2}\},\n/, ''));
      const tsc = typecheck(dir);
      expect(tsc.code).not.toBe(0);
      expect(tsc.out).toMatch(/my-timer\.behavior\.ts.*readCOUNT/);
    } finally {
      writeFileSync(file, text);
    }
  });

  it('refuses a name that is not a QOM type name, at its position on the command line, writing nothing', () => {
    const before = files(dir);
    const r = devgen(dir, ['new', 'device', 'My_Dev']);
    expect(r.code).toBe(1);
    expect(r.err).toBe([
      "<command line>:1:19: error[name-qom-type]: device 'My_Dev' is not a QOM type name: use lower-case letters, digits, '-' or '_' (and '.' as in vendor prefixes)",
      ' 1 | devgen new device My_Dev',
      '   |                   ^^^^^^',
      'devgen: nothing was written.',
      '',
    ].join('\n'));
    const m = devgen(dir, ['new', 'machine', 'my board', '--device', 'my-timer']);
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/^<command line>:1:20: error\[invalid-shape\]: 'my board': a machine name is /);
    expect(files(dir)).toEqual(before);
  });

  it('refuses to overwrite: an existing device, or any file in the way', () => {
    const again = devgen(dir, ['new', 'device', 'my-timer']);
    expect(again.code).toBe(1);
    expect(again.err).toBe("devgen: error: device 'my-timer' is already defined at defs/my-timer/my-timer.device.yaml:13\n");
    writeFileSync(join(dir, 'test/other.test.js'), 'mine\n');
    const blocked = devgen(dir, ['new', 'device', 'other']);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toBe('devgen: error: this file exists and would be overwritten: test/other.test.js; nothing was written\n');
    expect(existsSync(join(dir, 'defs/other'))).toBe(false);
    expect(readFileSync(join(dir, 'test/other.test.js'), 'utf8')).toBe('mine\n');
  });

  it('new machine: a board with RAM and the device, which generates and answers qtest', () => {
    const r = devgen(dir, ['new', 'machine', 'lab', '--device', 'my-timer']);
    expect(r.code, r.err).toBe(0);
    const board = readFileSync(join(dir, 'defs/machines/lab.machine.yaml'), 'utf8');
    expect(board.split('\n')[0]).toBe('# yaml-language-server: $schema=../../generated/schema/machine.schema.json');
    expect(devgen(dir, ['generate']).code).toBe(0);
    expect(existsSync(join(dir, 'generated/machines/lab.machine.ts'))).toBe(true);
    const q = devgen(dir, ['qtest', '--machine', 'lab'], 'readl 0x10000000\nreadl 0x40000000\n');
    expect(q.code, q.err).toBe(0);
    expect(q.out).toBe('OK 0x0000000000000001\nOK 0x0000000000000000\n');
    expect(devgen(dir, ['new', 'machine', 'lab']).err).toBe('devgen: error: this file exists and would be overwritten: defs/machines/lab.machine.yaml; nothing was written\n');
    expect(devgen(dir, ['new', 'machine', 'lab2', '--device', 'nope']).err).toBe('devgen: error: --device nope: the project defines no device of that type (it defines my-sensor, my-timer)\n');
    expect(devgen(dir, ['new', 'machine', 'lab2', '--device', 'my-sensor']).err).toMatch(/^devgen: error: --device my-sensor: an I2C slave needs a board with an I2C controller/);
  });
});

describe('devgen new device --parent i2c-slave on a project with an I2C controller', () => {
  it('the qtest case bit-bangs the SBCon of versatilepb and gets the bytes written back', () => {
    const dir = copyOfDevgenDefs('new-i2c');
    dirs.push(dir);
    expect(devgen(dir, ['new', 'device', 'regfile', '--parent', 'i2c-slave']).code).toBe(0);
    expect(devgen(dir, ['generate']).code).toBe(0);
    const tests = projectTests(dir);
    expect(tests, tests.out).toMatchObject({ pass: 2, fail: 0, skipped: 0 });
  });
});
