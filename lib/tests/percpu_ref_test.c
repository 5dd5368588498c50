/* LAB(mutants) DELETE FILE */
/*
 * Self-tests of percpu_ref: the state machine step by step on one CPU,
 * the warnings Linux gives, the seed bug as a negative test, and the
 * correct teardown.  The claims under traffic from every CPU at once are
 * in percpu_ref_traffic_test.c (suite percpu_ref_traffic).
 */
#include "ktest.h"
#include "counted_ref.h"
#include "sched.h"
#include "smp.h"
#include "slab.h"
#include "timer.h"
#include "atomic.h"
#include <asm/x86.h>
#include "workqueue.h"

KTEST(percpu_ref, init_percpu_get_put_kill_release)
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, 0), 0);
	EXPECT_TRUE(in_percpu_mode(&c.ref));
	EXPECT_EQ((unsigned long)atomic_count(&c.ref), BIAS + 1);	/* the bias hides the count */
	EXPECT_FALSE(percpu_ref_is_dying(&c.ref));
	EXPECT_FALSE(percpu_ref_is_zero(&c.ref));
	percpu_ref_get(&c.ref);
	percpu_ref_get_many(&c.ref, 3);
	EXPECT_TRUE(percpu_ref_tryget(&c.ref));
	EXPECT_TRUE(percpu_ref_tryget_live(&c.ref));
	percpu_ref_put_many(&c.ref, 4);
	percpu_ref_put(&c.ref);				/* holds 1 extra now */
	EXPECT_EQ((unsigned long)atomic_count(&c.ref), BIAS + 1);	/* percpu: untouched */
	percpu_ref_kill(&c.ref);
	EXPECT_TRUE(percpu_ref_is_dying(&c.ref));
	EXPECT_FALSE(percpu_ref_tryget_live(&c.ref));
	rcu_barrier();					/* the switch has completed */
	EXPECT_EQ(atomic_count(&c.ref), 1);		/* exact: the extra reference */
	EXPECT_EQ(atomic_read(&c.released), 0);
	EXPECT_TRUE(percpu_ref_tryget(&c.ref));		/* dead but not zero */
	percpu_ref_put(&c.ref);
	percpu_ref_put(&c.ref);
	EXPECT_EQ(atomic_read(&c.released), 1);
	EXPECT_TRUE(percpu_ref_is_zero(&c.ref));
	EXPECT_FALSE(percpu_ref_tryget(&c.ref));
	/* Without ALLOW_REINIT the switch already freed the counters. */
	EXPECT_EQ(c.ref.percpu_count_ptr, __PERCPU_REF_ATOMIC_DEAD);
	percpu_ref_exit(&c.ref);
}

/*
 * Percpu mode really is per-CPU: a get or put changes this CPU's counter
 * and nothing else, not the shared count nor another CPU's counter.
 */
KTEST(percpu_ref, percpu_get_put_touch_only_this_cpu)
{
	struct counted_ref c;
	unsigned long __percpu *counters;
	unsigned long before[NR_CPUS];
	int me, cpu;

	ASSERT_EQ(counted_init(&c, 0), 0);
	counters = (unsigned long __percpu *)(c.ref.percpu_count_ptr & ~3UL);
	ASSERT_TRUE(in_percpu_mode(&c.ref));
	preempt_disable();	/* stay on one CPU, and read its counter */
	me = smp_processor_id();
	for_each_possible_cpu(cpu)
		before[cpu] = *per_cpu_ptr(counters, cpu);
	percpu_ref_get_many(&c.ref, 5);
	EXPECT_TRUE(percpu_ref_tryget_live(&c.ref));
	percpu_ref_put_many(&c.ref, 2);
	for_each_possible_cpu(cpu)
		EXPECT_EQ(*per_cpu_ptr(counters, cpu) - before[cpu], cpu == me ? 4UL : 0UL);
	preempt_enable();
	EXPECT_EQ((unsigned long)atomic_count(&c.ref), BIAS + 1);
	percpu_ref_put_many(&c.ref, 4);
	percpu_ref_kill(&c.ref);
	ASSERT_TRUE(released_within(&c, 1));
	rcu_barrier();
	percpu_ref_exit(&c.ref);
}

