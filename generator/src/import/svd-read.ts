/**
 * Reads SVD peripherals (an element tree with derivedFrom resolved and patches applied) into
 * the import model: register properties inherited device → peripheral → cluster → register,
 * fields by bitOffset/bitWidth, lsb/msb or bitRange, access words mapped by svd-access.ts, dim
 * arrays (dimIndex lists and ranges) as the format's arrays where the format can hold them and as
 * separate registers where it cannot, dim clusters as blocks, plain clusters flattened with
 * their name as a prefix, enumerated values and interrupts. Every problem is a positioned
 * diagnostic; a broken element is left out and the rest still read.
 */
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { AccessKind } from '../ir/ir.ts';
import { mapSvdAccess, SVD_ACCESS, SVD_MODIFIED_WRITE, SVD_READ_ACTION, type SvdAccess, type SvdModifiedWrite, type SvdReadAction } from './svd-access.ts';
import type { SvdBlock, SvdEnumValue, SvdField, SvdInterrupt, SvdPeripheral, SvdRegister } from './svd-model.ts';
import { child, childText, children, type XmlElement } from './xml-tree.ts';
import { nameOf } from './svd-derive.ts';

/** Register properties that SVD inherits down the tree. */
interface RegisterProps {
  size?: number;
  access?: SvdAccess;
  resetValue?: bigint;
  resetMask?: bigint;
}

const SCALE: Readonly<Record<string, bigint>> = { k: 1n << 10n, K: 1n << 10n, m: 1n << 20n, M: 1n << 20n, g: 1n << 30n, G: 1n << 30n, t: 1n << 40n, T: 1n << 40n };

