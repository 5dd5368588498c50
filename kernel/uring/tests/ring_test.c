/*
 * Self-tests of the ring itself (suite uring_ring): setup limits and
 * rounding, the entry points' errors, SQ and CQ wrap-around (also across
 * 2^32), CQ overflow and recovery, every invalid SQE form, links,
 * hardlinks, drain, and timeouts.
 */
#include "../testlib/harness.h"
#include "../internal.h"
#include "errno.h"
#include "time.h"
#include "slab.h"
#include "timer.h"

static const struct io_uring_params zero_params;

static int setup_with(uint32_t entries, struct io_uring_params *p)
{
	int fd = io_uring_setup(entries, p);

	if (fd >= 0)
		io_uring_close_sync((unsigned int)fd);
	return fd;
}

KTEST(uring_ring, setup_limits_and_rounding)
{
	struct io_uring_params p;

	uring_test_files_begin();
	memset(&p, 0, sizeof(p));
	EXPECT_EQ(setup_with(0, &p), -EINVAL);
	EXPECT_EQ(setup_with(IORING_MAX_ENTRIES + 1, &p), -EINVAL);
	EXPECT_GE(setup_with(3, &p), 0);
	EXPECT_EQ(p.sq_entries, 4);
	EXPECT_EQ(p.cq_entries, 8);
	EXPECT_EQ(p.features & (IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE),
		  IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE);
	EXPECT_EQ(p.sq_off.array, p.cq_off.cqes + 8 * sizeof(struct io_uring_cqe));

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CLAMP;
	EXPECT_GE(setup_with(IORING_MAX_ENTRIES + 1, &p), 0);
	EXPECT_EQ(p.sq_entries, IORING_MAX_ENTRIES);
	EXPECT_EQ(p.cq_entries, IORING_MAX_CQ_ENTRIES);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 0;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	p.cq_entries = 5;
	EXPECT_GE(setup_with(4, &p), 0);
	EXPECT_EQ(p.cq_entries, 8);
	p.cq_entries = 2;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);	/* smaller than the SQ */
	p.cq_entries = IORING_MAX_CQ_ENTRIES + 1;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	p.flags |= IORING_SETUP_CLAMP;
	p.cq_entries = IORING_MAX_CQ_ENTRIES + 1;
	EXPECT_GE(setup_with(4, &p), 0);
	EXPECT_EQ(p.cq_entries, IORING_MAX_CQ_ENTRIES);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.resv[1] = 1;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	EXPECT_EQ(io_uring_setup(4, NULL), -EFAULT);
	EXPECT_EQ(io_uring_setup(4, (void *)0x8000000000000000UL), -EFAULT);
	/* Readable but not writable: the ring is made, then torn down again. */
	EXPECT_EQ(io_uring_setup(4, (void *)&zero_params), -EFAULT);
	uring_test_files_end();
	memset(&p, 0, sizeof(p));
	EXPECT_EQ(io_uring_setup(4, &p), -EMFILE);	/* no descriptor table */
}

KTEST(uring_ring, setup_full_fd_table_is_emfile)
{
	struct io_uring_params p;
	int n = 0;

	uring_test_files_begin();
	while (uring_test_install(null_file_open()) >= 0)
		n++;
	EXPECT_EQ(n, URING_TEST_FDS);
	memset(&p, 0, sizeof(p));
	EXPECT_EQ(io_uring_setup(4, &p), -EMFILE);
	uring_test_files_end();
}

