/**
 * View model of `<dev>.qom.ts`: the device's type record (QOM TypeInfo plus qdev class data)
 * and the `define<Dev>(hooks)` entry point behaviour code calls.
 */
import type { DeviceIR, PropertyIR, StateFieldIR } from '../ir/ir.ts';
import { bannerText } from './emitter.ts';
import { RUNTIME_IMPORT, camelCase, deviceNames, docWithRef, ref, scalarLiteral, tsString, typedArrayOf } from './names.ts';
import type { FileView, ImportView } from './render.ts';

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

function initialValue(f: StateFieldIR): string {
  if (f.length !== undefined) return f.type === 'bool' ? `new Array<boolean>(${f.length}).fill(false)` : `new ${typedArrayOf(f.type)}(${f.length})`;
  return scalarLiteral(f.type, 0n);
}

function resetStatement(f: StateFieldIR): string {
  const v = scalarLiteral(f.type, f.reset ?? 0n);
  return f.length !== undefined ? `s.${f.name}.fill(${v});` : `s.${f.name} = ${v};`;
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
  props.push(`properties: [${device.properties.map((p) =>
    `\n${I}// ${ref(p.span)}\n${I}{ name: ${tsString(p.name)}, key: ${tsString(camelCase(p.name))}, type: ${tsString(p.type)}, default: ${propertyDefault(p)} },`).join('')}${device.properties.length ? '\n  ' : ''}]`);
  props.push(`gpios: [${device.gpios.map((g) =>
    `\n${I}// ${ref(g.span)}\n${I}{ name: ${tsString(g.name)}, direction: ${tsString(g.direction)}, count: ${g.count}, sysbus: ${g.sysbus}, qemuUnnamed: ${g.qemuUnnamed}, lines: [${g.lines.map(tsString).join(', ')}] },`).join('')}${device.gpios.length ? '\n  ' : ''}]`);
  props.push(`clocks: [${device.clocks.map((c) => `{ name: ${tsString(c.name)}, direction: ${tsString(c.direction)} }`).join(', ')}]`);
  props.push(`chardev: ${device.chardev ? `{ property: ${tsString(device.chardev.property)}, receive: ${device.chardev.receive} }` : 'undefined'}`);
  props.push(`traceEvents: [${device.traceEvents.map((t) =>
    `\n${I}{ name: ${tsString(t.name)}, args: [${t.args.map((a) => tsString(a.name)).join(', ')}], format: ${tsString(t.format)} },`).join('')}${device.traceEvents.length ? '\n  ' : ''}]`);
  props.push(`createState: () => ({${device.state.map((f) => `\n${I}${f.name}: ${initialValue(f)},`).join('')}${device.state.length ? '\n  ' : ''}})`);
  const resets = device.state.filter((f) => f.reset !== undefined);
  props.push(resets.length === 0
    ? 'resetState: () => {}'
    : `resetState: (s) => {${resets.map((f) => `\n${I}${resetStatement(f)}`).join('')}\n  }`);
  props.push(`mmio: ${n.value}MmioTables`);
  props.push(`vmstate: ${device.vmstate ? `${n.value}VmState` : 'undefined'}`);
  props.push(`deviceHooks: [${device.hooks.map(tsString).join(', ')}]`);
  const siblings: ImportView[] = [
    { typeOnly: true, names: `${n.type}Context, ${n.type}Hooks, ${n.type}State`, from: `./${n.stem}.hooks.ts` },
    { typeOnly: false, names: `${n.value}MmioTables`, from: `./${n.stem}.mmio.ts` },
  ];
  if (device.vmstate) siblings.push({ typeOnly: false, names: `${n.value}VmState`, from: `./${n.stem}.vmstate.ts` });
  return {
    banner: bannerText('qom', device.defFile),
    imports: [
      { typeOnly: true, names: 'DeviceClass, DeviceTypeInfo', from: RUNTIME_IMPORT },
      { typeOnly: false, names: 'defineDevice', from: RUNTIME_IMPORT },
      ...siblings,
    ],
    type: n.type,
    infoDoc: docWithRef(`Type description of ${device.name}: ${device.description}`, device.span),
    info: `${n.value}TypeInfo`,
    props,
    defineDoc: `Binds the hand-written ${device.name} behaviour to the generated tables and returns the device class (${ref(device.span)}).`,
    define: `define${n.type}`,
  };
}
