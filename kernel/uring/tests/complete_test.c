/*
 * Self-tests of complete.c (suite uring_complete): a CQ that overflows
 * keeps every CQE (submission goes on) and hands them over in order once
 * there is room, even when room appears before the overflowed CQEs have
 * moved; nothing is lost when completions overflow from every CPU; a
 * wait the full ring cannot satisfy returns; teardown frees the CQEs
 * still waiting; the inline completions of one submission are published
 * with one CQ tail update.
 */
#include "../testlib/harness.h"
#include "../internal.h"
#include "errno.h"
#include "mutex.h"
#include "sched.h"
#include "slab.h"
#include "smp.h"
#include "time.h"
#include "timer.h"

/*
 * Reaps the next CQE, entering the kernel to move overflowed CQEs into
 * the ring while none is there, as an application does when it sees
 * IORING_SQ_CQ_OVERFLOW, and checks it is (ud, res).  False, reported,
 * if it is not, or if none came within URING_TEST_CQE_MS: the caller
 * stops reaping and closes its ring (a test abandoned with a ring open
 * would leave it to the next test's leak check).
 */
static bool next_cqe_is(struct io_uring *ring, uint64_t ud, int res)
{
	uint64_t deadline = ktime_get_ns() + URING_TEST_CQE_MS * 1000000ULL;
	struct io_uring_cqe *cqe;
	bool ok;

	while (io_uring_peek_cqe(ring, &cqe)) {
		if (ktime_get_ns() > deadline) {
			ktest_fail(__FILE__, __LINE__,
				   "no CQE (expected user_data %llu) within %d ms",
				   (unsigned long long)ud, URING_TEST_CQE_MS);
			return false;
		}
		io_uring_enter((unsigned int)ring->ring_fd, 0, 0, IORING_ENTER_GETEVENTS);
		msleep(1);
	}
	ok = cqe->user_data == ud && cqe->res == res;
	if (!ok)
		ktest_fail(__FILE__, __LINE__, "CQE user_data %llu res %d, expected %llu res %d",
			   (unsigned long long)cqe->user_data, cqe->res, (unsigned long long)ud,
			   res);
	io_uring_cqe_seen(ring, cqe);
	return ok;
}

/* Queues nr NOPs numbered from *seq (the SQ must have room). */
static void queue_nops(struct io_uring *ring, unsigned int nr, uint64_t *seq)
{
	for (unsigned int i = 0; i < nr; i++)
		uring_test_queue_nop(ring, 0, (*seq)++);
}

