/*
 * Self-tests of complete.c (suite uring_complete): a CQ that overflows
 * keeps every CQE (submission goes on) and hands them over in order once
 * there is room, a wait the full ring cannot satisfy returns, and
 * teardown frees the CQEs still waiting.
 */
#include "../testlib/harness.h"
#include "errno.h"
#include "time.h"

KTEST(uring_complete, cq_overflow_is_kept_and_flushed_in_order)
{
	struct io_uring ring;
	struct io_uring_sqe *last;
	uint64_t seq = 0, ud;
	int submitted = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);	/* CQ of 8 */
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 4; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			ASSERT_NOT_NULL(sqe);
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, seq++);
		}
		submitted += io_uring_submit(&ring);
		if (round == 2)
			break;	/* 12 completions: 8 in the ring, 4 waiting */
	}
	EXPECT_EQ(submitted, 12);
	EXPECT_EQ(io_uring_cq_ready(&ring), 8);
	EXPECT_TRUE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	/* Submission goes on, as in Linux 6.1: the new CQE queues behind the others. */
	last = io_uring_get_sqe(&ring);
	ASSERT_NOT_NULL(last);
	io_uring_prep_nop(last);
	io_uring_sqe_set_data64(last, seq++);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	/*
	 * A wait for more than the full ring holds cannot be satisfied
	 * until the application reaps: it returns at once (0, since CQEs
	 * are there to reap), never hangs.
	 */
	EXPECT_EQ(io_uring_enter(ring.ring_fd, 0, 9, IORING_ENTER_GETEVENTS), 0);
	for (uint64_t i = 0; i < 13; i++) {
		EXPECT_EQ(uring_test_wait(&ring, &ud), 0);
		EXPECT_EQ(ud, i);
	}
	EXPECT_FALSE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	EXPECT_EQ(READ_ONCE(*ring.cq.koverflow), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_complete, teardown_with_overflowed_cqes_frees_them)
{
	struct io_uring ring;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(2, &ring, 0), 0);	/* CQ of 4 */
	for (int i = 0; i < 4; i++) {
		for (int j = 0; j < 2; j++)
			io_uring_prep_nop(io_uring_get_sqe(&ring));
		io_uring_submit(&ring);
	}
	EXPECT_TRUE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	io_uring_queue_exit(&ring);	/* the leak check sees the overflow list freed */
	uring_test_files_end();
}

/*
 * IORING_ENTER_EXT_ARG: a wait with a time limit ends with -ETIME when
 * nothing comes, and returns at once when a CQE is there.  As Linux, the
 * argument's size is checked first, but its timespec is read only when
 * there is something to wait for.
 */
KTEST(uring_complete, ext_arg_wait_ends_at_its_time_limit)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	struct io_uring_getevents_arg arg = { .ts = (uint64_t)(uintptr_t)&ts };
	unsigned int flags = IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG;
	struct io_uring ring;
	uint64_t start;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_TRUE(ring.params.features & IORING_FEAT_EXT_ARG);
	EXPECT_EQ(io_uring_enter_arg(ring.ring_fd, 0, 1, flags, &arg, sizeof(arg) - 1), -EINVAL);
	start = ktime_get_ns();
	EXPECT_EQ(io_uring_enter_arg(ring.ring_fd, 0, 1, flags, &arg, sizeof(arg)), -ETIME);
	EXPECT_GE(ktime_get_ns() - start, 20 * 1000 * 1000);
	/* With a CQE ready the timespec is not read: an unreadable one does not matter. */
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	arg.ts = 8;
	EXPECT_EQ(io_uring_enter_arg(ring.ring_fd, 0, 1, flags, &arg, sizeof(arg)), 0);
	EXPECT_EQ(uring_test_wait(&ring, NULL), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
