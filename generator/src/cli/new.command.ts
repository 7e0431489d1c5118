/**
 * `devgen new device NAME [--parent P]` and `devgen new machine NAME [--device TYPE]`: new
 * definitions in the project the command runs in, from the scaffolds (scaffold/). They refuse a
 * bad name (positioned at the argument), a device name the project already defines, and any
 * file that exists; nothing is written unless everything can be.
 */
import { q } from '../diagnostics/diagnostic.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { discoverDefs, loadDefinitions } from '../pipeline.ts';
import { DEVICE_PARENTS, deviceScaffold, type DeviceParent } from '../scaffold/device.scaffold.ts';
import { machineScaffold, standsAlone } from '../scaffold/machine.scaffold.ts';
import type { ArgPosition } from '../scaffold/names.scaffold.ts';
import { ScaffoldError, writeScaffold, type ScaffoldFile } from '../scaffold/scaffold-files.ts';
import { UserError, type CliIo } from './errors.ts';

/** The devices of the project that load, and the diagnostics of those that do not. */
function projectDevices(root: string): ReturnType<typeof loadDefinitions> {
  return loadDefinitions(root, discoverDefs(root));
}

function write(root: string, files: readonly ScaffoldFile[], io: CliIo): void {
  writeScaffold(root, files);
  for (const f of files) io.out(`created ${f.path}\n`);
}

/** Options of `devgen new device`. */
export interface NewDeviceOptions {
  readonly parent: string;
}

/** `devgen new device`; `position` locates NAME on the command line. */
export function runNewDevice(root: string, name: string, opts: NewDeviceOptions, position: ArgPosition, io: CliIo): number {
  if (!(DEVICE_PARENTS as readonly string[]).includes(opts.parent)) {
    throw new UserError(`--parent ${opts.parent}: new device has starting points for ${DEVICE_PARENTS.join(' and ')}`);
  }
  const scaffold = deviceScaffold({ name, parent: opts.parent as DeviceParent, position });
  const same = projectDevices(root).devices.find((d) => d.name === name);
  if (same !== undefined) throw new UserError(`device ${q(name)} is already defined at ${same.defFile}:${same.span.line}`);
  write(root, scaffold.files, io);
  const board = scaffold.machine === undefined ? '' : `, \`npm test\` (its qtest case runs on ${scaffold.machine})`;
  io.out(`devgen: next: \`devgen generate\`, then \`tsc --noEmit\`${board}; the definition is ${scaffold.device.defFile}.\n`);
  return 0;
}

/** Options of `devgen new machine`. */
export interface NewMachineOptions {
  /** QOM type of the device to put on the board (default: the first of the project that can stand alone). */
  readonly device?: string;
}

/** The device `new machine` puts on the board. */
function boardDevice(root: string, wanted: string | undefined): DeviceIR | undefined {
  const loaded = projectDevices(root);
  const devices = loaded.devices.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (wanted === undefined) return devices.find(standsAlone);
  const device = devices.find((d) => d.name === wanted);
  if (device === undefined) {
    if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new ScaffoldError(loaded.diagnostics, loaded.sources);
    throw new UserError(`--device ${wanted}: the project defines no device of that type (it defines ${devices.map((d) => d.name).join(', ') || 'none'})`);
  }
  if (!standsAlone(device)) throw new UserError(`--device ${wanted}: an I2C slave needs a board with an I2C controller to sit on; put it on one with \`bus: { host: PART }\``);
  return device;
}

/** `devgen new machine`; `position` locates NAME on the command line. */
export function runNewMachine(root: string, name: string, opts: NewMachineOptions, position: ArgPosition, io: CliIo): number {
  const device = boardDevice(root, opts.device);
  const { files } = machineScaffold({ name, position, ...(device ? { device } : {}) });
  write(root, files, io);
  io.out(`devgen: next: \`devgen generate\`, then \`devgen qtest --machine ${name}\`${device ? `; ${device.name} is on it` : '; the project has no device it could put on it yet'}.\n`);
  return 0;
}
