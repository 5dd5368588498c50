/*
 * Self-tests of the opcodes against each kind of file (suite uring_ops).
 *
 * READ, WRITE, READV and WRITEV are run against a pipe, a ramfs file, the
 * null device and the zero device, each checked for what Linux's
 * read(2)/pread(2)/readv(2) family would return there: pipes are streams
 * that deliver bytes in order and make an empty read wait (so the ring
 * must hand it to a worker and complete it once data arrives), ramfs
 * files honour offsets and, with off == -1, use and advance the file
 * position (IORING_FEAT_RW_CUR_POS), null reads as end of file and zero
 * as endless zero bytes.  Then: a pipe write larger than the pipe, which
 * can only finish once a reader drains it; IOSQE_ASYNC; FSYNC on a file
 * that has the operation and on one that does not; CLOSE, and when the
 * closed file is really released; several blocked reads woken in an order
 * other than their submission's; tearing the ring down under a blocked
 * read; and rings working side by side on every CPU.
 *
 * Waiting for a CQE that should come is bounded here (wait_cqe_ms): if
 * the kernel gets it wrong, the test fails and unblocks what it started
 * instead of hanging the boot.
 */
#include "uring_test.h"
#include "internal.h"
#include "errno.h"
#include "sched.h"
#include "string.h"
#include "time.h"
#include "timer.h"

#define NS_PER_MS	(1000ULL * 1000)
/* Long enough for a worker on a loaded TCG guest; only reached on failure. */
#define CQE_TIMEOUT_MS	2000

/*
 * Waits up to ms milliseconds for one CQE and returns its res (storing
 * its user_data in *ud if not NULL), or URING_TEST_NO_CQE if none came.
 * It only polls the CQ ring, as an application spinning on it would.
 */
static int wait_cqe_ms(struct io_uring *ring, unsigned int ms, uint64_t *ud)
{
	uint64_t deadline = ktime_get_ns() + ms * NS_PER_MS;
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

/* Prepares a READ/WRITE/READV/WRITEV SQE with user_data; NULL if the SQ is full. */
static struct io_uring_sqe *prep_rw(struct io_uring *ring, int op, int fd, const void *addr,
				    unsigned int len, uint64_t off, uint64_t ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (sqe) {
		io_uring_prep_rw(op, sqe, fd, addr, len, off);
		io_uring_sqe_set_data64(sqe, ud);
	}
	return sqe;
}

/* Runs one READ/WRITE/READV/WRITEV and returns its CQE's res. */
static int run_rw(struct io_uring *ring, int op, int fd, const void *addr,
		  unsigned int len, uint64_t off)
{
	if (!prep_rw(ring, op, fd, addr, len, off, 0))
		return URING_TEST_NO_CQE;
	if (io_uring_submit(ring) != 1)
		return URING_TEST_NO_CQE;
	return wait_cqe_ms(ring, CQE_TIMEOUT_MS, NULL);
}

/* Makes a pipe whose two ends are both in the fd table; false if it could not. */
static bool install_pipe(size_t capacity, int *rfd, int *wfd)
{
	struct file *rd, *wr;

	if (pipe_create(&rd, &wr, capacity))
		return false;
	*rfd = uring_test_install(rd);
	*wfd = uring_test_install(wr);
	return *rfd >= 0 && *wfd >= 0;
}

static bool all_bytes_are(const char *buf, size_t len, char c)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != c)
			return false;
	return true;
}

/* Pipes. */