KTEST(percpu_ref, init_atomic_switch_both_ways)
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, PERCPU_REF_INIT_ATOMIC), 0);
	EXPECT_FALSE(in_percpu_mode(&c.ref));
	EXPECT_EQ(atomic_count(&c.ref), 1);
	percpu_ref_get(&c.ref);
	EXPECT_EQ(atomic_count(&c.ref), 2);
	percpu_ref_switch_to_percpu(&c.ref);		/* INIT_ATOMIC allows it */
	EXPECT_TRUE(in_percpu_mode(&c.ref));
	EXPECT_EQ((unsigned long)atomic_count(&c.ref), BIAS + 2);
	percpu_ref_get(&c.ref);
	percpu_ref_switch_to_atomic_sync(&c.ref);
	EXPECT_FALSE(in_percpu_mode(&c.ref));
	EXPECT_NULL(c.ref.confirm_switch);
	EXPECT_EQ(atomic_count(&c.ref), 3);
	/* Already atomic: the confirm hook runs at once. */
	percpu_ref_switch_to_atomic(&c.ref, counted_confirm);
	EXPECT_EQ(atomic_read(&c.confirmed), 1);
	percpu_ref_put_many(&c.ref, 2);
	percpu_ref_kill(&c.ref);	/* force_atomic: stays atomic, count 0 -> release */
	EXPECT_EQ(atomic_read(&c.released), 1);
	percpu_ref_exit(&c.ref);
}

KTEST(percpu_ref, init_dead_then_reinit)
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, PERCPU_REF_INIT_DEAD), 0);
	EXPECT_TRUE(percpu_ref_is_dying(&c.ref));
	EXPECT_TRUE(percpu_ref_is_zero(&c.ref));
	EXPECT_FALSE(percpu_ref_tryget(&c.ref));
	percpu_ref_reinit(&c.ref);
	EXPECT_FALSE(percpu_ref_is_dying(&c.ref));
	EXPECT_TRUE(in_percpu_mode(&c.ref));
	EXPECT_TRUE(percpu_ref_tryget_live(&c.ref));
	percpu_ref_put(&c.ref);
	percpu_ref_kill(&c.ref);
	rcu_barrier();
	EXPECT_EQ(atomic_read(&c.released), 1);
	percpu_ref_exit(&c.ref);
}

KTEST(percpu_ref, allow_reinit_cycles_and_resurrect)
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, PERCPU_REF_ALLOW_REINIT), 0);
	for (int cycle = 1; cycle <= 3; cycle++) {
		percpu_ref_kill(&c.ref);
		ASSERT_TRUE(released_within(&c, cycle));
		EXPECT_EQ(atomic_read(&c.released), cycle);
		EXPECT_TRUE(percpu_ref_is_zero(&c.ref));
		EXPECT_NE(c.ref.percpu_count_ptr & ~3UL, 0);	/* counters kept */
		percpu_ref_reinit(&c.ref);
		EXPECT_TRUE(in_percpu_mode(&c.ref));
	}
	/* Resurrect: revive a killed ref that still has users. */
	percpu_ref_get(&c.ref);
	percpu_ref_kill(&c.ref);
	rcu_barrier();
	EXPECT_EQ(atomic_count(&c.ref), 1);
	percpu_ref_resurrect(&c.ref);
	EXPECT_FALSE(percpu_ref_is_dying(&c.ref));
	EXPECT_TRUE(in_percpu_mode(&c.ref));
	percpu_ref_put(&c.ref);
	percpu_ref_kill(&c.ref);
	ASSERT_TRUE(released_within(&c, 4));
	EXPECT_EQ(atomic_read(&c.released), 4);
	rcu_barrier();
	percpu_ref_exit(&c.ref);
}

KTEST(percpu_ref, kill_and_confirm_hook_once)
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, 0), 0);
	percpu_ref_get(&c.ref);
	percpu_ref_kill_and_confirm(&c.ref, counted_confirm);
	EXPECT_EQ(atomic_read(&c.confirmed), 0);	/* needs a grace period first */
	EXPECT_NOT_NULL(c.ref.confirm_switch);
	rcu_barrier();
	EXPECT_EQ(atomic_read(&c.confirmed), 1);
	EXPECT_NULL(c.ref.confirm_switch);
	EXPECT_FALSE(percpu_ref_tryget_live(&c.ref));
	EXPECT_EQ(atomic_read(&c.released), 0);
	percpu_ref_put(&c.ref);
	EXPECT_EQ(atomic_read(&c.released), 1);
	percpu_ref_exit(&c.ref);
}

