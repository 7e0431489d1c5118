/**
 * The migration-compatibility engine: what breaks migrating from a device set described as OLD
 * (the source) to one described as NEW (the destination), both in the `-dump-vmstate` model.
 * vmstate-diff runs it over two dumps, lint over a device and its baseline entry.
 *
 * The stream, as QEMU's migration/vmstate.c reads it:
 *  - a section or subsection carries the version V its source wrote; the destination accepts
 *    V when minimum_version_id <= V <= version_id and then loads its fields whose version_id
 *    <= V, in order; the source wrote its own fields of version_id <= V;
 *  - a nested struct carries no version: each side uses its own description's version_id,
 *    so a struct's version bump does not protect a new field;
 *  - field names are not on the wire, only sizes and order: a rename at the same place with
 *    the same size still loads (a warning: it may mean something else now), padding ("unused")
 *    may be replaced by fields of the same total size;
 *  - subsections are found by name: the destination must know each one an old source may
 *    send; a new one is fine, since an old source never sends it;
 *  - sections are found by the top-level description's name, so renaming it loses the state.
 */
import { q } from '../diagnostics/diagnostic.ts';
import type { VmStateDump, VmStateDumpDescription, VmStateDumpEntry, VmStateDumpField } from '../../../runtime/src/formats/vmstate-dump.ts';
import { ChangeList, type VmStateChange } from './changes.ts';

/** Where a description sits: its name and version are on the wire, or (struct) not. */
type Role = 'section' | 'subsection' | 'struct';

const fieldsOf = (d: VmStateDumpDescription): readonly VmStateDumpField[] => d.Fields ?? [];
const subsOf = (d: VmStateDumpDescription): readonly VmStateDumpDescription[] => d.Subsections ?? [];
const count = (f: VmStateDumpField): number => f.num ?? 1;
const total = (f: VmStateDumpField): number => f.size * count(f);
const sizeText = (f: VmStateDumpField): string => (count(f) === 1 ? `${f.size} bytes` : `${count(f)}×${f.size} bytes`);

/** Same layout and names throughout: tells a device type renamed with its description kept. */
function sameShape(a: VmStateDumpDescription, b: VmStateDumpDescription): boolean {
  if (a.name !== b.name || a.version_id !== b.version_id || a.minimum_version_id !== b.minimum_version_id) return false;
  const fa = fieldsOf(a);
  const fb = fieldsOf(b);
  if (fa.length !== fb.length || subsOf(a).length !== subsOf(b).length) return false;
  const fieldsSame = fa.every((f, i) => {
    const g = fb[i]!;
    if (f.field !== g.field || f.version_id !== g.version_id || f.size !== g.size || count(f) !== count(g)) return false;
    if ((f.Description === undefined) !== (g.Description === undefined)) return false;
    return f.Description === undefined || sameShape(f.Description, g.Description!);
  });
  return fieldsSame && subsOf(a).every((s, i) => sameShape(s, subsOf(b)[i]!));
}

/** One comparison: the findings and the description being compared. */
class Comparison {
  constructor(private readonly out: ChangeList) {}

  description(path: readonly string[], o: VmStateDumpDescription, n: VmStateDumpDescription, role: Role): void {
    if (o.name !== n.name) {
      if (role === 'section') this.out.add('vmstate-description-renamed', path, n, { name: q(o.name), to: q(n.name) });
      else this.out.add('vmstate-struct-renamed', path, n, { name: q(o.name), to: q(n.name) });
    }
    if (role !== 'struct' && (o.version_id < n.minimum_version_id || o.version_id > n.version_id)) {
      // The stream is refused as a whole: what it would have loaded does not matter.
      this.out.add('vmstate-version-window', path, n, { section: q(n.name), min: n.minimum_version_id, max: n.version_id, version: o.version_id });
      return;
    }
    this.fields(path, o, n, o.version_id, role === 'struct' ? n.version_id : o.version_id, role);
    for (const s of subsOf(o)) {
      const t = subsOf(n).find((x) => x.name === s.name);
      if (t) this.description([...path, s.name], s, t, 'subsection');
      else this.out.add('vmstate-subsection-removed', [...path, s.name], n, { name: q(s.name), section: q(n.name) });
    }
    for (const t of subsOf(n)) {
      if (!subsOf(o).some((s) => s.name === t.name)) this.out.add('vmstate-subsection-added', [...path, t.name], t, { name: q(t.name), section: q(n.name) });
    }
  }

