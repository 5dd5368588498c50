/*
 * The io_uring self-tests' shared helpers: the contract of each is in
 * harness.h; these are only their bodies.
 */
#include "harness.h"
#include "time.h"
#include "timer.h"
#include "syscalls.h"
#include "uapi/resource.h"

const struct io_uring_params uring_test_read_only_params;

int uring_test_wait(struct io_uring *ring, uint64_t *user_data)
{
	struct io_uring_cqe *cqe;
	int res;

	if (io_uring_wait_cqe(ring, &cqe))
		return URING_TEST_NO_CQE;
	res = cqe->res;
	if (user_data)
		*user_data = cqe->user_data;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

int uring_test_submit_wait(struct io_uring *ring, uint64_t *user_data)
{
	if (io_uring_submit(ring) < 0)
		return URING_TEST_NO_CQE;
	return uring_test_wait(ring, user_data);
}

int uring_test_run_sqe(struct io_uring *ring, const struct io_uring_sqe *sqe)
{
	struct io_uring_sqe *s = io_uring_get_sqe(ring);

	if (!s)
		return URING_TEST_NO_CQE;
	*s = *sqe;
	return uring_test_submit_wait(ring, NULL);
}

struct io_uring_sqe *uring_test_queue_nop(struct io_uring *ring, uint8_t flags, uint64_t ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_nop(sqe);
	sqe->flags = flags;
	sqe->user_data = ud;
	return sqe;
}

void uring_test_reap(struct io_uring *ring, int n, uint64_t *ud, int *res)
{
	for (int i = 0; i < n; i++)
		res[i] = uring_test_wait(ring, &ud[i]);
}

int uring_test_wait_ms(struct io_uring *ring, unsigned int ms, uint64_t *ud)
{
	uint64_t deadline = ktime_get_ns() + ms * 1000000ULL;
	struct io_uring_cqe *cqe;
	int res;

	while (io_uring_peek_cqe(ring, &cqe)) {
		if (ktime_get_ns() > deadline)
			return URING_TEST_NO_CQE;
		msleep(1);
	}
	res = cqe->res;
	if (ud)
		*ud = cqe->user_data;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

struct io_uring_sqe *uring_test_prep_rw(struct io_uring *ring, int op, int fd, const void *addr,
					unsigned int len, uint64_t off, uint64_t ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (sqe) {
		io_uring_prep_rw(op, sqe, fd, addr, len, off);
		io_uring_sqe_set_data64(sqe, ud);
	}
	return sqe;
}

int uring_test_run_rw(struct io_uring *ring, int op, int fd, const void *addr, unsigned int len,
		      uint64_t off)
{
	if (!uring_test_prep_rw(ring, op, fd, addr, len, off, 0))
		return URING_TEST_NO_CQE;
	if (io_uring_submit(ring) != 1)
		return URING_TEST_NO_CQE;
	return uring_test_wait_ms(ring, URING_TEST_CQE_MS, NULL);
}

bool uring_test_install_pipe(size_t capacity, int *rfd, int *wfd)
{
	struct file *rd, *wr;

	if (pipe_create(&rd, &wr, capacity))
		return false;
	*rfd = uring_test_install(rd);
	*wfd = uring_test_install(wr);
	return *rfd >= 0 && *wfd >= 0;
}

bool uring_test_all_bytes_are(const char *buf, size_t len, char c)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != c)
			return false;
	return true;
}

unsigned long uring_test_set_nofile(unsigned long soft)
{
	struct rlimit lim;
	unsigned long old;

	sys_getrlimit(RLIMIT_NOFILE, &lim);
	old = lim.rlim_cur;
	lim.rlim_cur = soft;
	sys_setrlimit(RLIMIT_NOFILE, &lim);
	return old;
}

int uring_test_count_cqes(struct io_uring *ring, uint64_t base, unsigned int n, int *counts,
			  unsigned int quiet_ms)
{
	uint64_t quiet_until = ktime_get_ns() + quiet_ms * 1000000ULL;
	int stray = 0;

	while (ktime_get_ns() < quiet_until) {
		struct io_uring_cqe *cqe;

		if (io_uring_peek_cqe(ring, &cqe)) {
			/* Moves overflowed CQEs into the ring. */
			io_uring_enter((unsigned int)ring->ring_fd, 0, 0, IORING_ENTER_GETEVENTS);
			msleep(1);
			continue;
		}
		if (cqe->user_data >= base && cqe->user_data - base < n && cqe->res == 0)
			counts[cqe->user_data - base]++;
		else
			stray++;
		io_uring_cqe_seen(ring, cqe);
		quiet_until = ktime_get_ns() + quiet_ms * 1000000ULL;
	}
	return stray;
}
