/*
 * HPET behaviour: the main counter, the comparators on the virtual clock,
 * interrupt routing, the legacy PIT/RTC inputs and the migration hooks.
 *
 * The generated device (hpet.c, from defs/hpet/hpet.device.yaml) decodes
 * the registers, applies the access masks, keeps the register storage,
 * the capability register, the FSB routes and the reset values; it calls
 * the functions below for everything that has an effect beyond storage.
 *
 * Every counter, comparator and time value is an unsigned 64-bit integer
 * that wraps; a deadline reaches the clock as a signed value, which
 * timer_mod() clamps at 0.  The counter runs at 100 MHz: one tick is 10 ns.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/sysbus.h"
#include "hw/rtc/mc146818rtc.h"
#include "exec/address-spaces.h"
#include "hw/timer/hpet.h"

/* The firmware's description of every HPET, filled at realize and reset. */
struct hpet_fw_config hpet_fw_cfg = { .count = UINT8_MAX };

/* Each HPET's slot in hpet_fw_cfg, in realize order. */
static HPETState *hpet_fw_slot[HPET_FW_MAX_BLOCKS];

#define HPET_TICK_NS            10
/* A periodic timer is never re-armed closer than this to its last arming. */
#define HPET_PERIODIC_MIN_NS    1000
/* Streams of version 1 had no timer count: they always carried 3 timers. */
#define HPET_V1_TIMERS          3
/* Legacy replacement routing sends timer 0 here (and timer 1 to the RTC's). */
#define HPET_LEGACY_ROUTE_T0    0

static bool hpet_running(HPETState *s)
{
    return s->config & R_HPET_GEN_CONF_ENABLE_CNF_MASK;
}

static bool hpet_legacy_routing(HPETState *s)
{
    return s->config & R_HPET_GEN_CONF_LEG_RT_CNF_MASK;
}

static bool hpet_periodic(HPETTimer *t)
{
    return t->config & R_HPET_T_CONF_TYPE_CNF_MASK;
}

static bool hpet_mode32(HPETTimer *t)
{
    return t->config & R_HPET_T_CONF_MODE32_CNF_MASK;
}

/*
 * A timer's bit in GINTR_STA, as the status logic has always computed it:
 * an int shifted and widened, so bit 31 also sets the upper half; a shift
 * count past 31 (only from a damaged stream) wraps.
 */
static uint64_t hpet_status_bit(unsigned tn)
{
    return (uint64_t)(int64_t)(int32_t)(1u << (tn & 31));
}

/* The counter while running: (virtual ns + offset) / 10. */
static uint64_t hpet_ticks_now(HPETState *s)
{
    uint64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    return (now + s->hpet_offset) / HPET_TICK_NS;
}

/* Virtual time at which the counter reaches @tick. */
static uint64_t hpet_tick_to_ns(HPETState *s, uint64_t tick)
{
    return tick * HPET_TICK_NS - s->hpet_offset;
}

/*
 * The counter value a comparator designates: itself, or in 32-bit mode
 * the next counter value whose low half equals it.
 */
static uint64_t hpet_target(HPETTimer *t, uint64_t cur, uint64_t cmp)
{
    uint64_t r;

    if (!hpet_mode32(t)) {
        return cmp;
    }
    r = (cur & ~0xffffffffULL) | (uint32_t)cmp;
    if (r < cur) {
        r += 0x100000000ULL;
    }
    return r;
}

/* First counter value of the 2^32 period after the one holding @cur. */
static uint64_t hpet_next_wrap(uint64_t cur)
{
    return (cur | 0xffffffffULL) + 1;
}

/* Arm @t for counter value @tick; periodic timers stay 1 us apart. */
static void hpet_arm(HPETTimer *t, uint64_t tick)
{
    uint64_t ns = hpet_tick_to_ns(t->owner, tick);

    if (hpet_periodic(t) && ns - t->last < HPET_PERIODIC_MIN_NS) {
        ns = t->last + HPET_PERIODIC_MIN_NS;
    }
    t->last = ns;
    timer_mod(t->qemu_timer, ns);
}

/*
 * Advance a periodic target by whole periods until it is no longer behind
 * @cur (in the signed, wrapping sense).  Computed in closed form: a guest
 * can program a period and target that need up to 2^63 steps.
 */
