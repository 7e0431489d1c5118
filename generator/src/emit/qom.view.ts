/**
 * View model of `<dev>.qom.ts`: the device's type record (QOM TypeInfo plus qdev class data)
 * and the `define<Dev>(hooks)` entry point behaviour code calls. The record names every hook
 * it binds (`hooks`, from the names module) so the runtime can check them all when the class
 * is defined, and names each hook again where it is used (gpio inputs, chardev, I2C, device).
 */
import type { DeviceIR, PciFunctionIR, PropertyIR, ScalarType, StateFieldIR } from '../ir/ir.ts';
import {
  CHARDEV_HOOKS, deviceHookName, deviceNames, gpioInHookName, hookBindings, i2cHookName, namedHook, propertyKey, structTypeName,
} from '../names/device-names.ts';
import { bannerText } from './emitter.ts';
import type { FileView, ImportView } from './render.ts';
import { RUNTIME_IMPORT, docWithRef, moduleSpecifier, provenance, ref, scalarLiteral, tsString, typedArrayOf } from './ts-literals.ts';

/** The whole QOM file. */
export interface QomView extends FileView {
  readonly type: string;
  readonly infoDoc: string;
  readonly info: string;
  /** Lines of the TypeInfo object literal (without trailing commas). */
  readonly props: readonly string[];
  readonly defineDoc: string;
  readonly define: string;
}

function propertyDefault(p: PropertyIR): string {
  const d = p.default;
  if (d === undefined) return 'null';
  if (typeof d === 'string') return tsString(d);
  if (p.type === 'chardev' || p.type === 'string') return tsString(String(d));
  return scalarLiteral(p.type, d);
}

/** Initial value of a field; `index` is the code of the element index inside a struct array. */
function initialValue(device: DeviceIR, f: StateFieldIR, index: string, indent: string): string {
  if (f.type === 'timer') return `rt.timer(${tsString(namedHook(f.callback ?? ''))}, ${index}${f.timerClock === 'rtc' ? `, ${tsString('rtc')}` : ''})`;
  if (f.type === 'bitbang-i2c') return `rt.bitbangI2c(${tsString(f.bus ?? '')})`;
  if (f.type === 'struct') {
    const st = device.structs.find((x) => x.name === f.struct);
    const fields = (st?.fields ?? []).map((sf) => `\n${indent}  ${sf.name}: ${initialValue(device, sf, 'i', `${indent}  `)},`).join('');
    return `Array.from({ length: ${f.length ?? 0} }, (_, i): ${structTypeName(device, f.struct ?? '')} => ({${fields}\n${indent}}))`;
  }
  const type = f.type as ScalarType;
  if (f.length !== undefined) return type === 'bool' ? `new Array<boolean>(${f.length}).fill(false)` : `new ${typedArrayOf(type)}(${f.length})`;
  return scalarLiteral(type, 0n);
}

function resetStatement(f: StateFieldIR, target = 's'): string {
  const v = scalarLiteral(f.type as ScalarType, f.reset ?? 0n);
  return f.length !== undefined ? `${target}.${f.name}.fill(${v});` : `${target}.${f.name} = ${v};`;
}

/** Whether creating the state needs the runtime's factory (timers or I2C engines anywhere). */
function usesFactory(device: DeviceIR): boolean {
  const runtimeOwned = (f: StateFieldIR): boolean => f.type === 'timer' || f.type === 'bitbang-i2c';
  return device.state.some((f) => runtimeOwned(f) || (f.type === 'struct' && device.structs.find((x) => x.name === f.struct)?.fields.some(runtimeOwned)));
}

