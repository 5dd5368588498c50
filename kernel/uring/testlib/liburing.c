/*
 * liburing's core for ringlet's stand-in applications (kernel/uring/testlib/liburing.h).
 *
 * SQ side: get_sqe hands out SQEs in order (sqe_tail); submit copies
 * their indexes into the SQ array and publishes the ring tail with a
 * release store, so the kernel's acquire load of the tail sees the SQEs.
 * CQ side: the kernel publishes CQEs with a release store of the CQ tail;
 * we read it with an acquire load, read the CQE, and give the slot back
 * with a release store of the CQ head.
 */
#include "liburing.h"
#include "errno.h"
#include "atomic.h"

static void *ring_ptr(void *base, uint32_t off)
{
	return (char *)base + off;
}

int io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
			       struct io_uring_params *p)
{
	struct io_sqring_offsets *so = &p->sq_off;
	struct io_cqring_offsets *co = &p->cq_off;
	void *sq, *cq;
	int fd;

	memset(ring, 0, sizeof(*ring));
	fd = io_uring_setup(entries, p);
	if (fd < 0)
		return fd;
	sq = io_uring_mmap((unsigned int)fd, IORING_OFF_SQ_RING, so->array + p->sq_entries * 4);
	cq = io_uring_mmap((unsigned int)fd, IORING_OFF_CQ_RING,
			   co->cqes + p->cq_entries * sizeof(struct io_uring_cqe));
	ring->sq.sqes = io_uring_mmap((unsigned int)fd, IORING_OFF_SQES,
				      p->sq_entries * sizeof(struct io_uring_sqe));
	if (!sq || !cq || !ring->sq.sqes) {
		io_uring_close_sync((unsigned int)fd);
		return -ENOMEM;
	}
	ring->sq.khead = ring_ptr(sq, so->head);
	ring->sq.ktail = ring_ptr(sq, so->tail);
	ring->sq.kring_mask = ring_ptr(sq, so->ring_mask);
	ring->sq.kring_entries = ring_ptr(sq, so->ring_entries);
	ring->sq.kflags = ring_ptr(sq, so->flags);
	ring->sq.kdropped = ring_ptr(sq, so->dropped);
	ring->sq.array = ring_ptr(sq, so->array);
	ring->cq.khead = ring_ptr(cq, co->head);
	ring->cq.ktail = ring_ptr(cq, co->tail);
	ring->cq.kring_mask = ring_ptr(cq, co->ring_mask);
	ring->cq.kring_entries = ring_ptr(cq, co->ring_entries);
	ring->cq.koverflow = ring_ptr(cq, co->overflow);
	ring->cq.cqes = ring_ptr(cq, co->cqes);
	ring->flags = p->flags;
	ring->ring_fd = fd;
	ring->params = *p;
	return 0;
}

int io_uring_queue_init(unsigned int entries, struct io_uring *ring, unsigned int flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_queue_init_params(entries, ring, &p);
}

void io_uring_queue_exit(struct io_uring *ring)
{
	io_uring_close_sync((unsigned int)ring->ring_fd);
	ring->ring_fd = -1;
}

struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	uint32_t head = smp_load_acquire(sq->khead);

	if (sq->sqe_tail - head >= *sq->kring_entries)
		return NULL;
	return &sq->sqes[sq->sqe_tail++ & *sq->kring_mask];
}

/* Moves got SQEs into the ring; returns how many are pending in it. */
static uint32_t flush_sq(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	uint32_t mask = *sq->kring_mask, tail = *sq->ktail;

	while (sq->sqe_head != sq->sqe_tail) {
		sq->array[tail & mask] = sq->sqe_head & mask;
		tail++;
		sq->sqe_head++;
	}
	smp_store_release(sq->ktail, tail);
	return tail - smp_load_acquire(sq->khead);
}

int io_uring_submit_and_wait(struct io_uring *ring, unsigned int wait_nr)
{
	uint32_t pending = flush_sq(ring);

	return io_uring_enter((unsigned int)ring->ring_fd, pending, wait_nr,
			      wait_nr ? IORING_ENTER_GETEVENTS : 0);
}

int io_uring_submit(struct io_uring *ring)
{
	return io_uring_submit_and_wait(ring, 0);
}

unsigned int io_uring_cq_ready(struct io_uring *ring)
{
	return smp_load_acquire(ring->cq.ktail) - *ring->cq.khead;
}

int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	uint32_t head = *ring->cq.khead;

	if (smp_load_acquire(ring->cq.ktail) == head) {
		*cqe_ptr = NULL;
		return -EAGAIN;
	}
	*cqe_ptr = &ring->cq.cqes[head & *ring->cq.kring_mask];
	return 0;
}

int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	for (;;) {
		int ret;

		if (!io_uring_peek_cqe(ring, cqe_ptr))
			return 0;
		ret = io_uring_enter((unsigned int)ring->ring_fd, 0, 1, IORING_ENTER_GETEVENTS);
		if (ret < 0)
			return ret;
	}
}

void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe)
{
	(void)cqe;
	smp_store_release(ring->cq.khead, *ring->cq.khead + 1);
}

int io_uring_register_files(struct io_uring *ring, const int32_t *fds, unsigned int nr)
{
	return io_uring_register((unsigned int)ring->ring_fd, IORING_REGISTER_FILES,
				 (void *)fds, nr);
}

int io_uring_unregister_files(struct io_uring *ring)
{
	return io_uring_register((unsigned int)ring->ring_fd, IORING_UNREGISTER_FILES, NULL, 0);
}

int io_uring_register_files_update(struct io_uring *ring, unsigned int off,
				   int32_t *fds, unsigned int nr)
{
	struct io_uring_files_update up = { .offset = off, .fds = (unsigned long)fds };

	return io_uring_register((unsigned int)ring->ring_fd, IORING_REGISTER_FILES_UPDATE,
				 &up, nr);
}

int io_uring_register_files_tags(struct io_uring *ring, const int32_t *fds, const uint64_t *tags,
				 unsigned int nr)
{
	struct io_uring_rsrc_register rr = {
		.nr = nr,
		.data = (unsigned long)fds,
		.tags = (unsigned long)tags,
	};

	return io_uring_register((unsigned int)ring->ring_fd, IORING_REGISTER_FILES2, &rr,
				 sizeof(rr));
}

int io_uring_register_files_sparse(struct io_uring *ring, unsigned int nr)
{
	struct io_uring_rsrc_register rr = { .nr = nr, .flags = IORING_RSRC_REGISTER_SPARSE };

	return io_uring_register((unsigned int)ring->ring_fd, IORING_REGISTER_FILES2, &rr,
				 sizeof(rr));
}

int io_uring_register_files_update_tag(struct io_uring *ring, unsigned int off, const int32_t *fds,
				       const uint64_t *tags, unsigned int nr)
{
	struct io_uring_rsrc_update2 up = {
		.offset = off,
		.data = (unsigned long)fds,
		.tags = (unsigned long)tags,
		.nr = nr,
	};

	return io_uring_register((unsigned int)ring->ring_fd, IORING_REGISTER_FILES_UPDATE2, &up,
				 sizeof(up));
}

int io_uring_register_file_alloc_range(struct io_uring *ring, unsigned int off, unsigned int len)
{
	struct io_uring_file_index_range range = { .off = off, .len = len };

	return io_uring_register((unsigned int)ring->ring_fd, IORING_REGISTER_FILE_ALLOC_RANGE,
				 &range, 0);
}