static uint64_t hpet_catch_up(uint64_t target, uint64_t cur, uint64_t period)
{
    uint64_t behind = target - cur;
    uint64_t steps;

    if ((int64_t)behind >= 0) {
        return target;
    }
    if (period <= (1ULL << 63)) {
        /* Steps of @period carry the difference past 2^64, into [0, period). */
        uint64_t gap = -behind;

        steps = gap / period + (gap % period != 0);
    } else {
        /* Steps of @period move the difference down by 2^64 - period. */
        uint64_t down = -period;

        steps = (behind - (1ULL << 63)) / down + 1;
    }
    return target + steps * period;
}

/* Recompute @t's 64-bit target and arm it (at the wrap first, if due). */
static void hpet_set_timer(HPETTimer *t)
{
    uint64_t cur = hpet_ticks_now(t->owner);

    t->wrap_flag = 0;
    t->cmp64 = hpet_target(t, cur, t->cmp);
    if (hpet_mode32(t) && !hpet_periodic(t) &&
        t->cmp64 > hpet_next_wrap(cur)) {
        /* A 32-bit one-shot also interrupts when the low half wraps. */
        t->wrap_flag = 1;
        hpet_arm(t, hpet_next_wrap(cur));
        return;
    }
    hpet_arm(t, t->cmp64);
}

/*
 * Set or clear @t's interrupt, acting on configuration @config: the status
 * bit follows for level timers (whatever the enables), and the line is
 * raised (level), pulsed (edge) or written to memory (FSB) when set and
 * both the timer and the counter are enabled, lowered otherwise.
 */
static void hpet_update_irq_as(HPETTimer *t, uint64_t config, bool set)
{
    HPETState *s = t->owner;
    bool level = config & R_HPET_T_CONF_INT_TYPE_CNF_MASK;
    bool fsb = config & R_HPET_T_CONF_FSB_EN_CNF_MASK;
    uint64_t bit = hpet_status_bit(t->tn);
    unsigned route;

    if (t->tn <= 1 && hpet_legacy_routing(s)) {
        route = t->tn == 0 ? HPET_LEGACY_ROUTE_T0 : RTC_ISA_IRQ;
    } else {
        route = FIELD_EX64(config, HPET_T_CONF, INT_ROUTE_CNF);
    }

    if (set && level) {
        s->isr |= bit;
    } else {
        s->isr &= ~bit;
    }

    if (set && (config & R_HPET_T_CONF_INT_ENB_CNF_MASK) && hpet_running(s)) {
        if (fsb) {
            address_space_stl_le(&address_space_memory, t->fsb >> 32,
                                 (uint32_t)t->fsb, MEMTXATTRS_UNSPECIFIED,
                                 NULL);
        } else if (level) {
            qemu_irq_raise(s->irq[route]);
        } else {
            qemu_irq_pulse(s->irq[route]);
        }
    } else if (!fsb) {
        qemu_irq_lower(s->irq[route]);
    }
}

static void hpet_update_irq(HPETTimer *t, bool set)
{
    hpet_update_irq_as(t, t->config, set);
}

/* Stop @t; a pending status re-runs "set" so only the line drops. */
static void hpet_stop_timer(HPETTimer *t)
{
    timer_del(t->qemu_timer);
    if (t->owner->isr & hpet_status_bit(t->tn)) {
        hpet_update_irq(t, true);
    }
}

/* Merge the written bits @mask of @value into @old. */
static uint64_t hpet_merge(uint64_t old, uint64_t value, uint64_t mask)
{
    return (old & ~mask) | (value & mask);
}

/*
 * GEN_CONF stored: enabling continues the counter from its stored value,
 * re-asserts pending interrupts and arms every timer; disabling freezes
 * the counter and stops the timers.  Legacy routing takes IRQ 0 and 8
 * from the PIT and RTC.
 */
