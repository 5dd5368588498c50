/*
 * Self-tests of the runner's waiting helpers (suite ktest): a wait ends as
 * soon as its condition holds, also when another CPU makes it hold, and
 * a test that has failed nothing is not ktest_failed().  The giving-up
 * paths fail the test that takes them, so no self-test can take them; the
 * uring_files tests show them (remove the done-prefix rule from
 * kernel/uring/files.c: its test fails in about a second; docs/boot.md section 10).
 */
#include "ktest.h"
#include "atomic.h"
#include "time.h"
#include "sched.h"
#include "smp.h"

KTEST(ktest, wait_until_true_returns_at_once)
{
	uint64_t t0 = ktime_get_ns();

	EXPECT_FALSE(ktest_failed());
	EXPECT_TRUE(KTEST_WAIT_UNTIL(1 + 1 == 2, 5000));
	EXPECT_LT(ktime_get_ns() - t0, 1000000000ULL);	/* far below the 5 s bound */
}

static int count_up(void *arg)
{
	atomic_inc(arg);
	return 0;
}

/* The condition is made true by a thread on the last CPU while the test waits. */
KTEST(ktest, wait_until_sees_another_thread)
{
	atomic_t n;
	struct task *t;

	atomic_set(&n, 0);
	t = kthread_run_on_cpu(count_up, &n, num_online_cpus() - 1, "ktest-wait");
	ASSERT_NOT_NULL(t);
	EXPECT_TRUE(KTEST_WAIT_UNTIL(atomic_read(&n) == 1, 10000));
	kthread_stop(t);
	EXPECT_FALSE(ktest_failed());
}
