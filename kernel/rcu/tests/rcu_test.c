/*
 * Self-tests of RCU.  The central one replaces and frees an object under
 * readers running on every CPU: if a grace period ever ended before a
 * reader that could see the old object finished, that reader would find
 * the object poisoned.
 */
#include "ktest.h"
#include "rcupdate.h"
#include "sched.h"
#include "smp.h"
#include "slab.h"
#include "time.h"
#include "timer.h"
#include "atomic.h"
#include <asm/x86.h>

#define LIVE	0x11fe11fe11fe11feUL
#define FREED	0xdeaddeaddeaddeadUL

struct rcu_obj {
	unsigned long magic;
	unsigned long generation;
	struct rcu_head rcu;
};

struct rcu_torture {
	struct rcu_obj *obj;
	volatile bool stop;
	atomic_long_t errors, reads;
	int mode;		/* 0 call_rcu, 1 synchronize_rcu, 2 expedited */
};

static void free_obj_cb(struct rcu_head *head)
{
	struct rcu_obj *o = container_of(head, struct rcu_obj, rcu);

	o->magic = FREED;	/* kfree poisons too; this makes the check exact */
	kfree(o);
}

static int rcu_reader(void *arg)
{
	struct rcu_torture *rt = arg;

	while (!rt->stop) {
		rcu_read_lock();
		struct rcu_obj *o = rcu_dereference(rt->obj);

		for (int i = 0; i < 20; i++) {	/* a reader long enough to matter */
			if (READ_ONCE(o->magic) != LIVE) {
				atomic_long_inc(&rt->errors);
				break;
			}
			cpu_relax();
		}
		rcu_read_unlock();
		atomic_long_inc(&rt->reads);
	}
	return 0;
}

static struct rcu_obj *new_obj(unsigned long generation)
{
	struct rcu_obj *o = kzalloc(sizeof(*o));

	if (o) {
		o->magic = LIVE;
		o->generation = generation;
	}
	return o;
}

static void run_torture(int mode, int updates)
{
	struct rcu_torture rt = { .stop = false, .mode = mode };
	struct task *readers[NR_CPUS];
	int n = 0, cpu;

	atomic_long_set(&rt.errors, 0);
	atomic_long_set(&rt.reads, 0);
	rt.obj = new_obj(0);
	ASSERT_NOT_NULL(rt.obj);
	for_each_online_cpu(cpu) {
		readers[n] = kthread_run_on_cpu(rcu_reader, &rt, cpu, "rcu_reader/%d", cpu);
		ASSERT_NOT_NULL(readers[n]);
		n++;
	}
	for (int g = 1; g <= updates; g++) {
		struct rcu_obj *fresh = new_obj((unsigned long)g), *old = rt.obj;

		ASSERT_NOT_NULL(fresh);
		rcu_assign_pointer(rt.obj, fresh);
		if (mode == 0) {
			call_rcu(&old->rcu, free_obj_cb);
		} else {
			if (mode == 1)
				synchronize_rcu();
			else
				synchronize_rcu_expedited();
			free_obj_cb(&old->rcu);
		}
		if (g % 8 == 0)
			yield();
	}
	rt.stop = true;
	for (int i = 0; i < n; i++)
		kthread_stop(readers[i]);
	rcu_barrier();
	kfree(rt.obj);
	EXPECT_EQ(atomic_long_read(&rt.errors), 0);
	EXPECT_GT(atomic_long_read(&rt.reads), 0);
}

KTEST(rcu, call_rcu_never_frees_under_a_reader)
{
	run_torture(0, 200);
}

KTEST(rcu, synchronize_rcu_never_frees_under_a_reader)
{
	run_torture(1, 8);
}

KTEST(rcu, expedited_never_frees_under_a_reader)
{
	run_torture(2, 20);
}

struct held_reader {
	volatile bool inside, done;
	uint64_t hold_ns;
};

