/**
 * The migration-compatibility engine on small dump models: each verdict follows how QEMU's
 * migration/vmstate.c loads a stream (names are not on the wire, sizes and order are; section
 * and subsection versions are; nested structs carry none), and is the table's severity.
 */
import { describe, expect, it } from 'vitest';
import type { VmStateDumpDescription, VmStateDumpEntry, VmStateDumpField } from '../../runtime/src/formats/vmstate-dump.ts';
import { CODES } from '../../generator/src/diagnostics/codes.ts';
import { DEVICE_CHANGE_IDS, DUMP_CHANGE_IDS } from '../../generator/src/vmstate-diff/changes.ts';
import { compareEntries, diffDumps } from '../../generator/src/vmstate-diff/compare.ts';
import { findRule } from '../../generator/src/lint/registry.ts';

const f = (field: string, size = 4, extra: Partial<VmStateDumpField> = {}): VmStateDumpField => ({ field, version_id: 0, field_exists: false, size, ...extra });
const desc = (name: string, version: number, Fields: VmStateDumpField[], more: Partial<VmStateDumpDescription> = {}): VmStateDumpDescription => ({
  name, version_id: version, minimum_version_id: more.minimum_version_id ?? 1, Fields, ...more,
});
const entry = (d: VmStateDumpDescription): VmStateDumpEntry => ({ Name: 'dev', version_id: d.version_id, minimum_version_id: d.minimum_version_id, Description: d });
const ids = (o: VmStateDumpDescription, n: VmStateDumpDescription | undefined): string[] => compareEntries(entry(o), n && entry(n)).map((c) => c.id);

const base = desc('dev', 2, [f('a'), f('b'), f('buf', 4, { num: 4 })], { Subsections: [desc('dev/x', 1, [f('x')])] });

