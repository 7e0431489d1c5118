/**
 * `devgen new device NAME [--parent sys-bus-device|i2c-slave]`: a starting point that works at
 * once — the definition (with the schema line), a behaviour file implementing every hook the
 * generated hooks interface will declare, a qtest case, and a test. A memory-mapped device also
 * gets a small board putting it on a machine, so its qtest case and test run right after
 * `devgen generate`.
 *
 * The definition is rendered first and run through the pipeline's stages (read, shape, lower,
 * sema) in memory; every other file is spelled from that IR: names through the names module,
 * offsets and reset values from the registers, and the behaviour is checked to implement exactly
 * the hooks `hookBindings` lists. So the files cannot disagree with the definition they come with.
 */
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../diagnostics/render.ts';
import type { DeviceIR, RegisterIR } from '../ir/ir.ts';
import { deviceNames, fieldConstNames, hookBindings, registerHookName, deviceHookName, i2cHookName } from '../names/device-names.ts';
import { lowerDefinition } from '../pipeline/load.ts';
import { checkDevice } from '../sema/check.ts';
import { machineScaffold, MMIO_BASE } from './machine.scaffold.ts';
import { defaultPosition, deviceDefinitionPath, deviceNameError, type ArgPosition } from './names.scaffold.ts';
import { renderScaffold } from './render.ts';
import type { DeviceParent } from './device-parents.ts';
import type { ScaffoldFile } from './scaffold-files.ts';
import { SbconMaster, okValue, qtestCaseText, type QtestStep } from './qtest-case.ts';

export { DEVICE_PARENTS, type DeviceParent } from './device-parents.ts';

/** Options of {@link deviceScaffold}. */
export interface DeviceScaffoldOptions {
  readonly name: string;
  readonly parent: DeviceParent;
  /** Where the name was given, for the diagnostic of a bad one (default: `devgen new device NAME`). */
  readonly position?: ArgPosition;
}

/** What `new device` writes, and the IR of the definition it writes. */
export interface DeviceScaffold {
  readonly device: DeviceIR;
  readonly files: readonly ScaffoldFile[];
  /** The board made for the device, when it got one. */
  readonly machine: string | undefined;
}

/** The schema line's target from a definition two folders below the root. */
const DEVICE_SCHEMA = '../../generated/schema/device.schema.json';

/** Renders the definition and loads it through the stages up to sema; any error is a bug of the template. */
function loadTemplate(name: string, parent: DeviceParent): { text: string; device: DeviceIR } {
  const path = deviceDefinitionPath(name);
  const text = renderScaffold(`device/${parent}.device.yaml.hbs`, {
    name,
    quotedName: JSON.stringify(name),
    behavior: `${name}.behavior.ts`,
    quotedBehavior: JSON.stringify(`${name}.behavior.ts`),
    schema: DEVICE_SCHEMA,
  });
  const lowered = lowerDefinition(path, text);
  const diagnostics = lowered.device ? [...lowered.diagnostics, ...checkDevice(lowered.device)] : lowered.diagnostics;
  if (lowered.device === undefined || hasErrors(diagnostics)) {
    throw new Error(`the ${parent} template does not load for '${name}':\n${formatDiagnostics(diagnostics, new Map([[path, text]]), { color: false })}`);
  }
  return { text, device: lowered.device };
}

function register(device: DeviceIR, name: string): RegisterIR {
  const reg = device.registers.find((r) => r.name === name);
  if (reg === undefined) throw new Error(`the template device has no register ${name}`);
  return reg;
}

/** The hook method names the behaviour template uses, from the names module. */
function hookView(device: DeviceIR, parent: DeviceParent): Record<string, string> {
  if (parent === 'i2c-slave') return { event: i2cHookName('event'), recv: i2cHookName('recv'), send: i2cHookName('send') };
  return {
    ctrlPostWrite: registerHookName(register(device, 'CTRL'), 'post-write'),
    statusPostWrite: registerHookName(register(device, 'STATUS'), 'post-write'),
    setWrite: registerHookName(register(device, 'SET'), 'write'),
    countRead: registerHookName(register(device, 'COUNT'), 'read'),
    reset: deviceHookName('reset'),
  };
}