KTEST(uring_ops, pipe_write_then_read_keeps_order)
{
	struct io_uring ring;
	char buf[32];
	int rfd, wfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_TRUE(install_pipe(64, &rfd, &wfd));

	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, wfd, "abc", 3, 0), 3);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, wfd, "defgh", 5, 0), 5);
	/* A read returns what is queued, in order, and no more than asked. */
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, rfd, buf, 4, 0), 4);
	EXPECT_EQ(memcmp(buf, "abcd", 4), 0);
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0), 4);
	EXPECT_EQ(memcmp(buf, "efgh", 4), 0);

	/* The same through the vectored opcodes, with an empty iovec in the middle. */
	{
		struct iovec wv[3] = {
			{ (void *)"012", 3 }, { (void *)"", 0 }, { (void *)"3456789", 7 },
		};
		char a[6], b[16];
		struct iovec rv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };

		EXPECT_EQ(run_rw(&ring, IORING_OP_WRITEV, wfd, wv, 3, 0), 10);
		memset(a, 0, sizeof(a));
		memset(b, 0, sizeof(b));
		/* All ten bytes are there: the first iovec fills, the second takes the rest. */
		EXPECT_EQ(run_rw(&ring, IORING_OP_READV, rfd, rv, 2, 0), 10);
		EXPECT_EQ(memcmp(a, "012345", 6), 0);
		EXPECT_EQ(memcmp(b, "6789", 4), 0);
	}
	/* Wrong direction on either end: -EBADF, as read(2) on an O_WRONLY fd. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, wfd, buf, 1, 0), -EBADF);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, rfd, "x", 1, 0), -EBADF);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops, pipe_read_from_empty_pipe_waits_in_a_worker)
{
	struct io_uring ring;
	struct file *wr;
	char buf[16], a[4], b[4];
	struct iovec rv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	uint64_t ud = 0;
	int rfd, wfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_TRUE(install_pipe(64, &rfd, &wfd));
	/* The test writes through the file itself, as another process would. */
	wr = fdget(current->files, wfd);
	ASSERT_NOT_NULL(wr);

	memset(buf, 0, sizeof(buf));
	ASSERT_NOT_NULL(prep_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0, 1));
	EXPECT_EQ(io_uring_submit(&ring), 1);	/* returns: the read did not block the submitter */
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, "wake", 4, NULL), 4);
	EXPECT_EQ(wait_cqe_ms(&ring, CQE_TIMEOUT_MS, &ud), 4);
	EXPECT_EQ(ud, 1);
	EXPECT_EQ(memcmp(buf, "wake", 4), 0);

	/* READV: eight bytes arrive at once and fill both iovecs. */
	ASSERT_NOT_NULL(prep_rw(&ring, IORING_OP_READV, rfd, rv, 2, 0, 2));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, "12345678", 8, NULL), 8);
	EXPECT_EQ(wait_cqe_ms(&ring, CQE_TIMEOUT_MS, &ud), 8);
	EXPECT_EQ(ud, 2);
	EXPECT_EQ(memcmp(a, "1234", 4), 0);
	EXPECT_EQ(memcmp(b, "5678", 4), 0);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * readv(2) on a pipe returns once it has read something and the pipe is
 * empty, even if the iovecs could take more: Linux's pipe_read sees all
 * the iovecs as one buffer.  So a READV of two 4-byte iovecs, waiting in
 * a worker, completes with 4 when 4 bytes arrive; it must not sit in the
 * second iovec waiting for more.
 */
