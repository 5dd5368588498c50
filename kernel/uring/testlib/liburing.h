/*
 * A small liburing: the application side of a ring, for kernel threads
 * that stand in for user programs (self-tests, benchmarks).
 *
 * It knows the kernel only through the ABI: it calls io_uring_setup,
 * maps the regions with io_uring_mmap, finds every field through the
 * offsets in io_uring_params, and reads and writes the shared memory
 * with the orderings an application must use: release stores to publish
 * the SQ tail and the CQ head, acquire loads to read the kernel's CQ tail
 * and SQ head.  Names and semantics follow liburing's, so its
 * documentation applies; only what ringlet's tests need is here.
 *
 * One io_uring struct may be used by one thread at a time.
 */
#ifndef LIBURING_H
#define LIBURING_H

#include "io_uring.h"
#include "string.h"

struct io_uring_sq {
	uint32_t *khead, *ktail, *kring_mask, *kring_entries, *kflags, *kdropped, *array;
	struct io_uring_sqe *sqes;
	uint32_t sqe_head;	/* SQEs handed out by get_sqe but not yet flushed to the ring */
	uint32_t sqe_tail;
};

struct io_uring_cq {
	uint32_t *khead, *ktail, *kring_mask, *kring_entries, *koverflow;
	struct io_uring_cqe *cqes;
};

struct io_uring {
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	unsigned int flags;
	int ring_fd;
	struct io_uring_params params;	/* as io_uring_setup returned them */
};

/* Sets a ring up (0 or -errno).  flags: IORING_SETUP_*. */
int io_uring_queue_init(unsigned int entries, struct io_uring *ring, unsigned int flags);
int io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
			       struct io_uring_params *p);
/* Closes the ring and waits until the kernel has torn it down. */
void io_uring_queue_exit(struct io_uring *ring);

/* The next free SQE (zeroed by the prep helpers), or NULL if the SQ ring is full. */
struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring);
/* Publishes the SQEs got since the last submit and enters the kernel. */
int io_uring_submit(struct io_uring *ring);
int io_uring_submit_and_wait(struct io_uring *ring, unsigned int wait_nr);
/* The oldest unseen CQE, waiting for one if needed (0 or -errno). */
int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr);
/* The same without waiting: -EAGAIN if there is none. */
int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr);
/* Hands the CQE's slot back to the kernel. */
void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe);
/* CQEs ready to be read. */
unsigned int io_uring_cq_ready(struct io_uring *ring);

int io_uring_register_files(struct io_uring *ring, const int32_t *fds, unsigned int nr);
int io_uring_unregister_files(struct io_uring *ring);
int io_uring_register_files_update(struct io_uring *ring, unsigned int off,
				   int32_t *fds, unsigned int nr);
/* IORING_REGISTER_FILES2 with tags (NULL: none); fds NULL registers nr empty slots. */
int io_uring_register_files_tags(struct io_uring *ring, const int32_t *fds, const uint64_t *tags,
				 unsigned int nr);
/* IORING_REGISTER_FILES2 with IORING_RSRC_REGISTER_SPARSE: nr empty slots. */
int io_uring_register_files_sparse(struct io_uring *ring, unsigned int nr);
/* IORING_REGISTER_FILES_UPDATE2: the slots updated, or -errno. */
int io_uring_register_files_update_tag(struct io_uring *ring, unsigned int off, const int32_t *fds,
				       const uint64_t *tags, unsigned int nr);
/* IORING_REGISTER_FILE_ALLOC_RANGE. */
int io_uring_register_file_alloc_range(struct io_uring *ring, unsigned int off, unsigned int len);

static inline void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd,
				    const void *addr, unsigned int len, uint64_t offset)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = (uint8_t)op;
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = (unsigned long)addr;
	sqe->len = len;
}

static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw(IORING_OP_NOP, sqe, -1, NULL, 0, 0);
}

static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf,
				      unsigned int nbytes, uint64_t offset)
{
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}

static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf,
				       unsigned int nbytes, uint64_t offset)
{
	io_uring_prep_rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

static inline void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd, const struct iovec *iov,
				       unsigned int nr_vecs, uint64_t offset)
{
	io_uring_prep_rw(IORING_OP_READV, sqe, fd, iov, nr_vecs, offset);
}

static inline void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd, const struct iovec *iov,
					unsigned int nr_vecs, uint64_t offset)
{
	io_uring_prep_rw(IORING_OP_WRITEV, sqe, fd, iov, nr_vecs, offset);
}

static inline void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd, unsigned int fsync_flags)
{
	io_uring_prep_rw(IORING_OP_FSYNC, sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = fsync_flags;
}

static inline void io_uring_prep_close(struct io_uring_sqe *sqe, int fd)
{
	io_uring_prep_rw(IORING_OP_CLOSE, sqe, fd, NULL, 0, 0);
}

/* Closes fixed slot file_index (liburing: the SQE carries file_index + 1). */
static inline void io_uring_prep_close_direct(struct io_uring_sqe *sqe, unsigned int file_index)
{
	io_uring_prep_close(sqe, 0);
	sqe->file_index = file_index + 1;
}

static inline void io_uring_prep_files_update(struct io_uring_sqe *sqe, int32_t *fds,
					      unsigned int nr_fds, int offset)
{
	io_uring_prep_rw(IORING_OP_FILES_UPDATE, sqe, -1, fds, nr_fds, (uint64_t)offset);
}

/* count: complete after that many other completions (0: only the timer). */
static inline void io_uring_prep_timeout(struct io_uring_sqe *sqe, struct __kernel_timespec *ts,
					 unsigned int count, unsigned int flags)
{
	io_uring_prep_rw(IORING_OP_TIMEOUT, sqe, -1, ts, 1, count);
	sqe->timeout_flags = flags;
}

static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, uint64_t data)
{
	sqe->user_data = data;
}

#endif
