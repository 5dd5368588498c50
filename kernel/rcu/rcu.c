/*
 * RCU-sched: grace periods from per-CPU quiescent states.
 *
 * Grace periods are numbered.  rcu_state.started counts those begun,
 * .completed those ended; one is in progress iff they differ.  Starting
 * one sets every online CPU's qs_pending and its bit in qs_mask; a CPU
 * clears both the first time it passes a quiescent state afterwards, and
 * the CPU that clears the last bit ends the grace period (and starts the
 * next one if some CPU is waiting for it).
 *
 * Quiescent states (rcu_qs) are reported from:
 *   - every context switch (a reader cannot span one: it has preemption off);
 *   - the idle loop;
 *   - the timer tick, when it interrupted code with preemption enabled
 *     (the preempt count is exactly one hard interrupt): that code was not
 *     inside a reader at that instant.
 * A grace period older than RCU_FORCE_QS_TICKS makes the tick of a CPU
 * that still owes a quiescent state ask for a reschedule, so the end of
 * the reader it interrupted switches context (like Linux's resched_cpu).
 *
 * Callbacks live on the CPU that queued them, in three lists:
 *   next  queued, not yet assigned a grace period;
 *   wait  waiting for grace period number wait_gp to complete;
 *   done  ready: the grace period they needed is over.
 * Callbacks run in the CPU's "rcuc/N" thread, in queue order, each with
 * preemption disabled, so a callback that sleeps is reported by
 * might_sleep().
 *
 * Expedited grace periods skip the waiting for ticks: an IPI to every other
 * CPU reports a quiescent state at once if it interrupted code outside a
 * reader, or else asks for a reschedule, whose context switch reports one
 * as soon as the reader ends.
 */
/* LAB(rcu) BEGIN SOLUTION */
/*
 * rcu_advance() (from call_rcu and every tick, interrupts off, this CPU
 * only, so no lock) moves wait to done when its grace period has completed,
 * and next to wait with wait_gp = started + 1: the first grace period that
 * begins after they were queued, so it waits for every reader that could
 * have seen what they free.
 */
/* LAB(rcu) END SOLUTION */
/* LAB(rcu) YOUR CODE HERE: lab rcu (labs/rcu/handout.md).  Until you replace it, this RCU is */
/* LAB(rcu) YOUR CODE HERE: naive: rcuc/N runs its CPU's whole next list after one expedited */
/* LAB(rcu) YOUR CODE HERE: grace period, and the grace-period numbers never move. */
#include "debugobjects.h"
#include "rcupdate.h"
#include "smp.h"
#include "sched.h"
#include "wait.h"
#include "mutex.h"
#include "workqueue.h"
#include "panic.h"
#include "spinlock.h"
#include <asm/x86.h>
#include "time.h"

/* ODEBUG's view of an rcu_head: queued (active) from call_rcu until its callback runs. */
static void *rcuhead_debug_hint(void *addr)
{
	return (void *)((struct rcu_head *)addr)->func;
}

static const struct debug_obj_descr rcuhead_debug_descr = {
	.name = "rcu_head",
	.debug_hint = rcuhead_debug_hint,
	.is_static_object = true,	/* needs no init: idle when untracked */
};
#define RCU_FORCE_QS_TICKS 2

struct rcu_cblist {
	struct rcu_head *head;
	struct rcu_head **tail;
};

struct rcu_data {
	struct rcu_cblist next, wait, done;
	unsigned long wait_gp;
	bool qs_pending;	/* the current grace period needs this CPU */
	bool exp_pending;	/* an expedited one does, at the next context switch */
	struct wait_queue_head wq;
	struct task *thread;
};

static DEFINE_PER_CPU(struct rcu_data, rcu_data);

static struct {
	spinlock_t lock;
	unsigned long started, completed;
	unsigned long needed;	/* highest grace period some CPU waits for */
	uint64_t qs_mask;	/* CPUs yet to report for 'started' */
	uint64_t gp_start;	/* jiffies when 'started' began */
} rcu_state = { .lock = SPINLOCK_INIT(rcu_state.lock) };

static DEFINE_MUTEX(exp_mutex);
static atomic_long_t exp_mask;	/* CPUs yet to pass a quiescent state */
static struct completion exp_done;
/* LAB(rcu) BEGIN SOLUTION */