static int hold_reader(void *arg)
{
	struct held_reader *h = arg;
	uint64_t end;

	rcu_read_lock();
	h->inside = true;
	end = ktime_get_ns() + h->hold_ns;
	while (ktime_get_ns() < end)
		cpu_relax();
	h->done = true;
	rcu_read_unlock();
	return 0;
}

/* A grace period started while a reader runs on another CPU ends after it. */
static void wait_spans_reader(bool expedited)
{
	struct held_reader h = { false, false, 60 * 1000 * 1000ULL };
	struct task *t = kthread_run_on_cpu(hold_reader, &h, 1, "held_reader");

	ASSERT_NOT_NULL(t);
	while (!h.inside)
		cpu_relax();
	if (expedited)
		synchronize_rcu_expedited();
	else
		synchronize_rcu();
	EXPECT_TRUE(h.done);
	kthread_stop(t);
}

KTEST_OPTS(rcu, synchronize_waits_for_reader, .min_cpus = 2)
{
	wait_spans_reader(false);
}

KTEST_OPTS(rcu, expedited_waits_for_reader, .min_cpus = 2)
{
	wait_spans_reader(true);
}

#define CB_PER_CPU 64

struct counted_cb {
	struct rcu_head rcu;
	atomic_t runs;
	int queued_on, ran_on;
};

static void count_cb(struct rcu_head *head)
{
	struct counted_cb *c = container_of(head, struct counted_cb, rcu);

	c->ran_on = smp_processor_id();
	atomic_inc(&c->runs);
}

static int queue_counted(void *arg)
{
	struct counted_cb *cbs = arg;

	preempt_disable();
	for (int i = 0; i < CB_PER_CPU; i++) {
		struct counted_cb *c = &cbs[smp_processor_id() * CB_PER_CPU + i];

		c->queued_on = smp_processor_id();
		call_rcu(&c->rcu, count_cb);
	}
	preempt_enable();
	return 0;
}

/* rcu_barrier returns only after every callback queued before it, on every CPU, ran once. */
KTEST(rcu, barrier_waits_and_callbacks_run_once)
{
	struct counted_cb *cbs = kzalloc(sizeof(*cbs) * CB_PER_CPU * (size_t)num_possible_cpus());
	int cpu;

	ASSERT_NOT_NULL(cbs);
	ktest_run_threads(queue_counted, cbs, 1);
	rcu_barrier();
	for_each_online_cpu(cpu) {
		for (int i = 0; i < CB_PER_CPU; i++) {
			struct counted_cb *c = &cbs[cpu * CB_PER_CPU + i];

			EXPECT_EQ(atomic_read(&c->runs), 1);
			EXPECT_EQ(c->ran_on, c->queued_on);
		}
	}
	msleep(20);	/* and never again */
	for_each_online_cpu(cpu)
		EXPECT_EQ(atomic_read(&cbs[cpu * CB_PER_CPU].runs), 1);
	kfree(cbs);
}

KTEST(rcu, grace_periods_advance)
{
	unsigned long before = rcu_gp_completed();

	synchronize_rcu();
	synchronize_rcu();
	EXPECT_GE(rcu_gp_completed(), before + 2);
}

static void noop_cb(struct rcu_head *head)
{
	(void)head;
}

KTEST_OPTS(rcu, double_call_rcu_warns, .expect_report = "WARNING: ODEBUG bug in call_rcu")
{
	struct rcu_head *h = kzalloc(sizeof(*h));

	ASSERT_NOT_NULL(h);
	call_rcu(h, noop_cb);
	call_rcu(h, noop_cb);	/* the bug: queued again before its callback ran */
	rcu_barrier();
	kfree(h);
}

static void sleeping_cb(struct rcu_head *head)
{
	(void)head;
	might_sleep();
}

/* Callbacks run with preemption disabled: one that could sleep is reported. */
KTEST_OPTS(rcu, callback_must_not_sleep,
	   .expect_report = "BUG: sleeping function called from invalid context in sleeping_cb")
{
	struct rcu_head h = { .next = NULL };

	call_rcu(&h, sleeping_cb);
	rcu_barrier();
}
