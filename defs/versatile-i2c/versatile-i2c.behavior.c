/*
 * ARM Versatile / SBCon I2C controller behaviour: after every write the
 * lines the guest drives go to the bit-banged I2C engine, SCL first, then
 * SDA; the SDA level the engine answers is what SB_CONTROLS reads back.
 *
 * The generated device (arm_sbcon_i2c.c, from
 * defs/versatile-i2c/versatile-i2c.device.yaml) decodes the two registers,
 * stores the set/clear bits into `out`, logs bad offsets and calls the
 * functions below; the region's post-write hook follows every write,
 * whatever its offset, as QEMU's write handler drives the lines after its
 * switch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/i2c/bitbang_i2c.h"
#include "hw/i2c/arm_sbcon_i2c.h"

/* SCL as driven, SDA as the bus sees it. */
uint32_t arm_sbcon_i2c_read_sb_controls(ArmSbconI2CState *s)
{
    return (s->out & R_ARM_SBCON_I2C_SB_CONTROLS_SCL_MASK) |
           (s->in << R_ARM_SBCON_I2C_SB_CONTROLS_SDA_SHIFT);
}

/* The clear register has no read side: a bad offset, reading all ones. */
uint32_t arm_sbcon_i2c_read_sb_controlc(ArmSbconI2CState *s)
{
    qemu_log_mask(LOG_GUEST_ERROR, "%s: Bad offset 0x%x\n",
                  "arm_sbcon_i2c_read", A_ARM_SBCON_I2C_SB_CONTROLC);
    return UINT32_MAX;
}

/*
 * After every write, register or bad offset: drive SCL, then SDA, from
 * `out`; keep the bus's SDA answer.
 */
void arm_sbcon_i2c_region_post_write_arm_sbcon_i2c(ArmSbconI2CState *s,
                                                   hwaddr offset,
                                                   unsigned size)
{
    int scl = (s->out & R_ARM_SBCON_I2C_SB_CONTROLS_SCL_MASK) != 0;
    int sda = (s->out & R_ARM_SBCON_I2C_SB_CONTROLS_SDA_MASK) != 0;

    bitbang_i2c_set(&s->bitbang, BITBANG_I2C_SCL, scl);
    s->in = bitbang_i2c_set(&s->bitbang, BITBANG_I2C_SDA, sda);
}
