/**
 * Lowering of the migration description (`vmstate:`): fields and their sources, subsections
 * with their `needed` condition, struct-element descriptions, and version defaults
 * (minimum-version is the version unless given).
 */
import type { VmFieldIR, VmLengthIR, VmNeededIR, VmStateIR, VmStructIR, VmSubsectionIR } from '../ir/ir.ts';
import type { DeviceDef, SubsectionDef, VmFieldDef, VmStructDef } from '../schema/device.schema.ts';
import { SLOTS } from '../schema/slots.ts';
import type { ValuePath } from './definition-value.ts';
import type { LowerContext } from './lower-context.ts';

/** Fields of a section, each with its source (state, padding, clock, validate hook or parent state). */
function vmFields(lc: LowerContext, fields: readonly VmFieldDef[], path: ValuePath): VmFieldIR[] {
  const versionSlot = SLOTS.version;
  return fields.map((f, i): VmFieldIR => {
    const fp = [...path, i];
    const since = f.since === undefined ? 0 : lc.int([...fp, 'since'], versionSlot, 0);
    const compat = { size: f.compat?.size === undefined ? undefined : lc.int([...fp, 'compat', 'size'], SLOTS.cSize, 1) };
    const span = lc.span(fp);
    if (f.unused !== undefined) {
      const size = lc.int([...fp, 'unused'], SLOTS.unusedSize, 1);
      return { kind: 'vmfield', name: 'unused', source: { kind: 'unused', size }, since, compat, span };
    }
    if (f.clock !== undefined) return { kind: 'vmfield', name: f.clock, source: { kind: 'clock', clock: f.clock }, since, compat, span };
    if (f.validate !== undefined) return { kind: 'vmfield', name: f.name ?? f.validate, source: { kind: 'validate', hook: f.validate }, since, compat, span };
    if (f.parent !== undefined) {
      return { kind: 'vmfield', name: f.parent, source: { kind: 'parent', parent: f.parent, vmstate: f.vmstate ?? '' }, since, compat, span };
    }
    const field = f.field ?? '';
    let length: VmLengthIR | undefined;
    const lp = [...fp, 'length'];
    if (typeof f.length === 'object' && f.length !== null) {
      length = 'field' in f.length ? { kind: 'field', field: f.length.field, span: lc.span(lp) } : { kind: 'property', property: f.length.property, span: lc.span(lp) };
    }
    else if (f.length !== undefined) length = { kind: 'fixed', count: lc.int(lp, SLOTS.vmLength, 1), span: lc.span(lp) };
    return { kind: 'vmfield', name: field, source: { kind: 'state', field, length, vmstate: f.vmstate }, since, compat, span };
  });
}

/** Lowers `vmstate:` (the device's VMStateDescription). */
export function lowerVmstate(lc: LowerContext, v: NonNullable<DeviceDef['vmstate']>, path: ValuePath): VmStateIR {
  const versionSlot = SLOTS.version;
  const version = lc.int([...path, 'version'], versionSlot, 0);
  return {
    kind: 'vmstate',
    name: v.name,
    version,
    minimumVersion: v['minimum-version'] === undefined ? version : lc.int([...path, 'minimum-version'], versionSlot, 0),
    preSave: v['pre-save'] ?? false,
    postLoad: v['post-load'] ?? false,
    fields: vmFields(lc, v.fields, [...path, 'fields']),
    subsections: (v.subsections ?? []).map((s, i) => subsection(lc, s, [...path, 'subsections', i])),
    structs: (v.structs ?? []).map((s, i) => vmStruct(lc, s, [...path, 'structs', i])),
    span: lc.span(path),
  };
}

function vmStruct(lc: LowerContext, s: VmStructDef, path: ValuePath): VmStructIR {
  const versionSlot = SLOTS.version;
  const version = lc.int([...path, 'version'], versionSlot, 0);
  return {
    kind: 'vmstruct',
    name: s.name,
    struct: s.struct,
    version,
    minimumVersion: s['minimum-version'] === undefined ? version : lc.int([...path, 'minimum-version'], versionSlot, 0),
    fields: vmFields(lc, s.fields, [...path, 'fields']),
    span: lc.span(path),
  };
}

function subsection(lc: LowerContext, s: SubsectionDef, path: ValuePath): VmSubsectionIR {
  const versionSlot = SLOTS.version;
  const version = lc.int([...path, 'version'], versionSlot, 0);
  const nspan = lc.span([...path, 'needed']);
  const needed: VmNeededIR = s.needed.property !== undefined
    ? { kind: 'property', property: s.needed.property, span: nspan }
    : s.needed.nonzero !== undefined
      ? { kind: 'nonzero', field: s.needed.nonzero, span: nspan }
      : { kind: 'hook', hook: s.needed.hook ?? '', span: nspan };
  return {
    kind: 'vmsubsection',
    name: s.name,
    version,
    minimumVersion: s['minimum-version'] === undefined ? version : lc.int([...path, 'minimum-version'], versionSlot, 0),
    needed,
    postLoad: s['post-load'] ?? false,
    fields: vmFields(lc, s.fields, [...path, 'fields']),
    span: lc.span(path),
  };
}