/** An SVD scaledNonNegativeInteger, or undefined when `text` is not one. */
export function parseSvdNumber(text: string): bigint | undefined {
  const t = text.trim();
  const m = /^(?:(0[xX])([0-9a-fA-F]+)|#([01]+)|(0[bB])([01]+)|([0-9]+))([kKmMgGtT])?$/.exec(t);
  if (m === null) return undefined;
  const value = m[2] !== undefined ? BigInt(`0x${m[2]}`) : m[3] !== undefined ? BigInt(`0b${m[3]}`) : m[5] !== undefined ? BigInt(`0b${m[5]}`) : BigInt(m[6]!);
  return m[7] !== undefined ? value * SCALE[m[7]]! : value;
}

/** Collapses the line breaks and indentation of an SVD description. */
function cleanText(text: string | undefined): string | undefined {
  const t = text?.replace(/\s+/g, ' ').trim();
  return t === undefined || t === '' ? undefined : t;
}

/** Reads SVD values of one element, reporting at the child that is wrong. */
class Reader {
  /**
   * Registers already read, by element and by what they inherit: derived peripherals share
   * their base's elements, so each register of a vendor file's UART0..UARTn is read once.
   */
  readonly registers = new WeakMap<XmlElement, Map<string, Omit<SvdRegister, 'array'> | undefined>>();

  constructor(readonly sink: DiagnosticSink) {}

  number(el: XmlElement, tag: string, what: string): bigint | undefined {
    const c = child(el, tag);
    if (c === undefined) return undefined;
    const v = parseSvdNumber(c.text);
    if (v === undefined) this.sink.report('svd-number', c.span, { what: `${what} ${tag}`, text: q(c.text) });
    return v;
  }

  word<const W extends readonly string[]>(el: XmlElement, tag: string, allowed: W): W[number] | undefined {
    const c = child(el, tag);
    if (c === undefined) return undefined;
    if ((allowed as readonly string[]).includes(c.text)) return c.text as W[number];
    this.sink.report('invalid-value', c.span, { value: q(c.text), allowed: `one of ${allowed.join(', ')}`, hint: didYouMean(c.text, allowed) }, `in ${el.tag} ${q(nameOf(el))}`);
    return undefined;
  }

  props(el: XmlElement, inherited: RegisterProps): RegisterProps {
    const size = this.number(el, 'size', el.tag);
    return {
      size: size !== undefined ? Number(size) : inherited.size,
      access: this.word(el, 'access', SVD_ACCESS) ?? inherited.access,
      resetValue: this.number(el, 'resetValue', el.tag) ?? inherited.resetValue,
      resetMask: this.number(el, 'resetMask', el.tag) ?? inherited.resetMask,
    };
  }
}

/** Element names of a dim array: dimIndex as a list or a range, else 0..dim-1. */
function dimNames(r: Reader, el: XmlElement, count: number, name: string): string[] | undefined {
  const idx = child(el, 'dimIndex');
  if (idx === undefined) return Array.from({ length: count }, (_, i) => String(i));
  const text = idx.text.trim();
  const range = /^([0-9]+)-([0-9]+)$/.exec(text) ?? /^([A-Z])-([A-Z])$/.exec(text);
  let names: string[];
  if (range !== null) {
    const numeric = /[0-9]/.test(range[1]!);
    const a = numeric ? Number(range[1]) : range[1]!.charCodeAt(0);
    const b = numeric ? Number(range[2]) : range[2]!.charCodeAt(0);
    names = b < a ? [] : Array.from({ length: b - a + 1 }, (_, i) => (numeric ? String(a + i) : String.fromCharCode(a + i)));
  } else {
    names = text.split(',').map((s) => s.trim());
  }
  if (names.length !== count || names.some((n) => n === '')) {
    r.sink.report('svd-dim', idx.span, { what: el.tag, name: q(name), detail: `dimIndex ${q(text)} names ${names.length} element(s) for dim ${count}` });
    return undefined;
  }
  return names;
}

/** A dim element's array facts, or undefined (not an array, or reported). */
interface Dim {
  readonly count: number;
  readonly stride: number;
  readonly names: readonly string[];
  /** True when the elements are 0..count-1, so the format's array (or block) can hold them. */
  readonly indexed: boolean;
}

function readDim(r: Reader, el: XmlElement, name: string): Dim | 'none' | undefined {
  const dim = r.number(el, 'dim', el.tag);
  if (dim === undefined) return child(el, 'dim') === undefined ? 'none' : undefined;
  const inc = r.number(el, 'dimIncrement', el.tag);
  if (inc === undefined) {
    if (child(el, 'dimIncrement') === undefined) r.sink.report('svd-dim', el.span, { what: el.tag, name: q(name), detail: 'dim needs dimIncrement' });
    return undefined;
  }
  if (!name.includes('%s')) {
    r.sink.report('svd-dim', el.span, { what: el.tag, name: q(name), detail: 'the name of a dim array holds %s or [%s]' });
    return undefined;
  }
  const names = dimNames(r, el, Number(dim), name);
  if (names === undefined) return undefined;
  const indexed = name.includes('[%s]') || names.every((n, i) => n === String(i));
  return { count: Number(dim), stride: Number(inc), names, indexed };
}

/** The array's own name: `%s` / `[%s]` removed. */
function arrayName(name: string): string {
  return name.replace('[%s]', '').replace('%s', '');
}

function lsbMsb(r: Reader, f: XmlElement, name: string): { lsb: number; msb: number } | undefined {
  const off = r.number(f, 'bitOffset', 'field');
  if (off !== undefined) return { lsb: Number(off), msb: Number(off) + Number(r.number(f, 'bitWidth', 'field') ?? 1n) - 1 };
  const lsb = r.number(f, 'lsb', 'field');
  const msb = r.number(f, 'msb', 'field');
  if (lsb !== undefined && msb !== undefined) return { lsb: Number(lsb), msb: Number(msb) };
  const range = child(f, 'bitRange');
  if (range !== undefined) {
    const m = /^\[\s*([0-9]+)\s*:\s*([0-9]+)\s*\]$/.exec(range.text);
    if (m !== null) return { lsb: Number(m[2]), msb: Number(m[1]) };
    r.sink.report('svd-structure', range.span, { what: `field ${q(name)}`, detail: `has bitRange ${q(range.text)}; expected [msb:lsb]` });
    return undefined;
  }
  if (child(f, 'bitOffset') === undefined && child(f, 'lsb') === undefined && child(f, 'msb') === undefined) {
    r.sink.report('svd-structure', f.span, { what: `field ${q(name)}`, detail: 'has no bit position (bitOffset, lsb/msb or bitRange)' });
  }
  return undefined;
}

function readEnums(r: Reader, f: XmlElement, field: string, width: number): SvdEnumValue[] {
  const sets = children(f, 'enumeratedValues');
  if (sets.length === 0) return [];
  // A field may give separate read and write sets; the read (or read-write) set names its values.
  const chosen = sets.find((s) => (childText(s, 'usage') ?? 'read-write') !== 'write') ?? sets[0]!;
  for (const s of sets) {
    if (s !== chosen) r.sink.report('svd-unsupported', s.span, { what: `the ${childText(s, 'usage') ?? 'second'} enumerated values of field ${q(field)}`, reason: 'a devgen field has one enum' });
  }
  if (chosen.attrs.derivedFrom !== undefined) {
    r.sink.report('svd-unsupported', chosen.span, { what: `enumeratedValues derivedFrom ${q(chosen.attrs.derivedFrom)} of field ${q(field)}`, reason: 'write the values out (or add them with a patch)' });
    return [];
  }
  const out: SvdEnumValue[] = [];
  for (const v of children(chosen, 'enumeratedValue')) {
    const name = nameOf(v);
    const valueEl = child(v, 'value');
    if (valueEl === undefined) {
      r.sink.report('svd-enum-value', v.span, { name: q(name), field: q(field), detail: child(v, 'isDefault') !== undefined ? 'is the default for every other value (isDefault)' : 'has no value' });
      continue;
    }
    if (/^#[01xX]*[xX][01xX]*$/.test(valueEl.text.trim())) {
      r.sink.report('svd-enum-value', valueEl.span, { name: q(name), field: q(field), detail: `has don't-care bits (${valueEl.text.trim()})` });
      continue;
    }
    const value = parseSvdNumber(valueEl.text);
    if (value === undefined) {
      r.sink.report('svd-number', valueEl.span, { what: `enumerated value ${q(name)}`, text: q(valueEl.text) });
      continue;
    }
    if (value >> BigInt(width) !== 0n) {
      r.sink.report('svd-enum-value', valueEl.span, { name: q(name), field: q(field), detail: `is ${valueEl.text.trim()}, wider than the field's ${width} bit(s)` });
      continue;
    }
    const description = cleanText(childText(v, 'description'));
    out.push({ name, value, ...(description !== undefined ? { description } : {}), span: v.span });
  }
  return out;
}

function accessOf(r: Reader, el: XmlElement, name: string, access: SvdAccess, mwv: SvdModifiedWrite | undefined, ra: SvdReadAction | undefined): AccessKind | undefined {
  const mapped = mapSvdAccess({ access, ...(mwv !== undefined ? { modifiedWriteValues: mwv } : {}), ...(ra !== undefined ? { readAction: ra } : {}) });
  if ('kind' in mapped) return mapped.kind;
  const at = child(el, 'readAction') ?? child(el, 'modifiedWriteValues') ?? child(el, 'access') ?? el;
  r.sink.report('svd-access', at.span, { name: q(name), detail: mapped.problem, hint: '; patch the field (_modify) to say what it does' });
  return undefined;
}

/** Reads one register element (without dim) as a register at `offset` named `name`. */
function readRegister(r: Reader, el: XmlElement, name: string, offset: number, props: RegisterProps): Omit<SvdRegister, 'array'> | undefined {
  let known = r.registers.get(el);
  if (known === undefined) r.registers.set(el, (known = new Map()));
  const key = `${name}|${offset}|${props.size}|${props.access}|${props.resetValue}|${props.resetMask}`;
  if (known.has(key)) return known.get(key);
  const reg = readRegisterOnce(r, el, name, offset, props);
  known.set(key, reg);
  return reg;
}

function readRegisterOnce(r: Reader, el: XmlElement, name: string, offset: number, props: RegisterProps): Omit<SvdRegister, 'array'> | undefined {
  const p = r.props(el, props);
  const width = p.size ?? 32;
  if (![8, 16, 32, 64].includes(width)) {
    r.sink.report('register-width', child(el, 'size')?.span ?? el.span, { width });
    return undefined;
  }
  const regAccess = p.access ?? 'read-write';
  const mwv = r.word(el, 'modifiedWriteValues', SVD_MODIFIED_WRITE);
  const ra = r.word(el, 'readAction', SVD_READ_ACTION);
  if (child(el, 'writeConstraint') !== undefined) r.sink.report('svd-unsupported', child(el, 'writeConstraint')!.span, { what: `the writeConstraint of register ${q(name)}`, reason: 'devgen stores what is written; a hook can refuse values' });
  const fields: SvdField[] = [];
  let ok = true;
  for (const f of children(child(el, 'fields') ?? el, 'field')) {
    const fname = nameOf(f);
    const bits = lsbMsb(r, f, fname);
    const fAccess = r.word(f, 'access', SVD_ACCESS) ?? regAccess;
    const kind = accessOf(r, f, fname, fAccess, r.word(f, 'modifiedWriteValues', SVD_MODIFIED_WRITE) ?? mwv, r.word(f, 'readAction', SVD_READ_ACTION) ?? ra);
    if (child(f, 'writeConstraint') !== undefined) r.sink.report('svd-unsupported', child(f, 'writeConstraint')!.span, { what: `the writeConstraint of field ${q(fname)}`, reason: 'devgen stores what is written; a hook can refuse values' });
    const dim = readDim(r, f, fname);
    if (bits === undefined || kind === undefined || dim === undefined) { ok = false; continue; }
    const description = cleanText(childText(f, 'description'));
    const enums = readEnums(r, f, fname, bits.msb - bits.lsb + 1);
    // A dim field is that many fields, dimIncrement bits apart.
    const copies = dim === 'none' ? [{ name: fname, shift: 0 }] : dim.names.map((n, i) => ({ name: fname.replace(/\[?%s\]?/, n), shift: i * dim.stride }));
    for (const c of copies) {
      fields.push({ name: c.name, lsb: bits.lsb + c.shift, msb: bits.msb + c.shift, access: kind, ...(description !== undefined ? { description } : {}), enums, span: f.span });
    }
  }
  let access: AccessKind | undefined;
  if (fields.length === 0 && ok) {
    access = accessOf(r, el, name, regAccess, mwv, ra);
    if (access === undefined) return undefined;
  }
  if (!ok) return undefined;
  const all = width === 64 ? (1n << 64n) - 1n : (1n << BigInt(width)) - 1n;
  const mask = (p.resetMask ?? all) & all;
  let reset = (p.resetValue ?? 0n) & mask;
  if (mask !== all) r.sink.report('svd-reset-mask', child(el, 'resetMask')?.span ?? el.span, { name: q(name), bits: `0x${(all & ~mask).toString(16)}`, mask: `0x${mask.toString(16)}` });
  if (fields.length > 0) {
    const covered = fields.reduce((m, f) => m | (((1n << BigInt(f.msb - f.lsb + 1)) - 1n) << BigInt(f.lsb)), 0n);
    if ((reset & ~covered) !== 0n) {
      r.sink.report('svd-reset-outside-fields', child(el, 'resetValue')?.span ?? el.span, { value: `0x${reset.toString(16)}`, name: q(name), bits: `0x${(reset & ~covered).toString(16)}` });
      reset &= covered;
    }
  }
  const description = cleanText(childText(el, 'description'));
  fields.sort((a, b) => a.lsb - b.lsb);
  return { name, offset, width, resets: [reset], ...(access !== undefined ? { access } : {}), ...(description !== undefined ? { description } : {}), fields, span: el.span };
}

/** Collects the registers and blocks of one scope. */
interface Collected {
  registers: SvdRegister[];
  blocks: SvdBlock[];
}

function readScope(r: Reader, scope: XmlElement, base: number, prefix: string, props: RegisterProps, inBlock: boolean, out: Collected): void {
  for (const el of scope.children) {
    if (el.tag !== 'register' && el.tag !== 'cluster') continue;
    const name = nameOf(el);
    if (name === '') { r.sink.report('svd-structure', el.span, { what: el.tag, detail: 'has no <name>' }); continue; }
    const off = r.number(el, 'addressOffset', el.tag);
    if (off === undefined) {
      if (child(el, 'addressOffset') === undefined) r.sink.report('svd-structure', el.span, { what: `${el.tag} ${q(name)}`, detail: 'has no <addressOffset>' });
      continue;
    }
    const alternate = child(el, 'alternateRegister') ?? child(el, 'alternateGroup') ?? child(el, 'alternateCluster');
    if (alternate !== undefined) {
      // A second view of the same bytes: devgen registers do not share bytes (register-overlap).
      r.sink.report('svd-unsupported', alternate.span, { what: `${el.tag} ${q(name)}`, reason: `it is an alternate view (${alternate.tag} ${q(alternate.text)}) of bytes another ${el.tag} holds; make one register of them with a patch` });
      continue;
    }
    const offset = base + Number(off);
    const dim = readDim(r, el, name);
    if (dim === undefined) continue;
    if (el.tag === 'register') {
      if (dim === 'none') {
        const reg = readRegister(r, el, prefix + name, offset, props);
        if (reg) out.registers.push(reg);
      } else if (dim.indexed && !inBlock) {
        const reg = readRegister(r, el, prefix + arrayName(name), offset, props);
        const perElement = el.attrs['devgen-resets']?.split(',').map((s) => BigInt(s));
        if (reg) out.registers.push({ ...reg, resets: perElement ?? reg.resets, array: { count: dim.count, stride: dim.stride } });
      } else {
        dim.names.forEach((n, i) => {
          const reg = readRegister(r, el, prefix + name.replace(/\[?%s\]?/, n), offset + i * dim.stride, props);
          if (reg) out.registers.push(reg);
        });
      }
      continue;
    }
    const cprops = r.props(el, props);
    if (dim !== 'none' && dim.indexed && !inBlock) {
      const inner: Collected = { registers: [], blocks: [] };
      readScope(r, el, 0, '', cprops, true, inner);
      const description = cleanText(childText(el, 'description'));
      out.blocks.push({ name: prefix + arrayName(name), offset, count: dim.count, stride: dim.stride, ...(description !== undefined ? { description } : {}), registers: inner.registers, span: el.span });
    } else if (dim === 'none') {
      readScope(r, el, offset, `${prefix}${name}_`, cprops, inBlock, out);
    } else {
      dim.names.forEach((n, i) => readScope(r, el, offset + i * dim.stride, `${prefix}${name.replace(/\[?%s\]?/, n)}_`, cprops, inBlock, out));
    }
  }
}

/** Reads every peripheral of an SVD <device> element. */
export function readPeripherals(device: XmlElement, svdFile: string, sink: DiagnosticSink): SvdPeripheral[] {
  const r = new Reader(sink);
  const deviceProps = r.props(device, {});
  const list = child(device, 'peripherals');
  if (list === undefined) {
    sink.report('svd-structure', device.span, { what: 'device', detail: 'has no <peripherals>' });
    return [];
  }
  const out: SvdPeripheral[] = [];
  for (const p of children(list, 'peripheral')) {
    const pname = nameOf(p);
    if (pname === '') { sink.report('svd-structure', p.span, { what: 'peripheral', detail: 'has no <name>' }); continue; }
    const dim = readDim(r, p, pname);
    if (dim === undefined) continue;
    // A dim peripheral is that many instances, dimIncrement bytes apart.
    const instances = dim === 'none' ? [{ name: pname, shift: 0n }] : dim.names.map((n, i) => ({ name: pname.replace(/\[?%s\]?/, n), shift: BigInt(i * dim.stride) }));
    for (const instance of instances) out.push(readPeripheral(r, p, instance.name, instance.shift, deviceProps, svdFile));
  }
  return out;
}

/** One peripheral instance named `name`, `shift` bytes above the element's base address. */
function readPeripheral(r: Reader, p: XmlElement, name: string, shift: bigint, deviceProps: RegisterProps, svdFile: string): SvdPeripheral {
  const sink = r.sink;
  const collected: Collected = { registers: [], blocks: [] };
  const props = r.props(p, deviceProps);
  const regs = child(p, 'registers');
  if (regs !== undefined) readScope(r, regs, 0, '', props, false, collected);
  const interrupts: SvdInterrupt[] = [];
  for (const i of children(p, 'interrupt')) {
    const value = r.number(i, 'value', 'interrupt');
    const iname = nameOf(i);
    if (value === undefined || iname === '') {
      if (value === undefined && child(i, 'value') === undefined) sink.report('svd-structure', i.span, { what: `interrupt ${q(iname)}`, detail: 'has no <value>' });
      if (iname === '') sink.report('svd-structure', i.span, { what: 'interrupt', detail: 'has no <name>' });
      continue;
    }
    const description = cleanText(childText(i, 'description'));
    interrupts.push({ name: iname, value: Number(value), ...(description !== undefined ? { description } : {}), span: i.span });
  }
  let size = 0;
  for (const b of children(p, 'addressBlock')) {
    const end = Number(r.number(b, 'offset', 'addressBlock') ?? 0n) + Number(r.number(b, 'size', 'addressBlock') ?? 0n);
    size = Math.max(size, end);
  }
  const blocksGiven = size > 0;
  for (const reg of collected.registers) size = Math.max(size, reg.offset + (reg.width / 8) + (reg.array ? (reg.array.count - 1) * reg.array.stride : 0));
  for (const b of collected.blocks) size = Math.max(size, b.offset + b.count * b.stride);
  // Without an addressBlock the region spans the registers, rounded up as a bus decodes it.
  if (!blocksGiven && size > 0) size = 2 ** Math.ceil(Math.log2(size));
  const description = cleanText(childText(p, 'description'));
  collected.registers.sort((a, b) => a.offset - b.offset);
  collected.blocks.sort((a, b) => a.offset - b.offset);
  return {
    name, baseAddress: (r.number(p, 'baseAddress', 'peripheral') ?? 0n) + shift, ...(description !== undefined ? { description } : {}),
    size, registers: collected.registers, blocks: collected.blocks, interrupts, span: p.span, svdFile,
  };
}
