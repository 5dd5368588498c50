/*
 * Self-tests of mutexes (kernel/locking/mutex.c), suite mutex.
 *
 * Lab tools (labs/tools/handout.md) has students write this suite: at
 * least three tests that pass, one of them on several CPUs at once, and a
 * negative test that claims the WARNING mutex_unlock prints when the task
 * unlocking is not the owner.
 */
#include "ktest.h"
#include "mutex.h"
/* LAB(tools) BEGIN SOLUTION */
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include "atomic.h"
#include "compiler.h"

/*
 * A free mutex can be taken once; trylock by anyone, even the owner, then
 * fails without sleeping or warning; unlock frees it.
 */
KTEST(mutex, trylock_and_is_locked)
{
	struct mutex m;

	mutex_init(&m);
	EXPECT_FALSE(mutex_is_locked(&m));
	EXPECT_TRUE(mutex_trylock(&m));
	EXPECT_TRUE(mutex_is_locked(&m));
	EXPECT_FALSE(mutex_trylock(&m));
	mutex_unlock(&m);
	EXPECT_FALSE(mutex_is_locked(&m));
	mutex_lock(&m);		/* free: returns at once */
	EXPECT_TRUE(mutex_is_locked(&m));
	mutex_unlock(&m);
}

struct waiter {
	struct mutex m;
	atomic_t got;		/* the other thread holds, or has held, the mutex */
};

static int take_and_release(void *arg)
{
	struct waiter *w = arg;

	mutex_lock(&w->m);
	atomic_set(&w->got, 1);
	mutex_unlock(&w->m);
	return 0;
}

/* A second task's mutex_lock sleeps while the mutex is held and gets it once it is released. */
KTEST(mutex, lock_sleeps_until_unlock)
{
	struct waiter w;
	struct task *t;

	mutex_init(&w.m);
	atomic_set(&w.got, 0);
	mutex_lock(&w.m);
	t = kthread_run_on_cpu(take_and_release, &w, num_online_cpus() - 1, "mutex-waiter");
	ASSERT_NOT_NULL(t);
	msleep(20);		/* long enough for it to reach mutex_lock and sleep */
	EXPECT_EQ(atomic_read(&w.got), 0);
	mutex_unlock(&w.m);
	EXPECT_TRUE(KTEST_WAIT_UNTIL(atomic_read(&w.got) == 1, 5000));
	kthread_stop(t);
	EXPECT_FALSE(mutex_is_locked(&w.m));
}

#define ROUNDS 300

struct counter {
	struct mutex m;
	long n;			/* changed only under m, in two steps */
};

static int count_under_lock(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < ROUNDS; i++) {
		long v;

		mutex_lock(&c->m);
		v = READ_ONCE(c->n);
		if (i % 8 == 0)
			yield();	/* sleep-free but long: others must wait, not enter */
		WRITE_ONCE(c->n, v + 1);
		mutex_unlock(&c->m);
	}
	return 0;
}

/*
 * Mutual exclusion from every CPU: two threads per CPU each add 1, ROUNDS
 * times, as a read and a separate write.  Without the mutex, increments
 * overlapping a yield() would be lost.
 */
KTEST_OPTS(mutex, excludes_on_all_cpus, .min_cpus = 2)
{
	struct counter c = { .n = 0 };

	mutex_init(&c.m);
	EXPECT_EQ(ktest_run_threads(count_under_lock, &c, 2), 0);
	EXPECT_EQ(c.n, (long)ROUNDS * 2 * num_online_cpus());
	EXPECT_FALSE(mutex_is_locked(&c.m));
}

/*
 * Releasing a mutex this task does not hold is a bug mutex_unlock reports
 * with a WARNING, titled by the function of the WARN_ON (docs/boot.md
 * section 8), once per test: the runner re-arms WARN_ON_ONCE for each.
 */
KTEST_OPTS(mutex, unlock_unowned_warns, .expect_report = "WARNING in mutex_unlock")
{
	struct mutex m;

	mutex_init(&m);
	mutex_unlock(&m);
	EXPECT_FALSE(mutex_is_locked(&m));
}
/* LAB(tools) END SOLUTION */
/* LAB(tools) YOUR CODE HERE: your KTEST(mutex, ...) tests (labs/tools/handout.md, tasks 2-4) */