KTEST(uring_ops, pipe_readv_returns_what_arrived)
{
	struct io_uring ring;
	struct file *wr;
	char a[4], b[4];
	struct iovec rv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int rfd, wfd, res;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_TRUE(install_pipe(64, &rfd, &wfd));
	wr = fdget(current->files, wfd);
	ASSERT_NOT_NULL(wr);

	ASSERT_NOT_NULL(prep_rw(&ring, IORING_OP_READV, rfd, rv, 2, 0, 1));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, "half", 4, NULL), 4);
	res = wait_cqe_ms(&ring, 500, NULL);
	if (res == URING_TEST_NO_CQE) {
		ktest_fail(__FILE__, __LINE__,
			   "READV of [4, 4] on a pipe holding 4 bytes did not complete");
		/* Let it finish so the ring can go without interrupting it. */
		EXPECT_EQ(vfs_write(wr, "more", 4, NULL), 4);
		wait_cqe_ms(&ring, CQE_TIMEOUT_MS, NULL);
	} else {
		EXPECT_EQ(res, 4);
	}
	EXPECT_EQ(memcmp(a, "half", 4), 0);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops, pipe_write_larger_than_the_pipe_waits_for_the_reader)
{
	struct io_uring ring;
	struct file *rd;
	char src[100], dst[100];
	size_t got = 0;
	int rfd, wfd;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (char)('A' + i % 26);
	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_TRUE(install_pipe(64, &rfd, &wfd));
	rd = fdget(current->files, rfd);
	ASSERT_NOT_NULL(rd);

	ASSERT_NOT_NULL(prep_rw(&ring, IORING_OP_WRITE, wfd, src, sizeof(src), 0, 7));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	/* 64 bytes fit; the worker waits for room for the other 36. */
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	while (got < sizeof(dst)) {
		ssize_t n = vfs_read(rd, dst + got, sizeof(dst) - got, NULL);

		if (n <= 0) {
			EXPECT_GT(n, 0);
			break;
		}
		got += (size_t)n;
	}
	EXPECT_EQ(got, sizeof(dst));
	EXPECT_EQ(memcmp(dst, src, sizeof(src)), 0);
	/* A full write is a write of all of it, not of what fitted first. */
	EXPECT_EQ(wait_cqe_ms(&ring, CQE_TIMEOUT_MS, NULL), (int)sizeof(src));
	fput(rd);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * Three reads block on three pipes at once, each in its own worker; the
 * pipes are then written in reverse order.  Each read must complete when
 * its own pipe gets data, with that pipe's data and its own user_data:
 * a blocked read may not hold up one that could finish.
 */
KTEST(uring_ops, blocked_reads_complete_in_the_order_their_pipes_fill)
{
	enum { NR = 3 };
	struct io_uring ring;
	struct file *wr[NR];
	char buf[NR][8];
	int rfd[NR], wfd[NR], missing = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	for (int i = 0; i < NR; i++) {
		ASSERT_TRUE(install_pipe(64, &rfd[i], &wfd[i]));
		wr[i] = fdget(current->files, wfd[i]);
		ASSERT_NOT_NULL(wr[i]);
		memset(buf[i], 0, sizeof(buf[i]));
		ASSERT_NOT_NULL(prep_rw(&ring, IORING_OP_READ, rfd[i], buf[i], sizeof(buf[i]),
					0, 100 + i));
	}
	/*
	 * Let the ring settle first, as an application that set it up a while
	 * ago: its first worker is idle then, the usual state to submit into.
	 */
	msleep(20);
	EXPECT_EQ(io_uring_submit(&ring), NR);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	for (int i = NR - 1; i >= 0; i--) {
		char msg[8] = { 'p', 'i', 'p', 'e', (char)('0' + i) };
		uint64_t ud = 0;
		int res;

		EXPECT_EQ(vfs_write(wr[i], msg, 5, NULL), 5);
		res = wait_cqe_ms(&ring, 500, &ud);
		if (res == URING_TEST_NO_CQE) {
			ktest_fail(__FILE__, __LINE__, "no CQE after writing pipe %d", i);
			missing++;
			continue;
		}
		EXPECT_EQ(res, 5);
		EXPECT_EQ(ud, 100 + (uint64_t)i);
		if (ud >= 100 && ud < 100 + NR)
			EXPECT_EQ(memcmp(buf[ud - 100], "pipe", 4), 0);
		EXPECT_EQ(buf[i][4], '0' + i);
	}
	/* Reap whatever came late, so teardown sees no request in flight. */
	while (missing-- > 0)
		EXPECT_NE(wait_cqe_ms(&ring, CQE_TIMEOUT_MS, NULL), URING_TEST_NO_CQE);
	for (int i = 0; i < NR; i++)
		fput(wr[i]);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* ramfs. */

KTEST(uring_ops, ramfs_read_write_at_offsets_and_at_the_file_position)
{
	struct io_uring ring;
	struct file *f;
	char buf[32];
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("ops");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));	/* keep a reference to look inside */
	ASSERT_GE(fd, 0);

	/* pwrite-style: at the given offset, leaving the file position alone. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "abcdef", 6, 0), 6);
	EXPECT_EQ(ramfs_size(f), 6);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "XY", 2, 10), 2);
	EXPECT_EQ(ramfs_size(f), 12);		/* 6..9 is a hole */
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "CD", 2, 2), 2);
	EXPECT_EQ(ramfs_size(f), 12);
	EXPECT_EQ(f->f_pos, 0);

	memset(buf, 0x55, sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, 2, 10), 2);
	EXPECT_EQ(memcmp(buf, "XY", 2), 0);
	memset(buf, 0x55, sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 1), 11);	/* to the end */
	EXPECT_EQ(memcmp(buf, "bCDef\0\0\0\0XY", 11), 0);
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 12), 0);	/* at the end */
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 100), 0);	/* past it */
	EXPECT_EQ(f->f_pos, 0);

	/* off -1: read(2)/write(2)-style, at the file position, which moves. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "12", 2, (uint64_t)-1), 2);
	EXPECT_EQ(f->f_pos, 2);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "345", 3, (uint64_t)-1), 3);
	EXPECT_EQ(f->f_pos, 5);
	EXPECT_EQ(ramfs_size(f), 12);
	memset(buf, 0x55, sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, 4, (uint64_t)-1), 4);
	EXPECT_EQ(memcmp(buf, "f\0\0\0", 4), 0);
	EXPECT_EQ(f->f_pos, 9);
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), (uint64_t)-1), 3);
	EXPECT_EQ(memcmp(buf, "\0XY", 3), 0);
	EXPECT_EQ(f->f_pos, 12);
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), (uint64_t)-1), 0);
	EXPECT_EQ(f->f_pos, 12);
	/* An explicit offset still does not touch the position. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, 5, 0), 5);
	EXPECT_EQ(memcmp(buf, "12345", 5), 0);
	EXPECT_EQ(f->f_pos, 12);
	/* Appending at the position grows the file. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "!", 1, (uint64_t)-1), 1);
	EXPECT_EQ(ramfs_size(f), 13);
	EXPECT_EQ(f->f_pos, 13);
	fput(f);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops, ramfs_readv_writev_across_iovecs)
{
	struct io_uring ring;
	struct file *f;
	char a[3], b[5], c[8];
	struct iovec wv[3] = {
		{ (void *)"hel", 3 }, { (void *)"lo, ", 4 }, { (void *)"world", 5 },
	};
	struct iovec rv[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("opsv");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));
	ASSERT_GE(fd, 0);

	/* At offset 4: the iovecs land back to back, after a 4-byte hole. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITEV, fd, wv, 3, 4), 12);
	EXPECT_EQ(ramfs_size(f), 16);
	EXPECT_EQ(f->f_pos, 0);

	memset(a, 0x55, sizeof(a));
	memset(b, 0x55, sizeof(b));
	memset(c, 0x55, sizeof(c));
	/* 16 bytes into 3 + 5 + 8: exactly full. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_READV, fd, rv, 3, 0), 16);
	EXPECT_EQ(memcmp(a, "\0\0\0", 3), 0);
	EXPECT_EQ(memcmp(b, "\0hell", 5), 0);
	EXPECT_EQ(memcmp(c, "o, world", 8), 0);
	/* From offset 9: the read stops at the end of the file, in the second iovec. */
	memset(b, 0x55, sizeof(b));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READV, fd, rv, 3, 9), 7);
	EXPECT_EQ(memcmp(a, ", w", 3), 0);
	EXPECT_EQ(memcmp(b, "orld", 4), 0);
	EXPECT_EQ(b[4], 0x55);

	/* off -1: each iovec advances the position for the next ("hello, hello, world"). */
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITEV, fd, wv, 2, (uint64_t)-1), 7);
	EXPECT_EQ(f->f_pos, 7);
	EXPECT_EQ(ramfs_size(f), 16);
	EXPECT_EQ(run_rw(&ring, IORING_OP_READV, fd, rv, 3, (uint64_t)-1), 9);
	EXPECT_EQ(f->f_pos, 16);
	EXPECT_EQ(memcmp(a, "lo,", 3), 0);
	EXPECT_EQ(memcmp(b, " worl", 5), 0);
	EXPECT_EQ(c[0], 'd');
	/* No iovecs: nothing moves. */
	EXPECT_EQ(run_rw(&ring, IORING_OP_READV, fd, rv, 0, (uint64_t)-1), 0);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITEV, fd, wv, 0, 0), 0);
	EXPECT_EQ(ramfs_size(f), 16);
	EXPECT_EQ(f->f_pos, 16);
	fput(f);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* The null and zero devices. */

