/*
 * The tick and the clock.
 *
 * Each CPU's LAPIC timer fires HZ times a second: it runs that CPU's
 * expired timers and the scheduler's round robin; the boot CPU's tick also
 * advances jiffies.  The nanosecond clock reads the TSC and scales it with
 * a multiplier measured at boot against the PIT: ns = tsc * mult >> 32,
 * computed in 128 bits so it cannot overflow for centuries of uptime.
 */
#include "time.h"
#include <asm/x86.h>
#include <asm/apic.h>
#include <asm/traps.h>
#include <asm/pit.h>
#include "percpu.h"
#include "printk.h"
#include "timer.h"
#include "sched.h"

#define CALIBRATE_MS 2	/* short: a window the host does not interrupt is likelier */
#define CALIBRATE_TRIES 25	/* the shortest window wins: see arch/x86_64/pit.c */

volatile uint64_t jiffies;
static uint64_t tsc_base;
static uint64_t tsc_to_ns_mult;	/* ns per TSC tick, 32.32 fixed point */
DEFINE_PER_CPU(uint64_t, local_ticks);

static void timer_interrupt(struct pt_regs *regs)
{
	(void)regs;
	this_cpu_inc(local_ticks);
	if (smp_processor_id() == 0)	/* the only writer, so no atomic add */
		WRITE_ONCE(jiffies, jiffies + 1);
	run_local_timers();
	scheduler_tick();
}

uint64_t ktime_get_ns(void)
{
	uint64_t delta = rdtsc() - tsc_base;

	return (uint64_t)(((unsigned __int128)delta * tsc_to_ns_mult) >> 32);
}

void ndelay(uint64_t ns)
{
	uint64_t end = ktime_get_ns() + ns;

	while (ktime_get_ns() < end)
		cpu_relax();
}

static uint64_t tsc_counter(void)
{
	return rdtsc();
}

void time_init(void)
{
	uint64_t t0 = rdtsc();
	uint64_t per_window = pit_measure_min(tsc_counter, CALIBRATE_MS, CALIBRATE_TRIES);

	tsc_to_ns_mult = ((uint64_t)CALIBRATE_MS * 1000000 << 32) / per_window;
	tsc_base = t0;
	pr_info("time: TSC %llu MHz\n", (unsigned long long)(per_window / (CALIBRATE_MS * 1000)));
	apic_timer_calibrate();
	set_irq_handler(LOCAL_TIMER_VECTOR, timer_interrupt);
	apic_timer_start(HZ);
}
