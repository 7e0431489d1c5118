/**
 * Every identifier the emitters will write for a device, grouped by the scope it lives in,
 * with the definition element that causes it. Sema reports two elements that produce the same
 * identifier in one scope (`name-clash`) before anything is generated, so a clash is a
 * positioned diagnostic rather than a duplicate declaration in generated code.
 */
import type { DeviceIR, Span } from '../ir/ir.ts';
import {
  CHARDEV_HOOKS, VMSTATE_HOOKS, arrayConstNames, blockConstNames, deviceHookName, deviceNames, enumConstName, fieldConstNames,
  gpioInHookName, i2cHookName, namedHook, propertyKey, registerConstNames, registerHookName, structTypeName, subsectionPostLoadHookName, timerFields,
} from './device-names.ts';

/** Scopes generated identifiers live in. */
export type IdentifierScope = 'hooks' | 'props' | 'constants' | 'types';

/** One generated identifier. */
export interface GeneratedIdentifier {
  readonly scope: IdentifierScope;
  readonly ident: string;
  /**
   * The definition element that produces it, for messages: its kind, a space, its quoted name
   * with context where needed (`register 'CONF' of block 'T'`); see ownerParts.
   */
  readonly owner: string;
  /**
   * Sites with the same `role` may share the identifier (one validate hook named by two
   * fields, one timer callback for every element); any other repeat is a clash.
   */
  readonly role: string;
  readonly span: Span;
}

/** An owner's kind (`register`) and quoted name (`'CONF' of block 'T'`), for messages. */
export function ownerParts(owner: string): { what: string; name: string } {
  const cut = owner.indexOf(' ');
  return { what: owner.slice(0, cut), name: owner.slice(cut + 1) };
}

const quote = (s: string): string => `'${s}'`;