KTEST(uring_ops, null_device_reads_eof_and_swallows_writes)
{
	struct io_uring ring;
	char buf[16];
	struct iovec v[2] = { { buf, 5 }, { buf + 5, 11 } };
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = uring_test_install(null_file_open());
	ASSERT_GE(fd, 0);

	memset(buf, 0x7f, sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 0), 0);
	EXPECT_EQ(run_rw(&ring, IORING_OP_READV, fd, v, 2, 0), 0);
	EXPECT_TRUE(all_bytes_are(buf, sizeof(buf), 0x7f));	/* nothing written */
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, buf, sizeof(buf), 0), (int)sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITEV, fd, v, 2, 0), 16);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, buf, 3, (uint64_t)-1), 3);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops, zero_device_reads_zeroes)
{
	struct io_uring ring;
	char buf[64];
	struct iovec v[3] = { { buf, 10 }, { buf + 10, 1 }, { buf + 11, 40 } };
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = uring_test_install(zero_file_open());
	ASSERT_GE(fd, 0);

	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, 32, 0), 32);
	EXPECT_TRUE(all_bytes_are(buf, 32, 0));
	EXPECT_TRUE(all_bytes_are(buf + 32, 32, (char)0xff));	/* not one byte more */

	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READV, fd, v, 3, 0), 51);
	EXPECT_TRUE(all_bytes_are(buf, 51, 0));
	EXPECT_TRUE(all_bytes_are(buf + 51, 13, (char)0xff));

	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, buf, sizeof(buf), 0), (int)sizeof(buf));
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITEV, fd, v, 3, 0), 51);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* A read that would be done inline, forced through a worker, gives the same result. */
KTEST(uring_ops, async_flag_read_from_zero)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	char buf[48];
	uint64_t ud = 0;
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = uring_test_install(zero_file_open());
	ASSERT_GE(fd, 0);

	for (int round = 0; round < 3; round++) {
		memset(buf, 0xff, sizeof(buf));
		sqe = prep_rw(&ring, IORING_OP_READ, fd, buf, 40, 0, 0xa5a5 + round);
		ASSERT_NOT_NULL(sqe);
		sqe->flags = IOSQE_ASYNC;
		EXPECT_EQ(io_uring_submit(&ring), 1);
		EXPECT_EQ(wait_cqe_ms(&ring, CQE_TIMEOUT_MS, &ud), 40);
		EXPECT_EQ(ud, 0xa5a5 + (uint64_t)round);
		EXPECT_TRUE(all_bytes_are(buf, 40, 0));
		EXPECT_TRUE(all_bytes_are(buf + 40, 8, (char)0xff));
	}
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* FSYNC. */

