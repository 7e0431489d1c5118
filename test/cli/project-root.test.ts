/**
 * Every command works on the project it runs in: `--root`, else the nearest folder above the
 * working directory holding devgen.config.yaml or defs/. In a temporary project outside the
 * checkout, `qtest`, `dump-vmstate`, `vmstate-diff … current`, `lint` and `demo` read that
 * project's machines and devices, not devgen's; outside any project they say so. (Inside the
 * checkout they read devgen's own, which the other CLI tests and CI rely on.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, devgen, linkDevgen, remove, tempDir } from './project-fixture.ts';

describe('the project a command runs in', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('root');
    expect(devgen(ROOT, ['init', dir]).code).toBe(0);
    linkDevgen(dir);
    expect(devgen(dir, ['new', 'device', 'pinger']).code).toBe(0);
    expect(devgen(dir, ['generate']).code).toBe(0);
  });
  afterAll(() => remove(dir));

  it('qtest --root builds a machine of that project, from anywhere', () => {
    const r = devgen(ROOT, ['qtest', '--root', dir, '--machine', 'pinger-board'], 'readl 0x10000000\nreadl 0x10000010\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('OK 0x0000000000000001\nOK 0x0000000000000000\n');
  });

  it('qtest without --root finds the project above the working directory', () => {
    const sub = join(dir, 'defs/pinger');
    const r = devgen(sub, ['qtest', '--machine', 'pinger-board'], 'writel 0x1000000c 0x1\nreadl 0x10000010\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('OK\nOK 0x0000000000000001\n');
  });

  it("an unknown machine names the file the project's machines were loaded from and what it defines", () => {
    const r = devgen(dir, ['qtest', '--machine', 'virt'], '');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`devgen: error: unknown machine 'virt': ${join(dir, 'generated/machines/index.ts')} defines pinger-board (boards are defs/machines/*.machine.yaml)\n`);
  });

  it("an unknown --device type names the device types the project's boards loaded", () => {
    const r = devgen(dir, ['qtest', '--machine', 'pinger-board', '--device', 'pl011'], '');
    expect(r.code).toBe(1);
    expect(r.err).toBe("devgen qtest: 'pl011' is not a valid device model name (device types loaded: pinger)\n");
  });

  it("dump-vmstate and vmstate-diff current describe the project's devices", () => {
    const dump = devgen(dir, ['dump-vmstate', '-']);
    expect(dump.code, dump.err).toBe(0);
    const names = Object.keys(JSON.parse(dump.out) as Record<string, unknown>).filter((k) => k !== 'vmschkmachine');
    expect(names).toEqual(['pinger']);
    const baseline = join(dir, 'generated/vmstate-baseline.json');
    expect(devgen(dir, ['dump-vmstate', baseline]).code).toBe(0);
    const diff = devgen(join(dir, 'test'), ['vmstate-diff', baseline, 'current']);
    expect(diff.code, diff.out + diff.err).toBe(0);
    // The checkout's baseline names devices this project does not have: each is a removed section.
    const theirs = devgen(dir, ['vmstate-diff', join(ROOT, 'generated/vmstate-baseline.json'), 'current']);
    expect(theirs.out).toContain("device type 'pl011' no longer migrates");
    expect(theirs.out).not.toContain('pinger');
  });

  it("lint lints the project's definitions", () => {
    const r = devgen(join(dir, 'test'), ['lint', '--no-color']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('2 files linted: no problems\n');
  });

  it('demo runs the project demo program, and says where it looked when there is none', () => {
    const r = devgen(dir, ['demo']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`devgen: error: this project has no demo program: ${join(dir, 'defs/machines/demo.ts')} does not exist (it exports runDemo(output))\n`);
    const own = devgen(ROOT, ['demo']);
    expect(own.code, own.err).toBe(0);
    expect(own.out).toMatch(/^devgen demo: machine 'virt'/);
  });

  it('outside any project, a command says so and how to start one', () => {
    const nowhere = tempDir('no-project');
    try {
      mkdirSync(join(nowhere, 'sub'));
      for (const args of [['generate'], ['qtest', '--machine', 'virt'], ['lint'], ['dump-vmstate', '-'], ['vmstate-diff', 'a.json', 'current'], ['demo'], ['new', 'device', 'x']]) {
        const r = devgen(join(nowhere, 'sub'), args);
        expect(r.code, args.join(' ')).toBe(args[0] === 'lint' ? 2 : args[0] === 'vmstate-diff' ? 255 : 1);
        expect(r.err, args.join(' ')).toContain(`no devgen project here: neither ${join(nowhere, 'sub')} nor a folder above it holds devgen.config.yaml or defs/ (pass --root DIR, or create one with \`devgen init\`)`);
      }
      // Comparing two dump files needs no project.
      const a = join(ROOT, 'generated/vmstate-baseline.json');
      expect(devgen(nowhere, ['vmstate-diff', a, a]).code).toBe(0);
    } finally {
      remove(nowhere);
    }
  });
});