/** Lists every identifier generated for `device`, in definition order. */
export function generatedIdentifiers(device: DeviceIR): GeneratedIdentifier[] {
  const out: GeneratedIdentifier[] = [];
  const push = (scope: IdentifierScope, ident: string, owner: string, span: Span, role = `${scope}:${owner}`): void => {
    out.push({ scope, ident, owner, role, span });
  };

  for (const p of device.properties) push('props', propertyKey(p.name), `property ${quote(p.name)}`, p.span);

  const regs = [
    ...device.registers.map((r) => ({ r, b: undefined as (typeof device.blocks)[number] | undefined })),
    ...device.blocks.flatMap((b) => b.registers.map((r) => ({ r, b }))),
  ];
  // Plain loops: a big device has tens of thousands of registers and fields.
  const constant = (c: string, owner: string, span: Span): void => push('constants', c, owner, span, `constants:${owner}:${c}`);
  for (const { r, b } of regs) {
    const owner = b ? `register ${quote(r.name)} of block ${quote(b.name)}` : `register ${quote(r.name)}`;
    for (const h of r.hooks) push('hooks', registerHookName(r, h, b), owner, r.span, `hooks:${owner}:${h}`);
    const rc = registerConstNames(r, b);
    constant(rc.offset, owner, r.span);
    constant(rc.width, owner, r.span);
    constant(rc.reset, owner, r.span);
    if (r.array) {
      const ac = arrayConstNames(r, b);
      constant(ac.count, owner, r.array.span);
      constant(ac.stride, owner, r.array.span);
    }
    for (const f of r.fields) {
      if (f.implicit) continue;
      const fo = `field ${quote(f.name)} of ${owner}`;
      const fc = fieldConstNames(r, f, b);
      constant(fc.mask, fo, f.span);
      constant(fc.shift, fo, f.span);
      constant(fc.width, fo, f.span);
      for (const e of f.enums) push('constants', enumConstName(r, f, e.name, b), `enum-value ${quote(e.name)} of ${fo}`, e.span);
    }
  }
  for (const b of device.blocks) {
    const bc = blockConstNames(b);
    for (const c of [bc.offset, bc.stride, bc.count]) push('constants', c, `block ${quote(b.name)}`, b.span, `constants:block:${b.name}:${c}`);
  }

  for (const g of device.gpios.filter((x) => x.direction === 'in')) push('hooks', gpioInHookName(g.name), `gpio ${quote(g.name)}`, g.span);
  if (device.chardev?.receive) {
    for (const name of Object.values(CHARDEV_HOOKS)) push('hooks', name, `chardev ${quote(device.chardev.property)}`, device.chardev.span);
  }
  for (const { field, owner } of timerFields(device)) {
    if (field.callback === undefined) continue;
    const where = owner ? `timer ${quote(field.name)} of struct ${quote(owner)}` : `timer ${quote(field.name)}`;
    push('hooks', namedHook(field.callback), where, field.span, 'hooks:timer');
  }
  const vm = device.vmstate;
  if (vm?.preSave) push('hooks', VMSTATE_HOOKS.preSave, `vmstate ${quote(vm.name)}`, vm.span);
  if (vm?.postLoad) push('hooks', VMSTATE_HOOKS.postLoad, `vmstate ${quote(vm.name)}`, vm.span);
  const vmFields = [...(vm?.fields ?? []), ...(vm?.subsections ?? []).flatMap((x) => x.fields), ...(vm?.structs ?? []).flatMap((x) => x.fields)];
  for (const f of vmFields) {
    if (f.source.kind === 'validate') push('hooks', namedHook(f.source.hook), `validate ${quote(f.name)}`, f.span, 'hooks:validate');
  }
  for (const sub of vm?.subsections ?? []) {
    if (sub.needed.kind === 'hook') push('hooks', namedHook(sub.needed.hook), `subsection ${quote(sub.name)}`, sub.needed.span, 'hooks:needed');
    if (sub.postLoad) push('hooks', subsectionPostLoadHookName(sub.name), `post-load of subsection ${quote(sub.name)}`, sub.span);
  }
  for (const h of device.i2c?.hooks ?? []) push('hooks', i2cHookName(h), `i2c-hook ${quote(h)}`, device.i2c!.span);
  for (const h of device.hooks) push('hooks', deviceHookName(h), `device-hook ${quote(h)}`, device.span);

  const t = deviceNames(device).type;
  for (const suffix of ['State', 'Props', 'Trace', 'Context', 'Hooks']) push('types', `${t}${suffix}`, `device ${quote(device.name)}`, device.span);
  for (const st of device.structs) push('types', structTypeName(device, st.name), `struct ${quote(st.name)}`, st.span);
  return out;
}

/** A pair of definition elements producing one identifier in one scope. */
export interface IdentifierClash {
  readonly first: GeneratedIdentifier;
  readonly second: GeneratedIdentifier;
}

/**
 * Clashes among `ids`: the same identifier in one scope from two different roles, reported
 * once per pair of definition elements (a register clashing with another makes several
 * constants collide; the first one is enough to name the problem).
 */
export function identifierClashes(ids: readonly GeneratedIdentifier[]): IdentifierClash[] {
  // One table per scope, keyed by the identifier itself: a device of thousands of registers has
  // tens of thousands of identifiers and (almost always) no clash.
  const first = new Map<IdentifierScope, Map<string, GeneratedIdentifier>>();
  const pairs = new Set<string>();
  const out: IdentifierClash[] = [];
  for (const id of ids) {
    let scope = first.get(id.scope);
    if (scope === undefined) first.set(id.scope, (scope = new Map()));
    const prev = scope.get(id.ident);
    if (prev === undefined) scope.set(id.ident, id);
    else if (prev.role !== id.role) {
      const pair = `${prev.owner}\0${id.owner}`;
      if (pairs.has(pair)) continue;
      pairs.add(pair);
      out.push({ first: prev, second: id });
    }
  }
  return out;
}
