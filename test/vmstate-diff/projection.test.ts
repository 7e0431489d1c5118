/**
 * The projection of the definitions into the `-dump-vmstate` model (what `current` and lint's
 * migration rules compare) is the runtime's own dump of the generated code, byte for byte, for
 * every shipped device; and every part of it knows the definition line it came from.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVmStateDump, formatVmStateDumpFragment, readVmStateDump, type VmStateDumpDescription, type VmStateDumpNode } from '../../runtime/src/formats/vmstate-dump.ts';
import { loadCurrentVmStateDump } from '../../generator/src/migration/current-dump.ts';
import { discoverDefs, loadDefinitions } from '../../generator/src/pipeline.ts';

const ROOT = path.join(import.meta.dirname, '../..');

function runtimeDump(): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/devgen.js'), 'dump-vmstate', '-'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function nodes(d: VmStateDumpDescription): VmStateDumpNode[] {
  return [d, ...(d.Fields ?? []).flatMap((f) => [f, ...(f.Description ? nodes(f.Description) : [])]), ...(d.Subsections ?? []).flatMap(nodes)];
}

describe('projection of the definitions', () => {
  const current = loadCurrentVmStateDump(ROOT);
  if (!current.ok) throw new Error(`the shipped definitions do not load: ${JSON.stringify(current.diagnostics)}`);
  const { dump, spanOf } = current.projection;

  it('has an entry for every shipped device that migrates', () => {
    const migrating = loadDefinitions(ROOT, discoverDefs(ROOT)).devices.filter((d) => d.vmstate !== undefined).map((d) => d.name).sort();
    expect(migrating).toEqual(expect.arrayContaining(['hpet', 'pcf8574', 'pl011']));
    expect(dump.entries.map((e) => e.Name)).toEqual(migrating);
  });

  it("equals the runtime's dump of the generated devices, entry by entry and as a whole file", () => {
    const text = runtimeDump();
    const theirs = readVmStateDump(text);
    if (!theirs.ok) throw new Error(JSON.stringify(theirs.problems));
    expect(theirs.dump.entries.map((e) => e.Name)).toEqual(dump.entries.map((e) => e.Name));
    for (const [i, entry] of dump.entries.entries()) {
      expect(formatVmStateDumpFragment(entry, 2), entry.Name).toBe(formatVmStateDumpFragment(theirs.dump.entries[i]!, 2));
    }
    expect(formatVmStateDump(dump)).toBe(text);
  });

  it('places every description and field at its definition', () => {
    for (const entry of dump.entries) {
      const files = new Set<string>();
      for (const node of nodes(entry.Description)) {
        const span = spanOf(node);
        expect(span, `${entry.Name}: ${'field' in node ? node.field : node.name}`).toBeDefined();
        files.add(span!.file);
      }
      expect([...files]).toEqual([expect.stringMatching(new RegExp(`^defs/.*\\.device\\.(yaml|ts)$`))]);
    }
  });
});
