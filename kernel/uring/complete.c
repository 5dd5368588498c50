/*
 * Completions: how a finished request becomes a CQE, and how the
 * application waits for CQEs.
 *
 * The kernel is the CQ ring's only producer.  Under completion_lock it
 * writes the CQE at cached_cq_tail and publishes the new tail with a
 * release store, so an application that reads the tail with an acquire
 * load sees the CQE's contents.  It reads the application's head with an
 * acquire load before reusing a slot, so a CQE is never overwritten while
 * the application may still be reading it.
 *
 * Overflow (IORING_FEAT_NODROP).  A CQE that does not fit is kept in
 * ctx->overflow_list and IORING_SQ_CQ_OVERFLOW is set in the SQ ring's
 * flags; it moves into the ring when the application makes room and
 * enters the kernel again.  While it waits, new CQEs queue behind it, so
 * the order is kept.  Only if even the small overflow record cannot be
 * allocated is a CQE lost, and counted in the ring's cq_overflow field.
 *
 * After the CQE: every completion is counted (nr_reqs_completed), which
 * may release requests waiting for a drain; completions other than
 * timeouts also advance timeouts that wait for a count.  Then the chain:
 * the next linked request is queued to the workers, or, if this one
 * failed and was not a hard link, the rest of the chain completes with
 * -ECANCELED.  The request is freed last, and freeing drops its reference
 * on the ring, which may be the one teardown waits for.
 *
 * Batches.  Requests that complete inline during a submission (a NOP, a
 * read with data ready, a prep error) do not take completion_lock one by
 * one: io_req_complete_defer queues them on the ring (under uring_lock,
 * which the submitter holds), and io_submit_flush_completions posts them
 * all under one lock, with one CQ tail update and one wake-up, before
 * io_uring_enter returns, then frees them into the submitter's request
 * cache (req_alloc.c), as Linux 6.1's io_submit_flush_completions.  Their
 * CQEs keep submission order, and a drain or a linked request sees them
 * complete before the batch ends.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "signal.h"
#include "vm.h"
#include "time.h"

/* Writes one CQE or queues it for later.  completion_lock held. */
static void io_cqring_fill(struct io_ring_ctx *ctx, uint64_t user_data, int32_t res)
{
	struct io_rings *r = ctx->rings;
	uint32_t tail = ctx->cached_cq_tail;
	/* LAB(rings) BEGIN SOLUTION */
	struct io_overflow_cqe *ov;

	if (list_empty(&ctx->overflow_list) &&
	    tail - smp_load_acquire(&r->cq.head) < ctx->cq_entries) {
		struct io_uring_cqe *cqe = &r->cqes[tail & ctx->cq_mask];

		WRITE_ONCE(cqe->user_data, user_data);
		WRITE_ONCE(cqe->res, res);
		WRITE_ONCE(cqe->flags, 0);
		ctx->cached_cq_tail = tail + 1;
		return;
	}
	ov = kmalloc(sizeof(*ov));
	if (!ov) {
		WRITE_ONCE(r->cq_overflow, READ_ONCE(r->cq_overflow) + 1);
		return;
	}
	ov->cqe = (struct io_uring_cqe){ .user_data = user_data, .res = res };
	if (list_empty(&ctx->overflow_list))
		WRITE_ONCE(r->sq_flags, READ_ONCE(r->sq_flags) | IORING_SQ_CQ_OVERFLOW);
	list_add_tail(&ov->list, &ctx->overflow_list);
	/* LAB(rings) END SOLUTION */
	/* LAB(rings) STUB: if (tail - smp_load_acquire(&r->cq.head) >= ctx->cq_entries) { */
	/* LAB(rings) STUB: 	WRITE_ONCE(r->cq_overflow, READ_ONCE(r->cq_overflow) + 1); */
	/* LAB(rings) STUB: 	return; */
	/* LAB(rings) STUB: } */
	/* LAB(rings) STUB: r->cqes[tail & ctx->cq_mask].user_data = user_data; */
	/* LAB(rings) STUB: r->cqes[tail & ctx->cq_mask].res = res; */
	/* LAB(rings) STUB: r->cqes[tail & ctx->cq_mask].flags = 0; */
	/* LAB(rings) STUB: ctx->cached_cq_tail = tail + 1; */
	/* LAB(rings) YOUR CODE HERE: keep a CQE that does not fit (IORING_FEAT_NODROP), in order */
}