static int run_fsync(struct io_uring *ring, int fd, unsigned int flags)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		return URING_TEST_NO_CQE;
	io_uring_prep_fsync(sqe, fd, flags);
	if (io_uring_submit(ring) != 1)
		return URING_TEST_NO_CQE;
	return wait_cqe_ms(ring, CQE_TIMEOUT_MS, NULL);
}

KTEST(uring_ops, fsync_on_ramfs_and_on_files_without_fsync)
{
	struct io_uring ring;
	struct file *f;
	int fd, rfd, wfd, nfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("sync");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));
	ASSERT_GE(fd, 0);
	ASSERT_TRUE(install_pipe(64, &rfd, &wfd));
	nfd = uring_test_install(null_file_open());
	ASSERT_GE(nfd, 0);

	EXPECT_EQ(ramfs_fsync_count(f), 0);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "data", 4, 0), 4);
	EXPECT_EQ(run_fsync(&ring, fd, 0), 0);
	EXPECT_EQ(ramfs_fsync_count(f), 1);
	EXPECT_EQ(run_fsync(&ring, fd, IORING_FSYNC_DATASYNC), 0);
	EXPECT_EQ(ramfs_fsync_count(f), 2);

	/* fsync(2) on a file without the operation (a pipe, a device) is -EINVAL. */
	EXPECT_EQ(run_fsync(&ring, wfd, 0), -EINVAL);
	EXPECT_EQ(run_fsync(&ring, rfd, 0), -EINVAL);
	EXPECT_EQ(run_fsync(&ring, wfd, IORING_FSYNC_DATASYNC), -EINVAL);
	EXPECT_EQ(run_fsync(&ring, nfd, IORING_FSYNC_DATASYNC), -EINVAL);
	EXPECT_EQ(ramfs_fsync_count(f), 2);
	fput(f);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* CLOSE. */