KTEST(uring_ring, entry_point_errors)
{
	struct io_uring ring;
	int nullfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	nullfd = uring_test_install(null_file_open());
	EXPECT_EQ(io_uring_enter(200, 0, 0, 0), -EBADF);
	EXPECT_EQ(io_uring_enter((unsigned int)nullfd, 0, 0, 0), -EOPNOTSUPP);
	EXPECT_EQ(io_uring_enter((unsigned int)ring.ring_fd, 0, 0, 1U << 7), -EINVAL);
	EXPECT_EQ(io_uring_register(200, IORING_REGISTER_FILES, NULL, 1), -EBADF);
	EXPECT_EQ(io_uring_register((unsigned int)nullfd, IORING_UNREGISTER_FILES, NULL, 0),
		  -EOPNOTSUPP);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_LAST, NULL, 0),
		  -EINVAL);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_BUFFERS, NULL, 0),
		  -EINVAL);
	EXPECT_NULL(io_uring_mmap((unsigned int)ring.ring_fd, 0x1000, 8));
	EXPECT_NULL(io_uring_mmap((unsigned int)ring.ring_fd, IORING_OFF_SQES, 1 << 20));
	EXPECT_NULL(io_uring_mmap((unsigned int)nullfd, IORING_OFF_SQES, 8));
	/* Both rings are one mapping (IORING_FEAT_SINGLE_MMAP). */
	EXPECT_TRUE(io_uring_mmap((unsigned int)ring.ring_fd, IORING_OFF_SQ_RING, 8) ==
		    io_uring_mmap((unsigned int)ring.ring_fd, IORING_OFF_CQ_RING, 8));
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ring, probe_lists_the_opcodes)
{
	struct {
		struct io_uring_probe p;
		struct io_uring_probe_op ops[IORING_OP_LAST + 4];
	} pr;
	struct io_uring ring;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	memset(&pr, 0, sizeof(pr));
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_PROBE, &pr,
				    IORING_OP_LAST + 4), 0);
	EXPECT_EQ(pr.p.last_op, IORING_OP_LAST - 1);
	EXPECT_EQ(pr.p.ops_len, IORING_OP_LAST);
	EXPECT_EQ(pr.ops[IORING_OP_READ].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[IORING_OP_FILES_UPDATE].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[4].flags, 0);		/* IORING_OP_READ_FIXED: not in ringlet */
	pr.p.resv = 1;
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_PROBE, &pr, 4),
		  -EINVAL);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_PROBE, NULL, 4),
		  -EFAULT);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ring, nop_round_trip_keeps_user_data)
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

/* Submits nr NOPs numbered from *seq and checks they come back in order. */
static void nop_batch(struct io_uring *ring, unsigned int nr, uint64_t *seq)
{
	uint64_t first = *seq;

	for (unsigned int i = 0; i < nr; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe) {
			EXPECT_NOT_NULL(sqe);
			return;
		}
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, (*seq)++);
	}
	EXPECT_EQ(io_uring_submit_and_wait(ring, nr), (int)nr);
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t ud;

		EXPECT_EQ(uring_test_wait(ring, &ud), 0);
		EXPECT_EQ(ud, first + i);
	}
}

