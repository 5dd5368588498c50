/*
 * Self-tests of complete.c (suite uring_complete): a CQ that overflows
 * keeps every CQE (submission goes on) and hands them over in order once
 * there is room, a wait the full ring cannot satisfy returns, and
 * teardown frees the CQEs still waiting.
 */
#include "../testlib/harness.h"
#include "errno.h"

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
