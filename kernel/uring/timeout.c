/*
 * Timeouts: IORING_OP_TIMEOUT, a request that completes with -ETIME when
 * its timer expires, or with 0 once `off` other requests have completed
 * (if off is not zero).
 *
 * Prep turns the timespec into jiffies.  Issue arms the request: it joins
 * ctx->timeout_list, its timer starts, and, with a count, it records the
 * value of ctx->nr_counted that completes it.  The count starts when the
 * timeout is armed, and completions of timeouts do not count.
 *
 * Three parties may finish an armed timeout:
 *   - the timer (-ETIME), in the timer interrupt;
 *   - the count (0), from the completion that reaches it;
 *   - teardown (-ECANCELED), which also stops new timeouts from arming,
 *     or its submitter's execve (-ECANCELED, task_cancel.c), which stops
 *     that task's.
 * Each first moves timeout_state from ARMED to CLAIMED with a
 * compare-and-swap (io_timeout_claim); the winner owns the request and the
 * losers never touch it again.  Why not completion_lock?  It is taken with
 * interrupts enabled, so the timer must never take it, and so cannot post
 * the CQE itself: it sets REQ_F_TIMEOUT_FIRED and queues the request to a
 * worker, which issues it a second time and completes it with -ETIME.
 * A count or teardown winner still calls del_timer_sync(): the timer may
 * be running elsewhere, about to lose.
 *
 * A fired timeout stays on timeout_list until its worker completes it;
 * the walkers below see it CLAIMED and skip it.
 */
#include "internal.h"
#include "errno.h"
#include "time.h"

#define NSEC_PER_SEC	1000000000LL
#define NSEC_PER_TICK	(NSEC_PER_SEC / HZ)

long long io_timespec_ns(const struct __kernel_timespec *ts)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0)
		return 0;
	/* About 292 years in ns fits in 63 bits; anything longer is "forever-ish". */
	if (ts->tv_sec > (INT64_MAX / NSEC_PER_SEC) - 1)
		return INT64_MAX;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

uint64_t io_ns_to_ticks(long long ns)
{
	/*
	 * Never early: one tick more for the tick already under way when the
	 * timer is armed, and one for the tick clock (the APIC timer) running
	 * a fraction fast against ktime, the clock an application measures
	 * with (seen under TCG: a 20 ms timeout measured at 19.96 ms).
	 */
	return (uint64_t)ns / NSEC_PER_TICK + 2;
}

int io_timeout_prep(struct io_kiocb *req)
{
	struct __kernel_timespec ts;
	long long ns;

	if (req->len != 1 || (req->op_flags & ~IORING_TIMEOUT_ABS))
		return -EINVAL;
	if (copy_from_user(&ts, (void *)req->addr, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	ns = io_timespec_ns(&ts);
	if (req->op_flags & IORING_TIMEOUT_ABS)
		ns = ns > (long long)ktime_get_ns() ? ns - (long long)ktime_get_ns() : 0;
	req->timeout_ticks = io_ns_to_ticks(ns);
	return 0;
}

/* True if the caller now owns req; false if another party got there first. */
static bool io_timeout_claim(struct io_kiocb *req)
{
	return cmpxchg(&req->timeout_state, TIMEOUT_ARMED, TIMEOUT_CLAIMED) == TIMEOUT_ARMED;
}

/* The timer: in interrupt context, so it only hands the request to a worker. */
static void io_timeout_fn(struct timer_list *t)
{
	struct io_kiocb *req = container_of(t, struct io_kiocb, timer);

	if (!io_timeout_claim(req))
		return;		/* the count or teardown owns it */
	req->flags |= REQ_F_TIMEOUT_FIRED;
	io_wq_enqueue(req->ctx->io_wq, req);	/* the worker issues it again: io_timeout */
}

static void io_timeout_arm(struct io_kiocb *req)
{
	struct io_ring_ctx *ctx = req->ctx;

	spin_lock(&ctx->completion_lock);
	/* Its submitter's execve has looked, or will not look again: never arm. */
	if (ctx->dying || READ_ONCE(req->tctx->cancelling)) {
		spin_unlock(&ctx->completion_lock);
		io_req_complete(req, -ECANCELED);
		return;
	}
	if (req->off)
		req->timeout_target = ctx->nr_counted + req->off;
	req->timeout_state = TIMEOUT_ARMED;
	list_add_tail(&req->timeout_node, &ctx->timeout_list);
	timer_setup(&req->timer, io_timeout_fn);
	mod_timer(&req->timer, jiffies + req->timeout_ticks);
	spin_unlock(&ctx->completion_lock);
}

void io_timeout(struct io_kiocb *req)
{
	if (req->flags & REQ_F_TIMEOUT_FIRED)
		io_req_complete(req, -ETIME);
	else
		io_timeout_arm(req);
}

void io_timeout_count(struct io_kiocb *req, struct list_head *claimed)
{
	struct io_ring_ctx *ctx = req->ctx;
	struct io_kiocb *t, *tmp;

	if (req->opcode == IORING_OP_TIMEOUT) {
		list_del_init(&req->timeout_node);	/* a fired timeout leaves the armed list */
		return;
	}
	ctx->nr_counted++;
	list_for_each_entry_safe(t, tmp, &ctx->timeout_list, timeout_node) {
		if (!t->timeout_target || ctx->nr_counted < t->timeout_target)
			continue;
		if (!io_timeout_claim(t))
			continue;	/* its timer got there first */
		list_del_init(&t->timeout_node);
		list_add_tail(&t->list, claimed);
	}
}

/* Completes every claimed timeout on list with res; no lock held. */
static void io_timeouts_finish(struct list_head *list, int res)
{
	while (!list_empty(list)) {
		struct io_kiocb *req = list_first_entry(list, struct io_kiocb, list);

		list_del_init(&req->list);
		del_timer_sync(&req->timer);	/* it may be running elsewhere, about to lose */
		io_req_complete(req, res);
	}
}

void io_timeouts_complete(struct list_head *claimed)
{
	io_timeouts_finish(claimed, 0);
}

/* Claims the armed timeouts of tctx (NULL: all) onto list.  completion_lock held. */
static void io_claim_timeouts(struct io_ring_ctx *ctx, struct io_uring_task *tctx,
			      struct list_head *list)
{
	struct io_kiocb *req, *tmp;

	list_for_each_entry_safe(req, tmp, &ctx->timeout_list, timeout_node) {
		if (tctx && req->tctx != tctx)
			continue;
		if (!io_timeout_claim(req))
			continue;	/* fired: a worker completes it */
		list_del_init(&req->timeout_node);
		list_add_tail(&req->list, list);
	}
}

void io_kill_timeouts(struct io_ring_ctx *ctx)
{
	LIST_HEAD(list);

	spin_lock(&ctx->completion_lock);
	ctx->dying = true;
	io_claim_timeouts(ctx, NULL, &list);
	spin_unlock(&ctx->completion_lock);
	io_timeouts_finish(&list, -ECANCELED);
}

void io_kill_task_timeouts(struct io_ring_ctx *ctx, struct io_uring_task *tctx)
{
	LIST_HEAD(list);

	spin_lock(&ctx->completion_lock);
	io_claim_timeouts(ctx, tctx, &list);
	spin_unlock(&ctx->completion_lock);
	io_timeouts_finish(&list, -ECANCELED);
}
