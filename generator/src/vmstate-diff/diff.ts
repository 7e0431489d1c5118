/**
 * Compares two `-dump-vmstate` files as migration from OLD (source) to NEW (destination) sees
 * them, in the spirit of QEMU's scripts/vmstate-static-checker.py, with typed results.
 *
 * Stream model: the source sends a description at its version V with its fields of version_id
 * <= V; the
 * destination accepts V when its minimum_version_id <= V <= its version_id, and then loads the
 * fields whose version_id <= V, in order. So OLD's fields must match, one for one, NEW's
 * fields gated at V: same names (a same-size rename is only a warning), same size×num, same
 * nested struct descriptions. `unused` padding may be replaced by fields of the same total size.
 * Subsections are matched by name: the destination must know every subsection the source may
 * send; new subsections are fine (the old source never sends them).
 */
import type { DumpDescription, DumpField, DumpFile } from './model.ts';

/** Kinds of findings, each with a fixed severity. */
export const CHANGE_KINDS = {
  'section-removed': 'error',
  'section-renamed': 'error',
  'section-added': 'info',
  'machine-changed': 'warning',
  'description-renamed': 'error',
  'version-decreased': 'error',
  'minimum-version-raised': 'error',
  'field-removed': 'error',
  'field-added': 'error',
  'field-added-versioned': 'info',
  'field-version-raised': 'error',
  'field-renamed': 'warning',
  'field-changed': 'error',
  'fields-reordered': 'error',
  'field-size-changed': 'error',
  'field-type-changed': 'error',
  'unused-replaced': 'info',
  'subsection-removed': 'error',
  'subsection-added': 'info',
} as const satisfies Record<string, ChangeSeverity>;

/** How bad a finding is: errors break migration from OLD to NEW. */
export type ChangeSeverity = 'error' | 'warning' | 'info';

/** One of CHANGE_KINDS. */
export type ChangeKind = keyof typeof CHANGE_KINDS;

/** A finding. `path` goes from the section (type name) down to the field. */
export interface VmStateChange {
  readonly kind: ChangeKind;
  readonly severity: ChangeSeverity;
  readonly path: readonly string[];
  readonly message: string;
}

type Emit = (kind: ChangeKind, path: readonly string[], message: string) => void;

const total = (f: DumpField): number => f.size * f.num;
const sizeText = (f: DumpField): string => (f.num === 1 ? `${f.size} bytes` : `${f.num}×${f.size} bytes`);

/** Structural equality of descriptions, names included (used for rename detection). */
function sameShape(a: DumpDescription, b: DumpDescription, ignoreName: boolean): boolean {
  if ((!ignoreName && a.name !== b.name) || a.version !== b.version || a.minimumVersion !== b.minimumVersion) return false;
  if (a.fields.length !== b.fields.length || a.subsections.length !== b.subsections.length) return false;
  const fieldsSame = a.fields.every((f, i) => {
    const g = b.fields[i]!;
    if (f.field !== g.field || f.version !== g.version || f.size !== g.size || f.num !== g.num) return false;
    if ((f.description === undefined) !== (g.description === undefined)) return false;
    return f.description === undefined || sameShape(f.description, g.description!, false);
  });
  return fieldsSame && a.subsections.every((s, i) => sameShape(s, b.subsections[i]!, false));
}

/**
 * Compares the fields OLD sends at its version `v` with those NEW loads from such a stream.
 * Both sides skip fields whose version_id is above `v` (QEMU dumps have such fields on the
 * sending side too: they are never sent).
 */