  /**
   * Compares the fields the source writes at version `sent` with those the destination reads
   * at version `read` (the same for sections and subsections; each side's own for structs).
   */
  private fields(path: readonly string[], oldD: VmStateDumpDescription, newD: VmStateDumpDescription, sent: number, read: number, role: Role): void {
    const section = q(newD.name);
    const olds = fieldsOf(oldD).filter((f) => f.version_id <= sent);
    const news = fieldsOf(newD).filter((f) => f.version_id <= read);
    for (const f of fieldsOf(newD)) {
      if (f.version_id > read && !fieldsOf(oldD).some((o) => o.field === f.field)) {
        this.out.add('vmstate-field-added-versioned', [...path, f.field], f, { name: q(f.field), section, since: f.version_id });
      }
    }
    const added = (f: VmStateDumpField): void => {
      const why = role === 'struct'
        ? 'a nested struct has no version on the wire, so the destination reads every field it knows'
        : `the destination reads it from their version ${sent} streams (since ${f.version_id} is not above ${sent})`;
      const fix = role === 'struct'
        ? 'move it into a new subsection of the section instead'
        : newD.version_id <= sent
          ? `bump ${section} to version ${sent + 1} and add the field with \`since: ${sent + 1}\`, or move it into a new subsection`
          : `set \`since: ${newD.version_id}\` on it (${section} is now at version ${newD.version_id}), or move it into a new subsection`;
      this.out.add('vmstate-field-added-without-version', [...path, f.field], f, { name: q(f.field), section, why, fix });
    };
    const removed = (f: VmStateDumpField): void => {
      const gated = fieldsOf(newD).find((g) => g.field === f.field && g.version_id > read);
      if (gated) this.out.add('vmstate-field-version-raised', [...path, f.field], gated, { name: q(f.field), section, since: gated.version_id, version: sent });
      else this.out.add('vmstate-field-removed', [...path, f.field], newD, { name: q(f.field), section, size: sizeText(f) });
    };
    const oldNames = olds.map((f) => f.field);
    const newNames = news.map((f) => f.field);
    if (oldNames.join('\0') !== newNames.join('\0') && [...oldNames].sort().join('\0') === [...newNames].sort().join('\0') && new Set(oldNames).size === oldNames.length) {
      this.out.add('vmstate-fields-reordered', path, newD, { section, from: `[${oldNames.join(', ')}]`, to: `[${newNames.join(', ')}]` });
      for (const o of olds) this.field([...path, o.field], o, news.find((f) => f.field === o.field)!, section);
      return;
    }
    let i = 0;
    let j = 0;
    while (i < olds.length && j < news.length) {
      const o = olds[i]!;
      const n = news[j]!;
      if (o.field === n.field) {
        this.field([...path, o.field], o, n, section);
        i++;
        j++;
        continue;
      }
      if (o.field === 'unused' || n.field === 'unused') {
        // Padding may be split or replaced as long as the bytes on the wire stay the same.
        let a = total(o);
        let b = total(n);
        let ii = i + 1;
        let jj = j + 1;
        while (a !== b) {
          if (a < b && ii < olds.length) a += total(olds[ii++]!);
          else if (b < a && jj < news.length) b += total(news[jj++]!);
          else break;
        }
        if (a === b) {
          const names = (fs: readonly VmStateDumpField[]): string => fs.map((f) => q(f.field)).join(', ');
          this.out.add('vmstate-unused-replaced', [...path, n.field], n, { from: names(olds.slice(i, ii)), section, to: names(news.slice(j, jj)), size: a });
          i = ii;
          j = jj;
          continue;
        }
      }
      const laterInNew = news.findIndex((f, k) => k > j && f.field === o.field);
      const laterInOld = olds.findIndex((f, k) => k > i && f.field === n.field);
      if (laterInNew !== -1 && (laterInOld === -1 || laterInNew - j <= laterInOld - i)) {
        for (const f of news.slice(j, laterInNew)) added(f);
        j = laterInNew;
      } else if (laterInOld !== -1) {
        for (const f of olds.slice(i, laterInOld)) removed(f);
        i = laterInOld;
      } else {
        if (o.size === n.size && count(o) === count(n) && (o.Description === undefined) === (n.Description === undefined)) {
          this.out.add('vmstate-field-renamed', [...path, o.field], n, { name: q(o.field), section, to: q(n.field), size: sizeText(o) });
          if (o.Description && n.Description) this.description([...path, n.field], o.Description, n.Description, 'struct');
        } else {
          this.out.add('vmstate-field-replaced', [...path, o.field], n, { name: q(o.field), size: sizeText(o), section, to: q(n.field), toSize: sizeText(n) });
        }
        i++;
        j++;
      }
    }
    for (const f of olds.slice(i)) removed(f);
    for (const f of news.slice(j)) added(f);
  }

