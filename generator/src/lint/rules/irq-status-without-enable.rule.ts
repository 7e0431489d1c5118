/** irq-status-without-enable: an interrupt status register in a device with no enable/mask bits. */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';

/** Names of interrupt status registers (PL0xx RIS, 16550 ISR/IIR-style, HPET GINTR_STA, INT_STATUS…). */
const STATUS = /(^|_)(RIS|ISR|G?INTR?_?STA(T|TUS)?|IRQ_?STA(T|TUS)?)$/i;
/** Names of enable or mask registers/fields (IMSC, IER, IMR, INT_EN, INT_ENB_CNF, IRQ_MASK…). */
const ENABLE = /(^|_)(IMSC|IMR|IER|IE|INTR?_?(EN|ENB|ENABLE|MASK|MSK)|IRQ_?(EN|ENB|ENABLE|MASK|MSK))(_|$)/i;

/** Heuristic on names: status bits are useless (and spurious) without a way to enable them. */
export const irqStatusWithoutEnable = createRule({
  id: 'irq-status-without-enable',
  create: (ctx) => ({
    exitDevice(device) {
      // Registers of blocks (per-timer/per-channel register sets) count too: enables often live there.
      const all = [...device.registers, ...device.blocks.flatMap((b) => b.registers)];
      const hasEnable = all.some((r) => ENABLE.test(r.name) || r.fields.some((f) => ENABLE.test(f.name)));
      if (hasEnable) return;
      for (const r of device.registers) if (STATUS.test(r.name)) ctx.report(r.span, { name: q(r.name) });
    },
  }),
});
