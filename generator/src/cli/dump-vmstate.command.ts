/**
 * `devgen dump-vmstate FILE`: writes every devgen device's migration description in the JSON
 * format of QEMU's `-dump-vmstate`, so the result can be compared with QEMU's own dump. The
 * descriptions come from the committed generated/index.ts, bound to hooks that are never called
 * (describing a VMState only reads names, versions and sizes).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dumpVmState, dumpVmStateEntry, formatVmStateDump } from '../../../runtime/src/migration/index.ts';
import type { DeviceTypeInfo, VmStateDumpEntry } from '../../../runtime/src/codegen/v1/index.ts';
import { UserError } from './errors.ts';

/** Hooks stand-in: building a description binds closures but must never call a hook. */
const NO_HOOKS = new Proxy({}, {
  get: (_t, name) => () => {
    throw new Error(`internal error: hook ${String(name)} called while dumping a VMState description`);
  },
});

/** Dump entries of every generated device that migrates, in device-name order. */
export async function collectVmStateEntries(root: string): Promise<VmStateDumpEntry[]> {
  const index = join(root, 'generated', 'index.ts');
  if (!existsSync(index)) throw new UserError(`${index} does not exist; run \`devgen generate\` first`);
  const mod = (await import(pathToFileURL(index).href)) as { generatedDeviceTypes?: readonly DeviceTypeInfo<unknown, unknown, unknown>[] };
  const types = mod.generatedDeviceTypes;
  if (!Array.isArray(types)) throw new Error(`${index} does not export generatedDeviceTypes`);
  return types
    .filter((t) => t.vmstate !== undefined)
    .map((t) => dumpVmStateEntry(t.name, t.vmstate!(NO_HOOKS)));
}

/** Writes the dump to `file` (`-` for standard output). */
export async function runDumpVmState(root: string, file: string, machine: string, out: (text: string) => void): Promise<number> {
  const text = formatVmStateDump(dumpVmState(machine, await collectVmStateEntries(root)));
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