/*
 * The switch holds its own reference until its hook has run: with no other
 * reference left, release still comes after the hook, never before it.
 */
KTEST(percpu_ref, confirm_hook_runs_before_release)
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, 0), 0);
	percpu_ref_kill_and_confirm(&c.ref, counted_confirm);
	rcu_barrier();
	EXPECT_EQ(atomic_read(&c.confirmed), 1);
	EXPECT_EQ(c.released_at_confirm, 0);
	EXPECT_EQ(atomic_read(&c.released), 1);
	percpu_ref_exit(&c.ref);
}

/* A mode change waits for the switch in flight: one switch at a time. */
KTEST(percpu_ref, switches_are_serialized)
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, PERCPU_REF_ALLOW_REINIT), 0);
	percpu_ref_switch_to_atomic(&c.ref, counted_confirm);
	EXPECT_NOT_NULL(c.ref.confirm_switch);
	percpu_ref_switch_to_percpu(&c.ref);		/* sleeps until the confirm */
	EXPECT_EQ(atomic_read(&c.confirmed), 1);
	EXPECT_TRUE(in_percpu_mode(&c.ref));
	EXPECT_EQ((unsigned long)atomic_count(&c.ref), BIAS + 1);
	percpu_ref_kill(&c.ref);
	ASSERT_TRUE(released_within(&c, 1));
	rcu_barrier();
	percpu_ref_exit(&c.ref);
}

KTEST_OPTS(percpu_ref, kill_twice_warns,
	   .expect_report = "WARNING in percpu_ref_kill_and_confirm")
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, 0), 0);
	percpu_ref_get(&c.ref);
	percpu_ref_kill(&c.ref);
	percpu_ref_kill(&c.ref);	/* the bug; it also drops a reference */
	rcu_barrier();
	EXPECT_EQ(atomic_read(&c.released), 1);
	percpu_ref_exit(&c.ref);
}

KTEST_OPTS(percpu_ref, reinit_nonzero_warns, .expect_report = "WARNING in percpu_ref_reinit")
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, PERCPU_REF_ALLOW_REINIT), 0);
	percpu_ref_get(&c.ref);
	percpu_ref_kill(&c.ref);
	rcu_barrier();
	percpu_ref_reinit(&c.ref);	/* the bug: a user still holds a reference */
	percpu_ref_put(&c.ref);		/* that user's */
	percpu_ref_kill(&c.ref);
	rcu_barrier();
	EXPECT_EQ(atomic_read(&c.released), 1);
	percpu_ref_exit(&c.ref);
}

KTEST_OPTS(percpu_ref, underflow_warns_at_switch,
	   .expect_report = "WARNING in percpu_ref_switch_to_atomic_rcu")
{
	struct counted_ref c;

	ASSERT_EQ(counted_init(&c, 0), 0);
	percpu_ref_put(&c.ref);
	percpu_ref_put(&c.ref);		/* one put more than gets: invisible in percpu mode */
	percpu_ref_kill(&c.ref);	/* the sum shows it */
	rcu_barrier();
	EXPECT_LT(atomic_count(&c.ref), 0);
	percpu_ref_exit(&c.ref);
}

/*
 * The seed bug, deterministically: a teardown that exits the ref as soon
 * as the confirm hook runs.  The hook is not the switch's last access to
 * the ref, so exit sees confirm_switch still set and warns.
 */
static void exit_from_confirm(struct percpu_ref *ref)
{
	percpu_ref_exit(ref);
}

KTEST_OPTS(percpu_ref, seed_exit_in_confirm_hook_warns,
	   .expect_report = "WARNING in percpu_ref_exit")
{
	struct counted_ref *c = kzalloc(sizeof(*c));

	ASSERT_NOT_NULL(c);
	ASSERT_EQ(counted_init(c, 0), 0);
	percpu_ref_kill_and_confirm(&c->ref, exit_from_confirm);
	rcu_barrier();	/* unlike the seed, free only after the callback is done */
	kfree(c);
}

/*
 * The seed bug as cbb53763 wrote it: the confirm hook completes, the
 * waiter exits and frees.  With the race-widening delay the waiter, on
 * another CPU, always wins the race against the end of the callback.
 */