void hpet_post_write_gen_conf(HPETState *s, uint64_t old_value,
                              uint64_t new_value)
{
    uint64_t on = new_value & ~old_value;
    uint64_t off = old_value & ~new_value;
    unsigned i;

    if (on & R_HPET_GEN_CONF_ENABLE_CNF_MASK) {
        s->hpet_offset = s->hpet_counter * HPET_TICK_NS -
                         qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        for (i = 0; i < s->timers; i++) {
            HPETTimer *t = &s->timer[i];

            if ((t->config & R_HPET_T_CONF_INT_ENB_CNF_MASK) &&
                (s->isr & hpet_status_bit(i))) {
                hpet_update_irq(t, true);
            }
            hpet_set_timer(t);
        }
    } else if (off & R_HPET_GEN_CONF_ENABLE_CNF_MASK) {
        s->hpet_counter = hpet_ticks_now(s);
        for (i = 0; i < s->timers; i++) {
            hpet_stop_timer(&s->timer[i]);
        }
    }

    if (on & R_HPET_GEN_CONF_LEG_RT_CNF_MASK) {
        qemu_set_irq(s->pit_enabled, 0);
        qemu_irq_lower(s->irq[HPET_LEGACY_ROUTE_T0]);
        qemu_irq_lower(s->irq[RTC_ISA_IRQ]);
    } else if (off & R_HPET_GEN_CONF_LEG_RT_CNF_MASK) {
        qemu_irq_lower(s->irq[HPET_LEGACY_ROUTE_T0]);
        qemu_set_irq(s->pit_enabled, 1);
        qemu_set_irq(s->irq[RTC_ISA_IRQ], s->rtc_irq_level);
    }
}

/* Write 1 to clear: a bit set in both the value and the status clears. */
void hpet_write_gintr_sta(HPETState *s, uint64_t value, uint64_t mask)
{
    uint64_t cleared = value & s->isr;
    unsigned i;

    for (i = 0; i < s->timers; i++) {
        if (cleared & hpet_status_bit(i)) {
            hpet_update_irq(&s->timer[i], false);
        }
    }
}

/* The live count while running, the frozen one while halted. */
uint64_t hpet_read_main_cnt(HPETState *s)
{
    return hpet_running(s) ? hpet_ticks_now(s) : s->hpet_counter;
}

/*
 * Tn_CONF stored.  A level-to-edge change clears the interrupt as the
 * replaced configuration routed it; enabling with the status bit set
 * re-asserts; 32-bit mode truncates comparator and period; a running
 * counter re-arms the timer.
 */
void hpet_post_write_t_conf(HPETState *s, unsigned index, uint64_t old_value,
                            uint64_t new_value)
{
    HPETTimer *t = &s->timer[index];
    uint64_t on = new_value & ~old_value;
    uint64_t off = old_value & ~new_value;

    if (off & R_HPET_T_CONF_INT_TYPE_CNF_MASK) {
        hpet_update_irq_as(t, old_value, false);
    }
    if ((on & R_HPET_T_CONF_INT_ENB_CNF_MASK) &&
        (s->isr & hpet_status_bit(index))) {
        hpet_update_irq(t, true);
    }
    if (new_value & R_HPET_T_CONF_MODE32_CNF_MASK) {
        t->cmp = (uint32_t)t->cmp;
        t->period = (uint32_t)t->period;
    }
    if (hpet_running(s)) {
        hpet_set_timer(t);
    }
}

/*
 * Tn_COMPARATOR.  In 32-bit mode the upper half is ignored and a write of
 * the lower half zero-extends; a periodic timer takes the value as its
 * period, and as its comparator only when VAL_SET is set.
 */
void hpet_write_t_cmp(HPETState *s, unsigned index, uint64_t value,
                      uint64_t mask)
{
    HPETTimer *t = &s->timer[index];

    if (hpet_mode32(t)) {
        if (!(mask & 0xffffffffULL)) {
            return;
        }
        value = (uint32_t)value;
        mask = UINT64_MAX;
    }
    if (!hpet_periodic(t) || (t->config & R_HPET_T_CONF_VAL_SET_CNF_MASK)) {
        t->cmp = hpet_merge(t->cmp, value, mask);
    }
    if (hpet_periodic(t)) {
        t->period = hpet_merge(t->period, value, mask);
    }
    t->config &= ~R_HPET_T_CONF_VAL_SET_CNF_MASK;
    if (hpet_running(s)) {
        hpet_set_timer(t);
    }
}

/* PIT and RTC outputs pass to IRQ 0 and 8 unless legacy routing owns them. */
void hpet_gpio_in_legacy(HPETState *s, int n, int level)
{
    if (n == HPET_LEGACY_PIT_INT) {
        if (!hpet_legacy_routing(s)) {
            qemu_set_irq(s->irq[HPET_LEGACY_ROUTE_T0], level);
        }
    } else {
        s->rtc_irq_level = level;
        if (!hpet_legacy_routing(s)) {
            qemu_set_irq(s->irq[RTC_ISA_IRQ], level);
        }
    }
}

