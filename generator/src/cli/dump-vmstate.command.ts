/**
 * `devgen dump-vmstate FILE`: the runtime's own dump of every generated device's migration
 * description, in the JSON format of QEMU's `-dump-vmstate`, so it can be compared with QEMU's
 * dump and with the projection of the definitions (`vmstate-diff ... current`). The
 * descriptions come from the project's generated/index.ts (loaded as user code), bound to
 * hooks that are never called (describing a VMState only reads names, versions and sizes).
 * It loads the project and the runtime as the other commands that run devices do
 * (api/project-runtime.ts).
 */
import { writeFileSync } from 'node:fs';
import { formatVmStateDump } from '../../../runtime/src/formats/vmstate-dump.ts';
import { projectVmStateEntries } from '../api/project-runtime.ts';
import { UserError } from './errors.ts';

/** Writes the dump to `file` (`-` for standard output). */
export async function runDumpVmState(root: string, file: string, machine: string, out: (text: string) => void): Promise<number> {
  const entries = await projectVmStateEntries(root);
  const text = formatVmStateDump({ machine, entries });
  if (file === '-') out(text);
  else {
    try {
      writeFileSync(file, text);
    } catch (e) {
      throw new UserError(`cannot write ${file}: ${(e as Error).message}`);
    }
  }
  return 0;
}
