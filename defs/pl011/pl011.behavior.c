/*
 * PL011 UART behaviour for QEMU: the hooks defs/pl011/pl011.device.yaml
 * names, written in C beside the definition. Storage, masks, reset values,
 * ID registers and bad-offset guest errors come from the generated source
 * (hw/char/pl011.c); this file supplies the receive FIFO, the transmit path,
 * loopback, the six interrupt lines and the migration fix-ups, the same
 * model as pl011.behavior.ts.
 *
 * Behaviour kept as QEMU 10.0 shows it:
 * - the lines are recomputed only on DR read/write, IMSC/ICR writes, CR
 *   writes in loopback and an RX push reaching the trigger level, never at
 *   reset;
 * - a loopback push has no overflow check, so read_count can exceed the
 *   FIFO depth;
 * - an LCR_H write raising BRK in loopback pushes the break entry with the
 *   FIFO depth of the old LCR_H value;
 * - reading an empty FIFO returns the stale entry at read_pos and loads RSR
 *   from it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/char/pl011.h"
#include "hw/irq.h"
#include "hw/qdev-properties-system.h"
#include "chardev/char-serial.h"
#include "trace.h"

/* FR bits that mirror the modem outputs in loopback. */
#define PL011_FR_MODEM (R_PL011_FR_RI_MASK | R_PL011_FR_DCD_MASK | \
                        R_PL011_FR_DSR_MASK | R_PL011_FR_CTS_MASK)

/* Interrupt bits (RIS, MIS and ICR share the layout of IMSC). */
#define PL011_INT_MODEM (R_PL011_IMSC_RIM_MASK | R_PL011_IMSC_CTSM_MASK | \
                         R_PL011_IMSC_DCDM_MASK | R_PL011_IMSC_DSRM_MASK)
#define PL011_INT_ERROR (R_PL011_IMSC_FE_MASK | R_PL011_IMSC_PE_MASK | \
                         R_PL011_IMSC_BE_MASK | R_PL011_IMSC_OE_MASK)

/* Interrupt bits of each output: UARTINTR, RX, TX, RT, MS, E. */
static const uint32_t pl011_line_masks[] = {
    PL011_INT_MODEM | R_PL011_IMSC_RX_MASK | R_PL011_IMSC_TX_MASK |
        R_PL011_IMSC_RT_MASK | PL011_INT_ERROR,
    R_PL011_IMSC_RX_MASK,
    R_PL011_IMSC_TX_MASK,
    R_PL011_IMSC_RT_MASK,
    PL011_INT_MODEM,
    PL011_INT_ERROR,
};

static unsigned pl011_depth(uint32_t lcr)
{
    return (lcr & R_PL011_LCR_H_FEN_MASK) ? PL011_FIFO_DEPTH : 1;
}

static void pl011_update_lines(PL011State *s)
{
    uint32_t flags = s->int_level & s->int_enabled;
    int i;

    trace_pl011_irq_state(flags != 0);
    for (i = 0; i < ARRAY_SIZE(pl011_line_masks); i++) {
        qemu_set_irq(s->irq[i], (flags & pl011_line_masks[i]) != 0);
    }
}

static void pl011_reset_rx_fifo(PL011State *s)
{
    s->read_count = 0;
    s->read_pos = 0;
    s->flags = (s->flags & ~R_PL011_FR_RXFF_MASK) | R_PL011_FR_RXFE_MASK;
}

static void pl011_reset_tx_fifo(PL011State *s)
{
    s->flags = (s->flags & ~R_PL011_FR_TXFF_MASK) | R_PL011_FR_TXFE_MASK;
}

/* Pushes an entry with the depth @lcr selects; the caller bounds the count. */
static void pl011_fifo_put(PL011State *s, uint32_t lcr, uint32_t value)
{
    unsigned depth = pl011_depth(lcr);
    unsigned slot = (s->read_pos + s->read_count) & (depth - 1);

    s->read_fifo[slot] = value;
    s->read_count++;
    s->flags &= ~R_PL011_FR_RXFE_MASK;
    trace_pl011_put_fifo(value, s->read_count);
    if (s->read_count == depth) {
        s->flags |= R_PL011_FR_RXFF_MASK;
    }
    if (s->read_count == s->read_trigger) {
        s->int_level |= R_PL011_IMSC_RX_MASK;
        pl011_update_lines(s);
    }
}

static void pl011_loopback_tx(PL011State *s, uint32_t lcr, uint32_t value)
{
    if (s->cr & R_PL011_CR_LBE_MASK) {
        pl011_fifo_put(s, lcr, value);
    }
}

/* In loopback the modem outputs of CR drive the modem inputs of FR and RIS. */
static void pl011_loopback_modem(PL011State *s)
{
    uint32_t fr, il;

    if (!(s->cr & R_PL011_CR_LBE_MASK)) {
        return;
    }
    fr = s->flags & ~PL011_FR_MODEM;
    if (s->cr & R_PL011_CR_OUT2_MASK) {
        fr |= R_PL011_FR_RI_MASK;
    }
    if (s->cr & R_PL011_CR_OUT1_MASK) {
        fr |= R_PL011_FR_DCD_MASK;
    }
    if (s->cr & R_PL011_CR_RTS_MASK) {
        fr |= R_PL011_FR_CTS_MASK;
    }
    if (s->cr & R_PL011_CR_DTR_MASK) {
        fr |= R_PL011_FR_DSR_MASK;
    }
    s->flags = fr;

    il = s->int_level & ~PL011_INT_MODEM;
    if (fr & R_PL011_FR_DSR_MASK) {
        il |= R_PL011_IMSC_DSRM_MASK;
    }
    if (fr & R_PL011_FR_DCD_MASK) {
        il |= R_PL011_IMSC_DCDM_MASK;
    }
    if (fr & R_PL011_FR_CTS_MASK) {
        il |= R_PL011_IMSC_CTSM_MASK;
    }
    if (fr & R_PL011_FR_RI_MASK) {
        il |= R_PL011_IMSC_RIM_MASK;
    }
    s->int_level = il;
    pl011_update_lines(s);
}

