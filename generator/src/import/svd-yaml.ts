/**
 * Writes an imported peripheral as a format-v1 YAML definition, in the layout of the shipped
 * definitions and of `devgen new device`: the schema line, block mappings for registers, one
 * flow mapping per field and state entry, hex offsets. Every register gets a state field to
 * live in (snake_case of its name; block registers a field of the block's struct), so writes
 * keep what the SVD says they keep, and one vmstate (version 1) migrates all of it. Each item
 * carries its provenance comment. The text depends only on the model, so importing the same
 * SVD twice gives the same bytes.
 */
import type { SvdBlock, SvdField, SvdPeripheral, SvdRegister } from './svd-model.ts';
import { provenanceComment } from '../source/provenance.ts';

/** What the writer needs besides the peripheral. */
export interface YamlOptions {
  /** Device (QOM type) name. */
  readonly name: string;
  /** Path of the schema from the definition's folder. */
  readonly schema: string;
  /** The SVD path as shown in comments (provenance of items from the SVD). */
  readonly svdFile: string;
}

const PLAIN = /^[A-Za-z][A-Za-z0-9 _.;()/+-]*$/;
const YAML_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);

/** A string scalar that reads back as the same string in flow and block context. */
export function yamlString(s: string): string {
  return PLAIN.test(s) && !s.endsWith(' ') && !YAML_WORDS.has(s.toLowerCase()) ? s : JSON.stringify(s);
}

/** A number as the format reads it: hex past 9, quoted past the range YAML integers keep exactly. */
function hex(v: bigint | number, pad = 0): string {
  const b = BigInt(v);
  if (b < 10n && pad === 0) return String(b);
  const text = `0x${b.toString(16).padStart(pad, '0')}`;
  return b > BigInt(Number.MAX_SAFE_INTEGER) ? JSON.stringify(text) : text;
}

/** snake_case of a register name (a state field name). */
export function snakeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
}

function bits(f: SvdField): string {
  return f.lsb === f.msb ? String(f.lsb) : `"${f.msb}:${f.lsb}"`;
}

