/*
 * Each submitter's io_uring context, and execve's cancelling of the
 * requests the old image submitted (Linux 6.1's io_uring_task_cancel,
 * called from begin_new_exec).
 *
 * Why execve cancels.  A request runs on after the system call that
 * submitted it, against the submitter's memory (req->mm).  Once execve
 * has replaced the image, a read finishing into the old image's buffer
 * helps no one, and on Linux the new image can rely on none of the old
 * one's requests still being in flight.  So execve, past its point of no
 * return and before the old address space goes, cancels every request the
 * task submitted, on every ring, and waits until none is left.
 *
 * The context.  Every request records its submitter's struct
 * io_uring_task (req->tctx), made the first time the task submits (at
 * io_uring_enter, as Linux's io_uring_add_tctx_node).  Requests outlive
 * their task (a ring shared with a forked child keeps running them), so
 * the context is counted: one reference for the task, dropped at exit,
 * and one per live request, dropped when the request is freed.  As
 * Linux's tctx->cached_refs, the task takes request references ahead, in
 * batches (cached_refs, which only the task itself touches), and a request
 * the task frees itself (one completed inline) gives its reference back
 * to that cache: a NOP costs no atomic operation on the context.  Since
 * only the task itself submits with its context, "refs == 1 + cached_refs"
 * seen by the task means none of its requests is left, and nothing can
 * add one meanwhile.
 *
 * The walk.  Rather than each task keeping a list of the rings it used
 * (Linux's tctx->xa), every ring is on one list, io_rings_list: execve
 * with requests in flight is rare, and the common execve sees refs == 1
 * and takes no lock.  Under io_rings_mutex, for each ring, it:
 *   - completes its armed timeouts with -ECANCELED (io_kill_task_timeouts);
 *   - completes its requests waiting for a drain with -ECANCELED;
 *   - takes its requests off the worker queue (-ECANCELED, or -ETIME for
 *     a timeout whose timer had fired) and signals the workers running one
 *     (io_wq_cancel_task): a read blocked on a pipe or socket ends and
 *     completes with -ECANCELED (io_issue).
 * Other tasks' requests on the same ring are not touched.  A ring stays on
 * the list until its teardown has waited for every request, so a ring on
 * the list is whole.
 *
 * Waiting.  Some of the task's requests cannot be caught by one pass: one
 * between two places (a timeout whose timer just fired, on its way to a
 * worker; a request a drain just released), or the next link of a hard
 * chain, queued when the request before it completes.  So the walk
 * repeats until refs == 1 (it empties the cache first, and frees during
 * the walk skip it), sleeping in between until something happens
 * that could change the answer: one of the walkers' kicks
 * (io_task_cancel_kick), which every request free and every queueing to a
 * worker gives while any execve is cancelling.  The kick bumps
 * io_cancel_events and wakes io_cancel_wait; the walker notes the events
 * count before it looks, so a kick after the look always wakes it.  A
 * kick reads io_nr_cancelling after its own change, and the walker
 * increments io_nr_cancelling before it looks: a request free's decrement
 * and the walker's increment are both fully ordered (include/atomic.h), and
 * an enqueue and the walker's look at the work list both hold wq->lock.
 * Either way, a change the walker does not see is followed by a kick that
 * sees the walker.  Timeouts armed after the walk see tctx->cancelling and
 * complete at once, as on a dying ring.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "sched.h"
#include "timer.h"

static LIST_HEAD(io_rings_list);
static DEFINE_MUTEX(io_rings_mutex);

static atomic_t io_nr_cancelling;	/* execve calls inside io_uring_task_cancel */
static atomic_t io_cancel_events;	/* kicks: see the top of the file */
static DECLARE_WAIT_QUEUE_HEAD(io_cancel_wait);

#define IO_TCTX_REFS_BATCH	64	/* references io_tctx_get takes at a time */

static atomic_long_t io_tctx_live;

/* Drops n references; frees tctx at the last.  Touches no tctx after: it may be gone. */
static void io_tctx_put_many(struct io_uring_task *tctx, int n)
{
	if (atomic_sub_and_test(n, &tctx->refs)) {
		kfree(tctx);
		atomic_long_dec(&io_tctx_live);
	}
	io_task_cancel_kick();
}

/* current's references still in its cache go back; current's own one stays.  The task. */
static void io_tctx_drop_cached(struct io_uring_task *tctx)
{
	if (tctx->cached_refs) {
		atomic_sub(tctx->cached_refs, &tctx->refs);
		tctx->cached_refs = 0;
	}
}

