/*
 * A ring's end: the last reference to the ring file, and the teardown that
 * follows it.
 *
 * The last fput of the ring file calls io_uring_release, which may not
 * sleep, so it only queues ctx->exit_work.  No enter or register call is
 * in progress by then: each holds a reference to the ring file for its
 * whole length.  Teardown (io_ring_exit) then, in order:
 *   1. marks the ring dying and cancels armed timeouts (-ECANCELED);
 *   2. puts the workers in cancelling mode (queued requests get
 *      -ECANCELED, blocked ones are interrupted and get -ECANCELED too,
 *      as io_issue reports it) and cancels requests waiting for a drain;
 *   3. kills ctx->refs and waits for its release: no request is left;
 *   4. stops the workers;
 *   5. frees the fixed-file table (files.c waits until no request can
 *      be using it);
 *   6. frees the overflow list, the request caches, the ring memory and
 *      the ctx.
 * Step 3 waits for a release, never for a confirm hook (docs/uring.md).
 *
 * io_uring_close_sync lets a caller (the tests, before their leak check)
 * close a ring and wait for step 6.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "smp.h"
#include "vm.h"

void io_ring_ctx_ref_free(struct percpu_ref *ref)
{
	struct io_ring_ctx *ctx = container_of(ref, struct io_ring_ctx, refs);

	complete(&ctx->ref_comp);
}

/* Everything a ring holds once no request is left: steps 4-6 above. */
static void io_ring_ctx_free(struct io_ring_ctx *ctx)
{
	struct completion *done = ctx->exit_done;

	io_rings_list_del(ctx);		/* no request is left for an execve to look for */
	if (ctx->io_wq)		/* NULL only if setup failed to create it */
		io_wq_destroy(ctx->io_wq);
	if (ctx->file_data)
		io_sqe_files_free(ctx);
	while (!list_empty(&ctx->overflow_list)) {
		struct io_overflow_cqe *ov = list_first_entry(&ctx->overflow_list,
							      struct io_overflow_cqe, list);

		list_del_init(&ov->list);
		kfree(ov);
	}
	io_req_caches_free(ctx);
	percpu_ref_exit(&ctx->refs);
	/* No mapping is left: each held a reference on the ring file. */
	shared_pages_put(ctx->ring_pages);
	shared_pages_put(ctx->sqe_pages);
	kfree(ctx);
	atomic_long_dec(&io_rings_live);
	if (done)
		complete(done);
}

void io_ring_exit(struct io_ring_ctx *ctx)
{
	io_kill_timeouts(ctx);
	if (ctx->io_wq)
		io_wq_cancel_all(ctx->io_wq);
	io_cancel_deferred(ctx);
	percpu_ref_kill(&ctx->refs);
	wait_for_completion(&ctx->ref_comp);
	io_ring_ctx_free(ctx);
}

void io_ring_exit_work(struct work_struct *w)
{
	io_ring_exit(container_of(w, struct io_ring_ctx, exit_work));
	atomic_long_dec(&io_rings_exiting);
}

/*
 * The last reference to the ring file: teardown runs where it may sleep.
 * Like Linux's unbound workqueue, the CPU is not the closer's: the CPUs
 * take turns, so teardown races the closer's recent updates (whose RCU
 * callbacks run on the closer's CPU) as it would on Linux.
 */
static void io_uring_release(struct file *f)
{
	static atomic_t next_cpu;
	struct io_ring_ctx *ctx = f->private_data;

	if (!ctx)
		return;
	atomic_long_inc(&io_rings_exiting);
	queue_work_on(nth_online_cpu((unsigned int)atomic_inc_return(&next_cpu)), system_wq,
		      &ctx->exit_work);
}

const struct file_operations io_uring_fops = {
	.release = io_uring_release,
	.mmap = io_uring_mmap_pages,
	.name = "io_uring",
};

int io_uring_close_sync(unsigned int fd)
{
	struct completion done;
	struct io_ring_ctx *ctx;
	struct file *f;
	int err;

	err = io_ring_get(fd, &ctx, &f);
	if (err)
		return err;
	init_completion(&done);
	if (cmpxchg(&ctx->exit_done, NULL, &done) != NULL) {
		fput(f);
		return -EBUSY;	/* someone else is already waiting for it */
	}
	fd_close(current->files, (int)fd);
	fput(f);
	wait_for_completion(&done);
	return 0;
}
