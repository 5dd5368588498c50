/*
 * Preparing requests (uring_torture): t_prep_random fills an SQE with a
 * random request and its tracking entry with what the CQE must say.
 *
 * Every request must end on its own, so that a drain or a chain behind it
 * ends too: the files read or written never block (probe, null, zero,
 * ramfs), except the thread's pipe, which is read only when the data is
 * known to be there (written first if need be) and written only when the
 * room is; timeouts last at most 20 ms.  Fixed-file requests take random
 * indexes, some past any table, since the table may change under them.
 * What a request reads later stays valid until its CQE: iovecs and
 * timespecs live in its tracking entry, and FILES_UPDATE's fds and
 * CLOSE's target stay open until t_req_done.
 */
#include "torture.h"

/* A random piece of the thread's buffer of 1..max bytes. */
static char *t_buf(struct t_thread *th, uint32_t max, uint32_t *len)
{
	*len = 1 + stress_below(&th->rng, max);
	return th->buf + stress_below(&th->rng, T_BUF - *len + 1);
}

/* A read or write of len at buf, as READ/WRITE or, half the time, as two iovecs. */
static void t_prep_rw(struct t_thread *th, struct io_uring_sqe *sqe, struct t_req *r, bool write,
		      int fd, char *buf, uint32_t len, uint64_t off)
{
	if (len >= 2 && stress_chance(&th->rng, 50)) {
		uint32_t first = 1 + stress_below(&th->rng, len - 1);

		r->iov[0] = (struct iovec){ buf, first };
		r->iov[1] = (struct iovec){ buf + first, len - first };
		if (write)
			io_uring_prep_writev(sqe, fd, r->iov, 2, off);
		else
			io_uring_prep_readv(sqe, fd, r->iov, 2, off);
	} else if (write) {
		io_uring_prep_write(sqe, fd, buf, len, off);
	} else {
		io_uring_prep_read(sqe, fd, buf, len, off);
	}
	r->len = len;
}

/* A pipe read of bytes certainly there (written first if need be); false if the pipe is full. */
static bool t_prep_pipe_read(struct t_thread *th, struct io_uring_sqe *sqe, struct t_req *r)
{
	uint32_t len;
	char *buf = t_buf(th, T_PIPE_IO_MAX, &len);

	if (atomic_read(&th->pipe_lo) < (int)len || stress_chance(&th->rng, 50)) {
		if (atomic_read(&th->pipe_hi) + (int)len > T_PIPE_CAP)
			return false;
		/* There is room, so this never waits. */
		if (vfs_write(th->pipe_wr, buf, len, NULL) != (ssize_t)len)
			return false;
		atomic_add((int)len, &th->pipe_hi);
		atomic_add((int)len, &th->pipe_lo);
	}
	atomic_sub((int)len, &th->pipe_lo);
	atomic_inc(&th->pipe_ops);
	io_uring_prep_read(sqe, th->pipe_rd_fd, buf, len, 0);
	r->len = len;
	r->kind = TK_PIPE_READ;
	return true;
}

static bool t_prep_pipe_write(struct t_thread *th, struct io_uring_sqe *sqe, struct t_req *r)
{
	uint32_t len;
	char *buf = t_buf(th, T_PIPE_IO_MAX, &len);

	if (atomic_read(&th->pipe_hi) + (int)len > T_PIPE_CAP)
		return false;
	atomic_add((int)len, &th->pipe_hi);
	atomic_inc(&th->pipe_ops);
	io_uring_prep_write(sqe, th->pipe_wr_fd, buf, len, 0);
	r->len = len;
	r->kind = TK_PIPE_WRITE;
	return true;
}

/* IORING_OP_FILES_UPDATE of 1..T_UPDATE_MAX slots; its fds stay open until its CQE. */
static void t_prep_update(struct torture *t, struct t_thread *th, struct io_uring_sqe *sqe,
			  struct t_req *r)
{
	uint32_t n = 1 + stress_below(&th->rng, T_UPDATE_MAX);

	for (uint32_t i = 0; i < n; i++)
		r->fds[i] = t_table_fd(t, th);
	io_uring_prep_files_update(sqe, r->fds, n, (int)stress_below(&th->rng, T_INDEX_MAX));
	r->len = n;
	r->kind = TK_UPDATE;
	t_stat(t, TS_UPDATES_RING);
}

