/**
 * property-unused: properties nothing refers to. A property is used when the definition refers
 * to it (chardev back end, `needed: { property }`, `${name}` in an expression, `property: name`
 * anywhere), the bus owns it (an I2C slave's `address`, a PCI function's `addr` and
 * `multifunction`), or the behaviour code names it (raw
 * or camelCase).
 */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import { codeOf, identifiersFor, mentions } from '../helpers.ts';

/** Escapes a string for a RegExp. */
function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reports each unused property at its declaration. */
export const propertyUnused = createRule({
  id: 'property-unused',
  create: (ctx) => ({
    enterProperty(p) {
      if (ctx.device.chardev?.property === p.name) return;
      // QEMU's I2CSlave owns "address": the bus matches transfers against it.
      if (ctx.device.bus === 'i2c' && p.name === 'address') return;
      // QEMU's PCIDevice owns "addr" (where the bus finds the function) and "multifunction" (its header type).
      if (ctx.device.bus === 'pci' && (p.name === 'addr' || p.name === 'multifunction')) return;
      if (ctx.device.vmstate?.subsections.some((s) => s.needed.kind === 'property' && s.needed.property === p.name)) return;
      const inDef = new RegExp(`\\$\\{${esc(p.name)}\\}|\\bproperty:\\s*['"]?${esc(p.name)}['"]?\\s*[,}\\n]`).test(ctx.defText);
      if (inDef) return;
      const code = ctx.behaviorText === undefined ? '' : codeOf(ctx.device, ctx.behaviorText);
      if (mentions(code, identifiersFor(p.name))) return;
      ctx.report(p.span, { name: q(p.name) });
    },
  }),
});
