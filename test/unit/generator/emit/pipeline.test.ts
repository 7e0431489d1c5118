/**
 * The pipeline on a temporary copy of the project's defs: generated files are written once and
 * then left alone (mtime unchanged), --check finds stale, missing and extra files, hand-written
 * files are never overwritten, stale generated files of removed devices are deleted, and the
 * YAML-loaded pl011 gives exactly the files the fixture-based goldens hold.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emitAll, generate, loadDefinitions } from '../../../../generator/src/pipeline.ts';

const ROOT = join(import.meta.dirname, '../../../..');
let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'devgen-pipeline-'));
  cpSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), join(tmp, 'defs/pl011/pl011.device.yaml'), { recursive: true });
  cpSync(join(ROOT, 'defs/pl011/pl011.behavior.ts'), join(tmp, 'defs/pl011/pl011.behavior.ts'), { recursive: true });
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const statuses = (r: ReturnType<typeof generate>): Record<string, string> =>
  Object.fromEntries(r.plan.filter((p) => p.status !== 'unchanged').map((p) => [p.path, p.status]));

describe('pipeline', () => {
  it('creates every file, then writes nothing on a second run (mtime unchanged)', () => {
    const first = generate({ root: tmp, check: false });
    expect(first.ok).toBe(true);
    expect(Object.values(statuses(first)).every((s) => s === 'missing')).toBe(true);
    const hooks = join(tmp, 'generated/pl011/pl011.hooks.ts');
    const old = new Date(2001, 1, 1);
    utimesSync(hooks, old, old);
    const second = generate({ root: tmp, check: false });
    expect(statuses(second)).toEqual({});
    expect(statSync(hooks).mtimeMs).toBe(old.getTime());
  });

  it('--check reports stale, missing and extra files with a diff and writes nothing', () => {
    generate({ root: tmp, check: false });
    const mmio = join(tmp, 'generated/pl011/pl011.mmio.ts');
    writeFileSync(mmio, readFileSync(mmio, 'utf8').replace('reset: 0x00000090', 'reset: 0x00000091'));
    rmSync(join(tmp, 'generated/pl011/pl011.md'));
    const extra = join(tmp, 'generated/gone/gone.qom.ts');
    cpSync(join(tmp, 'generated/pl011/pl011.qom.ts'), extra);
    const r = generate({ root: tmp, check: true });
    expect(r.ok).toBe(false);
    expect(statuses(r)).toEqual({
      'generated/pl011/pl011.mmio.ts': 'stale', 'generated/pl011/pl011.md': 'missing', 'generated/gone/gone.qom.ts': 'extra',
    });
    const diff = r.plan.find((p) => p.status === 'stale')!.diff!;
    expect(diff).toContain('-        name: \'FR\', offset: 0x018, size: 4, reset: 0x00000091,');
    expect(diff).toContain('+        name: \'FR\', offset: 0x018, size: 4, reset: 0x00000090,');
    expect(readFileSync(mmio, 'utf8')).toContain('0x00000091');
    expect(existsSync(join(tmp, 'generated/pl011/pl011.md'))).toBe(false);
    // A real run repairs everything and removes the stale device folder.
    expect(generate({ root: tmp, check: false }).ok).toBe(true);
    expect(existsSync(join(tmp, 'generated/gone'))).toBe(false);
    expect(generate({ root: tmp, check: true }).ok).toBe(true);
  });

  it('never overwrites or deletes a file without the devgen banner', () => {
    const hand = join(tmp, 'generated/pl011/pl011.hooks.ts');
    const notes = join(tmp, 'generated/notes.md');
    mkdirSync(join(tmp, 'generated/pl011'), { recursive: true });
    writeFileSync(hand, '// my hand-written hooks\n');
    writeFileSync(notes, 'hand-written\n');
    const r = generate({ root: tmp, check: false });
    expect(r.ok).toBe(false);
    expect(r.plan.find((p) => p.path === 'generated/pl011/pl011.hooks.ts')!.status).toBe('foreign');
    expect(readFileSync(hand, 'utf8')).toBe('// my hand-written hooks\n');
    expect(existsSync(join(tmp, 'generated/pl011/pl011.mmio.ts'))).toBe(false);
    rmSync(hand);
    expect(generate({ root: tmp, check: false }).ok).toBe(true);
    expect(readFileSync(notes, 'utf8')).toBe('hand-written\n');
  });

  it('stops before writing when a definition has errors', () => {
    const def = join(tmp, 'defs/pl011/pl011.device.yaml');
    writeFileSync(def, readFileSync(def, 'utf8').replace('offset: 0x004', 'offset: 0x000'));
    const r = generate({ root: tmp, check: false });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.file === 'defs/pl011/pl011.device.yaml')).toBe(true);
    expect(existsSync(join(tmp, 'generated'))).toBe(false);
  });

  it('the pipeline (discover, load, check, emit) gives exactly the golden files', () => {
    const loaded = loadDefinitions(ROOT, ['defs/pl011/pl011.device.yaml']);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { files } = emitAll(loaded.devices);
    const golden = join(ROOT, 'test/golden/emit/pl011');
    for (const f of files.filter((x) => x.path.startsWith('generated/pl011/') || x.path === 'generated/index.ts')) {
      expect(f.content, f.path).toBe(readFileSync(join(golden, `${f.path.split('/').pop()!}.golden`), 'utf8'));
    }
  });
});
