/* LAB(mutants) DELETE FILE */
/*
 * Self-tests of percpu_ref under traffic, on every CPU at once: kill, mode
 * switches and reinit while threads on every CPU take and drop references,
 * each checking that release() never runs while it holds one.  The
 * step-by-step tests are in percpu_ref_test.c; ktest.filter=percpu_ref*
 * runs both suites.
 */
#include "ktest.h"
#include "counted_ref.h"
#include "smp.h"
#include <asm/x86.h>

struct hammer {
	struct counted_ref c;
	volatile bool stop;
	volatile bool confirmed;
	atomic_long_t gets, errors;
};

static void hammer_confirm(struct percpu_ref *ref)
{
	struct hammer *h = container_of(ref, struct hammer, c.ref);

	smp_mb();
	h->confirmed = true;
}

/*
 * Takes and drops references until stopped.  While holding one, release
 * must not have run; once the confirm hook has run, tryget_live must fail.
 * Plain tryget (which still works on a dead ref) is only used before the
 * confirmation: after it, like real users, threads stop taking new
 * references, or with many CPUs some thread would always hold one and the
 * count would never drain to zero.
 */
static int hammer_thread(void *arg)
{
	struct hammer *h = arg;

	while (!h->stop) {
		bool was_confirmed = h->confirmed;

		smp_mb();
		if (percpu_ref_tryget_live(&h->c.ref)) {
			if (was_confirmed)
				atomic_long_inc(&h->errors);
			atomic_long_inc(&h->gets);
			if (atomic_read(&h->c.released))
				atomic_long_inc(&h->errors);
			cpu_relax();
			percpu_ref_put(&h->c.ref);
		} else if (!was_confirmed && percpu_ref_tryget(&h->c.ref)) {
			if (atomic_read(&h->c.released))
				atomic_long_inc(&h->errors);
			percpu_ref_put(&h->c.ref);
		}
		if (percpu_ref_is_dying(&h->c.ref) && atomic_read(&h->c.released))
			break;
	}
	return 0;
}

static int stop_after(void *arg)
{
	struct hammer *h = arg;

	msleep(30);
	/* All that traffic went to the per-CPU counters: the shared count is untouched. */
	if ((unsigned long)atomic_count(&h->c.ref) != BIAS + 1)
		atomic_long_inc(&h->errors);
	percpu_ref_kill_and_confirm(&h->c.ref, hammer_confirm);
	if (!released_within(&h->c, 1))
		atomic_long_inc(&h->errors);
	h->stop = true;
	return 0;
}

KTEST(percpu_ref_traffic, kill_under_traffic_releases_once_after_last_put)
{
	struct hammer h = { .stop = false, .confirmed = false };
	struct task *killer;

	atomic_long_set(&h.gets, 0);
	atomic_long_set(&h.errors, 0);
	ASSERT_EQ(counted_init(&h.c, 0), 0);
	killer = kthread_run_on_cpu(stop_after, &h, 0, "killer");
	ASSERT_NOT_NULL(killer);
	ktest_run_threads(hammer_thread, &h, 1);
	kthread_stop(killer);
	rcu_barrier();
	EXPECT_EQ(atomic_read(&h.c.released), 1);
	EXPECT_TRUE(h.confirmed);
	EXPECT_EQ(atomic_long_read(&h.errors), 0);
	EXPECT_GT(atomic_long_read(&h.gets), 0);
	percpu_ref_exit(&h.c.ref);
}

struct switcher {
	struct counted_ref c;
	volatile bool stop;
	atomic_long_t held;
};

#define HOLD_PER_THREAD 100

static int get_put_traffic(void *arg)
{
	struct switcher *s = arg;

	while (!s->stop) {
		percpu_ref_get(&s->c.ref);
		percpu_ref_get_many(&s->c.ref, 2);
		percpu_ref_put_many(&s->c.ref, 3);
	}
	for (int i = 0; i < HOLD_PER_THREAD; i++)	/* leave a known number held */
		percpu_ref_get(&s->c.ref);
	atomic_long_add(HOLD_PER_THREAD, &s->held);
	return 0;
}

