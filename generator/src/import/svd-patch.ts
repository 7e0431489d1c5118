/**
 * Patch files for vendor SVDs, in the manner of svdtools: a YAML mapping whose `_modify`,
 * `_add`, `_delete`, `_derive` and `_array` entries change the SVD element tree before it is
 * read, at the device level (peripherals), in a peripheral (registers, `_registers` and
 * `_interrupts` groups) and in a register (fields; a field pattern mapped to `VALUE: [n, "text"]`
 * entries gives its enumerated values). Names match as svdtools matches them: `*`, `?`, `[ABC]`
 * and comma-separated alternatives. Elements a patch writes carry the patch line as their
 * position, and every problem of the patch (a key it does not know, a pattern that matches
 * nothing, a value of the wrong form) is a diagnostic at the patch line.
 */
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { DefinitionValue, ValuePath } from '../format-v1/definition-value.ts';
import type { Span } from '../ir/ir.ts';
import { nameOf } from './svd-derive.ts';
import { child, cloneElement, type XmlElement } from './xml-tree.ts';

/** The keys a patch level knows; the svdtools keys devgen does not implement are named in errors. */
const LEVEL_KEYS = ['_modify', '_add', '_delete', '_derive', '_array'];
const NOT_IMPLEMENTED = new Set(['_include', '_copy', '_rebase', '_strip', '_strip_end', '_cluster', '_merge', '_split', '_clear']);