/** Method names of the hooks object a behaviour file defines (two-space indented `name(ctx…`). */
function definedHooks(text: string): string[] {
  return [...text.matchAll(/^ {2}([A-Za-z_$][\w$]*)\(ctx\b/gm)].map((m) => m[1]!).sort();
}

function behaviorFile(device: DeviceIR, parent: DeviceParent): ScaffoldFile {
  const n = deviceNames(device);
  const view: Record<string, unknown> = {
    name: device.name,
    defFile: device.defFile,
    hooksType: `${n.type}Hooks`,
    contextType: `${n.type}Context`,
    hooksValue: `${n.value}Hooks`,
    deviceClass: n.deviceClass,
    define: n.define,
    hooksImport: `../../generated/${n.stem}/${n.stem}.hooks.ts`,
    qomImport: `../../generated/${n.stem}/${n.stem}.qom.ts`,
    registersImport: `../../generated/${n.stem}/${n.stem}.registers.ts`,
    hook: hookView(device, parent),
  };
  if (parent === 'sys-bus-device') {
    const field = (reg: string, f: string): string => fieldConstNames(register(device, reg), { name: f }).mask;
    view.ctrlEnable = field('CTRL', 'IRQ_EN');
    view.statusPending = field('STATUS', 'PENDING');
  }
  const content = renderScaffold(`device/${parent}.behavior.ts.hbs`, view);
  const declared = hookBindings(device).map((h) => h.name).sort();
  const defined = definedHooks(content);
  if (declared.join() !== defined.join()) {
    throw new Error(`the ${parent} behaviour template defines ${defined.join(', ')} but the definition declares ${declared.join(', ')}`);
  }
  return { path: `defs/${device.name}/${device.name}.behavior.ts`, content };
}

/** A register's offset as a guest address on the device's board. */
function addr(reg: RegisterIR): bigint {
  return MMIO_BASE + BigInt(reg.offset);
}

/** The qtest name of the GPIO output list a sysbus device's IRQs form (QEMU's SYSBUS_DEVICE_GPIO_IRQ). */
const SYSBUS_IRQ_LIST = 'sysbus-irq';

/**
 * The qtest case of a memory-mapped device at QOM path `path` of `machine`: identification, the
 * status bit a SET raises with its interrupt, and its clear.
 */
function sysBusCase(device: DeviceIR, machine: string, path: string): QtestStep[] {
  const id = register(device, 'ID');
  const ctrl = register(device, 'CTRL');
  const status = register(device, 'STATUS');
  const set = register(device, 'SET');
  const count = register(device, 'COUNT');
  const pending = BigInt(fieldMask(status, 'PENDING'));
  return [
    { comment: `${device.name} at 0x${MMIO_BASE.toString(16)} on ${machine}: ID reads its reset value, nothing is pending` },
    { command: `readl 0x${addr(id).toString(16)}`, expect: [okValue(id.resets[0] ?? 0n)] },
    { command: `readl 0x${addr(status).toString(16)}`, expect: [okValue(0n)] },
    { comment: 'watch its interrupt output; enable it, then a write to SET raises STATUS.PENDING (and the line) and counts' },
    { command: `irq_intercept_out ${path} ${SYSBUS_IRQ_LIST}`, expect: ['OK'] },
    { command: `writel 0x${addr(ctrl).toString(16)} 0x1`, expect: ['OK'] },
    { command: `writel 0x${addr(set).toString(16)} 0x0`, expect: ['IRQ raise 0', 'OK'] },
    { command: `readl 0x${addr(status).toString(16)}`, expect: [okValue(pending)] },
    { command: `readl 0x${addr(count).toString(16)}`, expect: [okValue(1n)] },
    { comment: 'writing 1 to PENDING clears it and lowers the line; ID ignores writes' },
    { command: `writel 0x${addr(status).toString(16)} 0x${pending.toString(16)}`, expect: ['IRQ lower 0', 'OK'] },
    { command: `readl 0x${addr(status).toString(16)}`, expect: [okValue(0n)] },
    { command: `writel 0x${addr(id).toString(16)} 0xffffffff` },
    { command: `readl 0x${addr(id).toString(16)}`, expect: [okValue(id.resets[0] ?? 0n)] },
  ];
}

function fieldMask(reg: RegisterIR, field: string): bigint {
  const f = reg.fields.find((x) => x.name === field);
  if (f === undefined) throw new Error(`the template register ${reg.name} has no field ${field}`);
  return ((1n << BigInt(f.msb - f.lsb + 1)) - 1n) << BigInt(f.lsb);
}

/**
 * Where an I2C slave's case runs: QEMU's versatilepb, whose SBCon I2C controller sits at
 * 0x1000_2000 (devgen's own versatilepb board has it there too), with the device plugged on its
 * bus at this address.
 */
const I2C_MACHINE = 'versatilepb';
const I2C_CONTROLLER = 0x1000_2000n;
const I2C_ADDRESS = 0x50;

/** The qtest case of an I2C slave: two registers written behind the pointer, then read back. */
function i2cCase(device: DeviceIR): QtestStep[] {
  const w = I2C_ADDRESS << 1;
  return new SbconMaster(I2C_CONTROLLER)
    .note(`${device.name} at I2C address 0x${I2C_ADDRESS.toString(16)}: select register 0, write 0x12 and 0x34 (the pointer moves on)`)
    .start().send(w).send(0x00).send(0x12).send(0x34).stop()
    .note('select register 0 again, then a repeated START to read two bytes; the last is NACKed')
    .start().send(w).send(0x00).restart().send(w | 1).recv(0x12, false).recv(0x34, true).stop()
    .steps;
}

/** The files of `devgen new device`; throws a ScaffoldError for a bad name. */
export function deviceScaffold(options: DeviceScaffoldOptions): DeviceScaffold {
  const { name, parent } = options;
  const bad = deviceNameError(name, options.position ?? defaultPosition('device', name));
  if (bad) throw bad;
  const { text, device } = loadTemplate(name, parent);
  const files: ScaffoldFile[] = [{ path: device.defFile, content: text }, behaviorFile(device, parent)];
  let machine: string | undefined;
  if (parent === 'sys-bus-device') {
    machine = `${name}-board`;
    const board = machineScaffold({ name: machine, device, description: `Test board of ${name}: RAM and one ${name} at 0x${MMIO_BASE.toString(16)}.` });
    files.push(...board.files);
    const steps = sysBusCase(device, machine, board.devicePath!);
    files.push({ path: `defs/${name}/${name}-basics.qtest`, content: qtestCaseText(machine, [], name, steps) });
  } else {
    const spec = `${name},address=0x${I2C_ADDRESS.toString(16)},id=dut`;
    files.push({ path: `defs/${name}/${name}-basics.qtest`, content: qtestCaseText(I2C_MACHINE, [spec], name, i2cCase(device)) });
  }
  files.push({
    path: `test/${name}.test.js`,
    content: renderScaffold('device/device.test.js.hbs', { name, qtestCase: `defs/${name}/${name}-basics.qtest`, ownBoard: machine !== undefined }),
  });
  return { device, files, machine };
}
