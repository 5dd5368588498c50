/*
 * Self-tests of the scheduler, kernel threads, sleeping and waking, across
 * CPUs.
 */
#include "ktest.h"
#include "sched.h"
#include "smp.h"
#include "wait.h"
#include "mutex.h"
#include "timer.h"
#include "time.h"
#include "atomic.h"
#include "errno.h"
#include <asm/x86.h>

struct progress {
	uint64_t deadline_ns;
	atomic_t started, total, starved;
};

/*
 * Spins until every thread of the test has started spinning (or a long
 * deadline passes).  Only preemption lets the others start: without it,
 * the first thread on a CPU would spin to the deadline and the ones
 * queued behind it would find it passed when they finally ran.
 */
static int spin_until_all_started(void *arg)
{
	struct progress *p = arg;

	if (ktime_get_ns() >= p->deadline_ns) {
		atomic_inc(&p->starved);
		return 0;
	}
	atomic_inc(&p->started);
	while (atomic_read(&p->started) < atomic_read(&p->total) && ktime_get_ns() < p->deadline_ns)
		cpu_relax();
	return 0;
}

KTEST(sched, busy_threads_all_progress)
{
	struct progress p;

	p.deadline_ns = ktime_get_ns() + 10ULL * 1000 * 1000 * 1000;
	atomic_set(&p.started, 0);
	atomic_set(&p.starved, 0);
	atomic_set(&p.total, 3 * num_online_cpus());
	ktest_run_threads(spin_until_all_started, &p, 3);
	EXPECT_EQ(atomic_read(&p.starved), 0);
	EXPECT_EQ(atomic_read(&p.started), 3 * num_online_cpus());
}

static int loop_until_stopped(void *arg)
{
	atomic_t *iterations = arg;

	while (!kthread_should_stop()) {
		atomic_inc(iterations);
		msleep(1);
	}
	return 42;
}

KTEST(sched, kthread_stop_returns_exit_code)
{
	atomic_t iterations = ATOMIC_INIT(0);
	struct task *t = kthread_run(loop_until_stopped, &iterations, "stoppable");

	ASSERT_NOT_NULL(t);
	while (atomic_read(&iterations) < 3)
		msleep(1);
	EXPECT_EQ(kthread_stop(t), 42);
}

static int must_not_run(void *arg)
{
	*(bool *)arg = true;
	return 0;
}

KTEST(sched, kthread_stop_before_first_run)
{
	bool ran = false;
	struct task *t = kthread_create(must_not_run, &ran, "never");

	ASSERT_NOT_NULL(t);
	EXPECT_EQ(kthread_stop(t), -EINTR);
	EXPECT_FALSE(ran);
}

KTEST(sched, kthread_on_offline_cpu_fails)
{
	EXPECT_NULL(kthread_create_on_cpu(must_not_run, NULL, NR_CPUS, "nowhere"));
	EXPECT_NULL(kthread_create_on_cpu(must_not_run, NULL, num_possible_cpus() < NR_CPUS ?
					  num_possible_cpus() : NR_CPUS, "nowhere"));
}

struct sleeper {
	volatile bool woken;
	int cpu_seen;
};

static int sleep_until_woken(void *arg)
{
	struct sleeper *s = arg;

	set_current_state(TASK_SLEEPING);
	schedule();
	s->cpu_seen = smp_processor_id();
	s->woken = true;
	return 0;
}

/* A thread asleep on CPU 1 is woken by this thread on CPU 0. */
KTEST_OPTS(sched, sleeper_woken_from_other_cpu, .min_cpus = 2)
{
	struct sleeper s = { false, -1 };
	struct task *t = kthread_run_on_cpu(sleep_until_woken, &s, 1, "sleeper");

	ASSERT_NOT_NULL(t);
	ASSERT_EQ(smp_processor_id(), 0);
	while (READ_ONCE(t->state) != TASK_SLEEPING || READ_ONCE(t->on_rq))
		msleep(1);
	msleep(20);
	EXPECT_FALSE(s.woken);	/* it really sleeps until asked */
	EXPECT_TRUE(wake_up_process(t));
	while (!s.woken)
		msleep(1);
	EXPECT_EQ(s.cpu_seen, 1);
	kthread_stop(t);
}

struct handshake {
	struct completion ping, pong;
	struct wait_queue_head wq;
	volatile bool flag;
	volatile bool waiting;
};

static int completion_partner(void *arg)
{
	struct handshake *h = arg;

	wait_for_completion(&h->ping);
	complete(&h->pong);
	h->waiting = true;
	wait_event(h->wq, h->flag);
	return 7;
}

