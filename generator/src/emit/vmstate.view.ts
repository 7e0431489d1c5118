/**
 * View model of `<dev>.vmstate.ts`: the VMState descriptor (QEMU VMStateDescription) with
 * fields bound to the state record, clocks bound to the runtime's built-in "clock" description,
 * property and field tests of subsections as small predicates, and every behaviour hook named
 * (pre-save, post-load, validate, `needed`) for the runtime to bind.
 */
import type { DeviceIR, ScalarType, StateFieldIR, VmFieldIR, VmLengthIR, VmNeededIR } from '../ir/ir.ts';
import { VMSTATE_HOOKS, deviceNames, namedHook, propertyKey, structTypeName, subsectionPostLoadHookName, vmStructVariable } from '../names/device-names.ts';
import { q } from '../diagnostics/diagnostic.ts';
import type { EmitContext } from './emitter.ts';
import { bannerText } from './emitter.ts';
import type { FileView, ImportView, ObjectLiteralView } from './render.ts';
import { RUNTIME_IMPORT, docWithRef, tsScalarType, tsString, moduleSpecifier } from './ts-literals.ts';

/** One field. */
export type ObjectView = ObjectLiteralView;

/** A subsection with its own fields. */
export interface SubsectionView extends ObjectLiteralView {
  readonly fields: readonly ObjectView[];
}

/** A description of struct elements, declared before the device's description. */
export interface VmStructView {
  readonly doc: string;
  readonly variable: string;
  readonly type: string;
  readonly head: readonly string[];
  readonly fields: readonly ObjectView[];
}

/** The whole VMState file. */
export interface VmStateView extends FileView {
  readonly fnDoc: string;
  readonly fn: string;
  readonly type: string;
  readonly structs: readonly VmStructView[];
  readonly head: readonly string[];
  readonly fields: readonly ObjectView[];
  readonly subsections: readonly SubsectionView[];
}

/**
 * The element count of an array field: fixed, or read per device from a property or a state
 * field (QEMU VARRAY: the receiving device's own count).
 */
function lengthExpr(len: VmLengthIR | undefined, whole: string): string {
  if (len === undefined) return whole;
  if (len.kind === 'fixed') return String(len.count);
  if (len.kind === 'property') return `(c) => Number(c.props.${propertyKey(len.property)})`;
  return `(c) => Number(c.state.${len.field})`;
}

/**
 * Where fields resolve: the device state (`c.state.X`, scope = device state) or one struct
 * element (`c.X`, scope = the struct's fields).
 */
interface FieldScope {
  readonly base: string;
  readonly fields: readonly StateFieldIR[];
}

function fieldView(device: DeviceIR, f: VmFieldIR, ctx: EmitContext, uses: Set<string>, scope: FieldScope): ObjectView | undefined {
  const doc = docWithRef(`Field "${f.name}"`, f.span);
  const src = f.source;
  const since = `since: ${f.since}`;
  const compat = `compatSize: ${f.compat.size === undefined ? 'undefined' : f.compat.size}`;
  if (src.kind === 'validate') {
    return { doc: docWithRef(`Check "${f.name}" (no bytes on the wire)`, f.span), props: [`kind: 'validate', name: ${tsString(f.name)}, ${since}`, `check: ${tsString(namedHook(src.hook))}`] };
  }
  if (src.kind === 'parent') {
    // The parent part lives in the context (ctx.i2c for I2CSlave); the runtime owns its description.
    uses.add('vmstateI2CSlave');
    return { doc, props: [`kind: 'struct', name: ${tsString(f.name)}, ${since}, struct: vmstateI2CSlave`, 'get: (c) => c.i2c', compat] };
  }
  if (src.kind === 'unused') return { doc, props: [`kind: 'unused', name: ${tsString(f.name)}, size: ${src.size}, ${since}`] };
  if (src.kind === 'clock') {
    uses.add('vmstateClock');
    return {
      doc,
      props: [
        `kind: 'struct', name: ${tsString(f.name)}, ${since}, struct: vmstateClock`,
        `get: (c) => c.clocks.${src.clock}`,
        `compatSize: ${f.compat.size === undefined ? 'undefined' : f.compat.size}`,
      ],
    };
  }
  const sf: StateFieldIR | undefined = scope.fields.find((s) => s.name === src.field);
  if (sf === undefined) {
    // Sema rejects this; reporting keeps the emitter total if it runs on unchecked IR.
    ctx.report('vmstate-unknown-state', f.span, { name: q(f.name), hint: '' });
    return undefined;
  }
  const loc = `${scope.base}.${sf.name}`;
  if (sf.type === 'timer') return { doc, props: [`kind: 'timer', name: ${tsString(f.name)}, ${since}`, `get: (c) => ${loc}`, compat] };
  if (sf.type === 'struct') {
    const length = lengthExpr(src.length, String(sf.length ?? 0));
    return {
      doc,
      props: [
        `kind: 'struct-array', name: ${tsString(f.name)}, ${since}, struct: ${vmStructVariable(src.vmstate ?? '')} as VmStateDescription<unknown>`,
        `get: (c) => ${loc}`,
        `length: ${length}`,
        compat,
      ],
    };
  }
  if (sf.length !== undefined) {
    return { doc, props: [`kind: 'array', name: ${tsString(f.name)}, type: '${sf.type}', length: ${lengthExpr(src.length, String(sf.length))}, ${since}`, `get: (c) => ${loc}`] };
  }
  return {
    doc,
    props: [
      `kind: 'scalar', name: ${tsString(f.name)}, type: '${sf.type}', ${since}`,
      `get: (c) => ${loc}`,
      `set: (c, v) => { ${loc} = v as ${tsScalarType(sf.type as ScalarType)}; }`,
    ],
  };
}