/* Publishes the CQEs written so far.  completion_lock held. */
static void io_commit_cqring(struct io_ring_ctx *ctx)
{
	ctx->nr_cq_commits++;
	smp_store_release(&ctx->rings->cq.tail, ctx->cached_cq_tail);
}

/* LAB(rings) BEGIN SOLUTION */
/* Moves overflowed CQEs into the ring while there is room.  completion_lock held. */
static bool __io_cqring_overflow_flush(struct io_ring_ctx *ctx)
{
	struct io_rings *r = ctx->rings;

	while (!list_empty(&ctx->overflow_list)) {
		struct io_overflow_cqe *ov;
		uint32_t tail = ctx->cached_cq_tail;

		if (tail - smp_load_acquire(&r->cq.head) == ctx->cq_entries)
			break;
		ov = list_first_entry(&ctx->overflow_list, struct io_overflow_cqe, list);
		list_del_init(&ov->list);
		r->cqes[tail & ctx->cq_mask] = ov->cqe;
		ctx->cached_cq_tail = tail + 1;
		kfree(ov);
	}
	if (list_empty(&ctx->overflow_list))
		WRITE_ONCE(r->sq_flags, READ_ONCE(r->sq_flags) & ~IORING_SQ_CQ_OVERFLOW);
	io_commit_cqring(ctx);
	return list_empty(&ctx->overflow_list);
}

/* LAB(rings) END SOLUTION */

bool io_cqring_overflow_flush(struct io_ring_ctx *ctx)
{
	/* LAB(rings) BEGIN SOLUTION */
	bool empty;

	/*
	 * A peek without the lock, to keep it off the common path: a CQE
	 * that overflows just after it is no older than the caller's
	 * question, and the next flush (every submission, every wait loop)
	 * sees it.
	 */
	if (list_empty(&ctx->overflow_list))
		return true;
	spin_lock(&ctx->completion_lock);
	empty = __io_cqring_overflow_flush(ctx);
	spin_unlock(&ctx->completion_lock);
	return empty;
	/* LAB(rings) END SOLUTION */
	/* LAB(rings) STUB: (void)ctx; */
	/* LAB(rings) STUB: return true; */
	/* LAB(rings) YOUR CODE HERE: move overflowed CQEs into the ring, oldest first */
}

/* Requests at the head of the defer list whose drain is satisfied.  Lock held. */
static void io_collect_deferred(struct io_ring_ctx *ctx, struct list_head *ready)
{
	while (!list_empty(&ctx->defer_list)) {
		struct io_kiocb *req = list_first_entry(&ctx->defer_list, struct io_kiocb, list);

		if ((req->flags & REQ_F_DRAIN) && ctx->nr_reqs_completed < req->drain_seq)
			break;
		list_move_tail(&req->list, ready);
	}
}

void io_queue_deferred(struct io_kiocb *req)
{
	struct io_ring_ctx *ctx = req->ctx;
	LIST_HEAD(ready);

	spin_lock(&ctx->completion_lock);
	list_add_tail(&req->list, &ctx->defer_list);
	io_collect_deferred(ctx, &ready);
	spin_unlock(&ctx->completion_lock);
	while (!list_empty(&ready)) {
		struct io_kiocb *r = list_first_entry(&ready, struct io_kiocb, list);

		list_del_init(&r->list);
		io_wq_enqueue(ctx->io_wq, r);
	}
}

/* Completes with -ECANCELED the requests of tctx (NULL: all) waiting for a drain. */
static void __io_cancel_deferred(struct io_ring_ctx *ctx, struct io_uring_task *tctx)
{
	struct io_kiocb *req, *tmp;
	LIST_HEAD(list);

	spin_lock(&ctx->completion_lock);
	list_for_each_entry_safe(req, tmp, &ctx->defer_list, list)
		if (!tctx || req->tctx == tctx)
			list_move_tail(&req->list, &list);
	spin_unlock(&ctx->completion_lock);
	while (!list_empty(&list)) {
		struct io_kiocb *req = list_first_entry(&list, struct io_kiocb, list);

		list_del_init(&req->list);
		io_req_complete(req, -ECANCELED);
	}
}

void io_cancel_deferred(struct io_ring_ctx *ctx)
{
	__io_cancel_deferred(ctx, NULL);
}