/* IORING_OP_CLOSE of a fresh null file's fd; false if there is no file or fd. */
static bool t_prep_close(struct io_uring_sqe *sqe, struct t_req *r)
{
	r->file = null_file_open();
	if (!r->file)
		return false;
	r->fd = t_install(get_file(r->file));
	if (r->fd < 0) {
		fput(r->file);
		r->file = NULL;
		return false;
	}
	io_uring_prep_close(sqe, r->fd);
	r->kind = TK_CLOSE;
	return true;
}

/*
 * Fills sqe with a random request and r with what its CQE must say.  A
 * fresh probe's fd is returned in *close_fd, to be closed once the SQE is
 * submitted (the request holds its own reference by then).
 */
void t_prep_random(struct torture *t, struct t_thread *th, struct io_uring_sqe *sqe,
		   struct t_req *r, int *close_fd)
{
	uint32_t len;
	char *buf = t_buf(th, T_IO_MAX, &len);
	uint64_t off = stress_below(&th->rng, T_RAMFS_SPAN);
	int idx = (int)stress_below(&th->rng, T_INDEX_MAX);

	switch (stress_below(&th->rng, 20)) {
	case 0:
		io_uring_prep_nop(sqe);
		r->kind = TK_NOP;
		break;
	case 1:
		t_prep_rw(th, sqe, r, false, th->zero_fd, buf, len, 0);
		r->kind = TK_ZERO_READ;
		break;
	case 2:
		t_prep_rw(th, sqe, r, false, th->null_fd, buf, len, 0);
		r->kind = TK_NULL_READ;
		break;
	case 3:
		*close_fd = t_install(t_probe_open(t));
		if (*close_fd < 0)
			goto nop;
		t_prep_rw(th, sqe, r, false, *close_fd, buf, len, 0);
		r->kind = TK_PROBE_READ;
		break;
	case 4:
		if (!t_prep_pipe_read(th, sqe, r))
			goto nop;
		break;
	case 5:
		if (!t_prep_pipe_write(th, sqe, r))
			goto nop;
		break;
	case 6:
		t_prep_rw(th, sqe, r, true, stress_chance(&th->rng, 50) ? th->zero_fd : th->null_fd,
			  buf, len, 0);
		r->kind = TK_DISCARD_WRITE;
		break;
	case 7:
		t_prep_rw(th, sqe, r, true, th->ramfs_fd, buf, len, off);
		r->kind = TK_RAMFS_WRITE;
		break;
	case 8:
		t_prep_rw(th, sqe, r, false, th->ramfs_fd, buf, len, off);
		r->kind = TK_RAMFS_READ;
		break;
	case 9:
		io_uring_prep_fsync(sqe, th->ramfs_fd, stress_below(&th->rng, 2));
		r->kind = TK_FSYNC;
		break;
	case 10:
	case 11:
	case 12:
	case 13:
		t_prep_rw(th, sqe, r, false, idx, buf, len, off);
		sqe->flags = IOSQE_FIXED_FILE;
		r->kind = TK_FIXED_READ;
		break;
	case 14:
		t_prep_rw(th, sqe, r, true, idx, buf, len, off);
		sqe->flags = IOSQE_FIXED_FILE;
		r->kind = TK_FIXED_WRITE;
		break;
	case 15:
		io_uring_prep_fsync(sqe, idx, 0);
		sqe->flags = IOSQE_FIXED_FILE;
		r->kind = TK_FIXED_FSYNC;
		break;
	case 16:
		/* 0.5 to 20 ms: every timeout ends soon, so a drain behind one does too. */
		r->ts.tv_sec = 0;
		r->ts.tv_nsec = 500000 + stress_below(&th->rng, 19500000);
		r->len = stress_chance(&th->rng, 30) ? 1 + stress_below(&th->rng, 3) : 0;
		io_uring_prep_timeout(sqe, &r->ts, r->len, 0);
		r->kind = TK_TIMEOUT;
		break;
	case 17:
	case 18:
		t_prep_update(t, th, sqe, r);
		break;
	default:
		if (!t_prep_close(sqe, r))
			goto nop;
		break;
	}
	sqe->user_data = r->user_data;
	return;
nop:
	io_uring_prep_nop(sqe);
	r->kind = TK_NOP;
	r->len = 0;
	sqe->user_data = r->user_data;
}
