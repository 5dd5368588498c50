/*
 * What the io_uring torture test (torture.c) and SQE fuzzer (fuzz.c)
 * share: a small seeded random-number generator, their boot options, how
 * they report a failed check, and an alarm that interrupts a blocking call.
 *
 * Replay.  Each run has one 32-bit RNG seed, printed when it starts;
 * thread i draws from its own generator, seeded from (RNG seed, i) through
 * splitmix64, so a thread makes the same choices whenever the RNG seed is
 * the same.  The scheduler is not part of the RNG seed: threads interleave
 * differently from run to run, and whatever they share (rings, CQEs, fd
 * numbers) can steer a thread onto another path.  A replay repeats the
 * choices, and so the kind of stress, not the exact interleaving.
 *
 * Options.  The tests read their options by parsing the boot command line
 * again into a struct boot_options of their own: cmdline_parse changes
 * nothing but that struct, and kmain keeps its copy private.
 */
#ifndef URING_STRESS_H
#define URING_STRESS_H

#include "atomic.h"
#include "cmdline.h"
#include "ktest.h"
#include <asm/multiboot2.h>
#include "printf.h"
#include "sched.h"
#include "timer.h"
#include "time.h"

/* xorshift64*, seeded through splitmix64 so that nearby RNG seeds diverge at once. */
struct stress_rng {
	uint64_t s;
};

static inline uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void stress_rng_init(struct stress_rng *r, uint32_t rng_seed, int thread)
{
	uint64_t x = ((uint64_t)rng_seed << 32) ^ (uint64_t)(thread + 1) * 0x632be59bd9b4e019ULL;

	r->s = splitmix64(&x) | 1;	/* xorshift must not start at 0 */
}

static inline uint64_t stress_next(struct stress_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant here. */
static inline uint32_t stress_below(struct stress_rng *r, uint32_t n)
{
	return (uint32_t)((stress_next(r) >> 32) % n);
}

static inline bool stress_chance(struct stress_rng *r, unsigned int percent)
{
	return stress_below(r, 100) < percent;
}

/* The RNG seed to use: the one given, or a fresh one from the clock. */
static inline uint32_t stress_rng_seed(long long given)
{
	uint64_t x = ktime_get_ns();

	return given >= 0 ? (uint32_t)given : (uint32_t)splitmix64(&x);
}

static inline void stress_boot_options(struct boot_options *o)
{
	boot_options_default(o);
	cmdline_parse(boot_info.cmdline, o);
}

/*
 * A failed check: counted in *count, and the first STRESS_SHOWN fail the
 * test with file:line and the RNG seed.  A broken invariant tends to break
 * thousands of times; the rest are only counted, so the log stays short.
 */
#define STRESS_SHOWN 20

static inline void stress_vreport(atomic_long_t *count, uint32_t rng_seed, const char *file,
				  int line, const char *fmt, va_list ap)
{
	char msg[160];

	if (atomic_long_inc_return(count) > STRESS_SHOWN)
		return;
	vscnprintf(msg, sizeof(msg), fmt, ap);
	ktest_fail(file, line, "%s (RNG seed %u)", msg, rng_seed);
}

/*
 * An alarm: stress_alarm_arm() makes the task interruptible-wait calls
 * (io_uring_enter with IORING_ENTER_GETEVENTS) return -EINTR after about
 * ms milliseconds, as a signal would; stress_alarm_disarm() cancels it
 * and clears the signal, so nothing stray reaches the next call.
 */
struct stress_alarm {
	struct timer_list timer;
	struct task *task;
};

static inline void stress_alarm_fn(struct timer_list *t)
{
	signal_task(container_of(t, struct stress_alarm, timer)->task);
}

static inline void stress_alarm_init(struct stress_alarm *a)
{
	a->task = current;
	timer_setup(&a->timer, stress_alarm_fn);
}

static inline void stress_alarm_arm(struct stress_alarm *a, unsigned int ms)
{
	mod_timer(&a->timer, jiffies + 1 + ms * HZ / 1000);
}

static inline void stress_alarm_disarm(struct stress_alarm *a)
{
	del_timer_sync(&a->timer);
	clear_signal();
}

#endif
