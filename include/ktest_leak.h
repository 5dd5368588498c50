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

#include "compiler.h"
#include "atomic.h"

struct ktest_leak_counter {
	const char *what;	/* printed in the leak message */
	atomic_long_t *count;
};

#define KTEST_LEAK_COUNTER(var, description)				\
	static const struct ktest_leak_counter __ktest_leak_##var	\
		__section(".ktest_counters") __used __aligned(8) = {	\
		.what = description, .count = &(var),			\
	}

#endif