/*
 * Expiry: a periodic timer moves its target past the count (a target
 * equal to the count stays) and re-arms; a 32-bit one-shot that waited
 * for the wrap arms its real target; then the interrupt is set.
 *
 * A periodic target whose time lies in the past again after re-arming
 * (a period or comparator so large that its nanosecond value wraps)
 * fires again at once, as in stock QEMU; the fired_at/fired_count guard
 * of devgen's own runtime is not applied here, since this device must
 * answer exactly as QEMU's does.
 */
void hpet_timer_expired(HPETState *s, unsigned index)
{
    HPETTimer *t = &s->timer[index];
    uint64_t cur = hpet_ticks_now(s);

    if (hpet_periodic(t) && t->period != 0) {
        t->cmp64 = hpet_catch_up(t->cmp64, cur, t->period);
        t->cmp = hpet_mode32(t) ? (uint32_t)t->cmp64 : t->cmp64;
        hpet_arm(t, t->cmp64);
    } else if (t->wrap_flag) {
        t->wrap_flag = 0;
        hpet_arm(t, t->cmp64);
    }
    hpet_update_irq(t, true);
}

/* The stream carries the live count and the number of timers. */
int hpet_vmstate_pre_save(HPETState *s)
{
    if (hpet_running(s)) {
        s->hpet_counter = hpet_ticks_now(s);
    }
    s->num_timers_save = s->timers;
    return 0;
}

/*
 * After loading: targets follow the loaded counter, the storm limit is
 * re-based a second back, and a stream without the offset subsection
 * makes the offset follow the counter.
 */
int hpet_vmstate_post_load(HPETState *s, int version_id)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    unsigned i;

    for (i = 0; i < s->timers; i++) {
        HPETTimer *t = &s->timer[i];

        t->cmp64 = hpet_target(t, s->hpet_counter, t->cmp);
        t->last = now - NANOSECONDS_PER_SECOND;
    }
    if (!s->hpet_offset_saved) {
        s->hpet_offset = s->hpet_counter * HPET_TICK_NS - now;
    }
    return 0;
}

/* The stream's timer count must be ours. */
bool hpet_num_timers_match(HPETState *s, int version_id)
{
    unsigned sent = version_id >= 2 ? s->num_timers_save : HPET_V1_TIMERS;

    return sent == s->timers;
}

/* The offset travels only while the counter runs, if the machine wants it. */
bool hpet_offset_needed(HPETState *s)
{
    return hpet_running(s) && s->hpet_offset_saved;
}

/*
 * Fill this HPET's entry of the firmware table; the block id is the low
 * half of GCAP_ID.
 */
static void hpet_fw_describe(HPETState *s)
{
    unsigned i;

    for (i = 0; i < HPET_FW_MAX_BLOCKS; i++) {
        if (hpet_fw_slot[i] == s) {
            hpet_fw_cfg.hpet[i].event_timer_block_id =
                (uint32_t)hpet_gcap_id_reset_value(s);
            hpet_fw_cfg.hpet[i].address = SYS_BUS_DEVICE(s)->mmio[0].addr;
            return;
        }
    }
}

/* Claim a firmware table slot; every timer learns its index. */
void hpet_realize(HPETState *s, Error **errp)
{
    unsigned i;

    if (!s->hpet_intcap) {
        warn_report("hpet: no interrupt route capability (hpet-intcap) set");
    }
    if (hpet_fw_cfg.count == UINT8_MAX) {
        hpet_fw_cfg.count = 0;
    }
    if (hpet_fw_cfg.count == HPET_FW_MAX_BLOCKS) {
        error_setg(errp, "at most %d HPETs are supported", HPET_FW_MAX_BLOCKS);
        return;
    }
    hpet_fw_slot[hpet_fw_cfg.count++] = s;

    for (i = 0; i < ARRAY_SIZE(s->timer); i++) {
        s->timer[i].tn = i;
    }
}

/*
 * Reset, before the registers take their reset values (so with the old
 * configuration): stop every timer, keeping a pending level line as the
 * status says, and let the PIT's output through.
 */
void hpet_pre_reset(HPETState *s)
{
    unsigned i;

    for (i = 0; i < s->timers; i++) {
        hpet_stop_timer(&s->timer[i]);
    }
    qemu_set_irq(s->pit_enabled, 1);
}

/*
 * Reset, after the registers took theirs: the state no register holds,
 * and the firmware's view of this HPET.
 */
void hpet_reset(HPETState *s)
{
    unsigned i;

    for (i = 0; i < s->timers; i++) {
        s->timer[i].period = 0;
        s->timer[i].wrap_flag = 0;
    }
    s->hpet_offset = 0;
    hpet_fw_describe(s);
}
