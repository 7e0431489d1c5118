/**
 * A stable, human-readable text dump of the IR, used by golden tests and `devgen dump-ir`.
 * One node per line, indented by depth, attributes in a fixed order, numbers in hex where
 * they are addresses or register values, spans as `@line:col-endLine:endCol`. Two front ends
 * that produce the same IR produce the same dump (spans aside, see `withSpans`).
 */
import type { AccessWindowIR, DeviceIR, FieldIR, RegisterIR, Span, StateFieldIR, ValueExprNodeIR, VmFieldIR, VmSubsectionIR } from './ir.ts';

/** Options of dumpIr. */
export interface DumpOptions {
  /** Print spans (default true); off to compare IR from different front ends. */
  readonly withSpans?: boolean;
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;
const str = (s: string): string => JSON.stringify(s);
const win = (w: AccessWindowIR): string => `${w.min}..${w.max}${w.unaligned ? ' unaligned' : ''}`;
const list = (xs: readonly string[]): string => `[${xs.join(', ')}]`;

/** Dumps a device; the text ends with a newline. */
export function dumpIr(device: DeviceIR, options: DumpOptions = {}): string {
  const spans = options.withSpans ?? true;
  const out: string[] = [];
  const at = (s: Span): string => (spans ? ` @${s.line}:${s.col}-${s.endLine}:${s.endCol}` : '');
  const line = (depth: number, text: string): void => {
    out.push(`${'  '.repeat(depth)}${text}`);
  };
  const desc = (depth: number, d: string): void => {
    if (d) line(depth, `description ${str(d)}`);
  };

  line(0, `device ${str(device.name)}${at(device.span)}`);
  line(1, `parent ${str(device.parent)}`);
  line(1, `format-version ${device.formatVersion}`);
  line(1, `def-file ${str(device.defFile)}`);
  line(1, `behavior-file ${device.behaviorFile === undefined ? '-' : str(device.behaviorFile)}`);
  line(1, `hooks ${list(device.hooks)}`);
  // Attributes added after format v1's first device are printed only when they differ from
  // their defaults, so older dumps stay stable.
  if (device.bus !== 'sysbus') line(1, `bus ${device.bus}`);
  if (device.requests.length > 0) line(1, `requests ${list(device.requests)}`);
  if (device.i2c) line(1, `i2c hooks=${list(device.i2c.hooks)}${at(device.i2c.span)}`);
  for (const b of device.buses) line(1, `child-bus ${str(b.name)} kind=${b.busKind}${at(b.span)}`);
  desc(1, device.description);
  for (const r of device.regions) {
    const extra = `${r.exactOffsets ? ' exact-offsets' : ''}${r.badOffsetRead === undefined ? '' : ` bad-offset-read=${hex(r.badOffsetRead)}`}${r.offsetMask === undefined ? '' : ` offset-mask=${hex(BigInt(r.offsetMask))}`}${r.trace?.read === undefined ? '' : ` trace-read=${r.trace.read}`}${r.trace?.write === undefined ? '' : ` trace-write=${r.trace.write}`}${r.hooks.length === 0 ? '' : ` hooks=${list(r.hooks)}`}`;
    line(1, `region ${str(r.name)} size=${hex(r.size)} endianness=${r.endianness} valid=${win(r.valid)} impl=${win(r.impl)}${extra}${at(r.span)}`);
    desc(2, r.description);
    for (const x of r.reserved ?? []) {
      line(2, `reserved ${hex(x.offset)}..${hex(x.offset + x.size - 1)}${at(x.span)}`);
      desc(3, x.description);
    }
  }
  // A register's decode rule is printed only where it differs from its region's default.
  const regionDecode = new Map(device.regions.map((r) => [r.name, r.exactOffsets ? 'exact' : 'covering']));
  const decode = (r: RegisterIR): string => (r.decode === (regionDecode.get(r.region) ?? 'covering') ? '' : ` decode=${r.decode}`);
  for (const r of device.registers) dumpRegister(r, 1, line, at, desc, decode);
  for (const b of device.blocks) {
    const limit = `${b.limit ? ` limit=${b.limit.property}${b.limit.inclusive ? ' inclusive' : ''}` : ''}${b.resetUnaddressed ? ' reset-unaddressed' : ''}`;
    line(1, `block ${str(b.name)} region=${str(b.region)} offset=${hex(b.offset)} count=${b.count} stride=${hex(b.stride)} state=${b.state ?? '-'}${limit}${at(b.span)}`);
    desc(2, b.description);
    for (const r of b.registers) dumpRegister(r, 2, line, at, desc, decode);
  }
  for (const p of device.properties) {
    const d = p.default === undefined ? '-' : typeof p.default === 'string' ? str(p.default) : String(p.default);
    const range = `${p.min === undefined ? '' : ` min=${p.min}`}${p.max === undefined ? '' : ` max=${p.max}`}${p.outOfRange === 'clamp' ? ' out-of-range=clamp' : ''}${p.inherited ? ' inherited' : ''}`;
    line(1, `property ${str(p.name)} type=${p.type} default=${d}${range}${at(p.span)}`);
    desc(2, p.description);
  }
  for (const g of device.gpios) {
    line(1, `gpio ${str(g.name)} direction=${g.direction} count=${g.count} sysbus=${g.sysbus} qemu-unnamed=${g.qemuUnnamed} lines=${list(g.lines)}${at(g.span)}`);
    desc(2, g.description);
  }
  for (const c of device.clocks) {
    line(1, `clock ${str(c.name)} direction=${c.direction}${at(c.span)}`);
    desc(2, c.description);
  }
  if (device.chardev) line(1, `chardev property=${str(device.chardev.property)} receive=${device.chardev.receive}${at(device.chardev.span)}`);
  for (const t of device.traceEvents) {
    line(1, `trace-event ${str(t.name)} args=${list(t.args.map((a) => `${a.name}: ${a.type}`))} format=${str(t.format)}${at(t.span)}`);
  }
  for (const s of device.state) dumpState(s, 1, line, at, desc);
  for (const st of device.structs) {
    line(1, `struct ${str(st.name)}${at(st.span)}`);
    desc(2, st.description);
    for (const f of st.fields) dumpState(f, 2, line, at, desc);
  }
  for (const v of device.variants) {
    line(1, `variant ${str(v.name)}${at(v.span)}`);
    desc(2, v.description);
    for (const r of v.resets) line(2, `resets ${str(r.register)}=${r.list ? list(r.values.map(hex)) : hex(r.values[0] ?? 0n)}${at(r.span)}`);
  }
  const vm = device.vmstate;
  if (vm) {
    line(1, `vmstate ${str(vm.name)} version=${vm.version} minimum-version=${vm.minimumVersion} pre-save=${vm.preSave} post-load=${vm.postLoad}${at(vm.span)}`);
    for (const f of vm.fields) dumpVmField(f, 2, line, at);
    for (const s of vm.subsections) dumpSubsection(s, line, at);
    for (const st of vm.structs) {
      line(2, `vmstruct ${str(st.name)} struct=${st.struct} version=${st.version} minimum-version=${st.minimumVersion}${at(st.span)}`);
      for (const f of st.fields) dumpVmField(f, 3, line, at);
    }
  }
  return out.join('\n') + '\n';
}

type Line = (depth: number, text: string) => void;
type At = (s: Span) => string;

function dumpState(s: StateFieldIR, depth: number, line: Line, at: At, desc: Line): void {
  const type = s.type === 'struct' ? `struct:${s.struct ?? '-'}` : s.type;
  const cb = `${s.callback === undefined ? '' : ` callback=${s.callback}`}${s.timerClock === 'rtc' ? ' clock=rtc' : ''}${s.bus === undefined ? '' : ` bus=${s.bus}`}${s.migrate ? '' : ' migrate=false'}`;
  line(depth, `state ${str(s.name)} type=${type} length=${s.length ?? '-'} reset=${s.reset === undefined ? '-' : String(s.reset)}${cb}${at(s.span)}`);
  desc(depth + 1, s.description);
}

/** An expression in fully parenthesised form (shows how it parsed). */
export function exprText(n: ValueExprNodeIR): string {
  switch (n.kind) {
    case 'int': return hex(n.value);
    case 'property': return `\${${n.property}}`;
    case 'unary': return `(${n.op}${exprText(n.operand)})`;
    case 'binary': return `(${exprText(n.left)} ${n.op} ${exprText(n.right)})`;
  }
}

function dumpRegister(r: RegisterIR, depth: number, line: Line, at: At, desc: Line, decode: (r: RegisterIR) => string): void {
  const arr = r.array ? ` count=${r.array.count} stride=${hex(r.array.stride)}` : '';
  const resets = r.resetExpr ? `reset-expr=${exprText(r.resetExpr.root)}` : `resets=${list(r.resets.map(hex))}`;
  line(depth, `register ${str(r.name)} region=${str(r.region)} offset=${hex(r.offset)} width=${r.width}${arr} ${resets} storage=${r.storage ?? '-'} hooks=${list(r.hooks)} ignore-writes=${r.ignoreWrites}${r.resetKeeps ? ' reset-keeps' : ''}${r.partialWrites === 'ignore' ? ' partial-writes=ignore' : ''}${decode(r)}${at(r.span)}`);
  desc(depth + 1, r.description);
  for (const f of r.fields) dumpField(f, depth + 1, line, at, desc);
}

function dumpField(f: FieldIR, depth: number, line: Line, at: At, desc: Line): void {
  const bits = f.msb === f.lsb ? `${f.lsb}` : `${f.msb}:${f.lsb}`;
  line(depth, `field ${str(f.name)} bits=${bits} access=${f.access}${f.implicit ? ' implicit' : ''}${at(f.span)}`);
  if (!f.implicit) desc(depth + 1, f.description);
  for (const e of f.enums) {
    line(depth + 1, `enum ${str(e.name)} = ${hex(e.value)}${at(e.span)}`);
    desc(depth + 2, e.description);
  }
}

function dumpVmField(f: VmFieldIR, depth: number, line: Line, at: At): void {
  const src = f.source;
  let what: string;
  switch (src.kind) {
    case 'state': {
      const len = src.length === undefined ? '' : src.length.kind === 'fixed' ? ` length=${src.length.count}` : src.length.kind === 'property' ? ` length=property:${src.length.property}` : ` length=field:${src.length.field}`;
      what = `state=${src.field}${len}${src.vmstate === undefined ? '' : ` vmstate=${src.vmstate}`}`;
      break;
    }
    case 'unused': what = `unused=${src.size}`; break;
    case 'clock': what = `clock=${src.clock}`; break;
    case 'validate': what = `validate=${src.hook}`; break;
    case 'parent': what = `parent=${src.parent} vmstate=${src.vmstate}`; break;
  }
  const compat = f.compat.size === undefined ? '' : ` compat.size=${f.compat.size}`;
  line(depth, `vmfield ${str(f.name)} ${what} since=${f.since}${compat}${at(f.span)}`);
}

function dumpSubsection(s: VmSubsectionIR, line: Line, at: At): void {
  const n = s.needed;
  const needed = n.kind === 'property' ? `property:${n.property}` : n.kind === 'nonzero' ? `nonzero:${n.field}` : `hook:${n.hook}`;
  line(2, `subsection ${str(s.name)} version=${s.version} minimum-version=${s.minimumVersion} needed=${needed}${s.postLoad ? ' post-load=true' : ''}${at(s.span)}`);
  for (const f of s.fields) dumpVmField(f, 3, line, at);
}