  private field(path: readonly string[], o: VmStateDumpField, n: VmStateDumpField, section: string): void {
    if (o.size !== n.size || count(o) !== count(n)) {
      this.out.add('vmstate-field-resized', path, n, { name: q(o.field), section, from: sizeText(o), to: sizeText(n) });
    }
    if ((o.Description === undefined) !== (n.Description === undefined)) {
      const detail = o.Description ? `was a struct (${q(o.Description.name)}) and is no longer one` : `became a struct (${q(n.Description!.name)})`;
      this.out.add('vmstate-field-type-changed', path, n, { name: q(o.field), section, detail });
    } else if (o.Description && n.Description) {
      this.description(path, o.Description, n.Description, 'struct');
    }
  }
}

/**
 * Findings of migrating one device type from its OLD entry to its NEW one; `undefined` for NEW
 * means the device type no longer migrates.
 */
export function compareEntries(oldEntry: VmStateDumpEntry, newEntry: VmStateDumpEntry | undefined): VmStateChange[] {
  const out = new ChangeList();
  if (newEntry === undefined) out.add('vmstate-section-removed', [oldEntry.Name], undefined, { name: q(oldEntry.Name) });
  // The entry's version_id and minimum_version_id repeat its description's: compared there.
  else new Comparison(out).description([newEntry.Name], oldEntry.Description, newEntry.Description, 'section');
  return out.changes;
}

/** Every finding of migrating from `oldDump` to `newDump`: device types of OLD in its order, then new ones. */
export function diffDumps(oldDump: VmStateDump, newDump: VmStateDump): VmStateChange[] {
  const out = new ChangeList();
  if (oldDump.machine !== undefined && newDump.machine !== undefined && oldDump.machine !== newDump.machine) {
    out.add('vmstate-machine-changed', [], undefined, { from: q(oldDump.machine), to: q(newDump.machine) });
  }
  const newByName = new Map(newDump.entries.map((e) => [e.Name, e]));
  const oldNames = new Set(oldDump.entries.map((e) => e.Name));
  const added = newDump.entries.filter((e) => !oldNames.has(e.Name));
  const renamedTo = new Set<VmStateDumpEntry>();
  for (const o of oldDump.entries) {
    const n = newByName.get(o.Name);
    if (n !== undefined) {
      out.changes.push(...compareEntries(o, n));
      continue;
    }
    const twin = added.find((e) => !renamedTo.has(e) && sameShape(o.Description, e.Description));
    if (twin) {
      renamedTo.add(twin);
      out.add('vmstate-section-renamed', [o.Name], twin.Description, { name: q(o.Name), to: q(twin.Name) });
    } else {
      out.changes.push(...compareEntries(o, undefined));
    }
  }
  for (const e of added) if (!renamedTo.has(e)) out.add('vmstate-section-added', [e.Name], e.Description, { name: q(e.Name) });
  return out.changes;
}