uint32_t pl011_read_dr(PL011State *s)
{
    uint32_t entry;

    s->flags &= ~R_PL011_FR_RXFF_MASK;
    entry = s->read_fifo[s->read_pos & (PL011_READ_FIFO_LENGTH - 1)];
    if (s->read_count > 0) {
        s->read_count--;
        s->read_pos = (s->read_pos + 1) & (pl011_depth(s->lcr) - 1);
    }
    if (s->read_count == 0) {
        s->flags |= R_PL011_FR_RXFE_MASK;
    }
    if (s->read_count == s->read_trigger - 1) {
        s->int_level &= ~R_PL011_IMSC_RX_MASK;
    }
    s->rsr = entry >> 8;
    pl011_update_lines(s);
    qemu_chr_fe_accept_input(&s->chr);
    return entry;
}

void pl011_write_dr(PL011State *s, uint32_t value)
{
    uint8_t ch = value & R_PL011_DR_DATA_MASK;

    if (!(s->cr & R_PL011_CR_UARTEN_MASK)) {
        qemu_log_mask(LOG_GUEST_ERROR, "PL011 data written to disabled UART\n");
    }
    if (!(s->cr & R_PL011_CR_TXE_MASK)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "PL011 data written to disabled TX UART\n");
    }
    qemu_chr_fe_write_all(&s->chr, &ch, 1);
    pl011_loopback_tx(s, s->lcr, ch);
    s->int_level |= R_PL011_IMSC_TX_MASK;
    pl011_update_lines(s);
}

void pl011_post_write_lcr_h(PL011State *s, uint32_t old_value,
                            uint32_t new_value)
{
    uint32_t changed = old_value ^ new_value;

    if (changed & R_PL011_LCR_H_FEN_MASK) {
        pl011_reset_rx_fifo(s);
        pl011_reset_tx_fifo(s);
    }
    if (changed & R_PL011_LCR_H_BRK_MASK) {
        int on = (new_value & R_PL011_LCR_H_BRK_MASK) != 0;

        qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_BREAK, &on);
        if (on) {
            /* The break entry still sees the FIFO depth of the old value. */
            pl011_loopback_tx(s, old_value, R_PL011_DR_BE_MASK);
        }
    }
    /* The receive trigger stays at one entry whatever IFLS selects. */
    s->read_trigger = 1;
}

void pl011_post_write_cr(PL011State *s, uint32_t old_value, uint32_t new_value)
{
    pl011_loopback_modem(s);
}

void pl011_post_write_imsc(PL011State *s, uint32_t old_value,
                           uint32_t new_value)
{
    pl011_update_lines(s);
}

uint32_t pl011_read_mis(PL011State *s)
{
    return s->int_level & s->int_enabled;
}

void pl011_write_icr(PL011State *s, uint32_t value)
{
    s->int_level &= ~value;
    pl011_update_lines(s);
}

void pl011_post_write_dmacr(PL011State *s, uint32_t old_value,
                            uint32_t new_value)
{
    if (new_value & (R_PL011_DMACR_RXDMAE_MASK | R_PL011_DMACR_TXDMAE_MASK)) {
        qemu_log_mask(LOG_UNIMP, "pl011: DMA not implemented\n");
    }
}

int pl011_chardev_can_receive(PL011State *s)
{
    int free = (int)pl011_depth(s->lcr) - s->read_count;
    int r = free > 0 ? free : 0;

    trace_pl011_can_receive(s->lcr, s->read_count, r);
    return r;
}

void pl011_chardev_receive(PL011State *s, const uint8_t *buf, int size)
{
    int i;

    /* In loopback the receive input is disconnected. */
    if (s->cr & R_PL011_CR_LBE_MASK) {
        return;
    }
    for (i = 0; i < size; i++) {
        pl011_fifo_put(s, s->lcr, buf[i]);
    }
}

void pl011_chardev_event(PL011State *s, QEMUChrEvent event)
{
    if (event == CHR_EVENT_BREAK && !(s->cr & R_PL011_CR_LBE_MASK)) {
        pl011_fifo_put(s, s->lcr, R_PL011_DR_BE_MASK);
    }
}

int pl011_vmstate_post_load(PL011State *s, int version_id)
{
    int slots = PL011_READ_FIFO_LENGTH;

    if (s->read_pos < 0 || s->read_pos >= slots ||
        s->read_count < 0 || s->read_count > slots) {
        return -1;
    }
    if (!(s->lcr & R_PL011_LCR_H_FEN_MASK) && s->read_count > 0 &&
        s->read_pos > 0) {
        /* Without FIFO the one character lives in slot 0. */
        s->read_fifo[0] = s->read_fifo[s->read_pos];
        s->read_pos = 0;
    }
    s->ibrd &= R_PL011_IBRD_BAUD_DIVINT_MASK;
    s->fbrd &= R_PL011_FBRD_BAUD_DIVFRAC_MASK;
    return 0;
}

DeviceState *pl011_create(hwaddr addr, qemu_irq irq, Chardev *chr)
{
    DeviceState *dev = qdev_new(TYPE_PL011);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    qdev_prop_set_chr(dev, "chardev", chr);
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, addr);
    sysbus_connect_irq(sbd, 0, irq);
    return dev;
}
