/*
 * NXP PCF8574 I/O expander behaviour.  A pin written 1 is a weak pull-up
 * and shows the external level; a pin written 0 is driven low: the pin
 * state is input & output.  nINT (active low) is asserted when the pin
 * state moves away from the one last reported to the bus master.
 *
 * The generated device (pcf8574.c, from defs/pcf8574/pcf8574.device.ts)
 * declares the state, the GPIO lines, the VMState and the reset values
 * and calls the functions below.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "hw/irq.h"
#include "hw/i2c/i2c.h"
#include "hw/gpio/pcf8574.h"

static uint8_t pcf8574_pins(PCF8574State *s)
{
    return s->input & s->output;
}

/* A read reports the pins; a change since the last report releases nINT. */
uint8_t pcf8574_i2c_recv(PCF8574State *s)
{
    uint8_t pins = pcf8574_pins(s);

    if (s->lastrq != pins) {
        s->lastrq = pins;
        qemu_set_irq(s->n_int, 1);
    }
    return pins;
}

/*
 * A write sets the latch; every pin whose state changed is driven, then
 * nINT shows whether the state still equals the one last reported.
 */
int pcf8574_i2c_send(PCF8574State *s, uint8_t data)
{
    uint8_t before = pcf8574_pins(s);
    uint8_t after;
    uint8_t changed;

    s->output = data;
    after = pcf8574_pins(s);
    for (changed = before ^ after; changed; changed &= changed - 1) {
        int pin = ctz32(changed);

        qemu_set_irq(s->out[pin], (after >> pin) & 1);
    }
    qemu_set_irq(s->n_int, after == s->lastrq);
    return 0;
}

/* An external level change asserts nINT if the state moved. */
void pcf8574_gpio_in_pin(PCF8574State *s, int n, int level)
{
    if (level) {
        s->input |= 1u << n;
    } else {
        s->input &= ~(1u << n);
    }
    if (pcf8574_pins(s) != s->lastrq) {
        qemu_set_irq(s->n_int, 0);
    }
}
