/*
 * io-wq: the async workers of one ring.
 *
 * A request that would block (a read from an empty pipe, an fsync, any
 * request with IOSQE_ASYNC) is not run by the submitting task: it is
 * queued here and a worker thread runs it in a context that may sleep.
 * Requests released later by something else (the next link of a chain,
 * a request that waited for a drain, a timeout whose timer fired) come
 * here too, so they never run inside a completion or an interrupt.
 *
 * The pool is bounded: one worker is started with the ring, more (up to
 * IO_WQ_MAX_WORKERS) when work is queued from task context and no worker
 * is idle.  So at most that many requests block at once; the rest wait
 * their turn.  The consequence: if every worker blocks on something that
 * only a queued request would provide (say, four pipe reads whose writes
 * were submitted after them), the ring stalls until teardown.  Linux
 * creates workers without such a bound to avoid exactly that; ringlet
 * keeps the bound so the pool stays small and easy to follow.
 *
 * Workers have no descriptor table: everything a request needs was
 * resolved when it was submitted.
 *
 * Cancellation (ring teardown).  io_wq_cancel_all() flips the pool into
 * cancelling mode, in which a worker completes each request it takes with
 * -ECANCELED instead of running it, and interrupts (signal_task) the
 * workers running one: a pipe read or write blocked there returns -EINTR,
 * which io_issue reports as -ECANCELED.  Everything queued afterwards is
 * cancelled the same way.  io_wq_destroy() then stops the workers; by then
 * the ring has waited for every request, so the list is empty.
 *
 * Cancelling one task's requests (execve, task_cancel.c).
 * io_wq_cancel_task() takes that task's requests off the list and
 * completes them itself, and interrupts only the workers whose running
 * request is that task's: each worker notes its request's context
 * (running_tctx) when it takes it, under the lock, since the request
 * itself may be freed while the worker still counts as running it.  A
 * worker clears its interruption under the lock after each request, so an
 * interruption always lands on the request it was meant for.
 *
 * The lock is taken with interrupts off: timers queue work from their
 * interrupt.
 */
#include "internal.h"
#include "sched.h"
#include "slab.h"
#include "errno.h"
#include "panic.h"
#include "preempt.h"

#define IO_WQ_MAX_WORKERS	4

struct io_wq_worker {
	struct io_wq *wq;
	struct task *task;
	struct io_kiocb *running;	/* under wq->lock */
	struct io_uring_task *running_tctx;	/* running's submitter (never dereferenced) */
};

struct io_wq {
	spinlock_t lock;
	struct list_head work_list;
	struct wait_queue_head wait;	/* idle workers */
	int nr_workers;			/* started; changes under lock */
	int nr_idle;			/* workers waiting for work (some perhaps not yet awake) */
	int nr_queued;			/* requests on work_list */
	bool cancelling;
	bool stopping;
	struct mutex grow_lock;		/* serializes adding workers */
	struct io_wq_worker workers[IO_WQ_MAX_WORKERS];
};

static bool io_wq_has_work(struct io_wq *wq)
{
	return !list_empty(&wq->work_list) || READ_ONCE(wq->stopping);
}

static int io_wq_worker_fn(void *arg)
{
	struct io_wq_worker *w = arg;
	struct io_wq *wq = w->wq;
	unsigned long flags;

	for (;;) {
		struct io_kiocb *req;
		bool cancel;

		flags = spin_lock_irqsave(&wq->lock);
		while (list_empty(&wq->work_list) && !wq->stopping) {
			wq->nr_idle++;
			spin_unlock_irqrestore(&wq->lock, flags);
			wait_event(wq->wait, io_wq_has_work(wq));
			flags = spin_lock_irqsave(&wq->lock);
			wq->nr_idle--;
		}
		if (list_empty(&wq->work_list)) {	/* stopping, and nothing left */
			spin_unlock_irqrestore(&wq->lock, flags);
			return 0;
		}
		req = list_first_entry(&wq->work_list, struct io_kiocb, list);
		list_del_init(&req->list);
		wq->nr_queued--;
		cancel = wq->cancelling;
		w->running = req;
		w->running_tctx = req->tctx;
		spin_unlock_irqrestore(&wq->lock, flags);

		if (cancel)
			io_req_complete(req, -ECANCELED);
		else
			io_issue(req, 0);

		flags = spin_lock_irqsave(&wq->lock);
		w->running = NULL;
		w->running_tctx = NULL;
		clear_signal();		/* a cancel aimed at the request just finished */
		spin_unlock_irqrestore(&wq->lock, flags);
	}
}