void io_cancel_task_deferred(struct io_ring_ctx *ctx, struct io_uring_task *tctx)
{
	__io_cancel_deferred(ctx, tctx);
}

/* io_req_free; locked: the caller holds uring_lock, so the memory goes to the submitter's cache. */
static void __io_req_free(struct io_kiocb *req, bool locked)
{
	struct io_ring_ctx *ctx = req->ctx;
	struct io_uring_task *tctx;

	if (req->flags & REQ_F_FIXED_FILE)
		io_fixed_file_put(req);
	else if (req->file)
		fput(req->file);
	/* Each test spares a NOP a call (make insn-count): most requests hold none of these. */
	if (req->files)
		files_put(req->files);
	if (req->mm)
		mmdrop(req->mm);
	if (req->msg)
		io_sock_msg_free(req);
	if (req->iov)
		kfree(req->iov);
	tctx = req->tctx;
	io_req_recycle(req, locked);
	io_tctx_put(tctx);		/* a cancelling execve may be waiting for it */
	percpu_ref_put(&ctx->refs);	/* last: the ring may go now */
}

void io_req_free(struct io_kiocb *req)
{
	__io_req_free(req, false);
}

/* The CQE and the counters of one completion.  completion_lock held. */
static void io_req_post(struct io_kiocb *req, int res, struct list_head *timeouts)
{
	struct io_ring_ctx *ctx = req->ctx;

	if (res < 0)
		req->flags |= REQ_F_FAIL_LINK;
	io_cqring_fill(ctx, req->user_data, res);
	ctx->nr_reqs_completed++;
	io_timeout_count(req, timeouts);
}

/*
 * After the CQEs: drops completion_lock, publishes and wakes, then
 * completes the timeouts the completions claimed and queues the deferred
 * requests they released.
 */
static void io_cq_unlock_post(struct io_ring_ctx *ctx, struct list_head *timeouts)
{
	LIST_HEAD(ready);

	io_collect_deferred(ctx, &ready);
	io_commit_cqring(ctx);
	spin_unlock(&ctx->completion_lock);
	/*
	 * Skip the wait queue's lock when nobody waits (most completions).
	 * The full barrier orders the CQ tail store before the check; a
	 * waiter queues itself before testing the tail (wait_event), so one
	 * of the two always sees the other.
	 */
	smp_mb();
	if (!list_empty(&ctx->cq_wait.head))
		wake_up(&ctx->cq_wait);
	io_timeouts_complete(timeouts);
	while (!list_empty(&ready)) {
		struct io_kiocb *r = list_first_entry(&ready, struct io_kiocb, list);

		list_del_init(&r->list);
		io_wq_enqueue(ctx->io_wq, r);
	}
}

/* The rest of the chain after req's completion: run the next member, or fail them all. */
static void io_req_next(struct io_kiocb *req)
{
	struct io_kiocb *next = req->link;

	if (!next)
		return;
	req->link = NULL;
	if ((req->flags & REQ_F_FAIL_LINK) && !(req->sqe_flags & IOSQE_IO_HARDLINK))
		io_fail_links(next);
	else
		io_wq_enqueue(req->ctx->io_wq, next);
}

void io_req_complete(struct io_kiocb *req, int res)
{
	struct io_ring_ctx *ctx = req->ctx;
	LIST_HEAD(timeouts);

	spin_lock(&ctx->completion_lock);
	io_req_post(req, res, &timeouts);
	io_cq_unlock_post(ctx, &timeouts);
	io_req_next(req);
	io_req_free(req);
}

void io_req_complete_defer(struct io_kiocb *req, int res)
{
	/* LAB(rings) BEGIN SOLUTION */
	struct io_ring_ctx *ctx = req->ctx;

	req->compl_res = res;
	req->compl_next = NULL;
	if (!ctx->compl_head)
		ctx->compl_tail = &ctx->compl_head;
	*ctx->compl_tail = req;
	ctx->compl_tail = &req->compl_next;
	/* LAB(rings) END SOLUTION */
	/* LAB(rings) STUB: io_req_complete(req, res); */
	/* LAB(rings) YOUR CODE HERE: queue req on the batch, in submission order */
}

