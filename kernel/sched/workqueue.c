/*
 * Work queues (see include/workqueue.h).
 *
 * One lock, wq_lock, guards every pool's list, every item's pending flag
 * and which item each worker is running.  A single lock keeps the states
 * of an item (idle, pending on some CPU, running) consistent with no
 * window between them, which is what flush_work and cancel_work_sync rely
 * on; the lock is only held to move list entries, so it is never hot.
 *
 * Workers sleep on their pool's wait queue; flushers sleep on work_done,
 * which every worker wakes after each item.
 */
#include "debugobjects.h"
#include "workqueue.h"
#include "sched.h"
#include "smp.h"
#include "spinlock.h"
#include "wait.h"
#include "panic.h"

struct worker_pool {
	struct list_head items;
	struct work_struct *running;
	struct wait_queue_head more_work;
	struct task *worker;
};

struct workqueue_struct {
	struct worker_pool pools[NR_CPUS];
};

static struct workqueue_struct system_workqueue;
struct workqueue_struct *system_wq = &system_workqueue;
static DEFINE_SPINLOCK(wq_lock);
static DECLARE_WAIT_QUEUE_HEAD(work_done);

/* ODEBUG's view of a work item: active while pending. */
static void *work_debug_hint(void *addr)
{
	return (void *)((struct work_struct *)addr)->func;
}

/* Freed while pending: take it off its queue, so no worker runs freed memory. */
static void work_fixup_free(void *addr)
{
	struct work_struct *w = addr;
	unsigned long flags = spin_lock_irqsave(&wq_lock);

	if (w->pending) {
		list_del_init(&w->entry);
		w->pending = false;	/* ODEBUG has already forgotten it */
	}
	spin_unlock_irqrestore(&wq_lock, flags);
}

static const struct debug_obj_descr work_debug_descr = {
	.name = "work_struct",
	.debug_hint = work_debug_hint,
	.fixup_free = work_fixup_free,
};

void __init_work(struct work_struct *w)
{
	debug_object_init(w, &work_debug_descr);
}

static bool pool_has_work(struct worker_pool *pool)
{
	return !list_empty(&pool->items);
}

static int worker_thread(void *arg)
{
	struct worker_pool *pool = arg;

	while (!kthread_should_stop()) {
		struct work_struct *w = NULL;
		unsigned long flags;

		wait_event(pool->more_work, pool_has_work(pool) || kthread_should_stop());
		flags = spin_lock_irqsave(&wq_lock);
		if (!list_empty(&pool->items)) {
			w = list_first_entry(&pool->items, struct work_struct, entry);
			list_del_init(&w->entry);
			w->pending = false;	/* it may queue itself again */
			debug_object_deactivate(w, &work_debug_descr);
			pool->running = w;
		}
		spin_unlock_irqrestore(&wq_lock, flags);
		if (!w)
			continue;
		w->func(w);
		flags = spin_lock_irqsave(&wq_lock);
		pool->running = NULL;
		spin_unlock_irqrestore(&wq_lock, flags);
		wake_up(&work_done);
	}
	return 0;
}

void workqueue_init(void)
{
	int cpu;

	for_each_online_cpu(cpu) {
		struct worker_pool *pool = &system_wq->pools[cpu];

		INIT_LIST_HEAD(&pool->items);
		init_waitqueue_head(&pool->more_work);
		pool->worker = kthread_run_on_cpu(worker_thread, pool, cpu, "kworker/%d", cpu);
		if (!pool->worker)
			panic("workqueue: cannot start kworker/%d", cpu);
	}
}

/* The pool whose worker is running w right now, or NULL; wq_lock held. */
static struct worker_pool *running_pool(struct workqueue_struct *wq, struct work_struct *w)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (wq->pools[cpu].running == w)
			return &wq->pools[cpu];
	return NULL;
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *w)
{
	struct worker_pool *pool = &wq->pools[cpu], *busy;
	unsigned long flags;

	if (WARN_ON_ONCE(cpu < 0 || cpu >= NR_CPUS || !pool->worker))
		return false;
	flags = spin_lock_irqsave(&wq_lock);
	if (w->pending) {
		spin_unlock_irqrestore(&wq_lock, flags);
		return false;
	}
	/*
	 * Never run one item on two CPUs at once: if it is running, queue it
	 * behind itself on the same worker (Linux's non-reentrancy rule).
	 * That also keeps w->cpu naming the only pool flush_work must watch.
	 */
	busy = running_pool(wq, w);
	if (busy) {
		pool = busy;
		cpu = (int)(busy - wq->pools);
	}
	/*
	 * Under wq_lock, so a worker cannot run it before it is marked active.
	 * A work item that was never set up (no INIT_WORK) is reported and
	 * refused: its function pointer is garbage.
	 */
	if (debug_object_activate(w, &work_debug_descr)) {
		spin_unlock_irqrestore(&wq_lock, flags);
		return false;
	}
	w->pending = true;
	w->cpu = cpu;
	list_add_tail(&w->entry, &pool->items);
	spin_unlock_irqrestore(&wq_lock, flags);
	wake_up(&pool->more_work);
	return true;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *w)
{
	bool queued;

	preempt_disable();
	queued = queue_work_on(smp_processor_id(), wq, w);
	preempt_enable();
	return queued;
}

/* True if w is pending or running anywhere; takes wq_lock. */
static bool work_busy(struct work_struct *w)
{
	unsigned long flags = spin_lock_irqsave(&wq_lock);
	bool busy = w->pending || system_wq->pools[w->cpu].running == w;

	spin_unlock_irqrestore(&wq_lock, flags);
	return busy;
}

bool flush_work(struct work_struct *w)
{
	bool waited = work_busy(w);

	might_sleep();
	wait_event(work_done, !work_busy(w));
	return waited;
}

bool cancel_work_sync(struct work_struct *w)
{
	unsigned long flags;
	bool was_pending;

	might_sleep();
	flags = spin_lock_irqsave(&wq_lock);
	was_pending = w->pending;
	if (was_pending) {
		list_del_init(&w->entry);
		w->pending = false;
		debug_object_deactivate(w, &work_debug_descr);
	}
	spin_unlock_irqrestore(&wq_lock, flags);
	wait_event(work_done, !work_busy(w));
	return was_pending;
}
