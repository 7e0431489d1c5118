/*
 * PL011 UART: the public helpers of the hand-written behaviour, included
 * last by the generated header (hw/char/pl011.h). Boards create the UART
 * through pl011_create(). The Luminary (Stellaris) variant, a subtype with
 * its own identification bytes, is generated from the definition's
 * `variants:` (TYPE_PL011_LUMINARY in the generated header).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_CHAR_PL011_BEHAVIOR_H
#define HW_CHAR_PL011_BEHAVIOR_H

/* Receive FIFO depth with FIFOs enabled (LCR_H.FEN); one entry otherwise. */
#define PL011_FIFO_DEPTH PL011_READ_FIFO_LENGTH

/*
 * Creates a PL011 at @addr on the system bus with its combined interrupt on
 * @irq and its character back end @chr, realized.
 */
DeviceState *pl011_create(hwaddr addr, qemu_irq irq, Chardev *chr);

#endif
