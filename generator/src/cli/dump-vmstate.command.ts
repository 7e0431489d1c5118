/**
 * `devgen dump-vmstate FILE`: the runtime's own dump of every generated device's migration
 * description, in the JSON format of QEMU's `-dump-vmstate`, so it can be compared with QEMU's
 * dump and with the projection of the definitions (`vmstate-diff ... current`). The
 * descriptions come from the project's generated/index.ts (loaded as user code), bound to
 * hooks that are never called (describing a VMState only reads names, versions and sizes).
 * Like the other commands that run the runtime (runtime.commands.ts), it loads the runtime
 * when it runs, so the compiler does not depend on it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatVmStateDump, type VmStateDumpEntry } from '../../../runtime/src/formats/vmstate-dump.ts';
import { UserError } from './errors.ts';
import { importUserModule } from './load-user-module.ts';

/** The runtime's public entry, which exports its dump writer (`dumpVmStateEntry`). */
const RUNTIME_DUMP_MODULE = 'devgen/runtime';

/** What this command reads of a generated device type description. */
interface DumpableType {
  readonly name: string;
  /** The generated VMState descriptor (hooks named, not bound: dumping it calls none). */
  readonly vmstate?: unknown;
}

/** Dump entries of every generated device that migrates, in the generated (type-name) order. */
async function collectVmStateEntries(root: string): Promise<VmStateDumpEntry[]> {
  const index = join(root, 'generated', 'index.ts');
  const mod = await importUserModule<{ generatedDeviceTypes?: readonly DumpableType[] }>(index, `${index} does not exist: run \`devgen generate\` first`);
  const types = mod.generatedDeviceTypes;
  if (!Array.isArray(types)) throw new Error(`${index} does not export generatedDeviceTypes`);
  const runtime = (await import(RUNTIME_DUMP_MODULE)) as { dumpVmStateEntry?: (name: string, desc: unknown) => VmStateDumpEntry };
  const dumpEntry = runtime.dumpVmStateEntry;
  if (typeof dumpEntry !== 'function') throw new Error(`${RUNTIME_DUMP_MODULE} does not export dumpVmStateEntry`);
  return types.flatMap((t) => (t.vmstate === undefined ? [] : [dumpEntry(t.name, t.vmstate)]));
}

/** Writes the dump to `file` (`-` for standard output). */
export async function runDumpVmState(root: string, file: string, machine: string, out: (text: string) => void): Promise<number> {
  const entries = await collectVmStateEntries(root);
  const names = new Set(entries.map((e) => e.Name));
  if (names.size !== entries.length) throw new Error('internal error: generated/index.ts lists a device type twice');
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