function compareFields(emit: Emit, path: readonly string[], oldD: DumpDescription, newD: DumpDescription, v: number): void {
  const olds = oldD.fields.filter((f) => f.version <= v);
  const active = newD.fields.filter((f) => f.version <= v);
  for (const f of newD.fields) {
    if (f.version > v && !oldD.fields.some((o) => o.field === f.field)) {
      emit('field-added-versioned', [...path, f.field], `field '${f.field}' is new and only read from streams of version ${f.version} or later: fine`);
    }
  }
  const oldNames = olds.map((f) => f.field);
  const newNames = active.map((f) => f.field);
  if (oldNames.join('\0') !== newNames.join('\0') && [...oldNames].sort().join('\0') === [...newNames].sort().join('\0')) {
    emit('fields-reordered', path, `fields are in a different order: [${oldNames.join(', ')}] became [${newNames.join(', ')}]`);
    for (const o of olds) {
      const n = active.find((f) => f.field === o.field)!;
      compareField(emit, [...path, o.field], o, n);
    }
    return;
  }
  let i = 0;
  let j = 0;
  while (i < olds.length && j < active.length) {
    const o = olds[i]!;
    const n = active[j]!;
    if (o.field === n.field) {
      compareField(emit, [...path, o.field], o, n);
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
      while (a !== b && ii <= olds.length && jj <= active.length) {
        if (a < b && ii < olds.length) a += total(olds[ii++]!);
        else if (b < a && jj < active.length) b += total(active[jj++]!);
        else break;
      }
      if (a === b) {
        emit('unused-replaced', [...path, n.field], `${olds.slice(i, ii).map((f) => f.field).join(', ')} (${a} bytes) became ${active.slice(j, jj).map((f) => f.field).join(', ')}: same bytes on the wire`);
        i = ii;
        j = jj;
        continue;
      }
    }
    const laterInNew = active.findIndex((f, k) => k > j && f.field === o.field);
    const laterInOld = olds.findIndex((f, k) => k > i && f.field === n.field);
    if (laterInNew !== -1 && (laterInOld === -1 || laterInNew - j <= laterInOld - i)) {
      for (const f of active.slice(j, laterInNew)) {
        emit('field-added', [...path, f.field], `field '${f.field}' was added without a version bump (version_id ${f.version} <= stream version ${v}): an old stream does not carry it`);
      }
      j = laterInNew;
    } else if (laterInOld !== -1) {
      for (const f of olds.slice(i, laterInOld)) removed(emit, path, f, newD, v);
      i = laterInOld;
    } else if (total(o) === total(n) && (o.description === undefined) === (n.description === undefined)) {
      emit('field-renamed', [...path, o.field], `field '${o.field}' is now '${n.field}' (same ${sizeText(o)} on the wire; check it means the same)`);
      if (o.description && n.description) compareDescription(emit, [...path, n.field], o.description, n.description);
      i++;
      j++;
    } else {
      emit('field-changed', [...path, o.field], `field '${o.field}' (${sizeText(o)}) was replaced by '${n.field}' (${sizeText(n)})`);
      i++;
      j++;
    }
  }
  for (const f of olds.slice(i)) removed(emit, path, f, newD, v);
  for (const f of active.slice(j)) {
    emit('field-added', [...path, f.field], `field '${f.field}' was added without a version bump (version_id ${f.version} <= stream version ${v}): an old stream does not carry it`);
  }
}

function removed(emit: Emit, path: readonly string[], f: DumpField, newD: DumpDescription, v: number): void {
  const gated = newD.fields.find((g) => g.field === f.field && g.version > v);
  if (gated) emit('field-version-raised', [...path, f.field], `field '${f.field}' now needs stream version ${gated.version}, so it is skipped when loading version ${v}, which carries it`);
  else emit('field-removed', [...path, f.field], `field '${f.field}' (${sizeText(f)}) was removed: the old stream still carries it`);
}

function compareField(emit: Emit, path: readonly string[], o: DumpField, n: DumpField): void {
  if (o.size !== n.size || o.num !== n.num) {
    emit('field-size-changed', path, `field '${o.field}' changed size from ${sizeText(o)} to ${sizeText(n)}`);
  }
  if ((o.description === undefined) !== (n.description === undefined)) {
    emit('field-type-changed', path, o.description ? `field '${o.field}' was a struct (${o.description.name}) and is no longer one` : `field '${o.field}' became a struct (${n.description!.name})`);
  } else if (o.description && n.description) {
    compareDescription(emit, path, o.description, n.description);
  }
}

