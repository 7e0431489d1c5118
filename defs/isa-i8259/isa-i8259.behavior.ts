/**
 * Hand-written behaviour of the 8259A PIC as QEMU 10.0's i8259 implements it: edge and level
 * triggering per ELCR bit, priorities with rotation, masking, the ICW1-ICW4 initialisation
 * sequence, OCW2 end-of-interrupt commands and OCW3 register select, poll and special mask.
 * INT is recomputed after every change (pic_update_irq): high while the best unmasked request
 * beats the best interrupt in service.
 *
 * Verified on QEMU 10.0 (-M pc, CPU stopped): see test/diff/cases/pc-pic-*.qtest — IMR reads
 * 0 after reset, an initialisation sequence unmasks nothing by itself, a poll acknowledges the
 * best request (0x80 | its number) and moves it to ISR, and the slave's INT reaches master
 * input 2.
 */
import type { IsaI8259Context, IsaI8259Hooks, IsaI8259State } from '../../generated/isa-i8259/isa-i8259.hooks.ts';
import { defineIsaI8259 } from '../../generated/isa-i8259/isa-i8259.qom.ts';

/** The master's input the slave cascades into (special fully nested mode ignores it in ISR). */
const CASCADE_INPUT = 2;

/** QEMU get_priority: how far from the rotation's top the best set bit of `mask` is; 8 when none. */
function priorityOf(s: IsaI8259State, mask: number): number {
  if (mask === 0) return 8;
  let p = 0;
  while ((mask & (1 << ((p + s.priority_add) & 7))) === 0) p++;
  return p;
}

/** QEMU pic_get_irq: the input to signal, or -1 when nothing beats what is in service. */
function pendingIrq(ctx: IsaI8259Context): number {
  const s = ctx.state;
  const priority = priorityOf(s, s.irr & ~s.imr);
  if (priority === 8) return -1;
  let inService = s.isr;
  if (s.special_mask !== 0) inService &= ~s.imr;
  if (s.special_fully_nested_mode !== 0 && ctx.props.master) inService &= ~(1 << CASCADE_INPUT);
  return priority < priorityOf(s, inService) ? (priority + s.priority_add) & 7 : -1;
}

/** QEMU pic_update_irq: INT follows whether a request is to be signalled. */
function updateInt(ctx: IsaI8259Context): void {
  ctx.gpio.int[0]!.set(pendingIrq(ctx) >= 0);
}

/** QEMU pic_reset_common + pic_update_irq: what ICW1 and a device reset clear (ELCR stays). */
function initReset(ctx: IsaI8259Context): void {
  const s = ctx.state;
  s.last_irr = 0;
  s.irr &= s.elcr;
  s.imr = 0;
  s.isr = 0;
  s.priority_add = 0;
  s.irq_base = 0;
  s.read_reg_select = 0;
  s.poll = 0;
  s.special_mask = 0;
  s.init_state = 0;
  s.auto_eoi = 0;
  s.rotate_on_auto_eoi = 0;
  s.special_fully_nested_mode = 0;
  s.init4 = 0;
  s.single_mode = 0;
  updateInt(ctx);
}

/** QEMU pic_intack: the request goes in service (unless auto EOI) and an edge request is consumed. */
function intack(ctx: IsaI8259Context, irq: number): void {
  const s = ctx.state;
  if (s.auto_eoi !== 0) {
    if (s.rotate_on_auto_eoi !== 0) s.priority_add = (irq + 1) & 7;
  } else {
    s.isr |= 1 << irq;
  }
  if ((s.elcr & (1 << irq)) === 0) s.irr &= ~(1 << irq);
  updateInt(ctx);
}

/** QEMU pic_poll_read: acknowledges the best request and answers 0x80 | its number, else 0. */
function pollRead(ctx: IsaI8259Context): number {
  const irq = pendingIrq(ctx);
  if (irq < 0) return 0;
  intack(ctx, irq);
  return irq | 0x80;
}