static int run_close(struct io_uring *ring, int fd)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		return URING_TEST_NO_CQE;
	io_uring_prep_close(sqe, fd);
	if (io_uring_submit(ring) != 1)
		return URING_TEST_NO_CQE;
	return wait_cqe_ms(ring, CQE_TIMEOUT_MS, NULL);
}

KTEST(uring_ops, close_removes_the_fd_and_the_last_reference_frees_the_file)
{
	struct io_uring ring;
	struct file *f;
	char buf[8];
	long live;
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("closeme");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));
	ASSERT_GE(fd, 0);
	EXPECT_EQ(run_rw(&ring, IORING_OP_WRITE, fd, "x", 1, 0), 1);
	live = nr_files_live();

	EXPECT_EQ(run_close(&ring, fd), 0);
	EXPECT_NULL(fdget(current->files, fd));
	EXPECT_EQ(run_rw(&ring, IORING_OP_READ, fd, buf, 1, 0), -EBADF);
	EXPECT_EQ(run_close(&ring, fd), -EBADF);	/* already closed */
	/* Our reference keeps the file: close drops the table's, not the file. */
	EXPECT_TRUE(file_is_live(f));
	EXPECT_EQ(file_count(f), 1);
	EXPECT_EQ(nr_files_live(), live);
	EXPECT_EQ(ramfs_size(f), 1);
	fput(f);
	EXPECT_EQ(nr_files_live(), live - 1);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * CLOSE of a pipe end that a blocked read is using: the fd goes at once,
 * but the request's own reference keeps the file until the read completes;
 * only then is it released.
 */
KTEST(uring_ops, close_under_an_in_flight_read_frees_the_file_after_it)
{
	struct io_uring ring;
	struct file *rd, *wr;
	char buf[8];
	uint64_t ud = 0;
	long live;
	int rfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	live = nr_files_live();
	rfd = uring_test_install(rd);
	ASSERT_GE(rfd, 0);

	memset(buf, 0, sizeof(buf));
	ASSERT_NOT_NULL(prep_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0, 1));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(run_close(&ring, rfd), 0);
	EXPECT_NULL(fdget(current->files, rfd));
	EXPECT_EQ(nr_files_live(), live);	/* the read still holds the read end */
	EXPECT_EQ(vfs_write(wr, "late", 4, NULL), 4);
	EXPECT_EQ(wait_cqe_ms(&ring, CQE_TIMEOUT_MS, &ud), 4);
	EXPECT_EQ(ud, 1);
	EXPECT_EQ(memcmp(buf, "late", 4), 0);
	/*
	 * The CQE is posted before the request drops its reference: wait
	 * (bounded) for the release, which needs no further action from us.
	 */
	for (int i = 0; i < 200 && nr_files_live() != live - 1; i++)
		msleep(1);
	EXPECT_EQ(nr_files_live(), live - 1);
	/* With no reader left, a write fails as on a widowed pipe. */
	EXPECT_EQ(vfs_write(wr, "x", 1, NULL), -EPIPE);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* Ring teardown. */

static int queue_exit_thread(void *arg)
{
	io_uring_queue_exit(arg);
	return 0;
}