/** Compares two descriptions (section, struct or subsection) found at `path`. */
export function compareDescription(emit: Emit, path: readonly string[], o: DumpDescription, n: DumpDescription): void {
  if (o.name !== n.name) emit('description-renamed', path, `description '${o.name}' is now named '${n.name}': the stream names it`);
  if (n.version < o.version) emit('version-decreased', path, `version went down from ${o.version} to ${n.version}: version ${o.version} streams are refused`);
  else if (n.minimumVersion > o.version) emit('minimum-version-raised', path, `minimum_version_id ${n.minimumVersion} is above the old version ${o.version}: old streams are refused`);
  compareFields(emit, path, o, n, o.version);
  for (const s of o.subsections) {
    const t = n.subsections.find((x) => x.name === s.name);
    if (!t) emit('subsection-removed', [...path, s.name], `subsection '${s.name}' is gone: a stream that carries it fails to load`);
    else compareDescription(emit, [...path, s.name], s, t);
  }
  for (const t of n.subsections) {
    if (!o.subsections.some((s) => s.name === t.name)) emit('subsection-added', [...path, t.name], `subsection '${t.name}' is new: old sources never send it`);
  }
}

/** Every finding of migrating from `oldDump` to `newDump`, in section order of OLD then NEW. */
export function diffDumps(oldDump: DumpFile, newDump: DumpFile): VmStateChange[] {
  const out: VmStateChange[] = [];
  const emit: Emit = (kind, path, message) => out.push({ kind, severity: CHANGE_KINDS[kind], path, message });
  if (oldDump.machine !== undefined && newDump.machine !== undefined && oldDump.machine !== newDump.machine) {
    emit('machine-changed', [], `comparing dumps of different machine types: '${oldDump.machine}' and '${newDump.machine}'`);
  }
  const added = [...newDump.sections.keys()].filter((k) => !oldDump.sections.has(k));
  const renamedTo = new Set<string>();
  for (const [key, o] of oldDump.sections) {
    const n = newDump.sections.get(key);
    if (n) {
      // The entry's version_id/minimum_version_id repeat the description's: compared there.
      compareDescription(emit, [key], o.description, n.description);
      continue;
    }
    const twin = added.find((k) => !renamedTo.has(k) && sameShape(o.description, newDump.sections.get(k)!.description, true));
    if (twin) {
      renamedTo.add(twin);
      emit('section-renamed', [key], `section '${key}' is now '${twin}': the destination does not know the old name`);
    } else {
      emit('section-removed', [key], `section '${key}' does not exist in the new dump: its stream cannot be loaded`);
    }
  }
  for (const k of added) if (!renamedTo.has(k)) emit('section-added', [k], `section '${k}' is new`);
  return out;
}

/** Counts by severity. */
export function countChanges(changes: readonly VmStateChange[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: changes.filter((c) => c.severity === 'error').length,
    warnings: changes.filter((c) => c.severity === 'warning').length,
    infos: changes.filter((c) => c.severity === 'info').length,
  };
}

/** Text report: one line per finding, `severity[kind] path: message`, then a summary. */
export function formatChangesText(changes: readonly VmStateChange[], showInfo: boolean): string {
  const shown = changes.filter((c) => showInfo || c.severity !== 'info');
  const lines = shown.map((c) => `${c.severity}[${c.kind}] ${c.path.length ? c.path.join(' > ') : '(dump)'}: ${c.message}`);
  const n = countChanges(changes);
  lines.push(n.errors === 0 && n.warnings === 0
    ? `migration compatible: no errors, no warnings (${n.infos} compatible change(s))`
    : `${n.errors} error(s), ${n.warnings} warning(s), ${n.infos} compatible change(s)`);
  return `${lines.join('\n')}\n`;
}

/** JSON report: `{ errors, warnings, infos, changes: [...] }`. */
export function formatChangesJson(changes: readonly VmStateChange[]): string {
  return `${JSON.stringify({ ...countChanges(changes), changes }, null, 2)}\n`;
}
