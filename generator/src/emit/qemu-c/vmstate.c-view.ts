/**
 * The VMState part of a generated QEMU device source: the struct-element descriptions, the
 * subsections with their `needed` functions, the main description with its pre/post hooks,
 * every field as QEMU's VMSTATE_* macro of its type (a `since` version picks the `_V` form).
 */
import type { StateFieldIR, VmFieldIR, VmStateIR, VmSubsectionIR } from '../../ir/ir.ts';
import { namedHook, VMSTATE_HOOKS } from '../../names/device-names.ts';
import { C_SCALAR, cHookName, cMember, cSnake, cStructType, cVmstateVar, type QemuCNames } from '../../names/qemu-c-names.ts';
import type { EmitContext } from '../emitter.ts';
import { cString } from './c-literals.ts';
import type { QemuDevice } from './c-literals.ts';

const MACRO_TYPE: Readonly<Record<keyof typeof C_SCALAR, string>> = {
  bool: 'BOOL', u8: 'UINT8', u16: 'UINT16', u32: 'UINT32', u64: 'UINT64', i8: 'INT8', i16: 'INT16', i32: 'INT32', i64: 'INT64',
};

/** Internal names of the VMState glue functions. */
export function vmstateFunctionNames(names: QemuCNames) {
  return {
    preSave: `${names.prefix}_vmstate_pre_save_handler`,
    postLoad: `${names.prefix}_vmstate_post_load_handler`,
    validate: (hook: string) => `${names.prefix}_${cSnake(hook)}_handler`,
  };
}

/** The `needed` function name of a subsection: `pl011_vmstate_clock_needed`. */
function neededName(names: QemuCNames, sub: VmSubsectionIR): string {
  const v = cVmstateVar(names, sub.name).slice('vmstate_'.length);
  const rest = v.startsWith(`${names.prefix}_`) ? v.slice(names.prefix.length + 1) : v;
  return `${names.prefix}_vmstate_${rest}_needed`;
}

/** The VMSTATE_* entry of one field; `owner` is the C type the field belongs to. */
function fieldEntry(names: QemuCNames, device: QemuDevice, f: VmFieldIR, owner: string, fields: readonly StateFieldIR[], ctx: EmitContext): string | undefined {
  const src = f.source;
  const v = f.since;
  switch (src.kind) {
    case 'unused': return v > 0 ? `VMSTATE_UNUSED_V(${v}, ${src.size}),` : `VMSTATE_UNUSED(${src.size}),`;
    case 'clock': return v > 0 ? `VMSTATE_CLOCK_V(${cMember(src.clock)}, ${owner}, ${v}),` : `VMSTATE_CLOCK(${cMember(src.clock)}, ${owner}),`;
    case 'validate': return `VMSTATE_VALIDATE(${cString(f.name)}, ${vmstateFunctionNames(names).validate(src.hook)}),`;
    case 'parent':
      if (src.vmstate === 'I2CSlave') return `VMSTATE_I2C_SLAVE(${cMember(src.parent)}, ${owner}),`;
      ctx.report('qemu-c-unsupported', f.span, { what: `a parent description '${src.vmstate}'` });
      return undefined;
    case 'state': {
      const sf = fields.find((x) => x.name === src.field);
      if (sf === undefined) return undefined;
      const m = cMember(sf.name);
      if (sf.type === 'timer') return v > 0 ? `VMSTATE_TIMER_PTR_V(${m}, ${owner}, ${v}),` : `VMSTATE_TIMER_PTR(${m}, ${owner}),`;
      if (sf.type === 'struct') {
        const st = device.structs.find((x) => x.name === sf.struct);
        const type = cStructType(names, device, st ?? { name: sf.struct ?? '' });
        const vmsd = `${cVmstateVar(names, src.vmstate ?? sf.struct ?? '')}`;
        if (src.length?.kind === 'property') {
          const p = device.properties.find((x) => x.name === (src.length as { property: string }).property);
          const kind = p?.type === 'u8' ? 'UINT8' : p?.type === 'u32' ? 'UINT32' : p?.type === 'i32' ? 'INT32' : undefined;
          if (kind === undefined) {
            ctx.report('qemu-c-unsupported', f.span, { what: `a struct array whose length property is ${p?.type ?? 'unknown'} (QEMU has u8, u32 and i32 ones)` });
            return undefined;
          }
          return `VMSTATE_STRUCT_VARRAY_${kind}(${m}, ${owner}, ${cMember(src.length.property)}, ${v}, ${vmsd}, ${type}),`;
        }
        const n = src.length?.kind === 'fixed' ? src.length.count : sf.length ?? 1;
        return `VMSTATE_STRUCT_ARRAY(${m}, ${owner}, ${n}, ${v}, ${vmsd}, ${type}),`;
      }
      if (sf.type === 'bitbang-i2c') return undefined;
      const t = MACRO_TYPE[sf.type];
      if (sf.length !== undefined) return v > 0 ? `VMSTATE_${t}_ARRAY_V(${m}, ${owner}, ${sf.length}, ${v}),` : `VMSTATE_${t}_ARRAY(${m}, ${owner}, ${sf.length}),`;
      return v > 0 ? `VMSTATE_${t}_V(${m}, ${owner}, ${v}),` : `VMSTATE_${t}(${m}, ${owner}),`;
    }
  }
}

