/**
 * The lowering stage of format v1, shared by every front end: a shape-checked definition → the
 * IR. Applies the number rules (with the source spelling of each scalar), fills defaults
 * (register width 32, region windows as QEMU, implicit whole-register fields, decode rules) and
 * attaches a span to every node. All problems of the stage are reported; the IR is still
 * returned so later stages can run when only warnings were found.
 */
import * as posix from 'node:path/posix';
import type {
  AccessKind, AccessWindowIR, ChardevIR, QemuPlacementIR, ClockIR, DeviceHookName, DeviceIR, EnumValueIR, FieldIR, GpioIR, PciFunctionIR,
  RegionHookName, RegionIR, ReservedRangeIR, VariantIR, VariantResetIR, RegisterBlockIR, RegisterDecode, RegisterHookName, RegisterIR, StructIR, TraceEventIR, ValueExpressionIR,
} from '../ir/ir.ts';
import type { AccessWindowDef, BlockDef, DeviceDef, FieldDef, RegionDef, RegisterDef, VariantDef } from '../schema/device.schema.ts';
import { ACCESS_SIZES, FORMAT_VERSION, REGISTER_WIDTHS, SLOTS } from '../schema/slots.ts';
import type { NumberSlot } from '../schema/numbers.ts';
import { q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { DefinitionValue, ValuePath } from './definition-value.ts';
import { LowerContext } from './lower-context.ts';
import { busOfParent, lowerProperty, lowerStateField, withInherited } from './lower-state.ts';
import { lowerVmstate } from './lower-vmstate.ts';
import { parseValueExpr } from './value-expr.ts';

/** Default access window of a region, as QEMU applies it when a MemoryRegionOps leaves it zero. */
const DEFAULT_WINDOW: AccessWindowIR = { min: 1, max: 4, unaligned: false };

/** Lowers `def` to the IR; `defFile` is the display path used in spans. */
export function lowerDevice(read: DefinitionValue, def: DeviceDef, defFile: string, sink: DiagnosticSink): DeviceIR {
  return new Lowerer(read, sink).device(def, defFile);
}

class Lowerer extends LowerContext {
  /** Default decode rule of each region (its `exact-offsets`), by region name. */
  private readonly regionDecode = new Map<string, RegisterDecode>();

  device(def: DeviceDef, defFile: string): DeviceIR {
    const version = this.int(['devgen'], SLOTS.formatVersion, 1);
    if (version !== FORMAT_VERSION && this.read.literalAt(['devgen'])) {
      this.sink.report('format-version', this.span(['devgen']), { version });
    }
    const d = def.device;
    const hooks = this.uniqueHooks<DeviceHookName>(d.hooks ?? [], ['device', 'hooks']);
    for (const r of def.regions ?? []) if (!this.regionDecode.has(r.name)) this.regionDecode.set(r.name, r['exact-offsets'] === true ? 'exact' : 'covering');
    return {
      kind: 'device',
      name: d.name,
      parent: d.parent,
      description: d.description ?? '',
      defFile,
      behaviorFile: d.behavior === undefined ? undefined : posix.normalize(posix.join(posix.dirname(defFile), d.behavior)),
      formatVersion: version,
      hooks,
      // Declaring a request twice asks for nothing more, so duplicates collapse.
      requests: [...new Set(d.requests ?? [])],
      regions: (def.regions ?? []).map((r, i) => this.region(r, ['regions', i])),
      registers: (def.registers ?? []).map((r, i) => this.register(r, ['registers', i], def.regions?.[0]?.name ?? '')),
      properties: withInherited((def.properties ?? []).map((p, i) => lowerProperty(this, p, ['properties', i])), d.bus ?? busOfParent(d.parent), this.span(['device'])),
      gpios: (def.gpios ?? []).map((g, i): GpioIR => {
        const path = ['gpios', i];
        return {
          kind: 'gpio',
          name: g.name,
          direction: g.direction,
          count: g.count === undefined ? 1 : this.int([...path, 'count'], SLOTS.gpioCount, 1),
          sysbus: g.sysbus ?? false,
          qemuUnnamed: g['qemu-unnamed'] ?? false,
          lines: g.lines ?? [],
          description: g.description ?? '',
          span: this.span(path),
        };
      }),
      clocks: (def.clocks ?? []).map((c, i): ClockIR => ({
        kind: 'clock', name: c.name, direction: c.direction, description: c.description ?? '', span: this.span(['clocks', i]),
      })),
      chardev: def.chardev === undefined ? undefined : ({
        kind: 'chardev', property: def.chardev.property, receive: def.chardev.receive ?? false, span: this.span(['chardev']),
      } satisfies ChardevIR),
      traceEvents: (def.trace ?? []).map((t, i): TraceEventIR => ({
        kind: 'trace-event',
        name: t.name,
        args: Object.entries(t.args ?? {}).map(([name, type]) => ({ name, type })),
        format: t.format,
        span: this.span(['trace', i]),
      })),
      state: (def.state ?? []).map((s, i) => lowerStateField(this, s, ['state', i])),
      structs: (def.structs ?? []).map((st, i): StructIR => ({
        kind: 'struct',
        name: st.name,
        description: st.description ?? '',
        fields: st.fields.map((f, j) => lowerStateField(this, f, ['structs', i, 'fields', j])),
        span: this.span(['structs', i]),
      })),
      blocks: (def.blocks ?? []).map((b, i) => this.block(b, ['blocks', i], def.regions?.[0]?.name ?? '')),
      bus: d.bus ?? busOfParent(d.parent),
      i2c: def.i2c === undefined ? undefined : { kind: 'i2c-slave', hooks: this.uniqueHooks(def.i2c.hooks ?? [], ['i2c', 'hooks']), span: this.span(['i2c']) },
      buses: (def.buses ?? []).map((b, i) => ({ kind: 'bus', name: b.name, busKind: b.kind, description: b.description ?? '', span: this.span(['buses', i]) })),
      pci: def.pci === undefined ? undefined : this.pciFunction(def.pci),
      vmstate: def.vmstate === undefined ? undefined : lowerVmstate(this, def.vmstate, ['vmstate']),
      variants: (def.variants ?? []).map((v, i) => this.variant(v, ['variants', i])),
      qemu: def.qemu === undefined ? undefined : ({
        kind: 'qemu',
        targets: def.qemu.targets,
        header: def.qemu.header,
        source: def.qemu.source,
        behavior: def.qemu.behavior,
        behaviorHeader: def.qemu['behavior-header'],
        config: def.qemu.config,
        struct: def.qemu.struct,
        cast: def.qemu.cast,
        prefix: def.qemu.prefix,
        span: this.span(['qemu']),
      } satisfies QemuPlacementIR),
      span: this.span(['device']),
    };
  }


  private window(w: AccessWindowDef | undefined, path: ValuePath, which: string): AccessWindowIR {
    if (w === undefined) return DEFAULT_WINDOW;
    const slot = SLOTS.accessSize;
    const min = w.min === undefined ? DEFAULT_WINDOW.min : this.int([...path, 'min'], slot, DEFAULT_WINDOW.min);
    const max = w.max === undefined ? DEFAULT_WINDOW.max : this.int([...path, 'max'], slot, DEFAULT_WINDOW.max);
    if (!ACCESS_SIZES.includes(min) || !ACCESS_SIZES.includes(max) || min > max) {
      this.sink.report('access-window', this.span(path), { which, min, max }, this.ctx(path));
    }
    return { min, max, unaligned: w.unaligned ?? false };
  }

  private region(r: RegionDef, path: ValuePath): RegionIR {
    return {
      kind: 'region',
      name: r.name,
      size: this.int([...path, 'size'], SLOTS.regionSize, 0),
      endianness: r.endianness ?? 'native',
      valid: this.window(r.valid, [...path, 'valid'], 'valid'),
      impl: this.window(r.impl, [...path, 'impl'], 'impl'),
      exactOffsets: r['exact-offsets'] ?? false,
      badOffsetRead: r['bad-offset-read'] === undefined ? undefined : this.num([...path, 'bad-offset-read'], SLOTS.badOffsetRead),
      ...(r['offset-mask'] === undefined ? {} : { offsetMask: this.int([...path, 'offset-mask'], SLOTS.offsetMask, 0) }),
      ...(r['default-register'] === undefined ? {} : { defaultRegister: { name: r['default-register'], span: this.span([...path, 'default-register']) } }),
      ...(r.trace === undefined ? {} : { trace: { read: r.trace.read, write: r.trace.write } }),
      ...(r.reserved === undefined ? {} : {
        reserved: r.reserved.map((x, i): ReservedRangeIR => ({
          kind: 'reserved',
          offset: this.int([...path, 'reserved', i, 'offset'], SLOTS.reservedOffset, 0),
          size: this.int([...path, 'reserved', i, 'size'], SLOTS.reservedSize, 1),
          description: x.description ?? '',
          span: this.span([...path, 'reserved', i]),
        })),
      }),
      hooks: this.uniqueHooks<RegionHookName>(r.hooks ?? [], [...path, 'hooks']),
      description: r.description ?? '',
      span: this.span(path),
    };
  }

  /**
   * Lowers a register; `firstRegion` is its default region and `blockDecode` the decode rule of
   * its block, when it has one (the register's own `decode:` wins, then the block's, then the
   * region's `exact-offsets`).
   */
  private register(r: RegisterDef, path: ValuePath, firstRegion: string, blockDecode?: RegisterDecode): RegisterIR {
    let width = 32;
    if (r.width !== undefined) {
      const w = this.num([...path, 'width'], SLOTS.registerWidth);
      if (w !== undefined && !REGISTER_WIDTHS.includes(Number(w))) {
        this.sink.report('register-width', this.span([...path, 'width']), { width: String(w) }, this.ctx(path));
      } else if (w !== undefined) width = Number(w);
    }
    const array = r.array === undefined ? undefined : {
      count: this.int([...path, 'array', 'count'], SLOTS.arrayCount, 1),
      stride: this.int([...path, 'array', 'stride'], SLOTS.arrayStride, 1),
      span: this.span([...path, 'array']),
    };
    const count = array?.count ?? 1;
    const resetSlot = SLOTS.registerReset;
    let resets: bigint[];
    let resetExpr: ValueExpressionIR | undefined;
    if (r.reset !== null && typeof r.reset === 'object' && !Array.isArray(r.reset)) {
      resetExpr = this.expr([...path, 'reset'], r.reset.expr);
      resets = Array.from({ length: count }, () => 0n);
    } else if (Array.isArray(r.reset)) {
      resets = r.reset.map((_, i) => this.num([...path, 'reset', i], resetSlot) ?? 0n);
      if (resets.length !== count) {
        this.sink.report('reset-count', this.span([...path, 'reset']), { name: q(r.name), count: resets.length, expected: count }, this.ctx(path));
      }
    } else {
      const one = r.reset === undefined ? 0n : (this.num([...path, 'reset'], resetSlot) ?? 0n);
      resets = Array.from({ length: count }, () => one);
    }
    const access = r.access as AccessKind | undefined;
    let fields: FieldIR[];
    if (r.fields !== undefined && r.fields.length > 0) {
      fields = r.fields.map((f, i) => this.field(f, [...path, 'fields', i], access, r.name));
    } else if (access !== undefined) {
      fields = [{ kind: 'field', name: r.name, lsb: 0, msb: width - 1, access, description: r.description ?? '', enums: [], implicit: true, span: this.span(path) }];
    } else {
      this.sink.report('register-no-access', this.span(path), { name: q(r.name) }, this.ctx(path));
      fields = [];
    }
    const region = r.region ?? firstRegion;
    return {
      kind: 'register',
      name: r.name,
      region,
      offset: this.int([...path, 'offset'], SLOTS.registerOffset, 0),
      width,
      resets,
      description: r.description ?? '',
      fields,
      array,
      resetExpr,
      resetKeeps: r['reset-keeps'] ?? false,
      storage: r.storage,
      // An undeclared region is reported by sema (unknown-region); covering is only a stand-in.
      decode: r.decode ?? blockDecode ?? this.regionDecode.get(region) ?? 'covering',
      hooks: this.uniqueHooks<RegisterHookName>(r.hooks ?? [], [...path, 'hooks']),
      ignoreWrites: r['ignore-writes'] ?? false,
      partialWrites: r['partial-writes'] ?? 'apply',
      span: this.span(path),
    };
  }

  /** The `pci:` block: the configuration header and the function's own registers. */
  private pciFunction(p: NonNullable<DeviceDef['pci']>): PciFunctionIR {
    const at = (...k: (string | number)[]): (string | number)[] => ['pci', ...k];
    const opt = (key: keyof typeof p & string, slot: NumberSlot, fallback: number): number => (p[key] === undefined ? fallback : this.int(at(key), slot, fallback));
    return {
      kind: 'pci-function',
      vendorId: this.int(at('vendor-id'), SLOTS.pciWord, 0),
      deviceId: this.int(at('device-id'), SLOTS.pciWord, 0),
      revision: opt('revision', SLOTS.pciByte, 0),
      classId: this.int(at('class'), SLOTS.pciWord, 0),
      progIf: opt('prog-if', SLOTS.pciByte, 0),
      status: opt('status', SLOTS.pciWord, 0),
      headerType: opt('header-type', SLOTS.pciByte, 0),
      subsystemVendorId: p['subsystem-vendor-id'] === undefined ? undefined : this.int(at('subsystem-vendor-id'), SLOTS.pciWord, 0),
      subsystemId: p['subsystem-id'] === undefined ? undefined : this.int(at('subsystem-id'), SLOTS.pciWord, 0),
      interruptPin: opt('interrupt-pin', SLOTS.pciByte, 0),
      bars: (p.bars ?? []).map((b, i) => ({
        index: this.int(at('bars', i, 'index'), SLOTS.pciBar, 0),
        space: b.space,
        size: this.int(at('bars', i, 'size'), SLOTS.pciBarSize, 4),
        span: this.span(at('bars', i)),
      })),
      registers: (p.registers ?? []).map((r, i) => ({
        name: r.name,
        offset: this.int(at('registers', i, 'offset'), SLOTS.pciConfigOffset, 0x40),
        width: r.width === undefined ? 8 : this.int(at('registers', i, 'width'), SLOTS.registerWidth, 8),
        reset: r.reset === undefined ? 0 : this.int(at('registers', i, 'reset'), SLOTS.pciRegisterReset, 0),
        resetKeeps: r['reset-keeps'] ?? false,
        description: r.description ?? '',
        span: this.span(at('registers', i)),
      })),
      span: this.span(['pci']),
    };
  }

  private variant(v: VariantDef, path: ValuePath): VariantIR {
    return {
      kind: 'variant',
      name: v.name,
      description: v.description ?? '',
      resets: Object.entries(v.resets).map(([register, value]): VariantResetIR => {
        const at = [...path, 'resets', register];
        const values = Array.isArray(value) ? value.map((_, i) => this.num([...at, i], SLOTS.registerReset) ?? 0n) : [this.num(at, SLOTS.registerReset) ?? 0n];
        return { register, values, list: Array.isArray(value), span: this.span(at) };
      }),
      span: this.span(path),
    };
  }

  private block(b: BlockDef, path: ValuePath, firstRegion: string): RegisterBlockIR {
    const region = b.region ?? firstRegion;
    return {
      kind: 'block',
      name: b.name,
      region,
      offset: this.int([...path, 'offset'], SLOTS.blockOffset, 0),
      count: this.int([...path, 'count'], SLOTS.blockCount, 1),
      stride: this.int([...path, 'stride'], SLOTS.blockStride, 1),
      state: b.state,
      limit: b.limit === undefined ? undefined : { property: b.limit.property, inclusive: b.limit.inclusive ?? false, span: this.span([...path, 'limit']) },
      resetUnaddressed: b['reset-unaddressed'] ?? false,
      description: b.description ?? '',
      registers: b.registers.map((r, i) => this.register(r, [...path, 'registers', i], region, b.decode)),
      span: this.span(path),
    };
  }

  /** Lowers `{ expr }` at `path` (the mapping); syntax errors are positioned inside the string. */
  private expr(path: ValuePath, text: string): ValueExpressionIR | undefined {
    const exprPath = [...path, 'expr'];
    const whole = this.span(exprPath);
    const lit = this.read.literalAt(exprPath);
    // Characters map 1:1 onto the source only for a one-line scalar without escapes.
    const quoted = lit?.style === 'quoted' ? 1 : 0;
    const exact = whole.line === whole.endLine && whole.endCol - whole.col === text.length + 2 * quoted;
    const spanOf = (start: number, end: number) => exact
      ? { file: whole.file, line: whole.line, col: whole.col + quoted + start, endLine: whole.line, endCol: whole.col + quoted + end }
      : whole;
    const r = parseValueExpr(text, spanOf);
    if (!r.ok) {
      this.sink.report('expr-syntax', spanOf(r.error.start, r.error.end), { detail: r.error.detail, text: JSON.stringify(text) }, this.ctx(path));
      return undefined;
    }
    return { kind: 'expr', text, root: r.root, span: whole };
  }

  private bits(path: ValuePath): [number, number] | undefined {
    const lit = this.read.literalAt(path);
    const bitSlot = SLOTS.bitIndex;
    if (lit && typeof lit.value === 'string') {
      const m = /^\s*([0-9]+)\s*:\s*([0-9]+)\s*$/.exec(lit.value);
      if (!m) {
        if (/^[0-9]+$/.test(lit.value.trim())) {
          const v = this.num(path, bitSlot);
          return v === undefined ? undefined : [Number(v), Number(v)];
        }
        this.sink.report('bits-syntax', this.span(path), { text: JSON.stringify(lit.value) }, this.ctx(path));
        return undefined;
      }
      const msb = BigInt(m[1]!);
      const lsb = BigInt(m[2]!);
      for (const v of [msb, lsb]) {
        if (v > bitSlot.max) {
          this.sink.report('number-range', this.span(path), { text: String(v), what: bitSlot.what, range: `allowed ${bitSlot.min}..${bitSlot.max}` }, this.ctx(path));
          return undefined;
        }
      }
      if (msb < lsb) {
        this.sink.report('bits-order', this.span(path), { text: JSON.stringify(lit.value), msb: String(msb), lsb: String(lsb) }, this.ctx(path));
        return undefined;
      }
      return [Number(lsb), Number(msb)];
    }
    const v = this.num(path, bitSlot);
    return v === undefined ? undefined : [Number(v), Number(v)];
  }

  private field(f: FieldDef, path: ValuePath, regAccess: AccessKind | undefined, regName: string): FieldIR {
    const bits = this.bits([...path, 'bits']) ?? [0, 0];
    const access = (f.access as AccessKind | undefined) ?? regAccess;
    if (access === undefined) {
      this.sink.report('field-no-access', this.span(path), { name: q(f.name), register: q(regName) }, this.ctx(path));
    }
    return {
      kind: 'field',
      name: f.name,
      lsb: bits[0],
      msb: bits[1],
      access: access ?? 'RW',
      description: f.description ?? '',
      enums: (f.enum ?? []).map((e, i): EnumValueIR => ({
        kind: 'enum-value',
        name: e.name,
        value: this.num([...path, 'enum', i, 'value'], SLOTS.enumValue) ?? 0n,
        description: e.description ?? '',
        span: this.span([...path, 'enum', i]),
      })),
      implicit: false,
      span: this.span(path),
    };
  }

}
