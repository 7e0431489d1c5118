/**
 * `devgen qtest` runs from the project's start-up image (api/qtest-image.ts): the first run
 * makes it, later runs start from it without the command line (cli/qtest-fast.ts), an edit to
 * a behaviour file makes a new one that runs the edited code, and a project that cannot be put
 * into one script (a top-level await) still answers, from its modules. Answers are the same
 * either way.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, copyOfDevgenDefs, devgen, remove } from './project-fixture.ts';

const FAST = pathToFileURL(join(ROOT, 'dist/cli/qtest-fast.js')).href;
const IMAGES = join('.devgen-cache', 'images');

/** A conversation touching pl011, the GIC's inputs and the clock. */
const SCRIPT = [
  'irq_intercept_in /machine/unattached/device[1]',
  'writel 0x09000030 0x301',
  'writel 0x09000038 0x20',
  'writel 0x09000000 0x41',
  'readl 0x0900003c',
  'readl 0x09000fe0',
  'readw 0x09000018',
  'clock_step 1000',
  'writel 0x09000044 0x7ff',
  'readq 0x09000000',
  'bogus',
].map((l) => `${l}\n`).join('');

/** Runs cli/qtest-fast.js alone in `dir`: its exit code, or "declined", then the answers. */
function fastStart(dir: string, input: string): { result: string; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', [
    `const { runQtestFast } = await import(${JSON.stringify(FAST)});`,
    "const code = await runQtestFast([process.execPath, 'devgen', 'qtest', '--machine', 'virt']);",
    "process.stderr.write(`result ${code ?? 'declined'}\\n`);",
  ].join('\n')], { cwd: dir, input, encoding: 'utf8' });
  const lines = r.stderr.split('\n');
  const result = lines.find((l) => l.startsWith('result '))?.slice(7) ?? `no result (status ${r.status}): ${r.stderr}`;
  return { result, out: r.stdout, err: lines.filter((l) => !l.startsWith('result ')).join('\n') };
}

describe('devgen qtest from the start-up image', () => {
  let dir: string;
  let modulesAnswer: string;
  beforeAll(() => {
    dir = copyOfDevgenDefs('qtest-image');
    expect(devgen(dir, ['generate']).code).toBe(0);
    const r = devgen(dir, ['qtest', '--machine', 'virt'], SCRIPT).out;
    modulesAnswer = r;
  });
  afterAll(() => remove(dir));

  it('the first run makes the image and its code cache; answers equal those of the modules', () => {
    expect(existsSync(join(dir, IMAGES, 'qtest.cjs'))).toBe(true);
    expect(readdirSync(join(dir, IMAGES)).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
    const fromModules = spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'qtest', '--machine', 'virt'], { cwd: dir, input: SCRIPT, encoding: 'utf8', env: { ...process.env, DEVGEN_IMAGES: '0' } });
    expect(fromModules.status).toBe(0);
    expect(modulesAnswer).toBe(fromModules.stdout);
    expect(modulesAnswer).toMatch(/^OK\nOK\nOK\n(IRQ raise 1\n)?OK\n/);
  });

  it('a later run starts from the image without the command line', () => {
    const r = fastStart(dir, SCRIPT);
    expect(r.result).toBe('0');
    expect(r.out).toBe(modulesAnswer);
  });

  it('a client that waits for each answer gets it from the image before it sends the next command', async () => {
    const p = spawn(process.execPath, [join(ROOT, 'bin/devgen.js'), 'qtest', '--machine', 'virt'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
    let text = '';
    let waiting: ((t: string) => void) | undefined;
    p.stdout.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (text.endsWith('\n') && waiting !== undefined) {
        const w = waiting;
        waiting = undefined;
        const t = text;
        text = '';
        w(t);
      }
    });
    const answer = (line: string): Promise<string> => new Promise((resolve) => {
      waiting = resolve;
      p.stdin.write(`${line}\n`);
    });
    expect(await answer('readl 0x09000fe0')).toBe('OK 0x0000000000000011\n');
    expect(await answer('writel 0x09000024 0x1234')).toBe('OK\n');
    expect(await answer('readl 0x09000024')).toBe('OK 0x0000000000001234\n');
    expect(await answer('endianness')).toBe('OK little\n');
    const exited = new Promise<number | null>((resolve) => p.on('exit', resolve));
    p.stdin.end();
    expect(await exited).toBe(0);
  });

  it('declines what the command line must answer: help, an unknown machine', () => {
    const help = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(FAST)}); console.log(await m.runQtestFast(['node', 'devgen', 'qtest', '--help']) ?? 'declined');`], { cwd: dir, encoding: 'utf8' });
    expect(help.stdout).toBe('declined\n');
    const unknown = devgen(dir, ['qtest', '--machine', 'nope'], '');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^devgen: error: unknown machine 'nope': .* defines lm3s811evb, pc, versatilepb, virt/);
  });

  it('an edited behaviour file makes a new image that runs the edited code', () => {
    const behaviour = join(dir, 'defs/pl011/pl011.behavior.ts');
    appendFileSync(behaviour, "\nprocess.stderr.write('pl011 behaviour, edited\\n');\n");
    expect(fastStart(dir, SCRIPT).result).toBe('declined');
    const r = devgen(dir, ['qtest', '--machine', 'virt'], SCRIPT);
    expect(r.code).toBe(0);
    expect(r.err).toBe('pl011 behaviour, edited\n');
    expect(r.out).toBe(modulesAnswer);
    const again = fastStart(dir, SCRIPT);
    expect([again.result, again.err.trim(), again.out]).toEqual(['0', 'pl011 behaviour, edited', modulesAnswer]);
    expect(readdirSync(join(dir, IMAGES)).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
  });

  it('a project that is not one script (a top-level await) answers from its modules', () => {
    const behaviour = join(dir, 'defs/pl011/pl011.behavior.ts');
    appendFileSync(behaviour, '\nawait Promise.resolve();\n');
    const r = devgen(dir, ['qtest', '--machine', 'virt'], SCRIPT);
    expect(r.code).toBe(0);
    expect(r.out).toBe(modulesAnswer);
    expect(fastStart(dir, SCRIPT).result).toBe('declined');
    expect(readFileSync(behaviour, 'utf8')).toMatch(/await Promise\.resolve\(\);\n$/);
  });
});
