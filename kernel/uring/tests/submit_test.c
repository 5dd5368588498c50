/*
 * Self-tests of submit.c (suite uring_submit): a NOP's round trip, SQ and
 * CQ wrap-around (also across 2^32), an SQ index out of range, every
 * invalid SQE form getting its error CQE, links, hardlinks, and drain.
 */
#include "../testlib/harness.h"
#include "../internal.h"
#include "errno.h"
#include "timer.h"

KTEST(uring_submit, nop_round_trip_keeps_user_data)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	uint64_t ud = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	sqe = io_uring_get_sqe(&ring);
	ASSERT_NOT_NULL(sqe);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 0xdeadbeefcafef00dULL);
	EXPECT_EQ(uring_test_submit_wait(&ring, &ud), 0);
	EXPECT_EQ(ud, 0xdeadbeefcafef00dULL);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * Submits nr NOPs numbered from *seq and checks they come back in order.
 * False after a short submission or a missing CQE: the caller stops, as
 * the next batch would only wait for CQEs that never come, and closes its
 * ring (a test abandoned with a ring open would leave it to the next one).
 */
static bool nop_batch(struct io_uring *ring, unsigned int nr, uint64_t *seq)
{
	uint64_t first = *seq;
	int submitted;

	for (unsigned int i = 0; i < nr; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe) {
			EXPECT_NOT_NULL(sqe);
			return false;
		}
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, (*seq)++);
	}
	submitted = io_uring_submit(ring);
	EXPECT_EQ(submitted, (int)nr);
	if (submitted != (int)nr)
		return false;
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t ud = ~0ULL;
		int res = uring_test_wait_ms(ring, URING_TEST_CQE_MS, &ud);

		EXPECT_EQ(res, 0);
		EXPECT_EQ(ud, first + i);
		if (res != 0 || ud != first + i)
			return false;
	}
	return true;
}