struct seed_table {
	struct percpu_ref ref;
	struct completion done;
};

static void seed_release(struct percpu_ref *ref)
{
	(void)ref;
}

static void seed_confirm(struct percpu_ref *ref)
{
	complete(&container_of(ref, struct seed_table, ref)->done);
}

static int seed_kill(void *arg)
{
	percpu_ref_kill_and_confirm(arg, seed_confirm);
	return 0;
}

KTEST_OPTS(percpu_ref, seed_signal_from_confirm_warns,
	   .expect_report = "WARNING in percpu_ref_exit", .min_cpus = 2)
{
	struct seed_table *t = kzalloc(sizeof(*t));
	unsigned int saved = percpu_ref_confirm_delay_us;
	struct task *killer;

	ASSERT_NOT_NULL(t);
	ASSERT_EQ(percpu_ref_init(&t->ref, seed_release, 0), 0);
	init_completion(&t->done);
	percpu_ref_confirm_delay_us = 50 * 1000;
	/* Kill from CPU 1, so the switch's callback runs there, not on our CPU. */
	killer = kthread_run_on_cpu(seed_kill, &t->ref, 1, "seed_kill");
	ASSERT_NOT_NULL(killer);
	wait_for_completion(&t->done);
	percpu_ref_exit(&t->ref);	/* the seed's mistake: too early */
	kthread_stop(killer);
	rcu_barrier();
	percpu_ref_confirm_delay_us = saved;
	kfree(t);
}

struct teardown_kill {
	struct work_struct work;
	struct counted_ref *c;
	struct task *killer;
};

static void teardown_kill_fn(struct work_struct *w)
{
	struct teardown_kill *k = container_of(w, struct teardown_kill, work);
	struct counted_ref *c = k->c;

	k->killer = current;
	percpu_ref_kill_and_confirm(&c->ref, counted_confirm);
	percpu_ref_put(&c->ref);
}

/*
 * The rule ringlet follows: signal "safe to free" from release, then exit.
 * The kill runs on another CPU when there is one, so the switch's callback
 * (and the widened window after its hook) runs there while this thread is
 * free to race it, as the seed's waiter did.  delay_us 0 keeps whatever
 * window the command line set (percpu_ref.confirm_delay_us=).
 */
static void teardown_many(int iterations, unsigned int delay_us)
{
	unsigned int saved = percpu_ref_confirm_delay_us;
	struct teardown_kill k;
	int me = smp_processor_id();

	if (delay_us)
		percpu_ref_confirm_delay_us = delay_us;
	INIT_WORK(&k.work, teardown_kill_fn);
	for (int i = 0; i < iterations; i++) {
		struct counted_ref *c = kzalloc(sizeof(*c));

		ASSERT_NOT_NULL(c);
		ASSERT_EQ(counted_init(c, 0), 0);
		percpu_ref_get(&c->ref);
		k.c = c;
		int cpu = nth_online_cpu(1 + (unsigned int)i);

		if (cpu == me)
			cpu = nth_online_cpu(2 + (unsigned int)i);	/* same CPU only at -smp 1 */
		queue_work_on(cpu, system_wq, &k.work);
		ASSERT_TRUE(released_within(c, 1));
		/*
		 * The switch's reference kept the ref until its hook had run.  If
		 * not, the switch is still in flight: wait for it before exit and
		 * kfree, so the bug fails this check in every boot instead of
		 * warning (or poisoning) only when this thread wins the race.
		 */
		bool hook_first = c->confirmed_at_release == 1;

		EXPECT_TRUE(hook_first);
		if (!hook_first)
			rcu_barrier();
		percpu_ref_exit(&c->ref);	/* release ran: no switch can be in flight */
		EXPECT_EQ(atomic_read(&c->confirmed), 1);
		flush_work(&k.work);
		/* A percpu ref confirms its kill from the RCU callback, never inside kill. */
		bool in_kill = c->confirmed_by == k.killer;

		kfree(c);
		EXPECT_FALSE(in_kill);
		if (in_kill)
			break;
	}
	percpu_ref_confirm_delay_us = saved;
}

KTEST(percpu_ref, teardown_release_then_exit)
{
	teardown_many(40, 0);
}

KTEST(percpu_ref, teardown_release_then_exit_with_delay)
{
	teardown_many(20, 2000);
}
