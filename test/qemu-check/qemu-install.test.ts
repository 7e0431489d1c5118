/**
 * `devgen qemu install` on a small fake QEMU tree: the files land where the manifest says, the
 * meson.build and trace-events edits are exact, a second run writes nothing, and every bad
 * input (damaged manifest, missing generated file, a tree without the device's folders or
 * meson entry, no QEMU tree at all) is a positioned or clear error that leaves the tree as it was.
 */
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { devgen } from '../cli/project-fixture.ts';
import { FRAGMENT, MANIFEST, MESON, TRACE_EVENTS, fakeQemuAndProject, writeTree } from './fake-qemu-tree.ts';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(manifest: unknown = MANIFEST): { qemu: string; project: string } {
  const dirs = fakeQemuAndProject(manifest);
  made.push(dirs.qemu, dirs.project);
  return dirs;
}

/** Every file of a tree with its content, to show that nothing changed. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (rel: string): void => {
    for (const name of readdirSync(join(root, rel))) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (statSync(join(root, path)).isDirectory()) visit(path);
      else out[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  visit('');
  return out;
}

const read = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');

describe('devgen qemu install', () => {
  it('copies the files, adds the behaviour source to meson.build and replaces the trace events', () => {
    const { qemu, project } = setup();
    const r = devgen(project, ['qemu', 'install', qemu, '--root', project]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('replaced  hw/char/uart9.c');
    expect(r.out).toContain('added  hw/char/uart9-behavior.c');
    expect(r.out).toContain('uart9 into QEMU 10.0.13');
    expect(r.out).toContain('5 file(s) written, 0 unchanged');
    expect(read(qemu, 'hw/char/uart9.c')).toBe('/* generated source */\n');
    expect(read(qemu, 'include/hw/char/uart9.h')).toBe('/* generated header */\n');
    expect(read(qemu, 'hw/char/uart9-behavior.c')).toBe('/* behaviour */\n');
    expect(read(qemu, 'hw/char/meson.build')).toBe(MESON.replace("files('uart9.c')", "files('uart9.c', 'uart9-behavior.c')"));
    // QEMU's events of the device are gone, the fragment stands under the one heading, the neighbours are untouched.
    expect(read(qemu, 'hw/char/trace-events')).toBe(TRACE_EVENTS.replace(
      '# uart9.c\nuart9_irq_state(int level) "irq state %d"\nuart9_read(uint32_t addr, uint32_t value) "addr 0x%03x value 0x%08x"\n',
      FRAGMENT,
    ));
  });

  it('writes nothing the second time (idempotent edits)', () => {
    const { qemu, project } = setup();
    expect(devgen(project, ['qemu', 'install', qemu, '--root', project]).code).toBe(0);
    const before = snapshot(qemu);
    const again = devgen(project, ['qemu', 'install', qemu, 'uart9', '--root', project]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 file(s) written, 5 unchanged');
    expect(snapshot(qemu)).toEqual(before);
  });

  it('--dry-run lists the changes and writes nothing', () => {
    const { qemu, project } = setup();
    const before = snapshot(qemu);
    const r = devgen(project, ['qemu', 'install', qemu, '--dry-run', '--root', project]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('would add  hw/char/uart9-behavior.c');
    expect(r.out).toContain('would replace  hw/char/meson.build');
    expect(r.out).toContain('5 file(s) would change (dry run)');
    expect(snapshot(qemu)).toEqual(before);
  });

  it('a damaged manifest is a positioned error and nothing is written', () => {
    const bad = { ...MANIFEST, files: [MANIFEST.files[0], { from: '../outside.c', to: 'hw/char/x.c' }] };
    const { qemu, project } = setup(bad);
    const before = snapshot(qemu);
    const r = devgen(project, ['qemu', 'install', qemu, '--root', project]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^generated\/uart9\/qemu\/manifest\.json:\d+:\d+: error\[qemu-manifest-invalid\]: install manifest: files\[1\]\.from must be a relative path without '\.\.'/m);
    expect(r.err).toContain('"from": "../outside.c"');
    expect(r.err).toContain('nothing was written');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(snapshot(qemu)).toEqual(before);
  });

  it('a manifest that is not JSON is an error at the bad character', () => {
    const { qemu, project } = setup('{\n  "version": 1,\n  "device": "uart9",,\n}\n');
    const r = devgen(project, ['qemu', 'install', qemu, '--root', project]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^generated\/uart9\/qemu\/manifest\.json:3:21: error\[qemu-manifest-invalid\]: install manifest: not JSON/m);
  });

  it('a missing generated file points at its entry and says to generate', () => {
    const { qemu, project } = setup();
    rmSync(join(project, 'generated/uart9/qemu/uart9.c'));
    const before = snapshot(qemu);
    const r = devgen(project, ['qemu', 'install', qemu, '--root', project]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/manifest\.json:(\d+):\d+: error\[qemu-install-source-missing\]: 'generated\/uart9\/qemu\/uart9\.c' does not exist \(run `devgen generate`\)/);
    const line = Number(/manifest\.json:(\d+):/.exec(r.err)![1]);
    expect(read(project, 'generated/uart9/qemu/manifest.json').split('\n')[line - 1]).toContain('generated/uart9/qemu/uart9.c');
    expect(snapshot(qemu)).toEqual(before);
  });

  it('a tree without the meson entry or the folder is an error naming the QEMU file', () => {
    const { qemu, project } = setup();
    rmSync(join(qemu, 'include'), { recursive: true });
    const mesonless = MESON.replace("files('uart9.c')", "files('other.c')");
    writeFileSync(join(qemu, 'hw/char/meson.build'), mesonless);
    const before = snapshot(qemu);
    const r = devgen(project, ['qemu', 'install', qemu, '--root', project]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error\[qemu-install-target-missing\]: folder 'include\/hw\/char' does not exist in the QEMU tree/);
    expect(r.err).toMatch(/error\[qemu-meson-entry-missing\]: 'hw\/char\/meson\.build' in the QEMU tree names no source 'uart9\.c', so 'uart9-behavior\.c' cannot be added after it/);
    expect(snapshot(qemu)).toEqual(before);
  });

  it('two devices copying to the same QEMU file is a conflict at the second', () => {
    const { qemu, project } = setup();
    const other = { ...MANIFEST, device: 'uart10', files: [{ from: 'generated/uart9/qemu/uart9.c', to: 'hw/char/uart9.c' }] };
    delete (other as { meson?: unknown }).meson;
    delete (other as { traceEvents?: unknown }).traceEvents;
    writeTree(project, { 'generated/uart10/qemu/manifest.json': `${JSON.stringify(other, null, 2)}\n` });
    const before = snapshot(qemu);
    const r = devgen(project, ['qemu', 'install', qemu, '--root', project]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^generated\/uart9\/qemu\/manifest\.json:\d+:\d+: error\[qemu-install-conflict\]: 'hw\/char\/uart9\.c' in the QEMU tree is written by both uart9 and uart10/m);
    expect(snapshot(qemu)).toEqual(before);
  });

  it('refuses a folder that is not a QEMU tree, and a device without QEMU sources', () => {
    const { qemu, project } = setup();
    const notQemu = devgen(project, ['qemu', 'install', join(qemu, 'hw'), '--root', project]);
    expect(notQemu.code).toBe(1);
    expect(notQemu.err).toBe(`devgen: error: ${join(qemu, 'hw')} is not a QEMU source tree: it needs VERSION, meson.build and hw/ at its top\n`);
    const unknown = devgen(project, ['qemu', 'install', qemu, 'pl011', '--root', project]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("device 'pl011' has no QEMU sources (generated/pl011/qemu/manifest.json); devices that have them: uart9");
  });
});
