/**
 * `derivedFrom` of SVD peripherals, registers, clusters and fields, resolved on the element
 * tree before anything is read from it. A derived element is a copy of its base (itself resolved
 * first, so chains work) in which the derived element's own children replace the base's children
 * of the same tag; `registers` and `fields` merge by name, and a derived peripheral keeps only
 * its own interrupts (each instance has its own lines). Inherited elements keep the base's
 * positions, so provenance points at the SVD line that says what was copied. Unknown bases and
 * cycles are positioned diagnostics; the element then stays as written.
 */
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { child, childText, type XmlElement } from './xml-tree.ts';

/** Containers whose entries merge by `<name>` instead of being replaced whole. */
const MERGED_LISTS = new Set(['registers', 'fields']);

/** The `<name>` text of an element ('' when it has none). */
export function nameOf(el: XmlElement): string {
  return childText(el, 'name') ?? '';
}

/**
 * `base` with `own`'s children laid over it (own wins; merged lists merge by name). Patches are
 * applied before derivation and nothing changes the tree after it, so the result shares the
 * base's unchanged children instead of copying them: a vendor file's many derived peripherals
 * cost one element each.
 */
function overlay(base: XmlElement, own: XmlElement, dropInherited: ReadonlySet<string>): XmlElement {
  const attrs = { ...base.attrs, ...own.attrs };
  delete attrs.derivedFrom;
  const out: XmlElement = { tag: base.tag, attrs, text: base.text, span: own.span, children: base.children.filter((c) => !dropInherited.has(c.tag)) };
  for (const c of own.children) {
    const existing = out.children.findIndex((b) => b.tag === c.tag);
    if (MERGED_LISTS.has(c.tag) && existing >= 0) {
      const merged: XmlElement = { ...out.children[existing]!, children: [...out.children[existing]!.children] };
      out.children[existing] = merged;
      for (const entry of c.children) {
        const same = merged.children.findIndex((m) => m.tag === entry.tag && nameOf(m) === nameOf(entry));
        if (same >= 0) merged.children[same] = entry;
        else merged.children.push(entry);
      }
    } else if (existing >= 0 && c.tag !== 'interrupt') {
      out.children[existing] = c;
      // A repeated tag of the base (a second addressBlock, say) is replaced by the own set.
      out.children = out.children.filter((b, i) => i === existing || b.tag !== c.tag);
    } else {
      out.children.push(c);
    }
  }
  return out;
}

/** Resolves every derivedFrom of `device` (an SVD <device> element) in place. */
export function resolveDerivations(device: XmlElement, sink: DiagnosticSink): void {
  const list = child(device, 'peripherals');
  if (list === undefined) return;
  const byName = new Map<string, XmlElement>();
  for (const p of list.children) if (p.tag === 'peripheral' && !byName.has(nameOf(p))) byName.set(nameOf(p), p);
  const done = new Map<XmlElement, XmlElement>();
  const resolvePeripheral = (p: XmlElement, chain: string[]): XmlElement => {
    const baseName = p.attrs.derivedFrom;
    const known = done.get(p);
    if (known !== undefined) return known;
    if (baseName === undefined) return p;
    const name = nameOf(p);
    if (chain.includes(name)) {
      sink.report('svd-derive-cycle', p.span, { what: 'peripheral', name: q(name), chain: [...chain, name].join(' → ') });
      delete p.attrs.derivedFrom;
      return p;
    }
    const base = byName.get(baseName);
    if (base === undefined) {
      sink.report('svd-derive-unknown', p.span, { what: 'peripheral', name: q(name), base: q(baseName), hint: didYouMean(baseName, [...byName.keys()].filter((n) => n !== name)) });
      delete p.attrs.derivedFrom;
      return p;
    }
    const resolvedBase = resolvePeripheral(base, [...chain, name]);
    const out = overlay(resolvedBase, p, new Set(['interrupt']));
    done.set(p, out);
    byName.set(name, out);
    return out;
  };
  list.children = list.children.map((p) => (p.tag === 'peripheral' ? resolvePeripheral(p, []) : p));
  for (const p of list.children) {
    if (p.tag !== 'peripheral') continue;
    const regs = child(p, 'registers');
    if (regs !== undefined) resolveScope(regs, (path) => lookupPath(byName, path), sink);
  }
}

/** Finds `PERIPHERAL.CLUSTER….REGISTER[.FIELD]` among the peripherals. */
function lookupPath(byName: ReadonlyMap<string, XmlElement>, path: readonly string[]): XmlElement | undefined {
  let cur = byName.get(path[0]!);
  for (const part of path.slice(1)) {
    if (cur === undefined) return undefined;
    const scope = child(cur, 'registers') ?? child(cur, 'fields') ?? cur;
    cur = scope.children.find((c) => (c.tag === 'register' || c.tag === 'cluster' || c.tag === 'field') && nameOf(c) === part);
  }
  return cur;
}

/**
 * Resolves the registers and clusters of one scope (a peripheral's <registers> or a cluster),
 * then their fields. A plain name finds a sibling; a dotted one a path from a peripheral.
 */
function resolveScope(scope: XmlElement, global: (path: readonly string[]) => XmlElement | undefined, sink: DiagnosticSink): void {
  resolveSiblings(scope, ['register', 'cluster'], global, sink);
  for (const c of scope.children) {
    if (c.tag === 'cluster') resolveScope(c, global, sink);
    if (c.tag === 'register') {
      const fields = child(c, 'fields');
      if (fields !== undefined) resolveSiblings(fields, ['field'], global, sink);
    }
  }
}

function resolveSiblings(scope: XmlElement, tags: readonly string[], global: (path: readonly string[]) => XmlElement | undefined, sink: DiagnosticSink): void {
  const done = new Map<XmlElement, XmlElement>();
  const resolve = (el: XmlElement, chain: string[]): XmlElement => {
    const baseName = el.attrs.derivedFrom;
    const known = done.get(el);
    if (known !== undefined) return known;
    if (baseName === undefined) return el;
    const name = nameOf(el);
    const index = scope.children.indexOf(el);
    if (chain.includes(name)) {
      sink.report('svd-derive-cycle', el.span, { what: el.tag, name: q(name), chain: [...chain, name].join(' → ') });
      delete el.attrs.derivedFrom;
      return el;
    }
    const path = baseName.split('.');
    const siblings = scope.children.filter((c) => tags.includes(c.tag));
    const base = path.length === 1 ? siblings.find((c) => c !== el && nameOf(c) === baseName) : global(path);
    if (base === undefined) {
      sink.report('svd-derive-unknown', el.span, { what: el.tag, name: q(name), base: q(baseName), hint: path.length === 1 ? didYouMean(baseName, siblings.map(nameOf).filter((n) => n !== name)) : '' });
      delete el.attrs.derivedFrom;
      return el;
    }
    const resolvedBase = scope.children.includes(base) ? resolve(base, [...chain, name]) : base;
    const out = overlay(resolvedBase, el, new Set());
    done.set(el, out);
    if (index >= 0) scope.children[index] = out;
    return out;
  };
  for (const el of [...scope.children]) if (tags.includes(el.tag)) resolve(el, []);
}