void io_submit_flush_completions(struct io_ring_ctx *ctx)
{
	/* LAB(rings) BEGIN SOLUTION */
	struct io_kiocb *req = ctx->compl_head;
	LIST_HEAD(timeouts);

	if (!req)
		return;
	ctx->compl_head = NULL;
	spin_lock(&ctx->completion_lock);
	for (struct io_kiocb *r = req; r; r = r->compl_next)
		io_req_post(r, r->compl_res, &timeouts);
	io_cq_unlock_post(ctx, &timeouts);
	while (req) {
		struct io_kiocb *next = req->compl_next;

		io_req_next(req);
		__io_req_free(req, true);
		req = next;
	}
	/* LAB(rings) END SOLUTION */
	/* LAB(rings) STUB: (void)ctx; */
	/* LAB(rings) YOUR CODE HERE: post the batch: one lock, one tail update; then free it */
}

void io_fail_links(struct io_kiocb *req)
{
	while (req) {
		struct io_kiocb *next = req->link;

		req->link = NULL;
		io_req_complete(req, req->prep_err ? req->prep_err : -ECANCELED);
		req = next;
	}
}

/* A wait's limit: its timer sets expired and wakes the ring's waiters. */
struct io_wait_timeout {
	struct timer_list timer;
	struct io_ring_ctx *ctx;
	bool expired;
};

/* In the timer interrupt: wake_up may be called from any context. */
static void io_wait_timeout_fn(struct timer_list *t)
{
	struct io_wait_timeout *to = container_of(t, struct io_wait_timeout, timer);

	WRITE_ONCE(to->expired, true);
	wake_up(&to->ctx->cq_wait);
}

/* Enough CQEs for the waiter, or something it must flush or notice. */
static bool io_should_wake(struct io_ring_ctx *ctx, uint32_t min_events,
			   const struct io_wait_timeout *to)
{
	struct io_rings *r = ctx->rings;

	return READ_ONCE(r->cq.tail) - READ_ONCE(r->cq.head) >= min_events ||
	       (!list_empty(&ctx->overflow_list) &&
		READ_ONCE(r->cq.tail) - READ_ONCE(r->cq.head) < ctx->cq_entries) ||
	       (to && READ_ONCE(to->expired));
}

int io_cqring_wait(struct io_ring_ctx *ctx, uint32_t min_events, const uint64_t __user *sig,
		   size_t sigsz, const struct __kernel_timespec __user *uts)
{
	struct io_rings *r = ctx->rings;
	struct io_wait_timeout to = { .ctx = ctx }, *top = NULL;
	struct __kernel_timespec ts;
	int ret = 0;

	io_cqring_overflow_flush(ctx);
	/* The head is the application's: a bad one only ends the wait early. */
	if (smp_load_acquire(&r->cq.tail) - READ_ONCE(r->cq.head) >= min_events)
		return 0;
	/* As Linux, the mask and the timespec are read only once there is something to wait for. */
	ret = set_user_sigmask(sig, sigsz);
	if (ret)
		return ret;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts))) {
			restore_saved_sigmask_unless(false);
			return -EFAULT;
		}
		top = &to;
		timer_setup(&to.timer, io_wait_timeout_fn);
		mod_timer(&to.timer, jiffies + io_ns_to_ticks(io_timespec_ns(&ts)));
	}
	for (;;) {
		/* A full ring the application does not reap: waiting would never end. */
		if (!io_cqring_overflow_flush(ctx)) {
			ret = -EBUSY;
			break;
		}
		if (smp_load_acquire(&r->cq.tail) - READ_ONCE(r->cq.head) >= min_events)
			break;
		if (top && READ_ONCE(to.expired)) {
			ret = -ETIME;
			break;
		}
		if (wait_event_interruptible(ctx->cq_wait, io_should_wake(ctx, min_events, top))) {
			ret = -EINTR;
			break;
		}
	}
	if (top)
		del_timer_sync(&to.timer);
	restore_saved_sigmask_unless(ret == -EINTR);
	/* Anything to reap wins over the error, as Linux. */
	return READ_ONCE(r->cq.head) == READ_ONCE(r->cq.tail) ? ret : 0;
}

void io_post_aux_cqe(struct io_ring_ctx *ctx, uint64_t user_data, int32_t res)
{
	spin_lock(&ctx->completion_lock);
	io_cqring_fill(ctx, user_data, res);
	io_commit_cqring(ctx);
	spin_unlock(&ctx->completion_lock);
	smp_mb();	/* the tail store before the check, as io_req_complete */
	if (!list_empty(&ctx->cq_wait.head))
		wake_up(&ctx->cq_wait);
}