function flow(entries: ReadonlyArray<readonly [string, string | undefined]>): string {
  return `{ ${entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

/** Unique snake_case state names for a list of registers (a clash gets a numeric suffix). */
function storageNames(regs: readonly SvdRegister[], taken: Set<string>): Map<SvdRegister, string> {
  const out = new Map<SvdRegister, string>();
  for (const r of regs) {
    const base = snakeName(r.name);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    out.set(r, name);
  }
  return out;
}

/** Bytes of the C struct that would hold these registers in order (each aligned to its size), as a migration dump records it. */
function cStructSize(regs: readonly SvdRegister[]): number {
  let size = 0;
  let align = 1;
  for (const r of regs) {
    const bytes = r.width / 8;
    size = Math.ceil(size / bytes) * bytes + bytes;
    align = Math.max(align, bytes);
  }
  return Math.ceil(size / align) * align;
}

function uintType(width: number): string {
  return `u${width}`;
}

/** The text already written for a register, by the SVD path, storage name and indentation. */
const REGISTER_LINES = new WeakMap<SvdRegister, Map<string, string>>();

class Writer {
  readonly lines: string[] = [];
  constructor(readonly svdFile: string) {}
  line(text: string): void { this.lines.push(text); }
  from(span: { file: string; line: number; col: number; endLine: number; endCol: number }): string {
    return `  ${provenanceComment(span, this.svdFile)}`;
  }

  /**
   * A register's lines. Derived peripherals share their base's registers (svd-read.ts), so the
   * lines of each are made once per import and reused.
   */
  register(r: SvdRegister, storage: string, indent: string): void {
    const key = `${this.svdFile}|${storage}|${indent}`;
    let known = REGISTER_LINES.get(r);
    if (known === undefined) REGISTER_LINES.set(r, (known = new Map()));
    const text = known.get(key);
    if (text !== undefined) {
      this.lines.push(text);
      return;
    }
    const start = this.lines.length;
    this.registerLines(r, storage, indent);
    const lines = this.lines.splice(start).join('\n');
    known.set(key, lines);
    this.lines.push(lines);
  }

  private registerLines(r: SvdRegister, storage: string, indent: string): void {
    this.line(`${indent}- name: ${r.name}${this.from(r.span)}`);
    const i = `${indent}  `;
    this.line(`${i}offset: ${hex(r.offset, 3)}`);
    if (r.width !== 32) this.line(`${i}width: ${r.width}`);
    if (r.array !== undefined) this.line(`${i}array: { count: ${r.array.count}, stride: ${hex(r.array.stride)} }`);
    const resets = r.resets.map((v) => hex(v));
    this.line(`${i}reset: ${resets.length === 1 ? resets[0] : `[${resets.join(', ')}]`}`);
    this.line(`${i}storage: ${storage}`);
    if (r.access !== undefined) this.line(`${i}access: ${r.access}`);
    if (r.description !== undefined) this.line(`${i}description: ${yamlString(r.description)}`);
    if (r.fields.length === 0) return;
    this.line(`${i}fields:`);
    for (const f of r.fields) {
      const entry = [['name', f.name], ['bits', bits(f)], ['access', f.access], ['description', f.description === undefined ? undefined : yamlString(f.description)]] as const;
      if (f.enums.length === 0) {
        this.line(`${i}  - ${flow(entry)}${this.from(f.span)}`);
        continue;
      }
      this.line(`${i}  - name: ${f.name}${this.from(f.span)}`);
      this.line(`${i}    bits: ${bits(f)}`);
      this.line(`${i}    access: ${f.access}`);
      if (f.description !== undefined) this.line(`${i}    description: ${yamlString(f.description)}`);
      this.line(`${i}    enum:`);
      for (const e of f.enums) {
        this.line(`${i}      - ${flow([['name', e.name], ['value', hex(e.value)], ['description', e.description === undefined ? undefined : yamlString(e.description)]])}${this.from(e.span)}`);
      }
    }
  }
}

/** The YAML text of one imported peripheral. */
export function peripheralYaml(p: SvdPeripheral, options: YamlOptions): string {
  const w = new Writer(options.svdFile);
  const name = options.name;
  w.line(`# yaml-language-server: $schema=${options.schema}`);
  w.line(`# Imported with \`devgen import svd\` from ${options.svdFile}, peripheral ${p.name} (base address ${hex(p.baseAddress)}).`);
  w.line('# The `svd:` and `patch:` comments name the element each item comes from.');
  w.line('devgen: 1');
  w.line('');
  w.line('device:');
  w.line(`  name: ${yamlString(name)}${w.from(p.span)}`);
  w.line('  parent: sys-bus-device');
  if (p.description !== undefined) w.line(`  description: ${yamlString(p.description)}`);
  if (p.interrupts.length > 0) {
    w.line('');
    w.line('gpios:');
    w.line('  - name: irq');
    w.line('    direction: out');
    w.line('    sysbus: true');
    w.line(`    count: ${p.interrupts.length}`);
    w.line(`    description: ${yamlString(`Interrupt outputs: ${p.interrupts.map((i) => `${i.name} (interrupt ${i.value})${i.description !== undefined ? `: ${i.description}` : ''}`).join('; ')}`)}`);
    w.line('    lines:');
    for (const i of p.interrupts) w.line(`      - ${yamlString(i.name.toLowerCase())}${w.from(i.span)} (interrupt ${i.value})`);
  }
  const taken = new Set<string>();
  const storage = storageNames(p.registers, taken);
  const blockStates = new Map<SvdBlock, { state: string; struct: string; fields: Map<SvdRegister, string> }>();
  for (const b of p.blocks) {
    const state = storageNames([{ name: b.name } as SvdRegister], taken).values().next().value!;
    blockStates.set(b, { state, struct: `${state}_regs`, fields: storageNames(b.registers, new Set()) });
  }
  if (storage.size > 0 || p.blocks.length > 0) {
    w.line('');
    w.line('state:');
    for (const r of p.registers) {
      w.line(`  - ${flow([['name', storage.get(r)!], ['type', uintType(r.width)], ['length', r.array ? String(r.array.count) : undefined], ['description', yamlString(`Register ${r.name}.`)]])}`);
    }
    for (const b of p.blocks) {
      const s = blockStates.get(b)!;
      w.line(`  - ${flow([['name', s.state], ['struct', s.struct], ['length', String(b.count)], ['description', yamlString(`Registers of block ${b.name}, one element each.`)]])}`);
    }
  }
  if (p.blocks.length > 0) {
    w.line('');
    w.line('structs:');
    for (const b of p.blocks) {
      const s = blockStates.get(b)!;
      w.line(`  - name: ${s.struct}`);
      w.line(`    description: ${yamlString(`One element of block ${b.name}.`)}`);
      w.line('    fields:');
      for (const r of b.registers) w.line(`      - ${flow([['name', s.fields.get(r)!], ['type', uintType(r.width)], ['description', yamlString(`Register ${r.name}.`)]])}`);
    }
  }
  const wide = [...p.registers, ...p.blocks.flatMap((b) => b.registers)].some((r) => r.width === 64);
  if (p.size === 0) return `${w.lines.join('\n')}\n`;
  w.line('');
  w.line('regions:');
  w.line(`  - name: ${yamlString(name)}`);
  w.line(`    size: ${hex(p.size, 3)}`);
  if (wide) {
    w.line('    valid: { min: 1, max: 8 }');
    w.line('    impl: { min: 4, max: 8 }');
  }
  w.line(`    description: ${yamlString(`Registers of ${p.name}.`)}`);
  if (p.registers.length > 0) {
    w.line('');
    w.line('registers:');
    p.registers.forEach((r, i) => {
      if (i > 0) w.line('');
      w.register(r, storage.get(r)!, '  ');
    });
  }
  if (p.blocks.length > 0) {
    w.line('');
    w.line('blocks:');
    for (const b of p.blocks) {
      const s = blockStates.get(b)!;
      w.line(`  - name: ${b.name}${w.from(b.span)}`);
      w.line(`    offset: ${hex(b.offset, 3)}`);
      w.line(`    count: ${b.count}`);
      w.line(`    stride: ${hex(b.stride)}`);
      w.line(`    state: ${s.state}`);
      if (b.description !== undefined) w.line(`    description: ${yamlString(b.description)}`);
      w.line('    registers:');
      b.registers.forEach((r) => w.register(r, s.fields.get(r)!, '      '));
    }
  }
  if (storage.size > 0 || p.blocks.length > 0) {
    w.line('');
    w.line('vmstate:');
    w.line(`  name: ${yamlString(name)}`);
    w.line('  version: 1');
    w.line('  fields:');
    for (const r of p.registers) w.line(`    - { field: ${storage.get(r)!} }`);
    for (const b of p.blocks) w.line(`    - { field: ${blockStates.get(b)!.state}, vmstate: ${blockStates.get(b)!.struct}, compat: { size: ${cStructSize(b.registers)} } }`);
    if (p.blocks.length > 0) {
      w.line('  structs:');
      for (const b of p.blocks) {
        const s = blockStates.get(b)!;
        w.line(`    - name: ${s.struct}`);
        w.line(`      struct: ${s.struct}`);
        w.line('      version: 1');
        w.line('      fields:');
        for (const r of b.registers) w.line(`        - { field: ${s.fields.get(r)!} }`);
      }
    }
  }
  return `${w.lines.join('\n')}\n`;
}