KTEST(uring_ring, sq_and_cq_wrap_around)
{
	struct io_uring ring;
	uint64_t seq = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	for (int i = 0; i < 300; i++)
		nop_batch(&ring, 1 + i % 4, &seq);
	EXPECT_EQ(*ring.sq.khead, *ring.sq.ktail);
	EXPECT_GT(*ring.cq.ktail, 4 * 100);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* Starts every index 20 short of 2^32, so the batches cross the overflow. */
KTEST(uring_ring, indexes_wrap_at_2_pow_32)
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
	for (int i = 0; i < 30; i++)
		nop_batch(&ring, 1 + i % 8, &seq);
	EXPECT_LT(*ring.sq.khead, start);	/* it wrapped */
	EXPECT_LT(*ring.cq.ktail, start);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ring, cq_overflow_is_kept_and_flushed_in_order)
{
	struct io_uring ring;
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
	/* More submissions are refused until the application makes room. */
	ASSERT_NOT_NULL(io_uring_get_sqe(&ring));
	io_uring_prep_nop(&ring.sq.sqes[(ring.sq.sqe_tail - 1) & 3]);
	EXPECT_EQ(io_uring_submit(&ring), -EBUSY);
	for (uint64_t i = 0; i < 12; i++) {
		EXPECT_EQ(uring_test_wait(&ring, &ud), 0);
		EXPECT_EQ(ud, i);
	}
	EXPECT_FALSE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	EXPECT_EQ(io_uring_submit(&ring), 1);	/* the refused NOP goes now */
	EXPECT_EQ(uring_test_wait(&ring, NULL), 0);
	EXPECT_EQ(READ_ONCE(*ring.cq.koverflow), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ring, teardown_with_overflowed_cqes_frees_them)
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


/* One bad SQE form and the CQE error it must get. */
struct bad_sqe {
	const char *what;
	struct io_uring_sqe sqe;
	int res;
};

KTEST(uring_ring, every_invalid_sqe_gets_its_error_cqe)
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
			{ "read into read-only memory", { .opcode = IORING_OP_READ, .fd = rd,
							  .addr = (unsigned long)&zero_params,
							  .len = 4 }, -EFAULT },
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

/* Queues an SQE with flags and user_data; the helpers below build chains. */
static struct io_uring_sqe *queue_nop(struct io_uring *ring, uint8_t flags, uint64_t ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_nop(sqe);
	sqe->flags = flags;
	sqe->user_data = ud;
	return sqe;
}

/* Reaps n CQEs into ud[] and res[] in arrival order. */
static void reap(struct io_uring *ring, int n, uint64_t *ud, int *res)
{
	for (int i = 0; i < n; i++)
		res[i] = uring_test_wait(ring, &ud[i]);
}

KTEST(uring_ring, link_runs_in_order_and_failure_cancels_the_rest)
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
	queue_nop(&ring, 0, 2);
	EXPECT_EQ(io_uring_submit(&ring), 2);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	reap(&ring, 2, ud, res);
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
	queue_nop(&ring, IOSQE_IO_LINK, 2);
	queue_nop(&ring, 0, 3);
	queue_nop(&ring, 0, 4);		/* not in the chain */
	EXPECT_EQ(io_uring_submit(&ring), 4);
	reap(&ring, 4, ud, res);
	for (int i = 0; i < 4; i++) {
		int want = ud[i] == 1 ? -EPIPE : ud[i] == 4 ? 0 : -ECANCELED;

		EXPECT_EQ(res[i], want);
	}

	/* A hard link survives the failure. */
	io_uring_prep_write(io_uring_get_sqe(&ring), wfd, &c, 1, 0);
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].flags = IOSQE_IO_HARDLINK;
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & 7].user_data = 1;
	queue_nop(&ring, 0, 2);
	EXPECT_EQ(io_uring_submit(&ring), 2);
	reap(&ring, 2, ud, res);
	EXPECT_EQ(ud[0], 1);
	EXPECT_EQ(res[0], -EPIPE);
	EXPECT_EQ(ud[1], 2);
	EXPECT_EQ(res[1], 0);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ring, link_with_a_bad_member_runs_nothing)
{
	struct io_uring ring;
	uint64_t ud[3];
	int res[3];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	queue_nop(&ring, IOSQE_IO_HARDLINK, 1);
	queue_nop(&ring, IOSQE_IO_LINK, 2)->opcode = 5;		/* invalid */
	queue_nop(&ring, 0, 3);
	EXPECT_EQ(io_uring_submit(&ring), 3);
	reap(&ring, 3, ud, res);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(ud[i], (uint64_t)i + 1);
		EXPECT_EQ(res[i], ud[i] == 2 ? -EINVAL : -ECANCELED);
	}
	/* A chain left open at the end of a submission is issued as it is. */
	queue_nop(&ring, IOSQE_IO_LINK, 7);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	EXPECT_EQ(uring_test_wait(&ring, &ud[0]), 0);
	EXPECT_EQ(ud[0], 7);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ring, drain_waits_for_everything_before_it)
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
	queue_nop(&ring, IOSQE_IO_DRAIN, 2);
	queue_nop(&ring, 0, 3);
	queue_nop(&ring, 0, 4)->opcode = 5;	/* a bad SQE must not overtake the drain */
	EXPECT_EQ(io_uring_submit(&ring), 4);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	reap(&ring, 4, ud, res);
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

KTEST(uring_ring, timeout_fires_or_completes_by_count)
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
	queue_nop(&ring, 0, 1);
	queue_nop(&ring, 0, 2);
	EXPECT_EQ(io_uring_submit(&ring), 2);
	reap(&ring, 3, ud, res);
	EXPECT_EQ(ud[2], 9);
	EXPECT_EQ(res[2], 0);

	/* Teardown cancels an armed one (the leak check sees it freed). */
	io_uring_prep_timeout(io_uring_get_sqe(&ring), &forever, 0, 0);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
