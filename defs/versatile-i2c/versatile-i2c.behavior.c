/*
 * ARM Versatile / SBCon I2C controller behaviour: after every write the
 * lines the guest drives go to the bit-banged I2C engine, SCL first, then
 * SDA; the SDA level the engine answers is what SB_CONTROLS reads back.
 *
 * The generated device (arm_sbcon_i2c.c, from
 * defs/versatile-i2c/versatile-i2c.device.yaml) decodes the two registers,
 * stores the set/clear bits into `out`, logs bad offsets and calls the
 * functions below.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/i2c/bitbang_i2c.h"
#include "hw/i2c/arm_sbcon_i2c.h"

/* Drive both lines from `out`; keep the bus's SDA answer. */
static void arm_sbcon_i2c_drive(ArmSbconI2CState *s)
{
    int scl = (s->out & R_ARM_SBCON_I2C_SB_CONTROLS_SCL_MASK) != 0;
    int sda = (s->out & R_ARM_SBCON_I2C_SB_CONTROLS_SDA_MASK) != 0;

    bitbang_i2c_set(&s->bitbang, BITBANG_I2C_SCL, scl);
    s->in = bitbang_i2c_set(&s->bitbang, BITBANG_I2C_SDA, sda);
}

/* SCL as driven, SDA as the bus sees it. */
uint32_t arm_sbcon_i2c_read_sb_controls(ArmSbconI2CState *s)
{
    return (s->out & R_ARM_SBCON_I2C_SB_CONTROLS_SCL_MASK) |
           (s->in << R_ARM_SBCON_I2C_SB_CONTROLS_SDA_SHIFT);
}

void arm_sbcon_i2c_post_write_sb_controls(ArmSbconI2CState *s,
                                          uint32_t old_value,
                                          uint32_t new_value)
{
    arm_sbcon_i2c_drive(s);
}

/* The clear register has no read side: a bad offset, reading all ones. */
uint32_t arm_sbcon_i2c_read_sb_controlc(ArmSbconI2CState *s)
{
    qemu_log_mask(LOG_GUEST_ERROR, "%s: Bad offset 0x%x\n",
                  "arm_sbcon_i2c_read", A_ARM_SBCON_I2C_SB_CONTROLC);
    return UINT32_MAX;
}

void arm_sbcon_i2c_post_write_sb_controlc(ArmSbconI2CState *s,
                                          uint32_t old_value,
                                          uint32_t new_value)
{
    arm_sbcon_i2c_drive(s);
}
