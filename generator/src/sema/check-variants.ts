/**
 * Variant checks: a variant's name is a new type name (not the device's, not another
 * variant's), and every register it changes exists, is constant (a read answers its reset value
 * and nothing else: no storage, no read hook, no computed reset; block registers cannot vary),
 * gets as many values as it has elements, and each value fits its width.
 */
import type { DeviceIR } from '../ir/ir.ts';
import { didYouMean, q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { isVariantConstant } from '../ir/variants.ts';
import { deviceNames } from '../names/device-names.ts';

/** Reports every problem of the device's `variants:`. */
export function checkVariants(device: DeviceIR, sink: DiagnosticSink): void {
  // Names are compared as the generated code spells them (`pl011_luminary` → pl011LuminaryMmio).
  const own = deviceNames(device).value;
  const seen = new Set<string>([own]);
  const regs = new Map(device.registers.map((r) => [r.name, r]));
  for (const v of device.variants) {
    const ctx = `in variant ${q(v.name)}`;
    const value = deviceNames(v).value;
    if (seen.has(value)) {
      sink.report('variant-name', v.span, { name: q(v.name), detail: value === own ? `is the device's own type name (in generated code: ${value})` : `is declared twice (in generated code: ${value})` }, ctx);
    }
    seen.add(value);
    for (const r of v.resets) {
      const reg = regs.get(r.register);
      if (reg === undefined) {
        const inBlock = device.blocks.some((b) => b.registers.some((x) => x.name === r.register));
        sink.report('variant-register', r.span, { name: q(r.register), detail: inBlock ? 'is a block register; block registers cannot vary' : `is not a register of the device${didYouMean(r.register, regs.keys())}` }, ctx);
        continue;
      }
      if (!isVariantConstant(reg)) {
        const why = reg.storage !== undefined ? `is stored in ${q(reg.storage)}` : reg.resetExpr !== undefined ? 'has a computed reset value' : 'has a read hook';
        sink.report('variant-register', r.span, { name: q(r.register), detail: `${why}; only a constant register (whose reads answer its reset value) can vary` }, ctx);
        continue;
      }
      const count = reg.array?.count ?? 1;
      if (r.list && r.values.length !== count) {
        sink.report('variant-register', r.span, { name: q(r.register), detail: `has ${count} element${count === 1 ? '' : 's'} but the variant gives ${r.values.length} values` }, ctx);
      }
      const max = (1n << BigInt(reg.width)) - 1n;
      const wide = r.values.find((x) => x < 0n || x > max);
      if (wide !== undefined) {
        sink.report('variant-register', r.span, { name: q(r.register), detail: `is ${reg.width} bits wide; 0x${wide.toString(16)} does not fit` }, ctx);
      }
    }
  }
}