/*
 * Starts one more worker if the pool may grow; false if it could not.
 * grow_lock makes a new slot and its task appear together.  Task context.
 */
static bool io_wq_add_worker(struct io_wq *wq)
{
	struct io_wq_worker *w;
	unsigned long flags;
	struct task *t = NULL;

	mutex_lock(&wq->grow_lock);
	if (wq->nr_workers < IO_WQ_MAX_WORKERS && !READ_ONCE(wq->stopping)) {
		w = &wq->workers[wq->nr_workers];
		w->wq = wq;
		t = kthread_create(io_wq_worker_fn, w, "iou-wrk");
	}
	if (t) {
		/* kthread_create shared our fd table; a worker must not hold it. */
		files_put(t->files);
		t->files = NULL;
		w->task = t;
		flags = spin_lock_irqsave(&wq->lock);
		wq->nr_workers++;
		spin_unlock_irqrestore(&wq->lock, flags);
		wake_up_process(t);
	}
	mutex_unlock(&wq->grow_lock);
	return t != NULL;
}

struct io_wq *io_wq_create(void)
{
	struct io_wq *wq = kzalloc(sizeof(*wq));

	if (!wq)
		return NULL;
	spin_lock_init(&wq->lock, "io_wq");
	mutex_init(&wq->grow_lock);
	INIT_LIST_HEAD(&wq->work_list);
	init_waitqueue_head(&wq->wait);
	if (!io_wq_add_worker(wq)) {
		kfree(wq);
		return NULL;
	}
	return wq;
}

void io_wq_enqueue(struct io_wq *wq, struct io_kiocb *req)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	bool grow;

	list_add_tail(&req->list, &wq->work_list);
	/* More work waiting than idle workers to take it: one more worker. */
	grow = ++wq->nr_queued > wq->nr_idle && wq->nr_workers < IO_WQ_MAX_WORKERS;
	/*
	 * Wake under the lock: once req is visible a worker may complete it
	 * and the ring may be torn down; io_wq_destroy takes the lock before
	 * freeing, so it waits until this enqueue is done with wq.
	 */
	wake_up(&wq->wait);
	spin_unlock_irqrestore(&wq->lock, flags);
	io_task_cancel_kick();	/* req may be a cancelling task's, arriving after its look */
	/* Threads are only made from task context; a full pool just queues. */
	if (grow && !in_atomic())
		io_wq_add_worker(wq);
}

void io_wq_cancel_all(struct io_wq *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	wq->cancelling = true;
	for (int i = 0; i < wq->nr_workers; i++)
		if (wq->workers[i].running)
			signal_task(wq->workers[i].task);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void io_wq_cancel_task(struct io_wq *wq, struct io_uring_task *tctx)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	struct io_kiocb *req, *tmp;
	LIST_HEAD(list);

	list_for_each_entry_safe(req, tmp, &wq->work_list, list) {
		if (req->tctx != tctx)
			continue;
		list_move_tail(&req->list, &list);
		wq->nr_queued--;
	}
	for (int i = 0; i < wq->nr_workers; i++)
		if (wq->workers[i].running && wq->workers[i].running_tctx == tctx)
			signal_task(wq->workers[i].task);
	spin_unlock_irqrestore(&wq->lock, flags);
	while (!list_empty(&list)) {
		req = list_first_entry(&list, struct io_kiocb, list);
		list_del_init(&req->list);
		/* A fired timeout has its result already, as Linux's queued -ETIME. */
		io_req_complete(req, (req->flags & REQ_F_TIMEOUT_FIRED) ? -ETIME : -ECANCELED);
	}
}

void io_wq_destroy(struct io_wq *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	int n;

	wq->stopping = true;
	spin_unlock_irqrestore(&wq->lock, flags);
	mutex_lock(&wq->grow_lock);	/* no worker half-added */
	n = wq->nr_workers;
	mutex_unlock(&wq->grow_lock);
	wake_up(&wq->wait);
	for (int i = 0; i < n; i++)
		kthread_stop(wq->workers[i].task);
	flags = spin_lock_irqsave(&wq->lock);	/* the last enqueue has let go of wq */
	WARN_ON_ONCE(!list_empty(&wq->work_list));
	spin_unlock_irqrestore(&wq->lock, flags);
	kfree(wq);
}