KTEST(uring_complete, cq_overflow_is_kept_and_flushed_in_order)
{
	struct io_uring ring;
	uint64_t seq = 0;
	int submitted = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);	/* CQ of 8 */
	for (int round = 0; round < 3; round++) {
		queue_nops(&ring, 4, &seq);
		submitted += io_uring_submit(&ring);
	}
	/* 12 completions: 8 in the ring, 4 waiting */
	EXPECT_EQ(submitted, 12);
	EXPECT_EQ(io_uring_cq_ready(&ring), 8);
	EXPECT_TRUE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	/* Submission goes on, as in Linux 6.1: the new CQE queues behind the others. */
	queue_nops(&ring, 1, &seq);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	/*
	 * A wait for more than the full ring holds cannot be satisfied
	 * until the application reaps: it returns at once (0, since CQEs
	 * are there to reap), never hangs.
	 */
	EXPECT_EQ(io_uring_enter(ring.ring_fd, 0, 9, IORING_ENTER_GETEVENTS), 0);
	for (uint64_t i = 0; i < 13 && next_cqe_is(&ring, i, 0); i++)
		;
	EXPECT_FALSE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	EXPECT_EQ(READ_ONCE(*ring.cq.koverflow), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * The application makes room by reaping but does not enter the kernel,
 * so the overflowed CQEs are still on their list when the next request
 * completes: its CQE must queue behind them, not take the free slot
 * (Linux 6.1 posts nothing into the ring while CQEs wait on the list).
 */
KTEST(uring_complete, room_in_the_ring_does_not_let_a_cqe_overtake_the_overflow)
{
	struct io_uring ring;
	uint64_t seq = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);	/* CQ of 8 */
	queue_nops(&ring, 4, &seq);
	EXPECT_EQ(io_uring_submit(&ring), 4);
	queue_nops(&ring, 4, &seq);
	EXPECT_EQ(io_uring_submit(&ring), 4);
	queue_nops(&ring, 2, &seq);
	EXPECT_EQ(io_uring_submit(&ring), 2);		/* 8 and 9 overflow */
	EXPECT_EQ(io_uring_cq_ready(&ring), 8);
	for (uint64_t i = 0; i < 2; i++) {
		struct io_uring_cqe *cqe;

		if (io_uring_peek_cqe(&ring, &cqe)) {
			ktest_fail(__FILE__, __LINE__, "CQE %llu is not in the ring",
				   (unsigned long long)i);
			break;
		}
		EXPECT_EQ(cqe->user_data, i);
		io_uring_cqe_seen(&ring, cqe);
	}
	queue_nops(&ring, 1, &seq);
	EXPECT_EQ(io_uring_submit(&ring), 1);		/* 10: behind 8 and 9 */
	EXPECT_EQ(io_uring_cq_ready(&ring), 6);
	EXPECT_TRUE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	for (uint64_t i = 2; i < seq && next_cqe_is(&ring, i, 0); i++)
		;
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
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
	EXPECT_EQ(io_uring_cq_ready(&ring), 4);
	EXPECT_TRUE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	EXPECT_EQ(READ_ONCE(*ring.cq.koverflow), 0);
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

/*
 * One submission of inline NOPs posts all their CQEs under one
 * completion_lock with one CQ tail update (io_submit_flush_completions),
 * before io_uring_enter returns and in submission order; so does a
 * batch that a bad SQE ends.  Counted, not timed: ctx->nr_cq_commits.
 */
KTEST(uring_complete, a_batch_publishes_the_cq_tail_once)
{
	struct io_ring_ctx *ctx;
	struct io_uring ring;
	uint64_t seq = 0, before;
	struct file *f;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(16, &ring, 0), 0);	/* CQ of 32 */
	ASSERT_EQ(io_ring_get((unsigned int)ring.ring_fd, &ctx, &f), 0);
	fput(f);	/* the ring file stays open: ctx lives until queue_exit */

	queue_nops(&ring, 16, &seq);
	before = READ_ONCE(ctx->nr_cq_commits);
	EXPECT_EQ(io_uring_submit(&ring), 16);
	EXPECT_EQ(READ_ONCE(ctx->nr_cq_commits) - before, 1);
	EXPECT_EQ(io_uring_cq_ready(&ring), 16);
	for (uint64_t i = 0; i < 16 && next_cqe_is(&ring, i, 0); i++)
		;

	/* Three NOPs, an SQE that fails its checks (ending the batch), and one left. */
	queue_nops(&ring, 3, &seq);
	uring_test_queue_nop(&ring, 0, seq++)->opcode = 0xee;
	queue_nops(&ring, 1, &seq);
	before = READ_ONCE(ctx->nr_cq_commits);
	EXPECT_EQ(io_uring_submit(&ring), 4);
	EXPECT_EQ(READ_ONCE(ctx->nr_cq_commits) - before, 1);
	EXPECT_EQ(io_uring_cq_ready(&ring), 4);
	for (uint64_t i = 16; i < 20 && next_cqe_is(&ring, i, i == 19 ? -EINVAL : 0); i++)
		;
	EXPECT_EQ(io_uring_submit(&ring), 1);
	EXPECT_TRUE(next_cqe_is(&ring, 20, 0));
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * Completions overflow from every CPU at once: submitters on each CPU
 * send NOPs, half of them to the workers (IOSQE_ASYNC, completed one by
 * one by io_req_complete), half inline (the batch path), into a CQ of 16
 * that a reaper starts to empty only when every request is submitted,
 * then empties while workers still post.  Every CQE arrives exactly
 * once, none is lost (cq_overflow stays 0), and the flag ends clear.
 */
#define STORM_NOPS	48	/* per submitter */
#define STORM_QUIET_MS	500	/* the reaper gives up after this long without a CQE */

struct cq_storm {
	struct io_uring ring;
	struct mutex sq_lock;	/* the application's side of the SQ is single-producer */
	atomic_t next_role;
	atomic_t submitters_left;
	int nr_submitters;
	int *counts;		/* CQEs per user_data, written by the reaper only */
	int stray;
};

static void storm_submit(struct cq_storm *s, int role)
{
	for (int i = 0; i < STORM_NOPS; i += 4) {
		mutex_lock(&s->sq_lock);
		for (int j = i; j < i + 4; j++)
			uring_test_queue_nop(&s->ring, (j & 1) ? IOSQE_ASYNC : 0,
					     (uint64_t)role * STORM_NOPS + (uint64_t)j);
		EXPECT_EQ(io_uring_submit(&s->ring), 4);
		mutex_unlock(&s->sq_lock);
		if (i % 16 == 0)
			yield();
	}
}

static void storm_reap(struct cq_storm *s)
{
	int want = s->nr_submitters * STORM_NOPS, got = 0;
	uint64_t quiet_until;

	while (atomic_read(&s->submitters_left))
		msleep(1);
	quiet_until = ktime_get_ns() + STORM_QUIET_MS * 1000000ULL;
	while (got < want && ktime_get_ns() < quiet_until) {
		struct io_uring_cqe *cqe;

		if (io_uring_peek_cqe(&s->ring, &cqe)) {
			io_uring_enter((unsigned int)s->ring.ring_fd, 0, 0, IORING_ENTER_GETEVENTS);
			yield();
			continue;
		}
		if (cqe->user_data < (uint64_t)want && cqe->res == 0)
			s->counts[cqe->user_data]++;
		else
			s->stray++;
		io_uring_cqe_seen(&s->ring, cqe);
		got++;
		quiet_until = ktime_get_ns() + STORM_QUIET_MS * 1000000ULL;
	}
}

static int storm_thread(void *arg)
{
	struct cq_storm *s = arg;
	int role = atomic_inc_return(&s->next_role) - 1;

	if (role == s->nr_submitters) {
		storm_reap(s);
		return 0;
	}
	storm_submit(s, role);
	atomic_dec(&s->submitters_left);
	return 0;
}

KTEST(uring_complete, overflow_from_every_cpu_loses_nothing)
{
	struct cq_storm *s = kzalloc(sizeof(*s));
	int per_cpu = 2, missing = 0;

	ASSERT_NOT_NULL(s);
	s->nr_submitters = per_cpu * num_online_cpus() - 1;	/* and one reaper */
	s->counts = kzalloc((size_t)s->nr_submitters * STORM_NOPS * sizeof(int));
	ASSERT_NOT_NULL(s->counts);
	mutex_init(&s->sq_lock);
	atomic_set(&s->submitters_left, s->nr_submitters);
	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &s->ring, 0), 0);	/* CQ of 16 */

	EXPECT_EQ(ktest_run_threads(storm_thread, s, per_cpu), 0);

	for (int i = 0; i < s->nr_submitters * STORM_NOPS; i++)
		if (s->counts[i] != 1 && missing++ < 4)
			ktest_fail(__FILE__, __LINE__, "user_data %d: %d CQEs", i, s->counts[i]);
	EXPECT_EQ(missing, 0);
	EXPECT_EQ(s->stray, 0);
	EXPECT_EQ(READ_ONCE(*s->ring.cq.koverflow), 0);
	EXPECT_FALSE(READ_ONCE(*s->ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	io_uring_queue_exit(&s->ring);
	uring_test_files_end();
	kfree(s->counts);
	kfree(s);
}
