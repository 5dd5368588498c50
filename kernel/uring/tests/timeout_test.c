/*
 * Self-tests of timeouts (suite uring_timeout): IORING_OP_TIMEOUT fires
 * after its time (relative or absolute), completes early once its count
 * of other completions is reached, and is cancelled by teardown.
 */
#include "../testlib/harness.h"
#include "errno.h"
#include "time.h"

KTEST(uring_timeout, timeout_fires_or_completes_by_count)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	struct __kernel_timespec past = { .tv_sec = 0, .tv_nsec = 1 };
	struct __kernel_timespec forever = { .tv_sec = 3600, .tv_nsec = 0 };
	struct io_uring ring;
	uint64_t t0, ud[3];
	int res[3];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	t0 = ktime_get_ns();
	io_uring_prep_timeout(io_uring_get_sqe(&ring), &ts, 0, 0);
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -ETIME);
	EXPECT_GE(ktime_get_ns() - t0, 20ULL * 1000 * 1000);

	io_uring_prep_timeout(io_uring_get_sqe(&ring), &past, 0, IORING_TIMEOUT_ABS);
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -ETIME);

	/* Completed by two other completions long before its hour is up. */
	io_uring_prep_timeout(io_uring_get_sqe(&ring), &forever, 2, 0);
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].user_data = 9;
	EXPECT_EQ(io_uring_submit(&ring), 1);
	uring_test_queue_nop(&ring, 0, 1);
	uring_test_queue_nop(&ring, 0, 2);
	EXPECT_EQ(io_uring_submit(&ring), 2);
	uring_test_reap(&ring, 3, ud, res);
	EXPECT_EQ(ud[2], 9);
	EXPECT_EQ(res[2], 0);

	/* Teardown cancels an armed one (the leak check sees it freed). */
	io_uring_prep_timeout(io_uring_get_sqe(&ring), &forever, 0, 0);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
