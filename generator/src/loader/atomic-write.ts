/**
 * Writing cache files that other devgen processes may be reading at the same moment (tests
 * run many at once over one project): through a temporary file and a rename, so a reader sees
 * the old content or the new, never half of one.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `content` to `file` (creating its folder) through a temporary file in the same folder. */
export function writeAtomic(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