/* True if none of tctx's requests is left.  The task itself. */
static bool io_tctx_idle(struct io_uring_task *tctx)
{
	return atomic_read(&tctx->refs) == 1 + tctx->cached_refs;
}

/*
 * The leak checks run in the test's own task, which may have got a
 * context by submitting: drop it if nothing of it is in flight (always
 * safe for the task itself; it gets a new one when it submits again), so
 * a test that leaves no request behind leaves no context either.  Its
 * last requests may be on a ring whose teardown is still queued: wait for
 * those teardowns first, up to 30 s, whichever counter settles first.
 */
static void io_tctx_settle(void)
{
	struct io_uring_task *tctx = current->io_uring;

	for (int ms = 0;
	     tctx && ms < 30000 && !io_tctx_idle(tctx) && atomic_long_read(&io_rings_exiting);
	     ms += 5)
		msleep(5);
	if (tctx && io_tctx_idle(tctx)) {
		current->io_uring = NULL;
		io_tctx_put_many(tctx, 1 + tctx->cached_refs);
	}
}
KTEST_LEAK_COUNTER_SETTLE(io_tctx_live, "io_uring task contexts", io_tctx_settle);

int io_uring_task_attach(void)
{
	struct io_uring_task *tctx;

	if (likely(current->io_uring))
		return 0;
	tctx = kzalloc(sizeof(*tctx));
	if (!tctx)
		return -ENOMEM;
	atomic_set(&tctx->refs, 1);
	atomic_long_inc(&io_tctx_live);
	current->io_uring = tctx;
	return 0;
}

void io_task_cancel_kick(void)
{
	if (unlikely(atomic_read(&io_nr_cancelling))) {
		atomic_inc(&io_cancel_events);
		wake_up(&io_cancel_wait);
	}
}

struct io_uring_task *io_tctx_get(void)
{
	struct io_uring_task *tctx = current->io_uring;

	if (unlikely(!tctx->cached_refs)) {
		atomic_add(IO_TCTX_REFS_BATCH, &tctx->refs);
		tctx->cached_refs = IO_TCTX_REFS_BATCH;
	}
	tctx->cached_refs--;
	return tctx;
}

void io_tctx_put(struct io_uring_task *tctx)
{
	/* While its execve waits, the count must show every free: no caching then. */
	if (tctx == current->io_uring && !tctx->cancelling)
		tctx->cached_refs++;
	else
		io_tctx_put_many(tctx, 1);
}

void io_uring_task_exit(struct task *t)
{
	struct io_uring_task *tctx = t->io_uring;

	if (tctx) {
		t->io_uring = NULL;
		io_tctx_put_many(tctx, 1 + tctx->cached_refs);
	}
}

void io_rings_list_add(struct io_ring_ctx *ctx)
{
	mutex_lock(&io_rings_mutex);
	list_add_tail(&ctx->rings_node, &io_rings_list);
	mutex_unlock(&io_rings_mutex);
}

void io_rings_list_del(struct io_ring_ctx *ctx)
{
	if (list_empty(&ctx->rings_node))	/* setup failed before adding it */
		return;
	mutex_lock(&io_rings_mutex);
	list_del_init(&ctx->rings_node);
	mutex_unlock(&io_rings_mutex);
}

/* One pass over every ring: see "The walk" above. */
static void io_cancel_task_pass(struct io_uring_task *tctx)
{
	struct io_ring_ctx *ctx;

	mutex_lock(&io_rings_mutex);
	list_for_each_entry(ctx, &io_rings_list, rings_node) {
		io_kill_task_timeouts(ctx, tctx);
		io_cancel_task_deferred(ctx, tctx);
		io_wq_cancel_task(ctx->io_wq, tctx);
	}
	mutex_unlock(&io_rings_mutex);
}

void io_uring_task_cancel(void)
{
	struct io_uring_task *tctx = current->io_uring;

	if (!tctx || io_tctx_idle(tctx))
		return;		/* nothing in flight: the common execve */
	WRITE_ONCE(tctx->cancelling, true);
	io_tctx_drop_cached(tctx);
	atomic_inc(&io_nr_cancelling);
	for (;;) {
		int events = atomic_read(&io_cancel_events);

		smp_rmb();	/* the count of kicks before what they were about */
		if (atomic_read(&tctx->refs) == 1)
			break;
		io_cancel_task_pass(tctx);
		wait_event(io_cancel_wait, atomic_read(&io_cancel_events) != events ||
						   atomic_read(&tctx->refs) == 1);
	}
	atomic_dec(&io_nr_cancelling);
	WRITE_ONCE(tctx->cancelling, false);
}