static DEFINE_MUTEX(barrier_mutex);
static atomic_t barrier_pending;
static struct completion barrier_done;
static DEFINE_PER_CPU(struct rcu_head, barrier_head);
/* LAB(rcu) END SOLUTION */

static void cblist_init(struct rcu_cblist *l)
{
	l->head = NULL;
	l->tail = &l->head;
}

static bool cblist_empty(const struct rcu_cblist *l)
{
	return READ_ONCE(l->head) == NULL;
}

/* Moves all of src to the end of dst. */
static void cblist_splice(struct rcu_cblist *dst, struct rcu_cblist *src)
{
	if (!src->head)
		return;
	*dst->tail = src->head;
	dst->tail = src->tail;
	cblist_init(src);
}

/* LAB(rcu) BEGIN SOLUTION */
/* Caller holds rcu_state.lock. */
static void start_gp_if_needed(void)
{
	int cpu;

	if (rcu_state.started != rcu_state.completed || rcu_state.needed <= rcu_state.completed)
		return;
	rcu_state.started++;
	rcu_state.gp_start = jiffies;
	rcu_state.qs_mask = atomic_long_read(&cpu_online_mask);
	for_each_online_cpu(cpu)
		WRITE_ONCE(per_cpu(rcu_data, cpu).qs_pending, true);
}
/* LAB(rcu) END SOLUTION */
/* LAB(rcu) YOUR CODE HERE: start_gp_if_needed(), rcu_state.lock held: if none is in progress */
/* LAB(rcu) YOUR CODE HERE: and some CPU needs one, begin grace period started + 1 (section 3) */

static void rcu_exp_report(void)
{
	uint64_t bit = 1ULL << smp_processor_id();

	this_cpu_write(rcu_data.exp_pending, false);
	if ((uint64_t)atomic_long_fetch_andnot((long)bit, &exp_mask) == bit)	/* the last one */
		complete(&exp_done);
}

/* A quiescent state on this CPU; interrupts off. */
static void rcu_qs(void)
{
	if (this_cpu_read(rcu_data.exp_pending))
		rcu_exp_report();
	/* LAB(rcu) BEGIN SOLUTION */
	if (!this_cpu_read(rcu_data.qs_pending))
		return;
	spin_lock(&rcu_state.lock);
	this_cpu_write(rcu_data.qs_pending, false);
	rcu_state.qs_mask &= ~(1ULL << smp_processor_id());
	if (rcu_state.qs_mask == 0 && rcu_state.started != rcu_state.completed) {
		WRITE_ONCE(rcu_state.completed, rcu_state.started);
		start_gp_if_needed();
	}
	spin_unlock(&rcu_state.lock);
	/* LAB(rcu) END SOLUTION */
	/* LAB(rcu) YOUR CODE HERE: if the current grace period still needs this CPU, report it; */
	/* LAB(rcu) YOUR CODE HERE: the last CPU to report ends it and starts the next if needed */
}

/* LAB(rcu) BEGIN SOLUTION */
/* Moves this CPU's callbacks along (see the top of the file); interrupts off. */
static void rcu_advance(void)
{
	struct rcu_data *rdp = this_cpu_ptr(&rcu_data);

	if (!cblist_empty(&rdp->wait) && READ_ONCE(rcu_state.completed) >= rdp->wait_gp)
		cblist_splice(&rdp->done, &rdp->wait);
	if (cblist_empty(&rdp->wait) && !cblist_empty(&rdp->next)) {
		spin_lock(&rcu_state.lock);
		cblist_splice(&rdp->wait, &rdp->next);
		rdp->wait_gp = rcu_state.started + 1;
		if (rcu_state.needed < rdp->wait_gp)
			rcu_state.needed = rdp->wait_gp;
		start_gp_if_needed();
		spin_unlock(&rcu_state.lock);
	}
	if (!cblist_empty(&rdp->done) && rdp->thread)
		wake_up(&rdp->wq);
}
/* LAB(rcu) END SOLUTION */
/* LAB(rcu) YOUR CODE HERE: rcu_advance(), interrupts off: move this CPU's wait list to done */
/* LAB(rcu) YOUR CODE HERE: once its grace period completed; next to wait (which grace period */
/* LAB(rcu) YOUR CODE HERE: must it wait for?); wake rcuc/N when done is not empty */

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	unsigned long flags;

	/* Queued twice would corrupt the list: ODEBUG reports it and we refuse. */
	if (debug_object_activate(head, &rcuhead_debug_descr))
		return;
	head->func = func;
	head->next = NULL;
	flags = local_irq_save();
	{
		struct rcu_data *rdp = this_cpu_ptr(&rcu_data);

		*rdp->next.tail = head;
		rdp->next.tail = &head->next;
		/* LAB(rcu) BEGIN SOLUTION */
		rcu_advance();
		/* LAB(rcu) END SOLUTION */
		/* LAB(rcu) STUB: wake_up(&rdp->wq); */
		/* LAB(rcu) YOUR CODE HERE: the stub hands next to rcuc/N at once; move callbacks along */
	}
	local_irq_restore(flags);
}