/* Completions and a wait queue, each signalled from the other CPU. */
KTEST_OPTS(sched, completion_and_waitqueue_across_cpus, .min_cpus = 2)
{
	struct handshake h;
	struct task *t;

	init_completion(&h.ping);
	init_completion(&h.pong);
	init_waitqueue_head(&h.wq);
	h.flag = false;
	h.waiting = false;
	t = kthread_run_on_cpu(completion_partner, &h, 1, "partner");
	ASSERT_NOT_NULL(t);
	msleep(10);
	EXPECT_FALSE(completion_done(&h.pong));
	complete(&h.ping);
	wait_for_completion(&h.pong);
	while (!h.waiting)
		msleep(1);
	msleep(10);
	h.flag = true;
	wake_up(&h.wq);
	EXPECT_EQ(kthread_stop(t), 7);
}

static int wait_for_all(void *arg)
{
	wait_for_completion(arg);
	return 1;
}

KTEST(sched, complete_all_releases_every_waiter)
{
	struct completion c;
	struct task *t[4];
	int sum = 0;

	init_completion(&c);
	for (int i = 0; i < 4; i++) {
		t[i] = kthread_run(wait_for_all, &c, "waiter/%d", i);
		ASSERT_NOT_NULL(t[i]);
	}
	msleep(10);
	complete_all(&c);
	for (int i = 0; i < 4; i++)
		sum += kthread_stop(t[i]);
	EXPECT_EQ(sum, 4);
	wait_for_completion(&c);	/* stays done */
}

/* Each hold sleeps a tick or two, serialized: keep the total fixed. */
static int mutex_loops(void)
{
	return max(16 / (2 * num_online_cpus()), 1);
}

struct mutex_test {
	struct mutex m;
	unsigned long inside, max_inside, total;
};

static int mutex_worker(void *arg)
{
	struct mutex_test *mt = arg;

	for (int i = 0; i < mutex_loops(); i++) {
		mutex_lock(&mt->m);
		mt->inside++;
		if (mt->inside > mt->max_inside)
			mt->max_inside = mt->inside;
		msleep(1);	/* sleeping while holding a mutex is allowed */
		mt->total++;
		mt->inside--;
		mutex_unlock(&mt->m);
	}
	return 0;
}

KTEST(sched, mutex_excludes_across_sleep)
{
	struct mutex_test mt = { .inside = 0, .max_inside = 0, .total = 0 };

	mutex_init(&mt.m);
	ktest_run_threads(mutex_worker, &mt, 2);
	EXPECT_EQ(mt.max_inside, 1);
	EXPECT_EQ(mt.total, 2UL * (unsigned long)mutex_loops() * (unsigned long)num_online_cpus());
	EXPECT_FALSE(mutex_is_locked(&mt.m));
	EXPECT_TRUE(mutex_trylock(&mt.m));
	EXPECT_FALSE(mutex_trylock(&mt.m));
	mutex_unlock(&mt.m);
}

KTEST(sched, msleep_sleeps_long_enough)
{
	uint64_t t0 = ktime_get_ns(), j0 = jiffies;

	msleep(40);
	/* msleep counts ticks; under TCG ticks can bunch up against the TSC, so allow slack there. */
	EXPECT_GE(jiffies - j0, 40 * HZ / 1000);
	EXPECT_GE(ktime_get_ns() - t0, 20 * 1000 * 1000ULL);
}

struct timer_probe {
	struct timer_list timer;
	volatile int fired;
	int cpu;
};

static void probe_fired(struct timer_list *t)
{
	struct timer_probe *p = container_of(t, struct timer_probe, timer);

	p->cpu = smp_processor_id();
	p->fired++;
}

KTEST(sched, timer_fires_once_and_del_prevents)
{
	struct timer_probe p = { .fired = 0, .cpu = -1 };
	int me;

	timer_setup(&p.timer, probe_fired);
	preempt_disable();
	me = smp_processor_id();
	mod_timer(&p.timer, jiffies + 2);
	preempt_enable();
	EXPECT_TRUE(timer_pending(&p.timer));
	msleep(50);
	EXPECT_EQ(p.fired, 1);
	EXPECT_EQ(p.cpu, me);
	EXPECT_FALSE(timer_pending(&p.timer));
	mod_timer(&p.timer, jiffies + HZ);
	EXPECT_TRUE(del_timer_sync(&p.timer));
	msleep(20);
	EXPECT_EQ(p.fired, 1);
	EXPECT_FALSE(del_timer_sync(&p.timer));
}

KTEST_OPTS(sched, might_sleep_in_atomic_reported,
	   .expect_report = "BUG: sleeping function called from invalid context in ktest_sched_might_sleep_in_atomic_reported")
{
	preempt_disable();
	might_sleep();
	preempt_enable();
}
