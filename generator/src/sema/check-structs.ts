/**
 * Checks of the format additions for repeated state and computed values: structs and
 * struct-array state, timers, register blocks and their limits, value expressions, property
 * ranges, and the vmstate entries that use them (struct descriptions, lengths, parent state).
 */
import type { DeviceIR, PropertyIR, StateFieldIR, ValueExpressionIR, VmFieldIR } from '../ir/ir.ts';
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { exprProperties } from '../ir/expr.ts';

const INTEGER_TYPES = new Set(['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64']);

/** Runtime-provided descriptions of parent-class state, by description name, with the bus they belong to. */
export const PARENT_VMSTATES: Readonly<Record<string, { readonly bus: DeviceIR['bus']; readonly runtime: string }>> = {
  I2CSlave: { bus: 'i2c', runtime: 'vmstateI2CSlave' },
};

/** Runs the checks. */
export function checkStructs(device: DeviceIR, sink: DiagnosticSink): void {
  const props = new Map(device.properties.map((p) => [p.name, p]));
  const structs = new Map(device.structs.map((s) => [s.name, s]));
  const state = new Map(device.state.map((s) => [s.name, s]));

  const checkExpr = (e: ValueExpressionIR | undefined, ctx: string): void => {
    if (!e) return;
    for (const ref of exprProperties(e.root)) {
      const p = props.get(ref.property);
      if (!p) sink.report('expr-unknown-property', ref.span, { name: q(ref.property), hint: didYouMean(ref.property, props.keys()) }, ctx);
      else if (p.type === 'string' || p.type === 'chardev') sink.report('expr-property-type', ref.span, { name: q(p.name), type: p.type }, ctx);
    }
  };
  for (const r of device.registers) checkExpr(r.resetExpr, `in register ${q(r.name)}`);
  for (const b of device.blocks) for (const r of b.registers) checkExpr(r.resetExpr, `in block ${q(b.name)}, register ${q(r.name)}`);

  for (const p of device.properties) checkRange(p, sink);

  const checkField = (f: StateFieldIR, ctx: string, owner: string | undefined): void => {
    if (f.type === 'struct') {
      const st = f.struct === undefined ? undefined : structs.get(f.struct);
      if (!st) {
        sink.report('unknown-struct', f.span, { what: `state ${q(f.name)}`, name: q(f.struct ?? ''), hint: didYouMean(f.struct ?? '', structs.keys()) }, ctx);
      } else if (owner !== undefined && reaches(st.name, owner, structs)) {
        sink.report('struct-recursive', f.span, { name: q(owner), field: q(f.name) }, ctx);
      }
      if (f.length === undefined) sink.report('struct-state-length', f.span, { name: q(f.name) }, ctx);
    } else if (f.type === 'timer' && f.length !== undefined) {
      sink.report('timer-outside-struct-array', f.span, { name: q(f.name), detail: 'cannot be an array: put it in a struct and make an array of the struct' }, ctx);
    }
  };
  for (const f of device.state) checkField(f, `in state ${q(f.name)}`, undefined);
  for (const st of device.structs) for (const f of st.fields) checkField(f, `in struct ${q(st.name)}, field ${q(f.name)}`, st.name);

  for (const b of device.blocks) {
    const ctx = `in block ${q(b.name)}`;
    if (b.state === undefined) {
      const stored = b.registers.find((r) => r.storage !== undefined);
      if (stored) sink.report('block-state', b.span, { name: q(b.name), detail: `has no \`state:\` but register ${q(stored.name)} names storage` }, ctx);
    } else {
      const s = state.get(b.state);
      if (!s) sink.report('block-state', b.span, { name: q(b.name), detail: `names state ${q(b.state)}, which is not declared${didYouMean(b.state, state.keys())}` }, ctx);
      else if (s.type !== 'struct') sink.report('block-state', b.span, { name: q(b.name), detail: `names state ${q(b.state)}, which is not a struct array` }, ctx);
      else if ((s.length ?? 0) < b.count) sink.report('block-state', b.span, { name: q(b.name), detail: `has ${b.count} elements but state ${q(b.state)} holds ${s.length ?? 0}` }, ctx);
      else if (b.resetUnaddressed && (s.length ?? 0) === b.count) {
        sink.report('block-state', b.span, { name: q(b.name), detail: `says \`reset-unaddressed: true\` but state ${q(b.state)} holds no record beyond its ${b.count} elements` }, ctx);
      }
    }
    if (b.resetUnaddressed && b.state === undefined) {
      sink.report('block-state', b.span, { name: q(b.name), detail: 'says `reset-unaddressed: true` but has no `state:` whose records it could reset' }, ctx);
    }
    if (b.limit) {
      const p = props.get(b.limit.property);
      if (!p) sink.report('block-limit', b.limit.span, { name: q(b.name), property: q(b.limit.property), detail: `which is not declared${didYouMean(b.limit.property, props.keys())}` }, ctx);
      else if (!INTEGER_TYPES.has(p.type)) sink.report('block-limit', b.limit.span, { name: q(b.name), property: q(p.name), detail: `which has type ${p.type}, not an integer type` }, ctx);
    }
  }

  const vm = device.vmstate;
  if (!vm) return;
  const vmStructs = new Map(vm.structs.map((s) => [s.name, s]));
  /** The element count a `length:` gives must fit the state array: fixed, an integer property, or an integer state field. */
  const checkLength = (f: VmFieldIR, sf: StateFieldIR, scope: ReadonlyMap<string, StateFieldIR>, ctx: string): void => {
    const src = f.source;
    const len = src.kind === 'state' ? src.length : undefined;
    if (len?.kind === 'fixed' && len.count > (sf.length ?? 0)) {
      sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: `sends ${len.count} elements but state ${q(sf.name)} holds ${sf.length ?? 0}` }, ctx);
    } else if (len?.kind === 'property') {
      const p = props.get(len.property);
      if (!p) sink.report('vmstate-length-property', len.span, { name: q(f.name), property: q(len.property), detail: `which is not declared${didYouMean(len.property, props.keys())}` }, ctx);
      else if (!INTEGER_TYPES.has(p.type)) sink.report('vmstate-length-property', len.span, { name: q(f.name), property: q(p.name), detail: `which has type ${p.type}, not an integer type` }, ctx);
      else if (p.max === undefined || p.max > BigInt(sf.length ?? 0)) {
        sink.report('vmstate-length-property', len.span, { name: q(f.name), property: q(p.name), detail: `whose max (${p.max ?? 'none'}) must be at most the ${sf.length ?? 0} elements state ${q(sf.name)} holds` }, ctx);
      }
    } else if (len?.kind === 'field') {
      const c = scope.get(len.field);
      if (!c) sink.report('vmstate-length-field', len.span, { name: q(f.name), field: q(len.field), detail: `which is not declared${didYouMean(len.field, scope.keys())}` }, ctx);
      else if (!INTEGER_TYPES.has(c.type) || c.length !== undefined) sink.report('vmstate-length-field', len.span, { name: q(f.name), field: q(c.name), detail: 'which is not an integer scalar' }, ctx);
    }
  };
  const checkVmFields = (fields: readonly VmFieldIR[], ctx: string, scope: ReadonlyMap<string, StateFieldIR>, inStruct: boolean): void => {
    for (const f of fields) {
      const src = f.source;
      if (src.kind === 'parent') {
        const known = Object.hasOwn(PARENT_VMSTATES, src.vmstate) ? PARENT_VMSTATES[src.vmstate] : undefined;
        if (!known) sink.report('vmstate-parent', f.span, { name: q(f.name), detail: `unknown parent description ${q(src.vmstate)} (known: ${Object.keys(PARENT_VMSTATES).join(', ')})` }, ctx);
        else if (device.bus !== known.bus) sink.report('vmstate-parent', f.span, { name: q(f.name), detail: `the device is not on the ${known.bus} bus (parent ${q(device.parent)})` }, ctx);
        if (f.compat.size === undefined && known) sink.report('vmstate-parent', f.span, { name: q(f.name), detail: 'needs `compat: {size}` (the C size QEMU records in its dump)' }, ctx);
        continue;
      }
      if (src.kind === 'validate' && inStruct) {
        // Hooks receive the device context; a struct description's fields see one element.
        sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: 'is a validate check inside a struct description; put it in the device\'s vmstate' }, ctx);
        continue;
      }
      if (src.kind !== 'state') continue;
      const sf = scope.get(src.field);
      if (!sf) {
        if (inStruct) sink.report('vmstate-unknown-state', f.span, { name: q(src.field), hint: didYouMean(src.field, scope.keys()) }, ctx);
        continue;
      }
      if (sf.type === 'struct') {
        if (inStruct) {
          sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: 'is a nested struct array inside a struct description, which is not supported' }, ctx);
          continue;
        }
        if (src.vmstate === undefined) {
          sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: `is a struct array: name its description with \`vmstate:\`` }, ctx);
        } else {
          const d = vmStructs.get(src.vmstate);
          if (!d) sink.report('vmstate-unknown-struct', f.span, { name: q(f.name), vmstate: q(src.vmstate), hint: didYouMean(src.vmstate, vmStructs.keys()) }, ctx);
          else if (d.struct !== sf.struct) sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: `holds struct ${q(sf.struct ?? '')} but description ${q(d.name)} describes struct ${q(d.struct)}` }, ctx);
        }
        if (f.compat.size === undefined) sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: 'needs `compat: {size}` (the C struct size QEMU records in its dump)' }, ctx);
        checkLength(f, sf, scope, ctx);
      } else if (src.vmstate !== undefined) {
        sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: '`vmstate:` applies to struct-array fields only' }, ctx);
      } else if (src.length !== undefined) {
        if (sf.length === undefined || sf.type === 'timer' || sf.type === 'bitbang-i2c') {
          sink.report('vmstate-struct-mismatch', f.span, { name: q(f.name), detail: '`length:` applies to array and struct-array fields only' }, ctx);
        } else {
          checkLength(f, sf, scope, ctx);
        }
      }
    }
  };
  checkVmFields(vm.fields, `in vmstate ${q(vm.name)}`, state, false);
  for (const s of vm.subsections) checkVmFields(s.fields, `in subsection ${q(s.name)}`, state, false);
  for (const d of vm.structs) {
    const ctx = `in vmstate struct ${q(d.name)}`;
    const st = structs.get(d.struct);
    if (!st) {
      sink.report('unknown-struct', d.span, { what: `vmstate struct ${q(d.name)}`, name: q(d.struct), hint: didYouMean(d.struct, structs.keys()) }, ctx);
      continue;
    }
    checkVmFields(d.fields, ctx, new Map(st.fields.map((f) => [f.name, f])), true);
  }
}

/** Whether struct `from` contains struct `target` (directly or through nested struct fields). */
function reaches(from: string, target: string, structs: ReadonlyMap<string, DeviceIR['structs'][number]>, seen = new Set<string>()): boolean {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  const st = structs.get(from);
  return (st?.fields ?? []).some((f) => f.type === 'struct' && f.struct !== undefined && reaches(f.struct, target, structs, seen));
}

function checkRange(p: PropertyIR, sink: DiagnosticSink): void {
  const ctx = `in property ${q(p.name)}`;
  if (p.min !== undefined && p.max !== undefined && p.min > p.max) {
    sink.report('property-range', p.span, { name: q(p.name), detail: `min ${p.min} is above max ${p.max}` }, ctx);
    return;
  }
  if (typeof p.default !== 'bigint') return;
  if ((p.min !== undefined && p.default < p.min) || (p.max !== undefined && p.default > p.max)) {
    sink.report('property-range', p.span, { name: q(p.name), detail: `default ${p.default} is outside ${p.min ?? '-∞'}..${p.max ?? '∞'}` }, ctx);
  }
}