/** A svdtools name pattern as a matcher. */
export function namePattern(pattern: string): (name: string) => boolean {
  const alternatives = pattern.split(',').map((alt) => {
    let re = '';
    for (const ch of alt.trim()) {
      if (ch === '*') re += '.*';
      else if (ch === '?') re += '.';
      else if (ch === '[' || ch === ']') re += ch;
      else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
  });
  return (name) => alternatives.some((re) => re.test(name));
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The text an SVD element holds for a YAML scalar (integers in decimal, which SVD reads). */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Element-tree containers that hold a list of named children in SVD. */
const NAMED_LISTS: Readonly<Record<string, { container?: string; entry: string }>> = {
  fields: { container: 'fields', entry: 'field' },
  registers: { container: 'registers', entry: 'register' },
  interrupts: { entry: 'interrupt' },
};

class Patcher {
  constructor(readonly read: DefinitionValue, readonly sink: DiagnosticSink) {}

  span(path: ValuePath): Span { return this.read.spanOf(path); }
  keySpan(path: ValuePath): Span { return this.read.keySpanOf(path); }

  /** An SVD element from a patch value (`{ description: …, fields: { NAME: {…} } }`). */
  element(tag: string, name: string, value: unknown, path: ValuePath): XmlElement {
    const el: XmlElement = { tag, attrs: {}, children: [], text: '', span: this.keySpan(path) };
    el.children.push({ tag: 'name', attrs: {}, children: [], text: name, span: this.keySpan(path) });
    if (isMapping(value)) this.modify(el, value, path);
    else if (value !== null && value !== undefined) this.sink.report('svd-patch-value', this.span(path), { what: `${tag} ${q(name)}`, detail: 'is added from a mapping of its SVD elements' });
    return el;
  }

  /** Sets the SVD elements `values` names on `el` (scalars replace children; named lists merge). */
  modify(el: XmlElement, values: Record<string, unknown>, path: ValuePath): void {
    for (const [key, v] of Object.entries(values)) {
      const at = [...path, key];
      if (key === 'derivedFrom') {
        const text = scalarText(v);
        if (text !== undefined) el.attrs = { ...el.attrs, derivedFrom: text };
        continue;
      }
      const list = NAMED_LISTS[key];
      if (list !== undefined && isMapping(v)) {
        let container = el;
        if (list.container !== undefined) {
          container = child(el, list.container) ?? { tag: list.container, attrs: {}, children: [], text: '', span: this.keySpan(at) };
          if (!el.children.includes(container)) el.children.push(container);
        }
        for (const [n, spec] of Object.entries(v)) container.children.push(this.element(list.entry, n, spec, [...at, n]));
        continue;
      }
      if (key === 'addressBlock' || key === 'addressBlocks') {
        const blocks = key === 'addressBlock' ? [v] : Array.isArray(v) ? v : [];
        el.children = el.children.filter((c) => c.tag !== 'addressBlock');
        blocks.forEach((b, i) => {
          const block: XmlElement = { tag: 'addressBlock', attrs: {}, children: [], text: '', span: this.span(key === 'addressBlock' ? at : [...at, i]) };
          if (isMapping(b)) this.modify(block, b, key === 'addressBlock' ? at : [...at, i]);
          el.children.push(block);
        });
        continue;
      }
      const text = scalarText(v);
      if (text === undefined) {
        this.sink.report('svd-patch-value', this.span(at), { what: q(key), detail: 'takes a number or a word (the text of the SVD element)' });
        continue;
      }
      const existing = child(el, key);
      const replacement: XmlElement = { tag: key, attrs: {}, children: [], text, span: this.span(at) };
      if (existing !== undefined) el.children[el.children.indexOf(existing)] = replacement;
      else el.children.push(replacement);
    }
  }

  /** The entries of `container` (children tagged `entry`) whose names match `pattern`; reports none. */
  match(container: XmlElement | undefined, entry: string, pattern: string, path: ValuePath, where: string, skipDerived = false): XmlElement[] {
    const matches = namePattern(pattern);
    const found = (container?.children ?? []).filter((c) => c.tag === entry && matches(nameOf(c)) && !(skipDerived && c.attrs.derivedFrom !== undefined));
    if (found.length === 0) this.sink.report('svd-patch-no-match', this.keySpan(path), { what: entry, pattern: q(pattern), where });
    return found;
  }

  patterns(v: unknown, path: ValuePath): Array<{ pattern: string; path: ValuePath }> {
    if (Array.isArray(v)) return v.flatMap((p, i) => (typeof p === 'string' ? [{ pattern: p, path: [...path, i] }] : []));
    if (isMapping(v)) return Object.keys(v).map((k) => ({ pattern: k, path: [...path, k] }));
    if (typeof v === 'string') return [{ pattern: v, path }];
    this.sink.report('svd-patch-value', this.span(path), { what: q(path[path.length - 1]!), detail: 'takes a list of names or patterns' });
    return [];
  }

  /** Checks a level's keys: `_` keys must be known; the rest are name patterns. */
  levelKeys(level: Record<string, unknown>, path: ValuePath, where: string): Array<[string, unknown]> {
    const patterns: Array<[string, unknown]> = [];
    for (const [key, v] of Object.entries(level)) {
      if (!key.startsWith('_')) { patterns.push([key, v]); continue; }
      if (LEVEL_KEYS.includes(key) || key === '_svd') continue;
      const hint = NOT_IMPLEMENTED.has(key) ? ' (an svdtools key devgen does not implement)' : didYouMean(key, LEVEL_KEYS);
      this.sink.report('svd-patch-key', this.keySpan([...path, key]), { key: q(key), where, hint });
    }
    return patterns;
  }

  remove(container: XmlElement | undefined, entry: string, v: unknown, path: ValuePath, where: string): void {
    if (container === undefined) return;
    for (const { pattern, path: p } of this.patterns(v, path)) {
      const gone = new Set(this.match(container, entry, pattern, p, where));
      container.children = container.children.filter((c) => !gone.has(c));
    }
  }

  add(container: XmlElement, entry: string, v: unknown, path: ValuePath, where: string): void {
    if (!isMapping(v)) { this.sink.report('svd-patch-value', this.span(path), { what: q('_add'), detail: `takes a mapping of ${entry} names to their elements` }); return; }
    for (const [name, spec] of Object.entries(v)) {
      if (name.startsWith('_')) continue;
      if (container.children.some((c) => c.tag === entry && nameOf(c) === name)) {
        this.sink.report('svd-patch-value', this.keySpan([...path, name]), { what: `${entry} ${q(name)}`, detail: `already exists ${where}; change it with _modify` });
        continue;
      }
      container.children.push(this.element(entry, name, spec, [...path, name]));
    }
  }

  /** `_derive: { KEY: BASE }`: KEY keeps its name, position and interrupts and derives the rest from BASE. */
  derive(container: XmlElement, entry: string, v: unknown, path: ValuePath, where: string, keep: readonly string[]): void {
    if (!isMapping(v)) { this.sink.report('svd-patch-value', this.span(path), { what: q('_derive'), detail: `takes a mapping of ${entry} names to their base` }); return; }
    for (const [pattern, spec] of Object.entries(v)) {
      const at = [...path, pattern];
      const base = typeof spec === 'string' ? spec : isMapping(spec) && typeof spec._from === 'string' ? spec._from : undefined;
      if (base === undefined) { this.sink.report('svd-patch-value', this.span(at), { what: `${entry} ${q(pattern)}`, detail: 'derives from a base name (or { _from: BASE, … })' }); continue; }
      if (!container.children.some((c) => c.tag === entry && nameOf(c) === base)) {
        this.sink.report('svd-patch-no-match', this.span(at), { what: `base ${entry}`, pattern: q(base), where });
        continue;
      }
      for (const el of this.match(container, entry, pattern, at, where)) {
        el.children = el.children.filter((c) => keep.includes(c.tag));
        el.attrs = { ...el.attrs, derivedFrom: base };
        el.span = this.keySpan(at);
        if (isMapping(spec)) this.modify(el, Object.fromEntries(Object.entries(spec).filter(([k]) => k !== '_from')), at);
        // Elements that derived from the replaced one now derive from its base, as in svdtools.
        const name = nameOf(el);
        for (const other of container.children) if (other.attrs.derivedFrom === name) other.attrs = { ...other.attrs, derivedFrom: base };
      }
    }
  }

  /** `_array: { PATTERN: { name?, description? } }`: same-shaped registers at a constant stride become one dim array. */
  array(regs: XmlElement, v: unknown, path: ValuePath, where: string): void {
    if (!isMapping(v)) { this.sink.report('svd-patch-value', this.span(path), { what: q('_array'), detail: 'takes a mapping of register patterns to options' }); return; }
    for (const [pattern, spec] of Object.entries(v)) {
      const at = [...path, pattern];
      const found = this.match(regs, 'register', pattern, at, where);
      if (found.length === 0) continue;
      const offsetOf = (el: XmlElement): bigint => BigInt(child(el, 'addressOffset')?.text ?? '0');
      found.sort((a, b) => (offsetOf(a) < offsetOf(b) ? -1 : 1));
      const stride = found.length > 1 ? offsetOf(found[1]!) - offsetOf(found[0]!) : 4n;
      const shape = (el: XmlElement): string => JSON.stringify(child(el, 'fields')?.children.map((f) => f.children.filter((c) => c.tag !== 'description').map((c) => [c.tag, c.text])) ?? []) + (child(el, 'size')?.text ?? '') + (child(el, 'access')?.text ?? '');
      const bad = found.find((el, i) => offsetOf(el) - offsetOf(found[0]!) !== BigInt(i) * stride || shape(el) !== shape(found[0]!));
      if (bad !== undefined) {
        this.sink.report('svd-patch-value', this.keySpan(at), { what: `_array ${q(pattern)}`, detail: `collects registers of one shape at a constant stride, but ${q(nameOf(bad))} differs` });
        continue;
      }
      const names = found.map(nameOf);
      let pre = 0;
      while (pre < names[0]!.length && names.every((n) => n[pre] === names[0]![pre])) pre++;
      let suf = 0;
      while (suf < names[0]!.length - pre && names.every((n) => n[n.length - 1 - suf] === names[0]![names[0]!.length - 1 - suf])) suf++;
      const indexes = names.map((n) => n.slice(pre, n.length - suf));
      const first = names[0]!;
      const arrayEl = cloneElement(found[0]!);
      arrayEl.span = this.keySpan(at);
      const options = isMapping(spec) ? spec : {};
      const name = typeof options.name === 'string' ? options.name : `${first.slice(0, pre)}%s${first.slice(first.length - suf)}`;
      const setText = (tag: string, text: string): void => {
        const existing = child(arrayEl, tag);
        const el: XmlElement = { tag, attrs: {}, children: [], text, span: this.keySpan(at) };
        if (existing !== undefined) arrayEl.children[arrayEl.children.indexOf(existing)] = el;
        else arrayEl.children.push(el);
      };
      setText('name', name);
      setText('dim', String(found.length));
      setText('dimIncrement', String(stride));
      setText('dimIndex', indexes.join(','));
      if (typeof options.description === 'string') setText('description', options.description);
      const resets = found.map((el) => child(el, 'resetValue')?.text ?? '0');
      // SVD arrays share one reset; the format keeps one per element, so differing resets survive.
      if (new Set(resets).size > 1) arrayEl.attrs['devgen-resets'] = resets.map((t) => String(BigInt(t.startsWith('#') ? `0b${t.slice(1)}` : t))).join(',');
      const index = regs.children.indexOf(found[0]!);
      const gone = new Set(found);
      regs.children = regs.children.filter((c) => !gone.has(c));
      regs.children.splice(Math.min(index, regs.children.length), 0, arrayEl);
    }
  }

  /** A field pattern's value: `{ VARIANT: [VALUE, DESCRIPTION] }` enumerated values (or `_read`/`_write` sets). */
  fieldValues(field: XmlElement, v: unknown, path: ValuePath): void {
    if (!isMapping(v)) {
      if (Array.isArray(v) && v.length === 2) {
        field.children.push({ tag: 'writeConstraint', attrs: {}, children: [], text: '', span: this.span(path) });
        return;
      }
      this.sink.report('svd-patch-value', this.span(path), { what: `field ${q(nameOf(field))}`, detail: 'takes { VALUE_NAME: [value, "description"] } entries or [min, max]' });
      return;
    }
    const sets = isMapping(v._read) || isMapping(v._write) ? [['read', v._read, '_read'], ['write', v._write, '_write']] as const : [[undefined, v, undefined]] as const;
    field.children = field.children.filter((c) => c.tag !== 'enumeratedValues');
    for (const [usage, values, key] of sets) {
      if (!isMapping(values)) continue;
      const setPath = key === undefined ? path : [...path, key];
      const set: XmlElement = { tag: 'enumeratedValues', attrs: {}, children: [], text: '', span: this.span(setPath) };
      if (usage !== undefined) set.children.push({ tag: 'usage', attrs: {}, children: [], text: usage, span: this.span(setPath) });
      for (const [name, pair] of Object.entries(values)) {
        const at = [...setPath, name];
        if (!Array.isArray(pair) || pair.length !== 2 || scalarText(pair[0]) === undefined) {
          this.sink.report('svd-patch-value', this.span(at), { what: `enumerated value ${q(name)}`, detail: 'is [value, "description"]' });
          continue;
        }
        const span = this.keySpan(at);
        set.children.push({ tag: 'enumeratedValue', attrs: {}, span, text: '', children: [
          { tag: 'name', attrs: {}, children: [], text: name, span },
          { tag: 'description', attrs: {}, children: [], text: String(pair[1]), span },
          { tag: 'value', attrs: {}, children: [], text: scalarText(pair[0])!, span: this.span([...at, 0]) },
        ] });
      }
      field.children.push(set);
    }
  }

  /** A register's patch: _delete, _modify, _add, _derive of fields, then field patterns. */
  register(reg: XmlElement, patch: Record<string, unknown>, path: ValuePath): void {
    const where = `in register ${q(nameOf(reg))}`;
    const patterns = this.levelKeys(patch, path, where);
    const fields = (): XmlElement => {
      let f = child(reg, 'fields');
      if (f === undefined) { f = { tag: 'fields', attrs: {}, children: [], text: '', span: reg.span }; reg.children.push(f); }
      return f;
    };
    if (patch._delete !== undefined) this.remove(child(reg, 'fields'), 'field', patch._delete, [...path, '_delete'], where);
    if (isMapping(patch._modify)) {
      for (const [pattern, values] of Object.entries(patch._modify)) {
        for (const f of this.match(child(reg, 'fields'), 'field', pattern, [...path, '_modify', pattern], where)) {
          if (isMapping(values)) this.modify(f, values, [...path, '_modify', pattern]);
        }
      }
    }
    if (patch._add !== undefined) this.add(fields(), 'field', patch._add, [...path, '_add'], where);
    if (patch._derive !== undefined) this.derive(fields(), 'field', patch._derive, [...path, '_derive'], where, ['name', 'bitOffset', 'bitWidth', 'lsb', 'msb', 'bitRange']);
    for (const [pattern, v] of patterns) {
      for (const f of this.match(child(reg, 'fields'), 'field', pattern, [...path, pattern], where)) this.fieldValues(f, v, [...path, pattern]);
    }
  }

  /** A peripheral's patch. */
  peripheral(p: XmlElement, patch: Record<string, unknown>, path: ValuePath): void {
    const where = `in peripheral ${q(nameOf(p))}`;
    const patterns = this.levelKeys(patch, path, where);
    let regs = child(p, 'registers');
    const registers = (): XmlElement => {
      if (regs === undefined) { regs = { tag: 'registers', attrs: {}, children: [], text: '', span: p.span }; p.children.push(regs); }
      return regs;
    };
    const grouped = (v: unknown): { registers: unknown; interrupts: unknown } => {
      if (!isMapping(v)) return { registers: v, interrupts: undefined };
      const { _registers, _interrupts, ...rest } = v;
      return { registers: Object.keys(rest).length > 0 ? (Array.isArray(_registers) ? [..._registers, ...Object.keys(rest)] : { ...(isMapping(_registers) ? _registers : {}), ...rest }) : _registers, interrupts: _interrupts };
    };
    if (patch._delete !== undefined) {
      const g = grouped(patch._delete);
      const at = isMapping(patch._delete) && patch._delete._registers !== undefined ? [...path, '_delete', '_registers'] : [...path, '_delete'];
      if (g.registers !== undefined) this.remove(regs, 'register', g.registers, at, where);
      if (g.interrupts !== undefined) this.remove(p, 'interrupt', g.interrupts, [...path, '_delete', '_interrupts'], where);
    }
    if (isMapping(patch._modify)) {
      const g = grouped(patch._modify);
      for (const [group, entry, container] of [['_registers', 'register', regs], ['_interrupts', 'interrupt', p]] as const) {
        const values = group === '_registers' ? g.registers : g.interrupts;
        if (!isMapping(values)) continue;
        for (const [pattern, v] of Object.entries(values)) {
          const at = isMapping(patch._modify[group]) && pattern in (patch._modify[group] as object) ? [...path, '_modify', group, pattern] : [...path, '_modify', pattern];
          for (const el of this.match(container, entry, pattern, at, where)) if (isMapping(v)) this.modify(el, v, at);
        }
      }
    }
    if (patch._add !== undefined) {
      const g = grouped(patch._add);
      if (g.registers !== undefined) this.add(registers(), 'register', g.registers, [...path, '_add'], where);
      if (g.interrupts !== undefined) this.add(p, 'interrupt', g.interrupts, [...path, '_add', '_interrupts'], where);
    }
    if (patch._derive !== undefined) this.derive(registers(), 'register', patch._derive, [...path, '_derive'], where, ['name', 'addressOffset', 'description']);
    for (const [pattern, v] of patterns) {
      for (const reg of this.match(regs, 'register', pattern, [...path, pattern], where)) {
        if (isMapping(v)) this.register(reg, v, [...path, pattern]);
        else this.sink.report('svd-patch-value', this.span([...path, pattern]), { what: `register ${q(pattern)}`, detail: 'is patched with a mapping' });
      }
    }
    if (patch._array !== undefined) this.array(registers(), patch._array, [...path, '_array'], where);
  }
}

/** Device-level elements `_modify` may set (everything else it names is a peripheral). */
const DEVICE_PROPERTIES = new Set(['name', 'version', 'description', 'width', 'size', 'access', 'resetValue', 'resetMask', 'addressUnitBits', 'vendor', 'series', 'licenseText']);

/** Applies the patch `read` (a YAML document read with positions) to an SVD <device> element. */
export function applyPatch(device: XmlElement, read: DefinitionValue, sink: DiagnosticSink): void {
  const patch = read.value;
  if (!isMapping(patch)) {
    if (patch !== undefined && patch !== null) sink.report('svd-patch-syntax', read.spanOf([]), { detail: 'a patch file is a mapping of patch keys and peripheral patterns' });
    return;
  }
  const pt = new Patcher(read, sink);
  const where = 'in the device';
  const patterns = pt.levelKeys(patch, [], where);
  let list = child(device, 'peripherals');
  if (list === undefined) { list = { tag: 'peripherals', attrs: {}, children: [], text: '', span: device.span }; device.children.push(list); }
  if (patch._delete !== undefined) pt.remove(list, 'peripheral', patch._delete, ['_delete'], where);
  if (isMapping(patch._modify)) {
    const { _peripherals, ...rest } = patch._modify;
    const own = Object.fromEntries(Object.entries(rest).filter(([k]) => DEVICE_PROPERTIES.has(k)));
    pt.modify(device, own, ['_modify']);
    const targets: Array<[string, unknown, ValuePath]> = [
      ...Object.entries(rest).filter(([k]) => !DEVICE_PROPERTIES.has(k)).map(([k, v]): [string, unknown, ValuePath] => [k, v, ['_modify', k]]),
      ...(isMapping(_peripherals) ? Object.entries(_peripherals).map(([k, v]): [string, unknown, ValuePath] => [k, v, ['_modify', '_peripherals', k]]) : []),
    ];
    for (const [pattern, v, at] of targets) for (const p of pt.match(list, 'peripheral', pattern, at, where)) if (isMapping(v)) pt.modify(p, v, at);
  }
  if (patch._add !== undefined) pt.add(list, 'peripheral', patch._add, ['_add'], where);
  if (patch._derive !== undefined) pt.derive(list, 'peripheral', patch._derive, ['_derive'], where, ['name', 'baseAddress', 'interrupt']);
  for (const [pattern, v] of patterns) {
    for (const p of pt.match(list, 'peripheral', pattern, [pattern], where, true)) {
      if (isMapping(v)) pt.peripheral(p, v, [pattern]);
      else sink.report('svd-patch-value', read.spanOf([pattern]), { what: `peripheral ${q(pattern)}`, detail: 'is patched with a mapping' });
    }
  }
}
