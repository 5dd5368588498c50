/*
 * A ring's life: io_uring_setup, the ring file, its memory, teardown.
 *
 * Memory.  One region holds both rings (struct io_rings: SQ and CQ
 * heads and tails on their own cache lines, masks, sizes, flags, the CQE
 * array, then the SQ index array); a second holds the SQE array.  The
 * offsets of every field are reported in io_uring_params so that an
 * application never needs the kernel's struct.  Both come from kzalloc
 * (slab objects for small rings, whole pages for large ones); with one
 * address space there is nothing to map, so io_uring_mmap plays mmap(2)
 * by returning their addresses.
 *
 * The ring is a file.  io_uring_setup installs it in current->files; the
 * last fput calls io_uring_release, which may not sleep, so it only
 * queues ctx->exit_work.  No enter or register call is in progress by
 * then: each holds a reference to the ring file for its whole length.
 * Teardown (io_ring_exit) then, in order:
 *   1. marks the ring dying and cancels armed timeouts (-ECANCELED);
 *   2. puts the workers in cancelling mode (queued requests get
 *      -ECANCELED, blocked ones are interrupted and get -EINTR) and
 *      cancels requests waiting for a drain;
 *   3. kills ctx->refs and waits for its release: no request is left;
 *   4. stops the workers;
 *   5. frees the fixed-file table (files.c: waits until its last
 *      generation has been freed);
 *   6. frees the overflow list, the ring memory and the ctx.
 * Step 3 waits for a release, never for a confirm hook (docs/uring.md).
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "string.h"
#include "task.h"
#include "smp.h"

static unsigned int roundup_pow_of_two(unsigned int n)
{
	unsigned int p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static void io_ring_ctx_ref_free(struct percpu_ref *ref)
{
	struct io_ring_ctx *ctx = container_of(ref, struct io_ring_ctx, refs);

	complete(&ctx->ref_comp);
}

/* Everything a ring holds once no request is left: steps 4-6 above. */
static void io_ring_ctx_free(struct io_ring_ctx *ctx)
{
	struct completion *done = ctx->exit_done;

	if (ctx->io_wq)
		io_wq_destroy(ctx->io_wq);
	if (ctx->file_data)
		io_sqe_files_free(ctx);
	while (!list_empty(&ctx->overflow_list)) {
		struct io_overflow_cqe *ov = list_first_entry(&ctx->overflow_list,
							      struct io_overflow_cqe, list);

		list_del_init(&ov->list);
		kfree(ov);
	}
	percpu_ref_exit(&ctx->refs);
	kfree(ctx->rings);
	kfree(ctx->sq_sqes);
	kfree(ctx);
	atomic_long_dec(&io_rings_live);
	if (done)
		complete(done);
}

static void io_ring_exit(struct io_ring_ctx *ctx)
{
	io_kill_timeouts(ctx);
	if (ctx->io_wq)
		io_wq_cancel_all(ctx->io_wq);
	io_cancel_deferred(ctx);
	percpu_ref_kill(&ctx->refs);
	wait_for_completion(&ctx->ref_comp);
	io_ring_ctx_free(ctx);
}

static void io_ring_exit_work(struct work_struct *w)
{
	io_ring_exit(container_of(w, struct io_ring_ctx, exit_work));
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

	if (ctx)
		queue_work_on(nth_online_cpu((unsigned int)atomic_inc_return(&next_cpu)),
			      system_wq, &ctx->exit_work);
}

const struct file_operations io_uring_fops = {
	.release = io_uring_release,
	.name = "io_uring",
};

struct io_ring_ctx *io_ring_get(unsigned int fd, struct file **filep, int *err)
{
	struct file *f = current->files ? fdget(current->files, (int)fd) : NULL;

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (!io_is_uring_file(f)) {
		fput(f);
		*err = -EOPNOTSUPP;
		return NULL;
	}
	*filep = f;
	return f->private_data;
}

static int io_check_params(uint32_t entries, struct io_uring_params *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(p->resv); i++)
		if (p->resv[i])
			return -EINVAL;
	/* No SQ polling thread, no I/O polling, no shared workers in ringlet. */
	if (p->flags & ~(IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP))
		return -EINVAL;
	if (!entries)
		return -EINVAL;
	if (entries > IORING_MAX_ENTRIES) {
		if (!(p->flags & IORING_SETUP_CLAMP))
			return -EINVAL;
		entries = IORING_MAX_ENTRIES;
	}
	p->sq_entries = roundup_pow_of_two(entries);
	if (p->flags & IORING_SETUP_CQSIZE) {
		if (!p->cq_entries)
			return -EINVAL;
		if (p->cq_entries > IORING_MAX_CQ_ENTRIES) {
			if (!(p->flags & IORING_SETUP_CLAMP))
				return -EINVAL;
			p->cq_entries = IORING_MAX_CQ_ENTRIES;
		}
		p->cq_entries = roundup_pow_of_two(p->cq_entries);
		if (p->cq_entries < p->sq_entries)
			return -EINVAL;
	} else {
		p->cq_entries = 2 * p->sq_entries;
	}
	return 0;
}

/* Allocates the ctx and both regions, and reports the offsets in p. */
static struct io_ring_ctx *io_ring_ctx_alloc(struct io_uring_params *p)
{
	struct io_ring_ctx *ctx = kzalloc(sizeof(*ctx));
	size_t cqes_end;