void rcu_note_context_switch(void)
{
	rcu_qs();
}

void rcu_sched_clock_irq(void)
{
	/* LAB(rcu) BEGIN SOLUTION */
	if (preempt_count() == HARDIRQ_OFFSET)
		rcu_qs();
	else if (this_cpu_read(rcu_data.qs_pending) &&
		 jiffies - READ_ONCE(rcu_state.gp_start) >= RCU_FORCE_QS_TICKS)
		/*
		 * A CPU that only runs readers back to back, with nothing else
		 * to switch to, could hold a grace period forever: make the
		 * end of its current reader reschedule, which reports.
		 */
		set_need_resched();
	rcu_advance();
	/* LAB(rcu) END SOLUTION */
	/* LAB(rcu) YOUR CODE HERE: report a quiescent state if the tick interrupted code outside */
	/* LAB(rcu) YOUR CODE HERE: any reader; if not, and this CPU has owed one for */
	/* LAB(rcu) YOUR CODE HERE: RCU_FORCE_QS_TICKS, ask for a reschedule; then rcu_advance() */
}

static int rcu_cb_thread(void *arg)
{
	struct rcu_data *rdp = arg;

	for (;;) {
		struct rcu_cblist batch;

		/* LAB(rcu) BEGIN SOLUTION */
		wait_event(rdp->wq, !cblist_empty(&rdp->done));
		local_irq_disable();
		cblist_init(&batch);
		cblist_splice(&batch, &rdp->done);
		local_irq_enable();
		/* LAB(rcu) END SOLUTION */
		/* LAB(rcu) STUB: wait_event(rdp->wq, !cblist_empty(&rdp->next)); */
		/* LAB(rcu) STUB: local_irq_disable(); */
		/* LAB(rcu) STUB: cblist_init(&batch); */
		/* LAB(rcu) STUB: cblist_splice(&batch, &rdp->next); */
		/* LAB(rcu) STUB: local_irq_enable(); */
		/* LAB(rcu) STUB: synchronize_rcu_expedited(); */
		/* LAB(rcu) YOUR CODE HERE: the stub takes the whole next list and waits for one */
		/* LAB(rcu) YOUR CODE HERE: expedited grace period per batch; take done instead */
		for (struct rcu_head *h = batch.head, *next; h; h = next) {
			rcu_callback_t f = h->func;

			next = h->next;
			debug_object_deactivate(h, &rcuhead_debug_descr);	/* it may requeue or free itself */
			preempt_disable();
			f(h);
			preempt_enable();
		}
	}
	return 0;
}

struct rcu_synchronize {
	struct rcu_head head;
	struct completion done;
};

static void wakeme_after_rcu(struct rcu_head *head)
{
	complete(&container_of(head, struct rcu_synchronize, head)->done);
}

void synchronize_rcu(void)
{
	struct rcu_synchronize rs = { .head = { .next = NULL } };

	might_sleep();
	init_completion(&rs.done);
	call_rcu(&rs.head, wakeme_after_rcu);
	wait_for_completion(&rs.done);
}

static void rcu_exp_handler(void *unused)
{
	(void)unused;
	if (preempt_count() == HARDIRQ_OFFSET) {
		rcu_exp_report();
	} else {
		this_cpu_write(rcu_data.exp_pending, true);
		set_need_resched();
	}
}

