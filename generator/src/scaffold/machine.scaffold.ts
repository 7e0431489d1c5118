/**
 * `devgen new machine NAME [--device TYPE]`: a small valid board — RAM and one device of the
 * project, its MMIO regions mapped one after another from {@link MMIO_BASE}. The text is
 * rendered, then loaded and checked against the device definitions exactly as `devgen generate`
 * will, so a scaffolded board always generates.
 */
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../diagnostics/render.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { loadMachine } from '../machine/load-machine.ts';
import { deviceNames } from '../names/device-names.ts';
import { defaultPosition, machineDefinitionPath, machineNameError, type ArgPosition } from './names.scaffold.ts';
import { renderScaffold } from './render.ts';
import type { ScaffoldFile } from './scaffold-files.ts';

/** Where the board maps its device's first MMIO region. */
export const MMIO_BASE = 0x1000_0000n;
/** The board's RAM: 128 MiB at 0x4000_0000. */
const RAM_BASE = 0x4000_0000n;
const RAM_SIZE = 0x0800_0000n;
/** MMIO regions are placed on boundaries of at least this much. */
const MMIO_ALIGN = 0x1000n;

/** The schema line's target from defs/machines/. */
const MACHINE_SCHEMA = '../../generated/schema/machine.schema.json';

/** Options of {@link machineScaffold}. */
export interface MachineScaffoldOptions {
  readonly name: string;
  /** The device put on the board; none gives a board with RAM only. */
  readonly device?: DeviceIR;
  readonly description?: string;
  /** Where the name was given, for the diagnostic of a bad one (default: `devgen new machine NAME`). */
  readonly position?: ArgPosition;
}

/** `0x1000_0000`: hex in groups of four digits, as the formats accept in quotes. */
export function groupedHex(v: bigint): string {
  const digits = v.toString(16).padStart(8, '0');
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
  return `0x${groups.join('_')}`;
}

/** Bases of the device's regions, one after another from MMIO_BASE, each aligned to its size. */
function mmioBases(device: DeviceIR): bigint[] {
  const bases: bigint[] = [];
  let next = MMIO_BASE;
  for (const r of device.regions) {
    const size = BigInt(r.size);
    let align = MMIO_ALIGN;
    while (align < size) align <<= 1n;
    next = (next + align - 1n) / align * align;
    bases.push(next);
    next += size;
  }
  return bases;
}

/** Whether a board can hold `device` on its own (an I2C slave needs a bus some other part provides). */
export function standsAlone(device: DeviceIR): boolean {
  return device.bus !== 'i2c';
}

/** What {@link machineScaffold} makes. */
export interface MachineScaffold {
  readonly files: ScaffoldFile[];
  /** The QOM path the device part ends up at, when the board has one. */
  readonly devicePath: string | undefined;
}

/** The board file; throws a ScaffoldError for a bad name. */
export function machineScaffold(options: MachineScaffoldOptions): MachineScaffold {
  const { name, device } = options;
  const bad = machineNameError(name, options.position ?? defaultPosition('machine', name));
  if (bad) throw bad;
  if (device !== undefined && !standsAlone(device)) throw new Error(`${device.name} sits on an I2C bus: a board needs a controller for it`);
  const description = options.description ?? (device ? `RAM and one ${device.name}.` : 'RAM only; devices go under `devices:`.');
  const devices = device === undefined ? [] : [{
    quotedType: JSON.stringify(device.name),
    part: deviceNames(device).value,
    mmio: mmioBases(device).map(groupedHex),
    quotedDescription: JSON.stringify(device.regions.length > 0 ? `The ${device.name}; its MMIO region${device.regions.length > 1 ? 's follow' : ' is'} at the address${device.regions.length > 1 ? 'es' : ''} below.` : `The ${device.name}.`),
  }];
  const path = machineDefinitionPath(name);
  const text = renderScaffold('machine/machine.yaml.hbs', {
    schema: MACHINE_SCHEMA,
    name,
    quotedName: JSON.stringify(name),
    quotedDescription: JSON.stringify(description),
    quotedRam: JSON.stringify(`${name}.ram`),
    ramBase: groupedHex(RAM_BASE),
    ramSize: groupedHex(RAM_SIZE),
    devices,
  });
  const loaded = loadMachine(path, text, device ? [device] : []);
  if (loaded.machine === undefined || hasErrors(loaded.diagnostics)) {
    throw new Error(`the board template does not load for '${name}':\n${formatDiagnostics(loaded.diagnostics, new Map([[path, text]]), { color: false })}`);
  }
  const part = loaded.machine.ir.parts.find((p) => p.kind === 'device');
  return { files: [{ path, content: text }], devicePath: part === undefined ? undefined : loaded.machine.paths.get(part) };
}