/*
 * io_uring_queue_exit while a read is blocked in a worker: teardown
 * interrupts it (-EINTR) or, if no worker had taken it yet, cancels it
 * (-ECANCELED).  Either way the read consumes nothing and everything goes.
 *
 * The CQE is posted into ring memory that teardown frees right after, so
 * to read it the test holds a reference on the ring's request count
 * (ctx->refs, what each request holds): teardown then completes the read
 * and waits for us.  queue_exit runs in a helper thread meanwhile, since
 * it does not return before the teardown is over.
 */
KTEST(uring_ops, ring_exit_under_a_blocked_read)
{
	struct io_uring ring;
	struct io_ring_ctx *ctx;
	struct file *ring_file, *rd, *wr;
	struct task *t;
	char buf[8], check[8];
	uint64_t ud = 0;
	int rfd, err, res;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	rfd = uring_test_install(get_file(rd));
	ASSERT_GE(rfd, 0);

	memset(buf, 0x33, sizeof(buf));
	ASSERT_NOT_NULL(prep_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0, 42));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);

	ctx = io_ring_get((unsigned int)ring.ring_fd, &ring_file, &err);
	ASSERT_NOT_NULL(ctx);
	percpu_ref_get(&ctx->refs);
	fput(ring_file);
	t = kthread_run(queue_exit_thread, &ring, "uring-exit");
	ASSERT_NOT_NULL(t);

	res = wait_cqe_ms(&ring, CQE_TIMEOUT_MS, &ud);
	if (res == URING_TEST_NO_CQE) {
		ktest_fail(__FILE__, __LINE__, "teardown did not end the blocked read");
		/* Give it data, so the teardown (and this test) can finish. */
		EXPECT_EQ(vfs_write(wr, "unblock!", 8, NULL), 8);
	} else {
		EXPECT_EQ(ud, 42);
		if (res != -EINTR && res != -ECANCELED)
			ktest_fail(__FILE__, __LINE__, "read ended with %d", res);
	}
	percpu_ref_put(&ctx->refs);
	kthread_stop(t);	/* returns once queue_exit saw the ring torn down */

	/* The read took nothing: data written now is all still there for us. */
	EXPECT_TRUE(all_bytes_are(buf, sizeof(buf), 0x33));
	EXPECT_EQ(vfs_write(wr, "intact", 6, NULL), 6);
	EXPECT_EQ(vfs_read_nonblock(rd, check, sizeof(check), NULL), 6);
	EXPECT_EQ(memcmp(check, "intact", 6), 0);
	fput(rd);
	fput(wr);
	uring_test_files_end();
}

/* Every CPU at once. */

#define ROUND_TRIPS	200

/*
 * One thread's ring and pipe: ROUND_TRIPS writes, each read straight
 * back, tagged with the thread and round so that data crossing between
 * threads (all in the one fd table) would show.  Returns the mismatches.
 */
static int round_trip_thread(void *arg)
{
	struct io_uring ring;
	uint64_t tag = (uint64_t)current->pid << 32;
	int rfd, wfd, bad = 0;

	(void)arg;
	if (io_uring_queue_init(4, &ring, 0))
		return ROUND_TRIPS;
	if (!install_pipe(64, &rfd, &wfd)) {
		io_uring_queue_exit(&ring);
		return ROUND_TRIPS;
	}
	for (uint64_t i = 0; i < ROUND_TRIPS; i++) {
		uint64_t out = tag | i, in = 0;

		if (run_rw(&ring, IORING_OP_WRITE, wfd, &out, sizeof(out), 0) != (int)sizeof(out) ||
		    run_rw(&ring, IORING_OP_READ, rfd, &in, sizeof(in), 0) != (int)sizeof(in) ||
		    in != out)
			bad++;
	}
	fd_close(current->files, rfd);
	fd_close(current->files, wfd);
	io_uring_queue_exit(&ring);
	return bad;
}

KTEST_OPTS(uring_ops, round_trips_on_every_cpu, .min_cpus = 2)
{
	uring_test_files_begin();
	EXPECT_EQ(ktest_run_threads(round_trip_thread, NULL, 1), 0);
	uring_test_files_end();
}
