/**
 * The board emitter: one descriptor per checked machine (generated/machines/<name>.machine.ts),
 * the board index that turns them into machine definitions over the generated device classes
 * (generated/machines/index.ts), and the board format's JSON Schema
 * (generated/schema/machine.schema.json). Pure: files out, nothing written.
 */
import { bannerText, type OutputFile } from '../emit/emitter.ts';
import { ref, RUNTIME_IMPORT, moduleSpecifier } from '../emit/ts-literals.ts';
import { renderTemplate } from '../emit/render.ts';
import type { CheckedMachine } from './load-machine.ts';
import { buildMachineJsonSchema } from './machine.schema.ts';
import { machineConstName, machineFileView, machinePath } from './machine.view.ts';

/** Name in banners and messages. */
const EMITTER = 'machine';
/** Source named in project-level banners. */
const ALL_MACHINES = 'defs/**/*.machine.yaml';

/** Every board file, sorted by path. */
export function emitMachines(machines: readonly CheckedMachine[]): OutputFile[] {
  const sorted = machines.slice().sort((a, b) => (a.ir.name < b.ir.name ? -1 : a.ir.name > b.ir.name ? 1 : 0));
  const files: OutputFile[] = sorted.map((m) => ({
    path: machinePath(m.ir.name),
    content: renderTemplate('machine.ts.hbs', machineFileView(m, bannerText(EMITTER, m.ir.defFile))),
    emitter: EMITTER,
  }));
  const index = {
    banner: bannerText(EMITTER, ALL_MACHINES),
    imports: [
      { typeOnly: true, names: 'MachineDescriptor', from: moduleSpecifier(RUNTIME_IMPORT) },
      { typeOnly: false, names: 'defineMachines', from: moduleSpecifier(RUNTIME_IMPORT) },
      { typeOnly: false, names: 'deviceClasses', from: moduleSpecifier('../devices.ts') },
      ...sorted.map((m) => ({ typeOnly: false, names: machineConstName(m.ir.name), from: moduleSpecifier(`./${m.ir.name}.machine.ts`) })),
    ],
    machines: sorted.map((m) => ({ constName: machineConstName(m.ir.name), ref: ref(m.ir.span) })),
  };
  files.push({ path: 'generated/machines/index.ts', content: renderTemplate('machines-index.ts.hbs', index), emitter: EMITTER });
  const schema = { $comment: bannerText('schema', 'generator/src/machine/machine.schema.ts'), ...buildMachineJsonSchema() };
  files.push({ path: 'generated/schema/machine.schema.json', content: `${JSON.stringify(schema, null, 2)}\n`, emitter: 'schema' });
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
