/*
 * A ring's birth: io_uring_setup, the ring file, its memory.
 *
 * Memory.  One region holds both rings (struct io_rings: SQ and CQ
 * heads and tails on their own cache lines, masks, sizes, flags, the CQE
 * array, then the SQ index array); a second holds the SQE array.  The
 * offsets of every field are reported in io_uring_params so that an
 * application never needs the kernel's struct.  Each region is a run of
 * physically contiguous zeroed pages, a power of two of them as Linux's
 * __get_free_pages gives, wrapped in a struct shared_pages: the kernel
 * reads and writes it through the direct map, and mmap(2) of the ring fd
 * at IORING_OFF_SQ_RING / IORING_OFF_CQ_RING (the same region:
 * IORING_FEAT_SINGLE_MMAP) or IORING_OFF_SQES maps the same frames into
 * the process (io_uring_mmap_pages).  The mapping holds a reference on
 * the ring file, as Linux's vm_file, so the ring lives while its fd or a
 * mapping does.  Kernel threads, which have no address space, take the
 * regions' kernel addresses from io_uring_mmap.
 *
 * The ring is a file.  io_uring_setup installs it in current->files; its
 * last fput starts the teardown (teardown.c).
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "string.h"
#include "task.h"
#include "vm.h"
#include "mm.h"
#include "syscalls.h"

atomic_long_t io_rings_live, io_rings_exiting;

/*
 * For the leak checks: a process that exits with a ring open has only
 * queued its teardown (teardown.c); wait, up to 30 s, until every queued
 * teardown has finished, so the ring is not counted as leaked.
 */
static void io_rings_settle(void)
{
	for (int ms = 0; ms < 30000 && atomic_long_read(&io_rings_exiting); ms += 5)
		msleep(5);
}
KTEST_LEAK_COUNTER_SETTLE(io_rings_live, "io_uring rings", io_rings_settle);

static unsigned int roundup_pow_of_two(unsigned int n)
{
	unsigned int p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

int io_ring_get(unsigned int fd, struct io_ring_ctx **ctxp, struct file **filep)
{
	struct file *f = current->files ? fdget(current->files, (int)fd) : NULL;

	if (!f)
		return -EBADF;
	if (!io_is_uring_file(f)) {
		fput(f);
		return -EOPNOTSUPP;
	}
	*ctxp = f->private_data;
	*filep = f;
	return 0;
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

SYSCALL_DEFINE2(io_uring_setup, uint32_t, entries, struct io_uring_params __user *, params)
{
	return io_uring_setup(entries, params);
}

/* A region of at least size bytes: a power of two of contiguous zeroed pages. */
static struct shared_pages *io_region_alloc(size_t size)
{
	return shared_pages_alloc_contig(
		roundup_pow_of_two((unsigned int)((size + PAGE_SIZE - 1) / PAGE_SIZE)));
}

static void io_region_free(struct shared_pages *sp)
{
	if (sp)
		shared_pages_put(sp);
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
	ctx->ring_pages = io_region_alloc(ctx->rings_size);
	ctx->sqe_pages = io_region_alloc(p->sq_entries * sizeof(struct io_uring_sqe));
	if (!ctx->ring_pages || !ctx->sqe_pages ||
	    percpu_ref_init(&ctx->refs, io_ring_ctx_ref_free, PERCPU_REF_ALLOW_REINIT)) {
		io_region_free(ctx->ring_pages);
		io_region_free(ctx->sqe_pages);
		kfree(ctx);
		return NULL;
	}
	ctx->rings = __va(ctx->ring_pages->frames[0]);
	ctx->sq_sqes = __va(ctx->sqe_pages->frames[0]);
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
	INIT_LIST_HEAD(&ctx->rings_node);
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
	p->cq_off.flags = offsetof(struct io_rings, cq_flags);
	p->features = IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE |
		      IORING_FEAT_RW_CUR_POS | IORING_FEAT_EXT_ARG | IORING_FEAT_RSRC_TAGS;
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
	io_rings_list_add(ctx);		/* whole now: execve's cancel walk may look at it */
	/* Tell the application everything before the ring can be used. */
	fd = -EFAULT;
	if (!copy_to_user(up, &p, sizeof(p)))
		fd = fd_install_from(current->files, f, 0, true);	/* O_CLOEXEC, as Linux */
	if (fd < 0) {
		f->private_data = NULL;		/* release must not queue the teardown */
		fput(f);
		io_ring_exit(ctx);
	}
	return fd;
}

/* The region mmap(2) maps at offset, or NULL for an offset that names none. */
static struct shared_pages *io_region_at(struct io_ring_ctx *ctx, uint64_t offset)
{
	if (offset == IORING_OFF_SQ_RING || offset == IORING_OFF_CQ_RING)
		return ctx->ring_pages;
	if (offset == IORING_OFF_SQES)
		return ctx->sqe_pages;
	return NULL;
}

int io_uring_mmap_pages(struct file *f, unsigned long pgoff, size_t len, struct shared_pages **sp,
			size_t *sp_pgoff)
{
	struct shared_pages *region = io_region_at(f->private_data, (uint64_t)pgoff << PAGE_SHIFT);

	/*
	 * An unknown offset is -ENOMEM, as Debian's Linux 6.1, which already
	 * refuses it when it looks for the place (its get_unmapped_area).
	 * More than the region's pages is -EINVAL, as upstream 6.1.0; later
	 * 6.1 kernels map the region and leave the rest of the mapping a
	 * hole, which ringlet's fully populated VMAs cannot be.
	 */
	if (!region)
		return -ENOMEM;
	if (len > region->nr_pages * PAGE_SIZE)
		return -EINVAL;
	shared_pages_get(region);
	*sp = region;
	*sp_pgoff = 0;
	return 0;
}

void *io_uring_mmap(unsigned int fd, uint64_t offset, size_t len)
{
	struct io_ring_ctx *ctx;
	struct file *f;
	void *ptr = NULL;
	size_t size = 0;

	if (io_ring_get(fd, &ctx, &f))
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
	bool busy;
	int err;

	err = io_ring_get(fd, &ctx, &f);
	if (err)
		return err;
	mutex_lock(&ctx->uring_lock);
	/* A request prepared under one mode must not run under the other. */
	busy = ctx->file_data || ctx->nr_reqs_created;
	if (!busy)
		ctx->update_mode = mode;
	mutex_unlock(&ctx->uring_lock);
	fput(f);
	return busy ? -EBUSY : 0;
}