/** The `.fields` initialiser of a description. */
function fieldsBlock(names: QemuCNames, device: QemuDevice, fields: readonly VmFieldIR[], owner: string, state: readonly StateFieldIR[], ctx: EmitContext): string[] {
  const entries = fields.map((f) => fieldEntry(names, device, f, owner, state, ctx)).filter((e): e is string => e !== undefined);
  return ['    .fields = (const VMStateField[]) {', ...entries.map((e) => `        ${e}`), '        VMSTATE_END_OF_LIST()', '    },'];
}

/** The whole VMState C: glue functions, struct descriptions, subsections, the description. */
export function vmstateC(names: QemuCNames, device: QemuDevice, vm: VmStateIR, ctx: EmitContext): string[] {
  const S = names.struct;
  const fn = vmstateFunctionNames(names);
  const out: string[] = [];
  const hook = (name: string): string => cHookName(names, { name });
  if (vm.preSave) out.push(`static int ${fn.preSave}(void *opaque)`, '{', `    return ${hook(VMSTATE_HOOKS.preSave)}(opaque);`, '}', '');
  if (vm.postLoad) out.push(`static int ${fn.postLoad}(void *opaque, int version_id)`, '{', `    return ${hook(VMSTATE_HOOKS.postLoad)}(opaque, version_id);`, '}', '');
  const validates = new Set<string>();
  for (const f of [...vm.fields, ...vm.subsections.flatMap((x) => x.fields), ...vm.structs.flatMap((x) => x.fields)]) {
    if (f.source.kind !== 'validate' || validates.has(f.source.hook)) continue;
    validates.add(f.source.hook);
    out.push(`static bool ${fn.validate(f.source.hook)}(void *opaque, int version_id)`, '{', `    return ${hook(namedHook(f.source.hook))}(opaque, version_id);`, '}', '');
  }
  for (const st of vm.structs) {
    const sir = device.structs.find((x) => x.name === st.struct);
    const type = cStructType(names, device, sir ?? { name: st.struct });
    out.push(`static const VMStateDescription ${cVmstateVar(names, st.name)} = {`, `    .name = ${cString(st.name)},`, `    .version_id = ${st.version},`, `    .minimum_version_id = ${st.minimumVersion},`,
      ...fieldsBlock(names, device, st.fields, type, sir?.fields ?? [], ctx), '};', '');
  }
  for (const sub of vm.subsections) {
    const needed = neededName(names, sub);
    out.push(`static bool ${needed}(void *opaque)`, '{', `    ${S} *s = opaque;`, '');
    const n = sub.needed;
    if (n.kind === 'property') {
      const p = device.properties.find((x) => x.name === n.property);
      out.push(`    return ${p?.type === 'bool' ? `s->${cMember(n.property)}` : `s->${cMember(n.property)} != 0`};`);
    } else if (n.kind === 'nonzero') {
      out.push(`    return s->${cMember(n.field)} != 0;`);
    } else {
      out.push(`    return ${hook(namedHook(n.hook))}(s);`);
    }
    out.push('}', '');
    out.push(`static const VMStateDescription ${cVmstateVar(names, sub.name)} = {`, `    .name = ${cString(sub.name)},`, `    .version_id = ${sub.version},`, `    .minimum_version_id = ${sub.minimumVersion},`,
      `    .needed = ${needed},`, ...fieldsBlock(names, device, sub.fields, S, device.state, ctx), '};', '');
  }
  out.push(`static const VMStateDescription ${names.vmstate} = {`, `    .name = ${cString(vm.name)},`, `    .version_id = ${vm.version},`, `    .minimum_version_id = ${vm.minimumVersion},`);
  if (vm.preSave) out.push(`    .pre_save = ${fn.preSave},`);
  if (vm.postLoad) out.push(`    .post_load = ${fn.postLoad},`);
  out.push(...fieldsBlock(names, device, vm.fields, S, device.state, ctx));
  if (vm.subsections.length > 0) {
    out.push('    .subsections = (const VMStateDescription * const []) {', ...vm.subsections.map((x) => `        &${cVmstateVar(names, x.name)},`), '        NULL', '    },');
  }
  out.push('};', '');
  return out;
}