static int flip_modes(void *arg)
{
	struct switcher *s = arg;

	for (int i = 0; i < 10; i++) {
		percpu_ref_switch_to_atomic_sync(&s->c.ref);
		if (atomic_long_read(&s->c.ref.count) <= 0)
			atomic_long_set(&s->held, -1000000);	/* impossible: flag it */
		percpu_ref_switch_to_percpu(&s->c.ref);
		if (!in_percpu_mode(&s->c.ref))
			atomic_long_set(&s->held, -2000000);	/* the switch back did not happen */
	}
	s->stop = true;
	return 0;
}

KTEST(percpu_ref_traffic, mode_switches_under_traffic_keep_count)
{
	struct switcher s = { .stop = false };
	struct task *flipper;
	long held;

	atomic_long_set(&s.held, 0);
	ASSERT_EQ(counted_init(&s.c, PERCPU_REF_ALLOW_REINIT), 0);
	flipper = kthread_run_on_cpu(flip_modes, &s, 0, "flipper");
	ASSERT_NOT_NULL(flipper);
	ktest_run_threads(get_put_traffic, &s, 1);
	kthread_stop(flipper);
	percpu_ref_switch_to_atomic_sync(&s.c.ref);
	held = atomic_long_read(&s.held);
	EXPECT_EQ(held, (long)HOLD_PER_THREAD * num_online_cpus());
	EXPECT_EQ(atomic_count(&s.c.ref), held + 1);
	percpu_ref_put_many(&s.c.ref, (unsigned long)held);
	percpu_ref_kill(&s.c.ref);
	EXPECT_EQ(atomic_read(&s.c.released), 1);
	percpu_ref_exit(&s.c.ref);
}

#define REINIT_CYCLES 5

static int reinit_cycles(void *arg)
{
	struct hammer *h = arg;

	for (int cycle = 0; cycle < REINIT_CYCLES; cycle++) {
		msleep(2);
		percpu_ref_kill(&h->c.ref);
		if (!released_within(&h->c, cycle + 1)) {
			atomic_long_inc(&h->errors);
			break;
		}
		reinit_completion(&h->c.release_done);
		percpu_ref_reinit(&h->c.ref);
		if (!in_percpu_mode(&h->c.ref))	/* reinit brings percpu mode back */
			atomic_long_inc(&h->errors);
	}
	h->stop = true;
	return 0;
}

static int get_put_while_cycling(void *arg)
{
	struct hammer *h = arg;

	while (!h->stop) {
		if (percpu_ref_tryget_live(&h->c.ref)) {
			atomic_long_inc(&h->gets);
			percpu_ref_put(&h->c.ref);
		}
	}
	return 0;
}

KTEST(percpu_ref_traffic, reinit_cycles_under_traffic)
{
	struct hammer h = { .stop = false };
	struct task *cycler;

	atomic_long_set(&h.gets, 0);
	atomic_long_set(&h.errors, 0);
	ASSERT_EQ(counted_init(&h.c, PERCPU_REF_ALLOW_REINIT), 0);
	cycler = kthread_run_on_cpu(reinit_cycles, &h, 0, "cycler");
	ASSERT_NOT_NULL(cycler);
	ktest_run_threads(get_put_while_cycling, &h, 1);
	kthread_stop(cycler);
	EXPECT_EQ(atomic_read(&h.c.released), REINIT_CYCLES);
	EXPECT_EQ(atomic_long_read(&h.errors), 0);
	EXPECT_FALSE(percpu_ref_is_dying(&h.c.ref));
	percpu_ref_kill(&h.c.ref);
	ASSERT_TRUE(released_within(&h.c, REINIT_CYCLES + 1));
	rcu_barrier();
	percpu_ref_exit(&h.c.ref);
}