	if (!ctx)
		return NULL;
	ctx->sq_entries = p->sq_entries;
	ctx->cq_entries = p->cq_entries;
	ctx->sq_mask = p->sq_entries - 1;
	ctx->cq_mask = p->cq_entries - 1;
	cqes_end = offsetof(struct io_rings, cqes) + p->cq_entries * sizeof(struct io_uring_cqe);
	ctx->rings_size = cqes_end + p->sq_entries * sizeof(uint32_t);
	ctx->rings = kzalloc(ctx->rings_size);
	ctx->sq_sqes = kzalloc(p->sq_entries * sizeof(struct io_uring_sqe));
	if (!ctx->rings || !ctx->sq_sqes || percpu_ref_init(&ctx->refs, io_ring_ctx_ref_free,
							     PERCPU_REF_ALLOW_REINIT)) {
		kfree(ctx->rings);
		kfree(ctx->sq_sqes);
		kfree(ctx);
		return NULL;
	}
	ctx->sq_array = (uint32_t *)((char *)ctx->rings + cqes_end);
	ctx->rings->sq_ring_mask = ctx->sq_mask;
	ctx->rings->cq_ring_mask = ctx->cq_mask;
	ctx->rings->sq_ring_entries = p->sq_entries;
	ctx->rings->cq_ring_entries = p->cq_entries;
	init_completion(&ctx->ref_comp);
	mutex_init(&ctx->uring_lock);
	spin_lock_init(&ctx->completion_lock, "io_uring completion");
	INIT_LIST_HEAD(&ctx->overflow_list);
	INIT_LIST_HEAD(&ctx->defer_list);
	INIT_LIST_HEAD(&ctx->timeout_list);
	init_waitqueue_head(&ctx->cq_wait);
	INIT_WORK(&ctx->exit_work, io_ring_exit_work);
	atomic_long_inc(&io_rings_live);

	memset(&p->sq_off, 0, sizeof(p->sq_off));
	p->sq_off.head = offsetof(struct io_rings, sq.head);
	p->sq_off.tail = offsetof(struct io_rings, sq.tail);
	p->sq_off.ring_mask = offsetof(struct io_rings, sq_ring_mask);
	p->sq_off.ring_entries = offsetof(struct io_rings, sq_ring_entries);
	p->sq_off.flags = offsetof(struct io_rings, sq_flags);
	p->sq_off.dropped = offsetof(struct io_rings, sq_dropped);
	p->sq_off.array = (uint32_t)cqes_end;
	memset(&p->cq_off, 0, sizeof(p->cq_off));
	p->cq_off.head = offsetof(struct io_rings, cq.head);
	p->cq_off.tail = offsetof(struct io_rings, cq.tail);
	p->cq_off.ring_mask = offsetof(struct io_rings, cq_ring_mask);
	p->cq_off.ring_entries = offsetof(struct io_rings, cq_ring_entries);
	p->cq_off.overflow = offsetof(struct io_rings, cq_overflow);
	p->cq_off.cqes = offsetof(struct io_rings, cqes);
	p->features = IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP |
		      IORING_FEAT_SUBMIT_STABLE | IORING_FEAT_RW_CUR_POS;
	return ctx;
}

int io_uring_setup(uint32_t entries, struct io_uring_params __user *up)
{
	struct io_uring_params p;
	struct io_ring_ctx *ctx;
	struct file *f;
	int ret, fd;

	if (copy_from_user(&p, up, sizeof(p)))
		return -EFAULT;
	ret = io_check_params(entries, &p);
	if (ret)
		return ret;
	if (!current->files)
		return -EMFILE;
	ctx = io_ring_ctx_alloc(&p);
	if (!ctx)
		return -ENOMEM;
	ctx->io_wq = io_wq_create();
	f = ctx->io_wq ? alloc_file(&io_uring_fops, ctx) : NULL;
	if (!f) {
		io_ring_exit(ctx);
		return -ENOMEM;
	}
	/* Tell the application everything before the ring can be used. */
	ret = copy_to_user(up, &p, sizeof(p));
	fd = ret ? ret : fd_install(current->files, f);
	if (fd < 0) {
		f->private_data = NULL;		/* release must not queue the teardown */
		fput(f);
		io_ring_exit(ctx);
	}
	return fd;
}

void *io_uring_mmap(unsigned int fd, uint64_t offset, size_t len)
{
	struct io_ring_ctx *ctx;
	struct file *f;
	void *ptr = NULL;
	size_t size = 0;
	int err;

	ctx = io_ring_get(fd, &f, &err);
	if (!ctx)
		return NULL;
	if (offset == IORING_OFF_SQ_RING || offset == IORING_OFF_CQ_RING) {
		ptr = ctx->rings;
		size = ctx->rings_size;
	} else if (offset == IORING_OFF_SQES) {
		ptr = ctx->sq_sqes;
		size = ctx->sq_entries * sizeof(struct io_uring_sqe);
	}
	fput(f);
	return len <= size ? ptr : NULL;
}

int io_uring_set_update_mode(unsigned int fd, enum io_uring_update_mode mode)
{
	struct io_ring_ctx *ctx;
	struct file *f;
	int err = 0;

	ctx = io_ring_get(fd, &f, &err);
	if (!ctx)
		return err;
	mutex_lock(&ctx->uring_lock);
	/* A request prepared under one mode must not run under the other. */
	if (ctx->file_data || ctx->nr_reqs_created)
		err = -EBUSY;
	else
		ctx->update_mode = mode;
	mutex_unlock(&ctx->uring_lock);
	fput(f);
	return err;
}

int io_uring_close_sync(unsigned int fd)
{
	struct completion done;
	struct io_ring_ctx *ctx;
	struct file *f;
	int err;

	ctx = io_ring_get(fd, &f, &err);
	if (!ctx)
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

void io_uring_stats(struct io_uring_stats *s)
{
	s->rings = atomic_long_read(&io_rings_live);
	s->requests = atomic_long_read(&io_reqs_live);
	s->file_nodes = atomic_long_read(&io_file_gens_live);
}
