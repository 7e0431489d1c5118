/**
 * `devgen generate` as a set, through the command users run: a run that fails late (after every
 * definition loaded, while writing) exits non-zero with generated/ untouched, and killing the
 * command at random moments (fixed seed; half the kills timed by the files it is writing, half
 * by the clock, writes slowed so kills land inside them) never leaves a torn file — every generated file is its old or its new content —
 * and the next run repairs whatever mixed set a kill left, after which `--check` is clean.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isTempName } from '../../generator/src/emit/write-set.ts';
import { generate } from '../../generator/src/pipeline.ts';
import { neitherOldNorNew, oldProject, snapshot, toNewDefs } from '../support/write-set-project.ts';
import { BIN, devgen } from './project-fixture.ts';
import { seededRandom } from '../support/seeded-random.ts';

/** Makes the child's writes slow enough that kills land inside them (see the preload's comment). */
const SLOW_DISK = pathToFileURL(join(import.meta.dirname, '../support/slow-disk.preload.mjs')).href;
const PAUSE_MS = 15;

let tmp: string | undefined;
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});


/** Puts exactly `tree` back under `root`/generated. */
function restoreTree(root: string, tree: Map<string, string>): void {
  rmSync(join(root, 'generated'), { recursive: true, force: true });
  for (const [path, content] of tree) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** The generated files of `root` without devgen's temp files (a killed run may leave some). */
function generatedFiles(root: string): { files: Map<string, string>; temps: number } {
  const all = snapshot(root);
  const files = new Map([...all].filter(([p]) => !isTempName(basename(p))));
  return { files, temps: all.size - files.size };
}

/** Starts `devgen generate` in `root` and kills it after `delayMs`, or at the `events`-th change under generated/. */
function killedRun(root: string, kill: { readonly delayMs: number } | { readonly events: number }): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', SLOW_DISK, BIN, 'generate'], {
      cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', DEVGEN_TEST_WRITE_PAUSE_MS: String(PAUSE_MS) },
    });
    let seen = 0;
    const watcher = watch(join(root, 'generated'), { recursive: true }, () => {
      seen += 1;
      if ('events' in kill && seen === kill.events) child.kill('SIGKILL');
    });
    const timer = 'delayMs' in kill ? setTimeout(() => child.kill('SIGKILL'), kill.delayMs) : undefined;
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      watcher.close();
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

describe('generate writes as a set', () => {
  it('a run failing while it writes exits non-zero and leaves generated/ untouched', () => {
    tmp = oldProject('atomic-late');
    expect(devgen(tmp, ['generate']).code).toBe(0);
    const before = snapshot(tmp);
    // A folder name over the file system's limit fails only when the files are written.
    // It sorts after generated/index.ts and pl011/, which an in-place writer would already have rewritten.
    const name = `z${'b'.repeat(299)}`;
    mkdirSync(join(tmp, 'defs/long'), { recursive: true });
    writeFileSync(join(tmp, 'defs/long/long.device.yaml'), `devgen: 1\ndevice:\n  name: ${name}\n  parent: sys-bus-device\n`);
    toNewDefs(tmp);
    const r = devgen(tmp, ['generate']);
    expect(r.code).not.toBe(0);
    expect(snapshot(tmp)).toEqual(before);
    rmSync(join(tmp, 'defs/long'), { recursive: true });
    expect(devgen(tmp, ['generate']).code).toBe(0);
    expect(devgen(tmp, ['generate', '--check']).code).toBe(0);
  });

  it('30 kills at random moments leave no torn file, and the next run repairs the set', async () => {
    tmp = oldProject('atomic-kill');
    expect(devgen(tmp, ['generate']).code).toBe(0);
    toNewDefs(tmp);
    const before = snapshot(tmp);
    const after = new Map(generate({ root: tmp, check: true }).plan.filter((p) => p.status !== 'extra').map((p) => [p.path, p.content!]));
    const changes = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).length;
    expect(changes).toBeGreaterThan(10);
    // How long a whole (slow-disk) run takes here, to spread the clock-timed kills over all of it.
    const start = Date.now();
    restoreTree(tmp, before);
    await killedRun(tmp, { delayMs: 60_000 });
    const runMs = Date.now() - start;
    expect(snapshot(tmp)).toEqual(after);
    const random = seededRandom(13);
    const counts = { tried: 0, killed: 0, torn: 0, mixed: 0, untouched: 0, complete: 0, temps: 0 };
    for (let i = 0; i < 30; i++) {
      restoreTree(tmp, before);
      const kill = i % 2 === 0 ? { events: 1 + Math.floor(random() * 3 * changes) } : { delayMs: Math.floor(random() * runMs * 1.1) };
      const { killed } = await killedRun(tmp, kill);
      counts.tried += 1;
      if (killed) counts.killed += 1;
      const { files, temps } = generatedFiles(tmp);
      counts.temps += temps;
      const torn = neitherOldNorNew(files, before, after);
      counts.torn += torn.length;
      expect(torn, `kill ${i} (${JSON.stringify(kill)})`).toEqual([]);
      const isNew = [...after.keys()].every((p) => files.get(p) === after.get(p)) && files.size === after.size;
      const isOld = [...before.keys()].every((p) => files.get(p) === before.get(p)) && files.size === before.size;
      if (isNew) counts.complete += 1;
      else if (isOld) counts.untouched += 1;
      else counts.mixed += 1;
      if (!isOld || temps > 0 || i === 29) {
        // Whatever the kill left, one plain run brings everything to the new content.
        expect(devgen(tmp, ['generate']).code, `repair after kill ${i}`).toBe(0);
        expect(snapshot(tmp)).toEqual(after);
        expect(devgen(tmp, ['generate', '--check']).code).toBe(0);
      }
    }
    console.log(`generate kills: ${JSON.stringify(counts)}`);
    expect(counts.tried).toBe(30);
    expect(counts.torn).toBe(0);
    expect(counts.killed).toBeGreaterThan(15);
  }, 240_000);
});
