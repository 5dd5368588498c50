/*
 * ktest: boot-time self-tests reported in KTAP v1.
 *
 * Declare a test next to the code it tests:
 *
 *	KTEST(suite, name) { EXPECT_EQ(1 + 1, 2); }
 *
 * or, with options:
 *
 *	KTEST_OPTS(suite, name, .expect_report = "WARNING in foo", .min_cpus = 2)
 *	{ ... }
 *
 * KTEST places a descriptor in the .ktests linker section; at boot
 * ktest_run_all() walks the section, groups tests by suite (in the order
 * suites first appear) and prints each suite as a KTAP subtest.
 *
 * EXPECT_* record a failure (with file:line and both values) and continue;
 * ASSERT_* record it and abandon the test.  A test that sets expect_report
 * is a negative test: it passes only if a report with exactly that title
 * (see include/report.h) happened while it ran.  A fatal report that the
 * test expected returns control to the runner, like a failed ASSERT.
 *
 * Around every test the runner checks for leaks: live kmalloc objects per
 * size class, free pages, kernel stacks, per-CPU allocations and every
 * counter registered with KTEST_LEAK_COUNTER (include/ktest_leak.h) must
 * be what they were before.
 */
#ifndef KTEST_H
#define KTEST_H

#include "compiler.h"

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(void);
	const char *expect_report;	/* title a negative test expects */
	int min_cpus;			/* SKIP on machines with fewer CPUs */
};

#define KTEST_OPTS(s, n, ...)							\
	static void ktest_##s##_##n(void);					\
	static const struct ktest __ktest_desc_##s##_##n			\
		__section(".ktests") __used __aligned(8) = {			\
		.suite = #s, .name = #n, .fn = ktest_##s##_##n, __VA_ARGS__	\
	};									\
	static void ktest_##s##_##n(void)
#define KTEST(s, n) KTEST_OPTS(s, n, .min_cpus = 1)

void ktest_check(bool ok, bool fatal, const char *file, int line, const char *what);
void ktest_check_int(bool fatal, const char *file, int line, const char *op,
		     const char *ea, const char *eb, long long a, long long b);
void ktest_check_str(bool fatal, const char *file, int line, const char *ea,
		     const char *eb, const char *a, const char *b);
/* Records a failure message for the running test (any CPU). */
__printf(3, 4) void ktest_fail(const char *file, int line, const char *fmt, ...);
/* Ends the running test as skipped with reason.  Call from the test's CPU. */
__noreturn void ktest_skip(const char *reason);

#define __KTEST_INT(fatal, op, a, b)						\
	ktest_check_int(fatal, __FILE__, __LINE__, #op, #a, #b,		\
			(long long)(a), (long long)(b))
#define EXPECT_EQ(a, b)		__KTEST_INT(false, ==, a, b)
#define EXPECT_NE(a, b)		__KTEST_INT(false, !=, a, b)
#define EXPECT_LT(a, b)		__KTEST_INT(false, <, a, b)
#define EXPECT_LE(a, b)		__KTEST_INT(false, <=, a, b)
#define EXPECT_GT(a, b)		__KTEST_INT(false, >, a, b)
#define EXPECT_GE(a, b)		__KTEST_INT(false, >=, a, b)
#define ASSERT_EQ(a, b)		__KTEST_INT(true, ==, a, b)
#define ASSERT_NE(a, b)		__KTEST_INT(true, !=, a, b)
#define ASSERT_GE(a, b)		__KTEST_INT(true, >=, a, b)
#define EXPECT_TRUE(c)		ktest_check(!!(c), false, __FILE__, __LINE__, #c)
#define EXPECT_FALSE(c)		ktest_check(!(c), false, __FILE__, __LINE__, "!(" #c ")")
#define ASSERT_TRUE(c)		ktest_check(!!(c), true, __FILE__, __LINE__, #c)
#define ASSERT_FALSE(c)		ktest_check(!(c), true, __FILE__, __LINE__, "!(" #c ")")
#define EXPECT_NULL(p)		EXPECT_TRUE((p) == NULL)
#define EXPECT_NOT_NULL(p)	EXPECT_TRUE((p) != NULL)
#define ASSERT_NOT_NULL(p)	ASSERT_TRUE((p) != NULL)
#define EXPECT_STREQ(a, b)	ktest_check_str(false, __FILE__, __LINE__, #a, #b, a, b)
#define ASSERT_STREQ(a, b)	ktest_check_str(true, __FILE__, __LINE__, #a, #b, a, b)

/*
 * Failing fast (see kernel/ktest/ktest.c).  A test that waits for the code
 * under test must give up once a check has failed: a wrong implementation
 * then fails in seconds instead of hanging the boot.
 *
 * ktest_failed: true once the running test has recorded a failure (on any
 * CPU).  Any context.
 *
 * KTEST_WAIT_UNTIL(cond, ms): evaluates cond every millisecond (sleeping
 * in between) until it is true, the test has failed, or ms milliseconds
 * have passed, which fails the test with "gave up after ms ms waiting for
 * cond".  Its value is cond's last value.  The test's thread, or any
 * thread that may sleep.
 *
 *	if (!KTEST_WAIT_UNTIL(atomic_read(&done) == n, 5000))
 *		goto cleanup;
 *
 * A test still running 10 s after its first failure, or longer than
 * ktest.timeout, is reported hung and ends the boot: every test after it
 * is reported not ok.
 */
bool ktest_failed(void);

struct ktest_wait {
	uint64_t start_ns;
	unsigned int ms;
};
struct ktest_wait ktest_wait_start(unsigned int ms);
/* One step of KTEST_WAIT_UNTIL: false to stop (failed or timed out), else sleeps 1 ms. */
bool ktest_wait_more(struct ktest_wait *w, const char *what, const char *file, int line);

#define KTEST_WAIT_UNTIL(cond, ms)						\
	({									\
		struct ktest_wait __kw = ktest_wait_start(ms);			\
		bool __kok;							\
		while (!(__kok = !!(cond)) &&					\
		       ktest_wait_more(&__kw, #cond, __FILE__, __LINE__))	\
			;							\
		__kok;								\
	})

/*
 * Starts per_cpu kernel threads on every online CPU, lets them all go at
 * once, waits until each has returned from fn(arg), reaps them, and
 * returns the sum of their return values.  Tests use it to hammer a
 * mechanism from every CPU.  In those threads use EXPECT_*, not ASSERT_*:
 * only the test's own thread can be abandoned.  May sleep.
 */
#define KTEST_MAX_THREADS_PER_CPU 4
long ktest_run_threads(int (*fn)(void *), void *arg, int per_cpu);

/*
 * Runs every selected test (ktest.filter, ktest.repeat: filter is a list of
 * globs, see glob_filter_match in include/glob.h; "" runs none and fails)
 * and returns true if none failed.  Called once, from kmain's boot thread, which then
 * starts init and exits QEMU with the verdict.
 */
bool ktest_run_all(const char *filter, unsigned int repeat);

/*
 * ktest.timeout=: a test run longer than seconds (0: no limit, the
 * default) is reported hung and ends the boot like a test hung after a
 * failure.  Call before ktest_run_all.
 */
void ktest_set_time_limit(unsigned int seconds);

/*
 * Hooks for report.c.  ktest_claim_report is called at the end of every
 * report: it returns true (and prints "# expected report: TITLE") if the
 * running test expects that title, and otherwise fails the running test.
 * ktest_abandon_current returns to the runner from a claimed fatal report.
 */
bool ktest_claim_report(const char *title);
__noreturn void ktest_abandon_current(void);

#endif