KTEST(uring_submit, sq_and_cq_wrap_around)
{
	struct io_uring ring;
	uint64_t seq = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	for (int i = 0; i < 300 && nop_batch(&ring, 1 + i % 4, &seq); i++)
		;
	EXPECT_EQ(*ring.sq.khead, *ring.sq.ktail);
	EXPECT_GT(*ring.cq.ktail, 4 * 100);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* Starts every index 20 short of 2^32, so the batches cross the overflow. */
KTEST(uring_submit, indexes_wrap_at_2_pow_32)
{
	const uint32_t start = 0xffffffffu - 20;
	struct io_ring_ctx *ctx;
	struct io_uring ring;
	struct file *f;
	uint64_t seq = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(io_ring_get((unsigned int)ring.ring_fd, &ctx, &f), 0);
	ctx->cached_sq_head = ctx->rings->sq.head = ctx->rings->sq.tail = start;
	ctx->cached_cq_tail = ctx->rings->cq.head = ctx->rings->cq.tail = start;
	ring.sq.sqe_head = ring.sq.sqe_tail = start;
	fput(f);
	for (int i = 0; i < 30 && nop_batch(&ring, 1 + i % 8, &seq); i++)
		;
	EXPECT_LT(*ring.sq.khead, start);	/* it wrapped */
	EXPECT_LT(*ring.cq.ktail, start);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * An SQ array entry naming no SQE is consumed, counted in sq_dropped, gets
 * no CQE and ends the batch (Linux 6.1): the submission returns the SQEs
 * before it, and the ones after it wait for the next io_uring_enter.  The
 * test fills the SQ array itself, as an application without liburing.
 */
KTEST(uring_submit, bad_index_is_dropped_counted_and_ends_the_batch)
{
	struct io_uring ring;
	uint32_t head, tail, mask, dropped;
	uint64_t ud = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	mask = *ring.sq.kring_mask;
	head = *ring.sq.khead;
	tail = *ring.sq.ktail;
	dropped = *ring.sq.kdropped;
	for (uint32_t i = 0; i < 3; i++) {
		io_uring_prep_nop(&ring.sq.sqes[i]);
		io_uring_sqe_set_data64(&ring.sq.sqes[i], 1 + i);
		ring.sq.array[(tail + i) & mask] = i;
	}
	ring.sq.array[(tail + 1) & mask] = *ring.sq.kring_entries;	/* one past the SQEs */
	smp_store_release(ring.sq.ktail, tail + 3);

	EXPECT_EQ(io_uring_enter((unsigned int)ring.ring_fd, 3, 0, 0), 1);
	EXPECT_EQ(*ring.sq.khead - head, 2);		/* the bad entry was consumed */
	EXPECT_EQ(*ring.sq.kdropped - dropped, 1);
	EXPECT_EQ(io_uring_cq_ready(&ring), 1);		/* a NOP completes inline */
	EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 0);
	EXPECT_EQ(ud, 1);

	EXPECT_EQ(io_uring_enter((unsigned int)ring.ring_fd, 1, 0, 0), 1);
	EXPECT_EQ(*ring.sq.khead, *ring.sq.ktail);
	EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 0);
	EXPECT_EQ(ud, 3);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(*ring.sq.kdropped - dropped, 1);
	EXPECT_EQ(*ring.cq.koverflow, 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* One bad SQE form and the CQE error it must get. */
struct bad_sqe {
	const char *what;
	struct io_uring_sqe sqe;
	int res;
};

KTEST(uring_submit, every_invalid_sqe_gets_its_error_cqe)
{
	static struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 1000 };
	static struct __kernel_timespec bad_ts = { .tv_sec = 0, .tv_nsec = 1000000000 };
	struct io_uring ring;
	char buf[16];
	int wr, rd;
	struct file *prd, *pwr;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&prd, &pwr, 64), 0);
	rd = uring_test_install(prd);
	wr = uring_test_install(pwr);
	/*
	 * As in Linux 6.1, a read's buffer is only checked against the address
	 * limit at prep; a bad one faults when the pipe copies data into it.  So
	 * the pipe holds data, and each bad-buffer read fails without taking it.
	 */
	ASSERT_EQ(vfs_write(pwr, "data", 4, NULL), 4);
	{
		struct bad_sqe cases[] = {
			{ "unknown opcode 5", { .opcode = 5 }, -EINVAL },
			{ "opcode past the last", { .opcode = 200 }, -EINVAL },
			{ "unknown sqe flag", { .opcode = IORING_OP_NOP, .flags = 1 << 6 }, -EINVAL },
			{ "ioprio", { .opcode = IORING_OP_NOP, .ioprio = 1 }, -EINVAL },
			{ "buf_index", { .opcode = IORING_OP_NOP, .buf_index = 1 }, -EINVAL },
			{ "personality", { .opcode = IORING_OP_NOP, .personality = 1 }, -EINVAL },
			{ "pad2[2]", { .opcode = IORING_OP_NOP, .__pad2 = { 0, 0, 1 } }, -EINVAL },
			{ "read, fd not open", { .opcode = IORING_OP_READ, .fd = 99,
						 .addr = (unsigned long)buf, .len = 1 }, -EBADF },
			{ "read, negative fd", { .opcode = IORING_OP_READ, .fd = -5,
						 .addr = (unsigned long)buf, .len = 1 }, -EBADF },
			{ "read, fixed without a table", { .opcode = IORING_OP_READ, .fd = 0,
							   .flags = IOSQE_FIXED_FILE,
							   .addr = (unsigned long)buf, .len = 1 }, -EBADF },
			{ "read, NULL buffer", { .opcode = IORING_OP_READ, .fd = rd, .len = 4 }, -EFAULT },
			{ "read, non-canonical buffer", { .opcode = IORING_OP_READ, .fd = rd,
							  .addr = 0x0000900000000000UL, .len = 4 }, -EFAULT },
			{ "read, rw_flags", { .opcode = IORING_OP_READ, .fd = rd, .rw_flags = 1,
					      .addr = (unsigned long)buf, .len = 1 }, -EINVAL },
			{ "read on the write end", { .opcode = IORING_OP_READ, .fd = wr,
						     .addr = (unsigned long)buf, .len = 1 }, -EBADF },
			{ "readv, too many iovecs", { .opcode = IORING_OP_READV, .fd = rd,
						      .addr = (unsigned long)buf,
						      .len = UIO_MAXIOV + 1 }, -EINVAL },
			{ "readv, iovec array unmapped", { .opcode = IORING_OP_READV, .fd = rd,
							   .addr = 8, .len = 2 }, -EFAULT },
			{ "fsync with addr", { .opcode = IORING_OP_FSYNC, .fd = wr, .addr = 1 }, -EINVAL },
			{ "fsync flags", { .opcode = IORING_OP_FSYNC, .fd = wr, .fsync_flags = 2 }, -EINVAL },
			{ "timeout, len 2", { .opcode = IORING_OP_TIMEOUT, .addr = (unsigned long)&ts,
					      .len = 2 }, -EINVAL },
			{ "timeout, bad pointer", { .opcode = IORING_OP_TIMEOUT, .addr = 16, .len = 1 },
			  -EFAULT },
			{ "timeout, tv_nsec too big", { .opcode = IORING_OP_TIMEOUT, .len = 1,
							.addr = (unsigned long)&bad_ts }, -EINVAL },
			{ "timeout, unknown flag", { .opcode = IORING_OP_TIMEOUT, .len = 1,
						     .addr = (unsigned long)&ts,
						     .timeout_flags = 2 }, -EINVAL },
			{ "close, fixed", { .opcode = IORING_OP_CLOSE, .fd = rd,
					    .flags = IOSQE_FIXED_FILE }, -EBADF },
			{ "close, the ring itself", { .opcode = IORING_OP_CLOSE, .fd = ring.ring_fd },
			  -EBADF },
			{ "close, len", { .opcode = IORING_OP_CLOSE, .fd = rd, .len = 1 }, -EINVAL },
			{ "close, fd not open", { .opcode = IORING_OP_CLOSE, .fd = 77 }, -EBADF },
			{ "files_update, len 0", { .opcode = IORING_OP_FILES_UPDATE,
						   .addr = (unsigned long)buf }, -EINVAL },
			{ "files_update, fixed flag", { .opcode = IORING_OP_FILES_UPDATE, .len = 1,
							.flags = IOSQE_FIXED_FILE,
							.addr = (unsigned long)buf }, -EINVAL },
			{ "files_update, no table", { .opcode = IORING_OP_FILES_UPDATE, .len = 1,
						      .addr = (unsigned long)buf }, -ENXIO },
		};

		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			int res;

			cases[i].sqe.user_data = i;
			res = uring_test_run_sqe(&ring, &cases[i].sqe);
			if (res != cases[i].res)
				ktest_fail(__FILE__, __LINE__, "%s: got %d, want %d",
					   cases[i].what, res, cases[i].res);
		}
	}
	/* A read-only buffer faults on the copy; the data stays in the pipe. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, rd, &uring_test_read_only_params, 4, 0),
		  -EFAULT);
	/* An SQ array entry past the SQEs is dropped and counted. */
	ring.sq.array[*ring.sq.ktail & 7] = 1000;
	smp_store_release(ring.sq.ktail, *ring.sq.ktail + 1);
	EXPECT_EQ(io_uring_enter((unsigned int)ring.ring_fd, 1, 0, 0), 0);
	EXPECT_EQ(READ_ONCE(*ring.sq.kdropped), 1);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	ring.sq.sqe_head = ring.sq.sqe_tail = *ring.sq.ktail;
	/* The ring still works. */
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_submit, link_runs_in_order_and_failure_cancels_the_rest)
{
	struct io_uring ring;
	struct file *rd, *wr, *wr2;
	uint64_t ud[4];
	int res[4], rfd, wfd;
	char c = 'x', buf[4];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	rfd = uring_test_install(rd);

	/* A read that must wait for a worker, linked to a NOP: the NOP waits too. */
	io_uring_prep_read(io_uring_get_sqe(&ring), rfd, buf, 1, 0);
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].flags = IOSQE_IO_LINK;
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].user_data = 1;
	uring_test_queue_nop(&ring, 0, 2);
	EXPECT_EQ(io_uring_submit(&ring), 2);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	uring_test_reap(&ring, 2, ud, res);
	EXPECT_EQ(ud[0], 1);
	EXPECT_EQ(res[0], 1);
	EXPECT_EQ(ud[1], 2);
	EXPECT_EQ(res[1], 0);

	/*
	 * A pipe with no reader: a write fails with -EPIPE and cancels its
	 * links.  (Not the first pipe's read end: the read above may still
	 * hold it for a moment after its CQE, as in Linux.)
	 */
	ASSERT_EQ(pipe_create(&rd, &wr2, 64), 0);
	fput(rd);
	wfd = uring_test_install(wr2);
	io_uring_prep_write(io_uring_get_sqe(&ring), wfd, &c, 1, 0);
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].flags = IOSQE_IO_LINK;
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].user_data = 1;
	uring_test_queue_nop(&ring, IOSQE_IO_LINK, 2);
	uring_test_queue_nop(&ring, 0, 3);
	uring_test_queue_nop(&ring, 0, 4);		/* not in the chain */
	EXPECT_EQ(io_uring_submit(&ring), 4);
	uring_test_reap(&ring, 4, ud, res);
	for (int i = 0; i < 4; i++) {
		int want = ud[i] == 1 ? -EPIPE : ud[i] == 4 ? 0 : -ECANCELED;

		EXPECT_EQ(res[i], want);
	}

	/* A hard link survives the failure. */
	io_uring_prep_write(io_uring_get_sqe(&ring), wfd, &c, 1, 0);
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].flags = IOSQE_IO_HARDLINK;
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].user_data = 1;
	uring_test_queue_nop(&ring, 0, 2);
	EXPECT_EQ(io_uring_submit(&ring), 2);
	uring_test_reap(&ring, 2, ud, res);
	EXPECT_EQ(ud[0], 1);
	EXPECT_EQ(res[0], -EPIPE);
	EXPECT_EQ(ud[1], 2);
	EXPECT_EQ(res[1], 0);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_submit, link_with_a_bad_member_runs_nothing)
{
	struct io_uring ring;
	uint64_t ud[3];
	int res[3];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	uring_test_queue_nop(&ring, IOSQE_IO_HARDLINK, 1);
	uring_test_queue_nop(&ring, IOSQE_IO_LINK, 2)->opcode = 5;		/* invalid */
	uring_test_queue_nop(&ring, 0, 3);
	EXPECT_EQ(io_uring_submit(&ring), 3);
	uring_test_reap(&ring, 3, ud, res);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(ud[i], (uint64_t)i + 1);
		EXPECT_EQ(res[i], ud[i] == 2 ? -EINVAL : -ECANCELED);
	}
	/* A chain left open at the end of a submission is issued as it is. */
	uring_test_queue_nop(&ring, IOSQE_IO_LINK, 7);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	EXPECT_EQ(uring_test_wait(&ring, &ud[0]), 0);
	EXPECT_EQ(ud[0], 7);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_submit, drain_waits_for_everything_before_it)
{
	struct io_uring ring;
	struct file *rd, *wr;
	uint64_t ud[4];
	int res[4], rfd;
	char c = 'd', buf[4];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	rfd = uring_test_install(rd);

	io_uring_prep_read(io_uring_get_sqe(&ring), rfd, buf, 1, 0);
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].user_data = 1;
	uring_test_queue_nop(&ring, IOSQE_IO_DRAIN, 2);
	uring_test_queue_nop(&ring, 0, 3);
	uring_test_queue_nop(&ring, 0, 4)->opcode = 5;	/* a bad SQE must not overtake the drain */
	EXPECT_EQ(io_uring_submit(&ring), 4);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	uring_test_reap(&ring, 4, ud, res);
	/* The read, then the drain; the two after it may finish in either order. */
	EXPECT_EQ(ud[0], 1);
	EXPECT_EQ(res[0], 1);
	EXPECT_EQ(ud[1], 2);
	EXPECT_EQ(ud[2] + ud[3], 7);
	EXPECT_EQ(res[ud[2] == 4 ? 2 : 3], -EINVAL);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