describe('verdicts', () => {
  it('every finding carries the severity of its table row and a formatted message', () => {
    const changes = compareEntries(entry(base), entry(desc('dev', 2, [f('a', 2), f('b2'), f('buf', 4, { num: 4 })])));
    expect(changes.map((c) => c.id)).toEqual(['vmstate-field-resized', 'vmstate-field-renamed', 'vmstate-subsection-removed']);
    for (const c of changes) {
      expect(c.severity).toBe(CODES[c.id].severity);
      expect(c.message).not.toMatch(/\{\w+\}/);
    }
  });

  it('a rename at the same place and size is a warning that does not ask for a version bump', () => {
    const [c, ...rest] = compareEntries(entry(base), entry({ ...base, Fields: [f('a'), f('bee'), f('buf', 4, { num: 4 })] }));
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ id: 'vmstate-field-renamed', severity: 'warning', path: ['dev', 'b'] });
    expect(c!.message).toContain('no version bump is needed');
    expect(c!.message).not.toMatch(/bump .* to version/);
  });

  it('a rename that splits the same bytes into other elements is a replacement, not a rename', () => {
    expect(ids(base, { ...base, Fields: [f('a'), f('b'), f('bytes', 1, { num: 16 })] })).toEqual(['vmstate-field-replaced']);
  });

  it('removing or resizing a field breaks migration', () => {
    expect(ids(base, { ...base, Fields: [f('a'), f('buf', 4, { num: 4 })] })).toEqual(['vmstate-field-removed']);
    expect(ids(base, { ...base, Fields: [f('a'), f('b'), f('buf', 4, { num: 5 })] })).toEqual(['vmstate-field-resized']);
  });

  it('a reorder is reported once for the description, each field compared by name', () => {
    expect(ids(base, { ...base, Fields: [f('b'), f('a', 8), f('buf', 4, { num: 4 })] })).toEqual(['vmstate-fields-reordered', 'vmstate-field-resized']);
  });

  it('a field added with a version bump and `since` is compatible; without, it is an error advising the bump', () => {
    const bumped = { ...base, version_id: 3, Fields: [...base.Fields!, f('c', 4, { version_id: 3 })] };
    expect(compareEntries(entry(base), entry(bumped)).map((c) => [c.id, c.severity])).toEqual([['vmstate-field-added-versioned', 'note']]);
    const [c] = compareEntries(entry(base), entry({ ...base, Fields: [...base.Fields!, f('c')] }));
    expect(c).toMatchObject({ id: 'vmstate-field-added-without-version', severity: 'error' });
    expect(c!.message).toContain("bump 'dev' to version 3 and add the field with `since: 3`");
  });

  it("a nested struct has no version on the wire: its version bump does not protect a new field", () => {
    const withStruct = (version: number, fields: VmStateDumpField[]) => desc('dev', 2, [f('t', 16, { Description: desc('dev_t', version, fields) })]);
    const old = withStruct(1, [f('x', 8), f('y', 8)]);
    const [c] = compareEntries(entry(old), entry(withStruct(2, [f('x', 8), f('y', 8), f('z', 8, { version_id: 2 })])));
    expect(c).toMatchObject({ id: 'vmstate-field-added-without-version', path: ['dev', 't', 'z'] });
    expect(c!.message).toContain('move it into a new subsection of the section instead');
    // Nor is its version window checked: the destination always loads it at its own version.
    expect(ids(old, withStruct(5, [f('x', 8), f('y', 8)]))).toEqual([]);
    expect(compareEntries(entry(old), entry(desc('dev', 2, [f('t', 16, { Description: desc('dev_u', 1, [f('x', 8), f('y', 8)]) })])))
      .map((c) => [c.id, c.severity])).toEqual([['vmstate-struct-renamed', 'note']]);
  });

  it('raising `since` above the old version skips bytes old streams carry', () => {
    expect(ids(base, { ...base, version_id: 3, Fields: [f('a'), f('b', 4, { version_id: 3 }), f('buf', 4, { num: 4 })] })).toEqual(['vmstate-field-version-raised']);
  });

  it('the version window of sections and subsections must hold the old version; a refused stream is one finding', () => {
    expect(ids(base, { ...base, minimum_version_id: 3, version_id: 3, Fields: [f('zzz', 1)] })).toEqual(['vmstate-version-window']);
    expect(ids(base, { ...base, version_id: 1 })).toEqual(['vmstate-version-window']);
    expect(ids(base, { ...base, Subsections: [desc('dev/x', 2, [f('x')], { minimum_version_id: 2 })] })).toEqual(['vmstate-version-window']);
    expect(ids(base, { ...base, version_id: 5 })).toEqual([]);
  });

  it('subsections are matched by name: a new one is compatible, a lost one breaks', () => {
    expect(ids(base, { ...base, Subsections: [...base.Subsections!, desc('dev/y', 1, [f('y')])] })).toEqual(['vmstate-subsection-added']);
    expect(ids(base, { ...base, Subsections: [desc('dev/y', 1, [f('x')])] })).toEqual(['vmstate-subsection-removed', 'vmstate-subsection-added']);
  });

  it('padding may be split or replaced by fields of the same total size', () => {
    const padded = desc('dev', 1, [f('a'), f('unused', 8), f('b')]);
    expect(ids(padded, desc('dev', 1, [f('a'), f('lo'), f('hi'), f('b')]))).toEqual(['vmstate-unused-replaced']);
    // Four bytes short: the old stream's last field has nowhere to go.
    expect(ids(padded, desc('dev', 1, [f('a'), f('lo'), f('b')]))).toEqual(['vmstate-unused-replaced', 'vmstate-field-removed']);
  });

  it('renaming the section (its name is the stream\'s section id) or dropping the vmstate breaks', () => {
    expect(ids(base, { ...base, name: 'device' })).toEqual(['vmstate-description-renamed']);
    expect(ids(base, undefined)).toEqual(['vmstate-section-removed']);
  });

  it('a finding points at the new-side node: the field, or the description that lost something', () => {
    const renamed = { ...base, Fields: [f('a'), f('bee'), f('buf', 4, { num: 4 })] };
    expect(compareEntries(entry(base), entry(renamed))[0]!.at).toBe(renamed.Fields[1]);
    const lost = { ...base, Fields: [f('a'), f('buf', 4, { num: 4 })] };
    expect(compareEntries(entry(base), entry(lost))[0]!.at).toBe(lost);
  });
});

describe('whole dumps', () => {
  it('a device type renamed with the same description still loads (a warning); with another description it is removed and added', () => {
    const old = { machine: 'm', entries: [entry(base)] };
    expect(diffDumps(old, { machine: 'm', entries: [{ ...entry(base), Name: 'dev2' }] }).map((c) => [c.id, c.severity])).toEqual([['vmstate-section-renamed', 'warning']]);
    const other = { ...entry({ ...base, name: 'dev2' }), Name: 'dev2' };
    expect(diffDumps(old, { machine: 'm', entries: [other] }).map((c) => c.id)).toEqual(['vmstate-section-removed', 'vmstate-section-added']);
    expect(diffDumps(old, { machine: 'n', entries: [entry(base)] }).map((c) => c.id)).toEqual(['vmstate-machine-changed']);
  });
});

describe('one table for vmstate-diff and lint', () => {
  it('each kind a device can show is a lint rule of the same id and severity; whole-dump kinds are not', () => {
    for (const id of DEVICE_CHANGE_IDS) expect(findRule(id)?.severity, id).toBe(CODES[id].severity);
    for (const id of DUMP_CHANGE_IDS) expect(findRule(id), id).toBeUndefined();
  });
});
