/**
 * `devgen import svd` as users run it (the compiled bin/devgen.js) in a project of its own:
 * import with a patch, then `devgen generate` and `devgen lint` accept the definition; a second
 * import changes nothing; an edited definition is not replaced without --force; --peripheral and
 * -o choose what goes where; a broken SVD is a positioned error and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSvd } from '../../generator/src/import/svd-import.ts';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/devgen.js');
let tmp: string;

function devgen(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DEVGEN_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'devgen-import-'));
  mkdirSync(join(tmp, 'defs'));
  mkdirSync(join(tmp, 'svd'));
  for (const f of ['pl011.svd', 'pl011.patch.yaml', 'timers.svd']) cpSync(join(ROOT, 'test/fixtures/svd', f), join(tmp, 'svd', f));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('devgen import svd', () => {
  const def = (): string => join(tmp, 'defs/pl011/pl011.device.yaml');

  it('writes the definition the import makes, which generate and lint accept', () => {
    const r = devgen('import', 'svd', 'svd/pl011.svd', '--patch', 'svd/pl011.patch.yaml');
    expect(r.err).not.toMatch(/error\[/);
    expect(r.code).toBe(0);
    expect(r.out).toContain('created defs/pl011/pl011.device.yaml (peripheral PL011)');
    const expected = importSvd({
      svd: { file: 'svd/pl011.svd', text: readFileSync(join(tmp, 'svd/pl011.svd'), 'utf8') },
      patch: { file: 'svd/pl011.patch.yaml', text: readFileSync(join(tmp, 'svd/pl011.patch.yaml'), 'utf8') },
      outDir: 'defs', root: tmp,
    });
    expect(readFileSync(def(), 'utf8')).toBe(expected.definitions[0]!.text);
    const gen = devgen('generate');
    expect(gen.err).toBe('');
    expect(gen.code).toBe(0);
    expect(existsSync(join(tmp, 'generated/pl011/pl011.mmio.ts'))).toBe(true);
    expect(readFileSync(join(tmp, 'generated/pl011/pl011.registers.ts'), 'utf8')).toContain('export const A_PeriphID = 0xfe0');
    const lint = devgen('lint');
    expect(lint.code).toBe(0);
    expect(lint.out + lint.err).toMatch(/0 errors/);
    // A finding on an imported line names the SVD element it came from, in any later command too.
    expect(lint.out + lint.err).toMatch(/warning\[register-gap\][^\n]*\n(?:  [^\n]*\n)?  imported from svd\/pl011\.svd:\d+:9\n/);
  });

  it('leaves an unchanged definition alone and refuses to replace an edited one without --force', () => {
    expect(devgen('import', 'svd', 'svd/pl011.svd', '--patch', 'svd/pl011.patch.yaml').out).toContain('unchanged defs/pl011/pl011.device.yaml');
    const edited = `${readFileSync(def(), 'utf8')}# my note\n`;
    writeFileSync(def(), edited);
    const refused = devgen('import', 'svd', 'svd/pl011.svd', '--patch', 'svd/pl011.patch.yaml');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('defs/pl011/pl011.device.yaml exists and differs from this import; pass --force to replace it');
    expect(readFileSync(def(), 'utf8')).toBe(edited);
    const forced = devgen('import', 'svd', 'svd/pl011.svd', '--patch', 'svd/pl011.patch.yaml', '--force');
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('replaced defs/pl011/pl011.device.yaml');
    expect(readFileSync(def(), 'utf8')).not.toContain('# my note');
  });

  it('imports the peripherals named, into the folder given', () => {
    const r = devgen('import', 'svd', 'svd/timers.svd', '--peripheral', 'TIMER1', 'TIMER2', '-o', 'out', '--no-check');
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp, 'out/timer1/timer1.device.yaml'))).toBe(true);
    expect(existsSync(join(tmp, 'out/timer2/timer2.device.yaml'))).toBe(true);
    expect(existsSync(join(tmp, 'out/timer0'))).toBe(false);
    expect(readFileSync(join(tmp, 'out/timer1/timer1.device.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../generated/schema/device.schema.json');
  });

  it('reports a broken SVD at its line, without a stack trace, and writes nothing', () => {
    writeFileSync(join(tmp, 'svd/broken.svd'), '<device>\n  <name>B</name>\n  <peripherals>\n    <peripheral><name>Q</name><baseAddress>0</baseAddress>\n      <registers><register><name>R</name><addressOffset>0</addressOffset><size>12</size></register></registers>\n    </peripheral>\n  </peripherals>\n</device>\n');
    const r = devgen('import', 'svd', 'svd/broken.svd');
    expect(r.code).toBe(1);
    expect(r.err).toContain('svd/broken.svd:5:74: error[register-width]: register width 12 is not one of 8, 16, 32, 64');
    expect(r.err).toContain('devgen: import stopped; nothing was written.');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(tmp, 'defs/q'))).toBe(false);
    const missing = devgen('import', 'svd', 'svd/none.svd');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('devgen: error: cannot read the SVD file svd/none.svd: ENOENT\n');
  });

  it('is listed in the help', () => {
    const r = devgen('import', 'svd', '--help');
    expect(r.code).toBe(0);
    for (const opt of ['--peripheral', '--patch', '--out', '--force', '--no-check']) expect(r.out).toContain(opt);
  });
});
