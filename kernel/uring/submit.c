/*
 * Submission: from SQ ring entries to running requests.
 *
 * The application is the SQ ring's only producer: it fills SQEs, writes
 * their indexes into the SQ array, and publishes a new tail with a release
 * store.  io_submit_sqes (uring_lock held, so there is one consumer at a
 * time) reads the tail with an acquire load, then for each entry reads the
 * index once and copies the whole 64-byte SQE once into kernel memory
 * (IORING_FEAT_SUBMIT_STABLE: the application may reuse the SQE as soon
 * as io_uring_enter returns).  An index outside the SQE array is counted in
 * sq_dropped and ends this submission batch.  The new head is published
 * with a release store at the end.
 *
 * Each SQE becomes a request that holds a reference on the ring (ctx->refs)
 * until it is freed.  Then:
 *   - a prep error completes it at once with that error;
 *   - IOSQE_IO_LINK / IOSQE_IO_HARDLINK start or continue a chain: the
 *     request is only attached to the chain's tail, and the chain is
 *     issued as one unit when its last member (an SQE without those flags)
 *     arrives.  If any member fails prep, the chain is never run: that
 *     member gets its error and every other member -ECANCELED, as Linux;
 *   - IOSQE_IO_DRAIN defers the request (or chain) until every earlier
 *     request has completed, and the request after it waits for the drain
 *     in turn; anything submitted while the defer list is not empty queues
 *     behind it, in order;
 *   - IOSQE_ASYNC goes straight to a worker;
 *   - everything else is issued inline, and goes to a worker only if it
 *     would block.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "string.h"
#include "syscalls.h"

#define IOSQE_VALID	(IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK | \
			 IOSQE_IO_HARDLINK | IOSQE_ASYNC)

/* Issues req (and, through completion, its chain) from the submitter. */
static void io_queue_sqe(struct io_kiocb *req)
{
	struct io_ring_ctx *ctx = req->ctx;

	if (!list_empty(&ctx->defer_list) || (req->flags & REQ_F_DRAIN)) {
		io_queue_deferred(req);
		return;
	}
	if (((req->sqe_flags & IOSQE_ASYNC) && !req->prep_err) ||
	    io_issue(req, IO_ISSUE_NONBLOCK | IO_ISSUE_LOCKED) == -EAGAIN)
		io_wq_enqueue(ctx->io_wq, req);
}

/*
 * Ends the chain being built and issues it.  If a member failed prep,
 * nothing in it may run: every member without an error of its own is
 * given -ECANCELED and loses IOSQE_IO_HARDLINK, so the head's failure
 * cancels the whole chain in order.
 */
static void io_end_chain(struct io_ring_ctx *ctx)
{
	struct io_kiocb *head = ctx->link_head;

	ctx->link_head = ctx->link_tail = NULL;
	if (head->flags & REQ_F_FAIL_LINK) {
		for (struct io_kiocb *r = head; r; r = r->link) {
			if (!r->prep_err)
				r->prep_err = -ECANCELED;
			r->sqe_flags &= ~IOSQE_IO_HARDLINK;
		}
	}
	io_queue_sqe(head);
}

/* Takes one SQE's contents; false (dropped) if its index is bad. */
static bool io_get_sqe(struct io_ring_ctx *ctx, struct io_uring_sqe *sqe)
{
	/* LAB(rings) BEGIN SOLUTION */
	uint32_t head = ctx->cached_sq_head++;
	uint32_t idx = READ_ONCE(ctx->sq_array[head & ctx->sq_mask]);

	if (idx >= ctx->sq_entries) {
		WRITE_ONCE(ctx->rings->sq_dropped, READ_ONCE(ctx->rings->sq_dropped) + 1);
		return false;
	}
	memcpy(sqe, &ctx->sq_sqes[idx], sizeof(*sqe));
	barrier();	/* every later use reads the copy, never the shared SQE */
	return true;
	/* LAB(rings) END SOLUTION */
	/* LAB(rings) STUB: uint32_t idx = ctx->sq_array[ctx->cached_sq_head++ & ctx->sq_mask]; */
	/* LAB(rings) STUB: memcpy(sqe, &ctx->sq_sqes[idx & ctx->sq_mask], sizeof(*sqe)); */
	/* LAB(rings) STUB: return true; */
	/* LAB(rings) YOUR CODE HERE: read the index once, drop and count a bad one, copy the SQE */
}

/*
 * Turns one SQE into a request and queues it (or adds it to the chain
 * being built).  Returns true if the batch must end here: as Linux, an
 * SQE that fails its checks (opcode, flags, fields: prep) ends the batch
 * unless it links to the next one, and its CQE carries the error.  Errors
 * Linux finds only at issue (a bad fd, an unreadable iovec array) are
 * kept in req->prep_err for the CQE and end nothing.
 */
