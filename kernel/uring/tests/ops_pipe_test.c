/*
 * Self-tests of the opcodes against pipes (suite uring_ops_pipe).
 *
 * Pipes are streams: they deliver bytes in order, and an empty read waits,
 * so the ring must hand it to a worker and complete it once data arrives.
 * Checked here: order across writes and reads, a read of an empty pipe
 * finishing in a worker, READV returning what arrived rather than waiting
 * for more, a write larger than the pipe that can only finish once a
 * reader drains it, and several blocked reads woken in an order other than
 * their submission's.
 *
 * Waiting for a CQE that should come is bounded (uring_test_wait_ms), so a
 * wrong kernel fails the test instead of hanging the boot.
 */
#include "../testlib/harness.h"
#include "../internal.h"
#include "errno.h"
#include "sched.h"
#include "string.h"
#include "time.h"
#include "timer.h"

KTEST(uring_ops_pipe, write_then_read_keeps_order)
{
	struct io_uring ring;
	char buf[32];
	int rfd, wfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_TRUE(uring_test_install_pipe(64, &rfd, &wfd));

	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, wfd, "abc", 3, 0), 3);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, wfd, "defgh", 5, 0), 5);
	/* A read returns what is queued, in order, and no more than asked. */
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, rfd, buf, 4, 0), 4);
	EXPECT_EQ(memcmp(buf, "abcd", 4), 0);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0), 4);
	EXPECT_EQ(memcmp(buf, "efgh", 4), 0);

	/* The same through the vectored opcodes, with an empty iovec in the middle. */
	{
		struct iovec wv[3] = {
			{ (void *)"012", 3 },
			{ (void *)"", 0 },
			{ (void *)"3456789", 7 },
		};
		char a[6], b[16];
		struct iovec rv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };

		EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, wfd, wv, 3, 0), 10);
		memset(a, 0, sizeof(a));
		memset(b, 0, sizeof(b));
		/* All ten bytes are there: the first iovec fills, the second takes the rest. */
		EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READV, rfd, rv, 2, 0), 10);
		EXPECT_EQ(memcmp(a, "012345", 6), 0);
		EXPECT_EQ(memcmp(b, "6789", 4), 0);
	}
	/* Wrong direction on either end: -EBADF, as read(2) on an O_WRONLY fd. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, wfd, buf, 1, 0), -EBADF);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, rfd, "x", 1, 0), -EBADF);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops_pipe, read_from_empty_pipe_waits_in_a_worker)
{
	struct io_uring ring;
	struct file *wr;
	char buf[16], a[4], b[4];
	struct iovec rv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	uint64_t ud = 0;
	int rfd, wfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_TRUE(uring_test_install_pipe(64, &rfd, &wfd));
	/* The test writes through the file itself, as another process would. */
	wr = fdget(current->files, wfd);
	ASSERT_NOT_NULL(wr);

	memset(buf, 0, sizeof(buf));
	ASSERT_NOT_NULL(uring_test_prep_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0, 1));
	EXPECT_EQ(io_uring_submit(&ring), 1);	/* returns: the read did not block the submitter */
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, "wake", 4, NULL), 4);
	EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 4);
	EXPECT_EQ(ud, 1);
	EXPECT_EQ(memcmp(buf, "wake", 4), 0);

	/* READV: eight bytes arrive at once and fill both iovecs. */
	ASSERT_NOT_NULL(uring_test_prep_rw(&ring, IORING_OP_READV, rfd, rv, 2, 0, 2));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, "12345678", 8, NULL), 8);
	EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 8);
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
KTEST(uring_ops_pipe, readv_returns_what_arrived)
{
	struct io_uring ring;
	struct file *wr;
	char a[4], b[4];
	struct iovec rv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int rfd, wfd, res;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_TRUE(uring_test_install_pipe(64, &rfd, &wfd));
	wr = fdget(current->files, wfd);
	ASSERT_NOT_NULL(wr);

	ASSERT_NOT_NULL(uring_test_prep_rw(&ring, IORING_OP_READV, rfd, rv, 2, 0, 1));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, "half", 4, NULL), 4);
	res = uring_test_wait_ms(&ring, 500, NULL);
	if (res == URING_TEST_NO_CQE) {
		ktest_fail(__FILE__, __LINE__,
			   "READV of [4, 4] on a pipe holding 4 bytes did not complete");
		/* Let it finish so the ring can go without interrupting it. */
		EXPECT_EQ(vfs_write(wr, "more", 4, NULL), 4);
		uring_test_wait_ms(&ring, URING_TEST_CQE_MS, NULL);
	} else {
		EXPECT_EQ(res, 4);
	}
	EXPECT_EQ(memcmp(a, "half", 4), 0);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops_pipe, write_larger_than_the_pipe_waits_for_the_reader)
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
	ASSERT_TRUE(uring_test_install_pipe(64, &rfd, &wfd));
	rd = fdget(current->files, rfd);
	ASSERT_NOT_NULL(rd);

	ASSERT_NOT_NULL(uring_test_prep_rw(&ring, IORING_OP_WRITE, wfd, src, sizeof(src), 0, 7));
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
	EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, NULL), (int)sizeof(src));
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
KTEST(uring_ops_pipe, blocked_reads_complete_in_the_order_their_pipes_fill)
{
	enum { NR = 3 };
	struct io_uring ring;
	struct file *wr[NR];
	char buf[NR][8];
	int rfd[NR], wfd[NR], missing = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	for (int i = 0; i < NR; i++) {
		ASSERT_TRUE(uring_test_install_pipe(64, &rfd[i], &wfd[i]));
		wr[i] = fdget(current->files, wfd[i]);
		ASSERT_NOT_NULL(wr[i]);
		memset(buf[i], 0, sizeof(buf[i]));
		ASSERT_NOT_NULL(uring_test_prep_rw(&ring, IORING_OP_READ, rfd[i], buf[i],
						   sizeof(buf[i]), 0, 100 + i));
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
		res = uring_test_wait_ms(&ring, 500, &ud);
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
		EXPECT_NE(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, NULL), URING_TEST_NO_CQE);
	for (int i = 0; i < NR; i++)
		fput(wr[i]);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
