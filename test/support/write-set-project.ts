/**
 * A small project in a temporary folder with two generations of defs, for the write-set tests:
 * "old" (pl011 and hpet) and "new" (pl011 with another description, versatile_i2c added, hpet
 * removed), so a run from old to new updates, creates and deletes files at once.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** Copies a device folder of devgen's own defs into `dir`. */
function copyDevice(dir: string, name: string): void {
  cpSync(join(ROOT, 'defs', name), join(dir, 'defs', name), { recursive: true });
}

/** A new project holding the "old" defs, nothing generated yet. */
export function oldProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `devgen-${prefix}-`));
  copyDevice(dir, 'pl011');
  copyDevice(dir, 'hpet');
  return dir;
}

/** Turns the defs of `dir` into the "new" generation. */
export function toNewDefs(dir: string): void {
  const pl011 = join(dir, 'defs/pl011/pl011.device.yaml');
  writeFileSync(pl011, readFileSync(pl011, 'utf8').replace('with a 16-entry receive FIFO', 'with a sixteen-entry receive FIFO'));
  rmSync(join(dir, 'defs/hpet'), { recursive: true });
  copyDevice(dir, 'versatile-i2c');
}

/** Every file under `dir/generated` (relative paths, hidden ones too) with its content. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const child = `${rel}/${name}`;
      if (statSync(join(dir, child)).isDirectory()) walk(child);
      else out.set(child, readFileSync(join(dir, child), 'utf8'));
    }
  };
  walk('generated');
  return out;
}

/**
 * Paths whose content in `now` is neither their `before` nor their `after` content (absent
 * counts as a content), plus files in `now` that are in neither: a non-empty answer means torn
 * or foreign files.
 */
export function neitherOldNorNew(now: Map<string, string>, before: Map<string, string>, after: Map<string, string>): string[] {
  const bad: string[] = [];
  for (const path of new Set([...now.keys(), ...before.keys(), ...after.keys()])) {
    const content = now.get(path);
    if (content !== before.get(path) && content !== after.get(path)) bad.push(path);
  }
  return bad.sort();
}
