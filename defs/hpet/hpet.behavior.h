/*
 * HPET: what the PC board, the ACPI tables and the firmware configuration
 * use beside the device type itself.
 *
 * Hand-written beside defs/hpet/hpet.device.yaml; the generated header
 * includes it at its end, after TYPE_HPET.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_TIMER_HPET_BEHAVIOR_H
#define HW_TIMER_HPET_BEHAVIOR_H

#include "qom/object.h"

/* Where the PC machines map the register block, and its size. */
#define HPET_BASE               0xfed00000
#define HPET_LEN                0x400

/* The unnamed GPIO inputs that take the PIT and RTC outputs. */
#define HPET_LEGACY_PIT_INT     0
#define HPET_LEGACY_RTC_INT     1

/* Boards set the interrupt-route capability through this property. */
#define HPET_INTCAP "hpet-intcap"

/* At most this many HPETs are described to the firmware. */
#define HPET_FW_MAX_BLOCKS      8

/*
 * One event timer block as the firmware configuration item "etc/hpet"
 * (FW_CFG_HPET) describes it; the layout is an ABI with the firmware.
 */
struct hpet_fw_entry {
    uint32_t event_timer_block_id;
    uint64_t address;
    uint16_t min_tick;
    uint8_t page_prot;
} QEMU_PACKED;

/*
 * The firmware's table of HPETs; count is UINT8_MAX until the first HPET
 * is realized.
 */
struct hpet_fw_config {
    uint8_t count;
    struct hpet_fw_entry hpet[HPET_FW_MAX_BLOCKS];
} QEMU_PACKED;

extern struct hpet_fw_config hpet_fw_cfg;

/* Whether the machine has an HPET (the ACPI tables describe it if so). */
static inline bool hpet_find(void)
{
    return object_resolve_path_type("", TYPE_HPET, NULL);
}

#endif /* HW_TIMER_HPET_BEHAVIOR_H */