static bool io_submit_one(struct io_ring_ctx *ctx, struct io_kiocb *req,
			  const struct io_uring_sqe *sqe)
{
	bool chained = sqe->flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);
	int err;

	req->opcode = sqe->opcode;
	req->sqe_flags = sqe->flags;
	req->user_data = sqe->user_data;
	req->fd = sqe->fd;
	req->off = sqe->off;
	req->addr = sqe->addr;
	req->len = sqe->len;
	req->op_flags = sqe->rw_flags;
	req->drain_seq = ctx->nr_reqs_created++;

	err = (sqe->flags & ~IOSQE_VALID) ? -EINVAL : io_req_prep(req, sqe);
	if (err)
		req->prep_err = err;

	if (ctx->link_head) {
		/* A member of a chain: attach; a prep error dooms the chain. */
		ctx->link_tail->link = req;
		ctx->link_tail = req;
		if (err)
			ctx->link_head->flags |= REQ_F_FAIL_LINK;
		if (!chained)
			io_end_chain(ctx);
		return err && !chained;
	}
	/*
	 * Even a request that failed prep goes through the queue: its CQE
	 * must not overtake a drain (it would count as an earlier completion).
	 */
	if ((sqe->flags & IOSQE_IO_DRAIN) || ctx->drain_next)
		req->flags |= REQ_F_DRAIN;
	ctx->drain_next = sqe->flags & IOSQE_IO_DRAIN;
	if (chained) {
		if (err)
			req->flags |= REQ_F_FAIL_LINK;
		ctx->link_head = ctx->link_tail = req;
		return false;
	}
	io_queue_sqe(req);
	return err;
}

int io_submit_sqes(struct io_ring_ctx *ctx, uint32_t nr)
{
	/* LAB(rings) BEGIN SOLUTION */
	uint32_t avail = smp_load_acquire(&ctx->rings->sq.tail) - ctx->cached_sq_head;
	/* LAB(rings) END SOLUTION */
	/* LAB(rings) STUB: uint32_t tail = smp_load_acquire(&ctx->rings->sq.tail); */
	/* LAB(rings) STUB: uint32_t head = ctx->cached_sq_head; */
	/* LAB(rings) STUB: uint32_t avail = tail > head ? tail - head : 0; */
	/* LAB(rings) YOUR CODE HERE: the entries the application published, across 2^32 */
	int submitted = 0;

	/* The tail is the application's: more than a ring's worth is a lie, capped. */
	nr = min(nr, min(avail, ctx->sq_entries));
	while ((uint32_t)submitted < nr) {
		struct io_uring_sqe sqe;
		struct io_kiocb *req = io_alloc_req(ctx);

		if (!req) {
			if (!submitted)
				submitted = -EAGAIN;
			break;
		}
		if (!io_get_sqe(ctx, &sqe)) {
			io_req_free(req);
			break;
		}
		submitted++;
		if (io_submit_one(ctx, req, &sqe))
			break;
	}
	/* A chain still open at the end of the batch is issued as it stands. */
	if (ctx->link_head)
		io_end_chain(ctx);
	io_submit_flush_completions(ctx);
	smp_store_release(&ctx->rings->sq.head, ctx->cached_sq_head);
	return submitted;
}

/*
 * The wait's signal mask and time limit: argp is the sigset itself, or
 * with IORING_ENTER_EXT_ARG a struct io_uring_getevents_arg naming both.
 * 0, -EINVAL (argsz is not that struct's size), -EFAULT.
 */
static int io_get_ext_arg(uint32_t flags, const void __user *argp, size_t argsz,
			  const uint64_t __user **sig, size_t *sigsz,
			  const struct __kernel_timespec __user **ts)
{
	struct io_uring_getevents_arg arg;

	*ts = NULL;
	if (!(flags & IORING_ENTER_EXT_ARG)) {
		*sig = argp;
		*sigsz = argsz;
		return 0;
	}
	if (argsz != sizeof(arg))
		return -EINVAL;
	if (copy_from_user(&arg, argp, sizeof(arg)))
		return -EFAULT;
	*sig = (const uint64_t __user *)arg.sigmask;
	*sigsz = arg.sigmask_sz;
	*ts = (const struct __kernel_timespec __user *)arg.ts;
	return 0;
}

int io_uring_enter_arg(unsigned int fd, uint32_t to_submit, uint32_t min_complete, uint32_t flags,
		       const void __user *argp, size_t argsz)
{
	struct io_ring_ctx *ctx;
	struct file *f;
	int ret;

	/* SQ_WAKEUP and SQ_WAIT mean nothing without an SQ thread, as in Linux. */
	if (flags & ~(IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | IORING_ENTER_SQ_WAIT |
		      IORING_ENTER_EXT_ARG))
		return -EINVAL;
	ret = io_ring_get(fd, &ctx, &f);
	if (ret)
		return ret;
	if (to_submit) {
		/* Each request records its submitter's context (task_cancel.c), as Linux 6.1. */
		ret = io_uring_task_attach();
		if (ret)
			goto out;
		mutex_lock(&ctx->uring_lock);
		ret = io_submit_sqes(ctx, to_submit);
		mutex_unlock(&ctx->uring_lock);
		/* As Linux: a batch that ended early (or an error) returns without waiting. */
		if (ret != (int)to_submit)
			goto out;
	}
	if (flags & IORING_ENTER_GETEVENTS) {
		const struct __kernel_timespec __user *ts;
		const uint64_t __user *sig;
		size_t sigsz;
		int ret2 = io_get_ext_arg(flags, argp, argsz, &sig, &sigsz, &ts);

		if (!ret2)
			ret2 = io_cqring_wait(ctx, min(min_complete, ctx->cq_entries), sig, sigsz,
					      ts);
		if (!ret)
			ret = ret2;	/* an error only when nothing was submitted */
	}
out:
	fput(f);
	return ret;
}

SYSCALL_DEFINE6(io_uring_enter, unsigned int, fd, uint32_t, to_submit, uint32_t, min_complete,
		uint32_t, flags, const void __user *, argp, size_t, argsz)
{
	return io_uring_enter_arg(fd, to_submit, min_complete, flags, argp, argsz);
}
