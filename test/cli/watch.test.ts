/**
 * `devgen generate --watch` driven as a user would: started in a temporary project, it
 * regenerates when a definition changes (edited in place or saved by a rename), reports a broken definition with its position while the
 * last good generated file stays as it was, picks up a new device folder, and stops cleanly
 * (exit 0) on SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, devgen, remove, tempDir } from './project-fixture.ts';

/** A running `devgen generate --watch`, with its output so far. */
class Watcher {
  readonly proc: ChildProcess;
  out = '';
  err = '';
  private waiters: (() => void)[] = [];

  constructor(cwd: string) {
    this.proc = spawn(process.execPath, [BIN, 'generate', '--watch'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.setEncoding('utf8').on('data', (t: string) => { this.out += t; this.wake(); });
    this.proc.stderr!.setEncoding('utf8').on('data', (t: string) => { this.err += t; this.wake(); });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Waits until the output (stdout + stderr) since `from` matches `pattern`; returns that part of stdout and stderr. */
  async until(pattern: RegExp, from: { out: number; err: number }, timeoutMs = 20_000): Promise<{ out: string; err: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const part = { out: this.out.slice(from.out), err: this.err.slice(from.err) };
      if (pattern.test(part.out + part.err)) return part;
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; stdout:\n${part.out}\nstderr:\n${part.err}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Where the output is now. */
  mark(): { out: number; err: number } {
    return { out: this.out.length, err: this.err.length };
  }

  /** Sends SIGINT and resolves with the exit code. */
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      this.proc.once('exit', (code) => resolve(code));
      this.proc.kill('SIGINT');
    });
  }
}

describe('devgen generate --watch', () => {
  let dir: string;
  let watcher: Watcher | undefined;
  beforeAll(() => {
    dir = tempDir('watch');
    expect(devgen(ROOT, ['init', dir]).code).toBe(0);
    expect(devgen(dir, ['new', 'device', 'ticker']).code).toBe(0);
  });
  afterAll(() => {
    if (watcher && watcher.proc.exitCode === null) watcher.proc.kill('SIGKILL');
    remove(dir);
  });

  it('regenerates on change, keeps the last good output on an error, stops on SIGINT', async () => {
    const def = join(dir, 'defs/ticker/ticker.device.yaml');
    const regs = join(dir, 'generated/ticker/ticker.registers.ts');
    watcher = new Watcher(dir);
    await watcher.until(/watching .*defs\/ and devgen\.config\.yaml/, { out: 0, err: 0 });
    expect(watcher.out).toContain('created generated/ticker/ticker.registers.ts');
    expect(readFileSync(regs, 'utf8')).toContain('ID_RESET = 0x00000001');

    // An edit of the definition: the register constants follow.
    let from = watcher.mark();
    writeFileSync(def, readFileSync(def, 'utf8').replace('    reset: 0x1\n', '    reset: 0x2a\n'));
    const changed = await watcher.until(/files generated, \d+ changed\./, from);
    expect(changed.out).toContain('changed: defs/ticker/ticker.device.yaml; generating');
    expect(changed.out).toContain('updated generated/ticker/ticker.registers.ts');
    expect(readFileSync(regs, 'utf8')).toContain('ID_RESET = 0x0000002a');

    // A save that renames a new file over the old one (vim, `sed -i`), then an edit in place:
    // both are seen (a watch of the old file's inode would miss the second).
    from = watcher.mark();
    writeFileSync(`${def}.tmp`, readFileSync(def, 'utf8').replace('    reset: 0x2a\n', '    reset: 0x2b\n'));
    renameSync(`${def}.tmp`, def);
    await watcher.until(/updated generated\/ticker\/ticker\.registers\.ts[\s\S]*files generated/, from);
    expect(readFileSync(regs, 'utf8')).toContain('ID_RESET = 0x0000002b');
    from = watcher.mark();
    writeFileSync(def, readFileSync(def, 'utf8').replace('    reset: 0x2b\n', '    reset: 0x2c\n'));
    await watcher.until(/updated generated\/ticker\/ticker\.registers\.ts[\s\S]*files generated/, from);
    expect(readFileSync(regs, 'utf8')).toContain('ID_RESET = 0x0000002c');

    // A broken definition: the positioned error, and nothing written.
    const good = readFileSync(regs, 'utf8');
    from = watcher.mark();
    writeFileSync(def, readFileSync(def, 'utf8').replace('    storage: status\n', '    storage: statuz\n'));
    const broken = await watcher.until(/nothing was written/, from);
    expect(broken.err).toMatch(/defs\/ticker\/ticker\.device\.yaml:\d+:\d+: error\[[a-z-]+\]: .*statuz/);
    expect(broken.err).not.toMatch(/\n\s+at /);
    expect(readFileSync(regs, 'utf8')).toBe(good);

    // Fixed again, and a device in a new folder: both are generated in one run.
    from = watcher.mark();
    writeFileSync(def, readFileSync(def, 'utf8').replace('    storage: statuz\n', '    storage: status\n'));
    expect(devgen(dir, ['new', 'device', 'buzzer']).code).toBe(0);
    const added = await watcher.until(/created generated\/buzzer\/buzzer\.qom\.ts[\s\S]*files generated/, from);
    expect(added.err).toBe('');
    expect(readFileSync(join(dir, 'generated/devices.ts'), 'utf8')).toContain('buzzerClass');

    // devgen.config.yaml is watched too.
    from = watcher.mark();
    writeFileSync(join(dir, 'devgen.config.yaml'), `${readFileSync(join(dir, 'devgen.config.yaml'), 'utf8')}# touched\n`);
    await watcher.until(/changed: devgen\.config\.yaml; generating[\s\S]*files generated/, from);

    from = watcher.mark();
    expect(await watcher.stop()).toBe(0);
    expect(watcher.out.slice(from.out)).toBe('devgen: watch stopped\n');
    expect(devgen(dir, ['generate', '--check']).code).toBe(0);
  });

  it('refuses --check with --watch, and a root without defs/', () => {
    expect(devgen(dir, ['generate', '--watch', '--check']).err).toBe('devgen: error: --check and --watch exclude each other\n');
    const empty = tempDir('watch-empty');
    try {
      const r = devgen(ROOT, ['generate', '--watch', '--root', empty]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`devgen: error: ${empty} has no defs/ folder; is --root the project root?\n`);
    } finally {
      remove(empty);
    }
  });
});
