/*
 * Leak counters: live-object counts that the self-test runner checks
 * around every test.
 *
 * A subsystem that counts its live objects registers the count beside
 * its definition, in the file that changes it:
 *
 *	static atomic_long_t files_live;
 *	KTEST_LEAK_COUNTER(files_live, "files");
 *
 * The macro places a descriptor in the .ktest_counters linker section
 * (as KTEST does with .ktests), so the runner (kernel/ktest/ktest.c)
 * finds every counter without knowing the subsystems.  It reads each one
 * before a test and after it, and a test whose counts moved fails with
 * "leak: <what> N -> M".  Registering costs nothing at run time: the
 * counter is an ordinary atomic_long_t the subsystem keeps anyway.
 */
#ifndef KTEST_LEAK_H
#define KTEST_LEAK_H

#include <stddef.h>
#include "compiler.h"
#include "atomic.h"
#include "slab.h"

struct ktest_leak_counter {
	const char *what;	/* printed in the leak message */
	atomic_long_t *count;
	/*
	 * NULL, or a function that waits, for a bounded time, until work its
	 * subsystem finishes on its own has brought the count down (an
	 * io_uring ring closed by an exiting process is torn down by a
	 * kworker a moment later).  Called before every snapshot.  May sleep.
	 */
	void (*settle)(void);
};

#define KTEST_LEAK_COUNTER(var, description)				\
	static const struct ktest_leak_counter __ktest_leak_##var	\
		__section(".ktest_counters") __used __aligned(8) = {	\
		.what = description, .count = &(var),			\
	}

/* KTEST_LEAK_COUNTER with a settle function (see struct ktest_leak_counter). */
#define KTEST_LEAK_COUNTER_SETTLE(var, description, fn)			\
	static const struct ktest_leak_counter __ktest_leak_##var	\
		__section(".ktest_counters") __used __aligned(8) = {	\
		.what = description, .count = &(var), .settle = (fn),	\
	}

#define KTEST_MAX_LEAK_COUNTERS 16	/* leak_snapshot_take panics if more are registered */

/*
 * Everything the leak check compares (kernel/ktest/leaks.c): live kmalloc
 * objects per size class, free pages (page-table pages counted as free,
 * since a CPU may keep an address space's tables loaded lazily), kernel
 * stacks, per-CPU allocations, and each registered counter.
 */
struct leak_snapshot {
	long live[KMALLOC_NR_CLASSES];
	size_t free_pages;
	size_t stacks;
	size_t percpu;
	long counters[KTEST_MAX_LEAK_COUNTERS];
};

/*
 * Fills *s now: after each counter's settle function and after flushing
 * the slab quarantine.  May sleep.
 */
void leak_snapshot_take(struct leak_snapshot *s);
/*
 * Calls report(ctx, what, before, after) for every quantity that differs
 * between the two snapshots, in a fixed order; returns how many differ.
 * Never sleeps.
 */
typedef void (*leak_report_t)(void *ctx, const char *what, long before, long after);
int leak_snapshot_compare(const struct leak_snapshot *before, const struct leak_snapshot *after,
			  leak_report_t report, void *ctx);
/*
 * Makes /dev/ktest_leaks, through which user space's test runner reads a
 * snapshot as text (see leaks.c).  Called once by kmain after the /dev
 * nodes exist; panics if it cannot.  May sleep.
 */
void ktest_leaks_dev_init(void);

#endif