/** Builds the QOM file's view model. */
export function buildQomView(device: DeviceIR): QomView {
  const n = deviceNames(device);
  const I = '    ';
  const props: string[] = [
    `name: ${tsString(device.name)}`,
    `parent: ${tsString(device.parent)}`,
    `description: ${tsString(device.description)}`,
    `source: ${tsString(device.defFile)}`,
  ];
  const range = (p: PropertyIR): string => {
    const lit = (v: bigint): string => (p.type === 'u64' || p.type === 'i64' ? `${v}n` : String(v));
    const parts = [p.min === undefined ? '' : `, min: ${lit(p.min)}`, p.max === undefined ? '' : `, max: ${lit(p.max)}`];
    if (p.outOfRange !== 'error') parts.push(`, outOfRange: ${tsString(p.outOfRange)}`);
    return parts.join('');
  };
  props.push(`properties: [${device.properties.map((p) =>
    `\n${I}// ${ref(p.span)}\n${I}{ name: ${tsString(p.name)}, key: ${tsString(propertyKey(p.name))}, type: ${tsString(p.type)}, default: ${propertyDefault(p)}${range(p)} },`).join('')}${device.properties.length ? '\n  ' : ''}]`);
  props.push(`gpios: [${device.gpios.map((g) =>
    `\n${I}// ${ref(g.span)}\n${I}{ name: ${tsString(g.name)}, direction: ${tsString(g.direction)}, count: ${g.count}, sysbus: ${g.sysbus}, qemuUnnamed: ${g.qemuUnnamed}, lines: [${g.lines.map(tsString).join(', ')}]${g.direction === 'in' ? `, hook: ${tsString(gpioInHookName(g.name))}` : ''} },`).join('')}${device.gpios.length ? '\n  ' : ''}]`);
  props.push(`clocks: [${device.clocks.map((c) => `{ name: ${tsString(c.name)}, direction: ${tsString(c.direction)} }`).join(', ')}]`);
  const cd = device.chardev;
  const cdHooks = cd?.receive ? `, hooks: { ${Object.entries(CHARDEV_HOOKS).map(([k, v]) => `${k}: ${tsString(v)}`).join(', ')} }` : '';
  props.push(`chardev: ${cd ? `{ property: ${tsString(cd.property)}${cdHooks} }` : 'undefined'}`);
  props.push(`traceEvents: [${device.traceEvents.map((t) =>
    `\n${I}{ name: ${tsString(t.name)}, args: [${t.args.map((a) => tsString(a.name)).join(', ')}], format: ${tsString(t.format)} },`).join('')}${device.traceEvents.length ? '\n  ' : ''}]`);
  props.push(`createState: (${usesFactory(device) ? 'rt' : ''}) => ({${device.state.map((f) => `\n${I}${f.name}: ${initialValue(device, f, '0', I)},`).join('')}${device.state.length ? '\n  ' : ''}})`);
  const resets = device.state.filter((f) => f.reset !== undefined).map((f) => resetStatement(f));
  // Struct fields with a reset value are reset in every element.
  for (const f of device.state.filter((x) => x.type === 'struct')) {
    const st = device.structs.find((x) => x.name === f.struct);
    const rs = (st?.fields ?? []).filter((sf) => sf.reset !== undefined);
    if (rs.length > 0) resets.push(`for (const e of s.${f.name}) {${rs.map((sf) => ` ${resetStatement(sf, 'e')}`).join('')} }`);
  }
  props.push(resets.length === 0
    ? 'resetState: () => {}'
    : `resetState: (s) => {${resets.map((r) => `\n${I}${r}`).join('')}\n  }`);
  props.push(`mmio: ${n.mmio}`);
  props.push(`vmstate: ${device.vmstate ? n.vmstate : 'undefined'}`);
  const deviceHookKey = { realize: 'realize', 'pre-reset': 'preReset', reset: 'reset' } as const;
  props.push(`deviceHooks: { ${device.hooks.map((h) => `${deviceHookKey[h]}: ${tsString(deviceHookName(h))}`).join(', ')} }`.replace('{  }', '{}'));
  props.push(`hooks: [${hookBindings(device).map((h) =>
    `\n${I}{ name: ${tsString(h.name)}, kind: ${tsString(h.kind)}, source: ${tsString(provenance(h.span))} },`).join('')}${hookBindings(device).length ? '\n  ' : ''}]`);
  if (device.bus !== 'sysbus') props.push(`bus: ${tsString(device.bus)}`);
  if (device.requests.length > 0) props.push(`requests: [${device.requests.map((r) => tsString(r)).join(', ')}]`);
  if (device.i2c) props.push(`i2c: { ${device.i2c.hooks.map((h) => `${h}: ${tsString(i2cHookName(h))}`).join(', ')} }`);
  if (device.buses.length > 0) props.push(`buses: [${device.buses.map((b) => `{ name: ${tsString(b.name)}, kind: ${tsString(b.busKind)} }`).join(', ')}]`);
  if (device.pci !== undefined) props.push(pciInfoLiteral(device.pci));
  if (device.variants.length > 0) {
    props.push(`variants: [${device.variants.map((v) =>
      `\n${I}// ${ref(v.span)}\n${I}{ name: ${tsString(v.name)}, description: ${tsString(v.description)}, source: ${tsString(provenance(v.span))}, mmio: ${deviceNames(v).mmio} },`).join('')}\n  ]`);
  }
  const siblings: ImportView[] = [
    {
      typeOnly: true,
      names: [`${n.type}Context`, `${n.type}Hooks`, `${n.type}State`, ...device.state.filter((f) => f.type === 'struct').map((f) => structTypeName(device, f.struct ?? ''))]
        .filter((x, i, a) => a.indexOf(x) === i).sort().join(', '),
      from: moduleSpecifier(`./${n.stem}.hooks.ts`),
    },
    { typeOnly: false, names: [n.mmio, ...device.variants.map((v) => deviceNames(v).mmio)].join(', '), from: moduleSpecifier(`./${n.stem}.mmio.ts`) },
  ];
  if (device.vmstate) siblings.push({ typeOnly: false, names: n.vmstate, from: moduleSpecifier(`./${n.stem}.vmstate.ts`) });
  return {
    banner: bannerText('qom', device.defFile),
    imports: [
      { typeOnly: true, names: 'DeviceClass, DeviceTypeInfo', from: moduleSpecifier(RUNTIME_IMPORT) },
      { typeOnly: false, names: 'defineDevice', from: moduleSpecifier(RUNTIME_IMPORT) },
      ...siblings,
    ],
    type: n.type,
    infoDoc: docWithRef(`Type description of ${device.name}: ${device.description}`, device.span),
    info: n.typeInfo,
    props,
    defineDoc: `Binds the hand-written ${device.name} behaviour to the generated tables and returns the device class (${ref(device.span)}).`,
    define: n.define,
  };
}

/** The `pci:` block as the runtime's PciFunctionInfo literal. */
function pciInfoLiteral(p: PciFunctionIR): string {
  const I = '  ';
  const h = (v: number, digits: number): string => `0x${v.toString(16).padStart(digits, '0')}`;
  const head = [
    `vendorId: ${h(p.vendorId, 4)}`, `deviceId: ${h(p.deviceId, 4)}`, `revision: ${h(p.revision, 2)}`, `classId: ${h(p.classId, 4)}`,
    `progIf: ${h(p.progIf, 2)}`, `status: ${h(p.status, 4)}`, `headerType: ${h(p.headerType, 2)}`,
    ...(p.subsystemVendorId === undefined ? [] : [`subsystemVendorId: ${h(p.subsystemVendorId, 4)}`]),
    ...(p.subsystemId === undefined ? [] : [`subsystemId: ${h(p.subsystemId, 4)}`]),
    `interruptPin: ${p.interruptPin}`,
  ];
  const bars = p.bars.map((b) => `{ index: ${b.index}, space: ${tsString(b.space)}, size: ${h(b.size, 1)} }`);
  const regs = p.registers.map((r) => `\n${I}${I}{ name: ${tsString(r.name)}, offset: ${h(r.offset, 2)}, size: ${r.width / 8}, reset: ${h(r.reset, r.width / 4)}${r.resetKeeps ? ', resetKeeps: true' : ''} },`);
  return `pci: {\n${I}${I}${head.join(', ')},\n${I}${I}bars: [${bars.join(', ')}],\n${I}${I}registers: [${regs.join('')}${regs.length > 0 ? `\n${I}${I}` : ''}],\n${I}}`;
}