void synchronize_rcu_expedited(void)
{
	uint64_t others;
	int cpu;

	might_sleep();
	mutex_lock(&exp_mutex);
	init_completion(&exp_done);
	/* This CPU runs this task, not a reader: it is quiescent already. */
	preempt_disable();
	others = atomic_long_read(&cpu_online_mask) & ~(1ULL << smp_processor_id());
	/*
	 * Unordered is enough: no CPU looks at the mask before our call
	 * reaches it, and the call is queued under its CPU's queue lock,
	 * whose release publishes this store to the handler.
	 */
	atomic_long_set(&exp_mask, (long)others);
	preempt_enable();
	if (others) {
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			if (others & (1ULL << cpu))
				smp_call_function_single(cpu, rcu_exp_handler, NULL);
		wait_for_completion(&exp_done);
	}
	mutex_unlock(&exp_mutex);
}

/* clang-format off */
/* LAB(rcu) BEGIN SOLUTION */
static void barrier_callback(struct rcu_head *head)
{
	(void)head;
	if (atomic_dec_and_test(&barrier_pending))
		complete(&barrier_done);
}

static void queue_barrier(void *unused)
{
	(void)unused;
	call_rcu(this_cpu_ptr(&barrier_head), barrier_callback);
}

/*
 * One barrier callback per CPU, queued on that CPU behind everything queued
 * there before: callbacks of one CPU run in order, so when all barrier
 * callbacks have run, so has everything queued before rcu_barrier().
 */
/* LAB(rcu) END SOLUTION */
/* LAB(rcu) STUB: static void barrier_sync(struct work_struct *w) */
/* LAB(rcu) STUB: { */
	/* LAB(rcu) STUB: (void)w; */
	/* LAB(rcu) STUB: synchronize_rcu(); */
/* LAB(rcu) STUB: } */
/* LAB(rcu) STUB: */
/* clang-format on */
void rcu_barrier(void)
{
	/* clang-format off */
	/* LAB(rcu) BEGIN SOLUTION */
	int cpu;

	might_sleep();
	mutex_lock(&barrier_mutex);
	init_completion(&barrier_done);
	atomic_set(&barrier_pending, 1);
	for_each_online_cpu(cpu) {
		atomic_inc(&barrier_pending);
		smp_call_function_single(cpu, queue_barrier, NULL);
	}
	if (atomic_dec_and_test(&barrier_pending))
		complete(&barrier_done);
	wait_for_completion(&barrier_done);
	mutex_unlock(&barrier_mutex);
	/* LAB(rcu) END SOLUTION */
	/* LAB(rcu) STUB: struct work_struct w; */
	/* LAB(rcu) STUB: int cpu; */
/* LAB(rcu) STUB: */
	/* LAB(rcu) STUB: for_each_online_cpu(cpu) { */
		/* LAB(rcu) STUB: INIT_WORK(&w, barrier_sync); */
		/* LAB(rcu) STUB: queue_work_on(cpu, system_wq, &w); */
		/* LAB(rcu) STUB: flush_work(&w); */
	/* LAB(rcu) STUB: } */
	/* LAB(rcu) YOUR CODE HERE: the stub runs synchronize_rcu() from a work item on each CPU */
	/* LAB(rcu) YOUR CODE HERE: in turn: one grace period per CPU, and stuck behind any busy */
	/* LAB(rcu) YOUR CODE HERE: worker.  Wait for every callback queued before the call, */
	/* LAB(rcu) YOUR CODE HERE: on every CPU, without the work queue */
	/* clang-format on */
}

unsigned long rcu_gp_completed(void)
{
	return READ_ONCE(rcu_state.completed);
}

void rcu_init_cpu(int cpu)
{
	struct rcu_data *rdp = &per_cpu(rcu_data, cpu);

	cblist_init(&rdp->next);
	cblist_init(&rdp->wait);
	cblist_init(&rdp->done);
	init_waitqueue_head(&rdp->wq);
}

void rcu_init_threads(void)
{
	int cpu;

	for_each_online_cpu(cpu) {
		struct rcu_data *rdp = &per_cpu(rcu_data, cpu);
		struct task *t = kthread_run_on_cpu(rcu_cb_thread, rdp, cpu, "rcuc/%d", cpu);

		if (!t)
			panic("rcu: cannot start rcuc/%d", cpu);
		WRITE_ONCE(rdp->thread, t);
	}
}