function neededExpr(device: DeviceIR, needed: VmNeededIR): string {
  switch (needed.kind) {
    case 'property': {
      const p = device.properties.find((x) => x.name === needed.property);
      const key = `c.props.${propertyKey(needed.property)}`;
      return p?.type === 'bool' ? `(c) => ${key}` : `(c) => Boolean(${key})`;
    }
    case 'nonzero': {
      const sf = device.state.find((s) => s.name === needed.field);
      const loc = `c.state.${needed.field}`;
      if (sf?.length !== undefined) return `(c) => Array.prototype.some.call(${loc}, (x) => x != 0)`;
      if (sf?.type === 'bool') return `(c) => ${loc}`;
      return sf && (sf.type === 'u64' || sf.type === 'i64') ? `(c) => ${loc} !== 0n` : `(c) => ${loc} !== 0`;
    }
    case 'hook':
      return `{ hook: ${tsString(namedHook(needed.hook))} }`;
  }
}

/** Builds the VMState view; `undefined` when the device does not migrate. */
export function buildVmStateView(device: DeviceIR, ctx: EmitContext): VmStateView | undefined {
  const vm = device.vmstate;
  if (vm === undefined) return undefined;
  const n = deviceNames(device);
  const uses = new Set<string>();
  const top: FieldScope = { base: 'c.state', fields: device.state };
  const fields = vm.fields.map((f) => fieldView(device, f, ctx, uses, top)).filter((x) => x !== undefined);
  const structs = vm.structs.map((d): VmStructView => {
    const st = device.structs.find((x) => x.name === d.struct);
    const scope: FieldScope = { base: 'c', fields: st?.fields ?? [] };
    return {
      doc: docWithRef(`Description "${d.name}" v${d.version} of each "${d.struct}" element`, d.span),
      variable: vmStructVariable(d.name),
      type: structTypeName(device, d.struct),
      head: [`name: ${tsString(d.name)}, version: ${d.version}, minimumVersion: ${d.minimumVersion}`],
      fields: d.fields.map((f) => fieldView(device, f, ctx, uses, scope)).filter((x) => x !== undefined),
    };
  });
  const subsections = vm.subsections.map((s) => ({
    doc: docWithRef(`Subsection "${s.name}" v${s.version}`, s.span),
    props: [
      `name: ${tsString(s.name)}, version: ${s.version}, minimumVersion: ${s.minimumVersion}`,
      `needed: ${neededExpr(device, s.needed)}`,
      ...(s.postLoad ? [`postLoad: ${tsString(subsectionPostLoadHookName(s.name))}`] : []),
    ],
    fields: s.fields.map((f) => fieldView(device, f, ctx, uses, top)).filter((x) => x !== undefined),
  }));
  const head = [`name: ${tsString(vm.name)}, version: ${vm.version}, minimumVersion: ${vm.minimumVersion}`];
  if (vm.preSave) head.push(`preSave: ${tsString(VMSTATE_HOOKS.preSave)}`);
  if (vm.postLoad) head.push(`postLoad: ${tsString(VMSTATE_HOOKS.postLoad)}`);
  const runtimeTypes = structs.length > 0 ? 'VmStateDescription, VmStateDescriptor' : 'VmStateDescriptor';
  const imports: ImportView[] = [{ typeOnly: true, names: runtimeTypes, from: moduleSpecifier(RUNTIME_IMPORT) }];
  if (uses.size > 0) imports.push({ typeOnly: false, names: [...uses].sort().join(', '), from: moduleSpecifier(RUNTIME_IMPORT) });
  const hookTypes = [`${n.type}Context`, `${n.type}Hooks`, ...structs.map((x) => x.type)].filter((x, i, a) => a.indexOf(x) === i).sort();
  imports.push({ typeOnly: true, names: hookTypes.join(', '), from: moduleSpecifier(`./${n.stem}.hooks.ts`) });
  return {
    banner: bannerText('vmstate', device.defFile),
    imports,
    fnDoc: docWithRef(`Migration description "${vm.name}" v${vm.version} of ${device.name}`, vm.span),
    fn: n.vmstate,
    type: n.type,
    structs,
    head,
    fields,
    subsections,
  };
}