/** OCW2: end of interrupt (specific or not, with or without rotation) and priority commands. */
function ocw2(ctx: IsaI8259Context, value: number): void {
  const s = ctx.state;
  const cmd = value >> 5;
  switch (cmd) {
    case 0:
    case 4:
      s.rotate_on_auto_eoi = cmd >> 2;
      break;
    case 1:
    case 5: {
      const priority = priorityOf(s, s.isr);
      if (priority !== 8) {
        const irq = (priority + s.priority_add) & 7;
        s.isr &= ~(1 << irq);
        if (cmd === 5) s.priority_add = (irq + 1) & 7;
        updateInt(ctx);
      }
      break;
    }
    case 3:
      s.isr &= ~(1 << (value & 7));
      updateInt(ctx);
      break;
    case 6:
      s.priority_add = (value + 1) & 7;
      updateInt(ctx);
      break;
    case 7: {
      const irq = value & 7;
      s.isr &= ~(1 << irq);
      s.priority_add = (irq + 1) & 7;
      updateInt(ctx);
      break;
    }
    default:
      break;
  }
}

/** The PIC hooks, one per hook the definition declares. */
export const isaI8259Hooks: IsaI8259Hooks = {
  /** Input `n` (QEMU pic_set_irq): level-triggered inputs follow the level, edge ones latch a rise. */
  gpioInIrq(ctx, n, level) {
    const s = ctx.state;
    const bit = 1 << n;
    if ((s.elcr & bit) !== 0) {
      if (level !== 0) {
        s.irr |= bit;
        s.last_irr |= bit;
      } else {
        s.irr &= ~bit;
        s.last_irr &= ~bit;
      }
    } else if (level !== 0) {
      if ((s.last_irr & bit) === 0) s.irr |= bit;
      s.last_irr |= bit;
    } else {
      s.last_irr &= ~bit;
    }
    updateInt(ctx);
  },

  /** A command-port read: a pending poll, else ISR or IRR as OCW3 selected. */
  readCOMMAND(ctx) {
    const s = ctx.state;
    if (s.poll !== 0) {
      const v = pollRead(ctx);
      s.poll = 0;
      return v;
    }
    return s.read_reg_select !== 0 ? s.isr : s.irr;
  },

  /** ICW1 (bit 4) restarts initialisation; OCW3 (bit 3) selects, polls, sets special mask; else OCW2. */
  writeCOMMAND(ctx, value) {
    const s = ctx.state;
    const v = value & 0xff;
    if ((v & 0x10) !== 0) {
      initReset(ctx);
      s.init_state = 1;
      s.init4 = v & 1;
      s.single_mode = v & 2;
      if ((v & 0x08) !== 0) ctx.log.unimp('i8259: level sensitive irq not supported');
    } else if ((v & 0x08) !== 0) {
      if ((v & 0x04) !== 0) s.poll = 1;
      if ((v & 0x02) !== 0) s.read_reg_select = v & 1;
      if ((v & 0x40) !== 0) s.special_mask = (v >> 5) & 1;
    } else {
      ocw2(ctx, v);
    }
  },

  /** A data-port read: a pending poll, else IMR. */
  readDATA(ctx) {
    const s = ctx.state;
    if (s.poll !== 0) {
      const v = pollRead(ctx);
      s.poll = 0;
      return v;
    }
    return s.imr;
  },

  /** ICW2 (vector base), ICW3 (ignored), ICW4 (modes) while initialising; IMR otherwise. */
  writeDATA(ctx, value) {
    const s = ctx.state;
    const v = value & 0xff;
    switch (s.init_state) {
      case 1:
        s.irq_base = v & 0xf8;
        s.init_state = s.single_mode !== 0 ? (s.init4 !== 0 ? 3 : 0) : 2;
        break;
      case 2:
        s.init_state = s.init4 !== 0 ? 3 : 0;
        break;
      case 3:
        s.special_fully_nested_mode = (v >> 4) & 1;
        s.auto_eoi = (v >> 1) & 1;
        s.init_state = 0;
        break;
      default:
        s.imr = v;
        updateInt(ctx);
        break;
    }
  },

  /** QEMU elcr_ioport_write: only the board's elcr_mask bits can be level-triggered. */
  writeELCR(ctx, value) {
    ctx.state.elcr = value & ctx.props.elcrMask;
  },

  /** QEMU pic_reset: ELCR 0, then the initialisation reset (state reset values), which re-drives INT. */
  reset(ctx) {
    updateInt(ctx);
  },
};

/** The isa-i8259 device class: generated type description bound to the hooks above. */
export const isaI8259Class = defineIsaI8259(isaI8259Hooks);
