/*
 * Self-tests of execve's cancelling of a task's requests (suite
 * uring_task_cancel, kernel/uring/task_cancel.c).  Kernel threads stand in
 * for processes: io_uring_task_cancel() is what execve calls, and a
 * kernel thread that submitted has a context as a process does.  Several
 * threads submit to one ring (they share the runner's fd table, so one
 * ring fd); some cancel, and only their requests may end.  The leak check
 * after each test covers the contexts of threads that exited with
 * requests still in flight.
 */
#include "../testlib/harness.h"
#include "atomic.h"
#include "mutex.h"
#include "sched.h"
#include "timer.h"
#include "syscalls.h"
#include "errno.h"
#include "smp.h"
#include "string.h"

#define TC_THREADS_MAX	(NR_CPUS * 2)
#define TC_ROUNDS	10

/* One test's ring, shared by its threads; SQ use is serialized by sq_lock. */
struct tc_shared {
	struct io_uring ring;
	struct mutex sq_lock;
	int rfd[TC_THREADS_MAX], wfd[TC_THREADS_MAX];
	char buf[TC_THREADS_MAX][2];
	atomic_t next;		/* hands out thread indexes */
	atomic_t submitted;	/* threads whose requests are all in */
};

/*
 * Submits a read of thread i's pipe (user_data 2i) and a 10 s timeout
 * (2i + 1), each alone so the read is tried inline first, as a process's
 * would be.  Returns 0 or a nonzero code.
 */
static int tc_submit(struct tc_shared *s, int i)
{
	struct __kernel_timespec ten_s = { .tv_sec = 10 };
	struct io_uring_sqe *sqe;
	int ret = 0;

	mutex_lock(&s->sq_lock);
	sqe = io_uring_get_sqe(&s->ring);
	io_uring_prep_read(sqe, s->rfd[i], s->buf[i], 1, 0);
	io_uring_sqe_set_data64(sqe, 2 * (uint64_t)i);
	if (io_uring_submit(&s->ring) != 1)
		ret = 1;
	sqe = io_uring_get_sqe(&s->ring);
	io_uring_prep_timeout(sqe, &ten_s, 0, 0);
	io_uring_sqe_set_data64(sqe, 2 * (uint64_t)i + 1);
	if (io_uring_submit(&s->ring) != 1)
		ret = 2;
	mutex_unlock(&s->sq_lock);
	return ret;
}

/* Reaps what is there now, without waiting: res into res[ud], count into seen[ud]. */
static void tc_reap(struct tc_shared *s, int *res, int *seen, int n)
{
	struct io_uring_cqe *cqe;

	while (!io_uring_peek_cqe(&s->ring, &cqe)) {
		uint64_t ud = cqe->user_data;

		if (ud < (uint64_t)n) {
			res[ud] = cqe->res;
			seen[ud]++;
		} else {
			ktest_fail(__FILE__, __LINE__, "stray CQE ud %llu", (unsigned long long)ud);
		}
		io_uring_cqe_seen(&s->ring, cqe);
	}
}

static void tc_setup(struct tc_shared *s, int nr)
{
	memset(s, 0, sizeof(*s));
	mutex_init(&s->sq_lock);
	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4 * TC_THREADS_MAX, &s->ring, 0), 0);
	for (int i = 0; i < nr; i++)
		ASSERT_TRUE(uring_test_install_pipe(64, &s->rfd[i], &s->wfd[i]));
}

/* Closes the ring (cancelling what is left) and the pipes. */
static void tc_teardown(struct tc_shared *s)
{
	ASSERT_EQ(io_uring_close_sync((unsigned int)s->ring.ring_fd), 0);
	uring_test_files_end();
}

/* Thread 0 cancels, thread 1 does not; thread 1 exits with its requests in flight. */
struct tc_pair {
	struct tc_shared *s;
	int i;
	int ret;
	struct completion submitted, go;
};

static int tc_pair_thread(void *arg)
{
	struct tc_pair *p = arg;

	p->ret = tc_submit(p->s, p->i);
	complete(&p->submitted);
	if (p->i == 0) {
		wait_for_completion(&p->go);
		io_uring_task_cancel();
	}
	return 0;
}

KTEST(uring_task_cancel, cancels_the_callers_requests_and_no_one_elses)
{
	static struct tc_shared s;
	struct tc_pair p[2];
	struct task *t[2];
	int res[4], seen[4] = { 0 };

	tc_setup(&s, 2);
	for (int i = 0; i < 2; i++) {
		p[i] = (struct tc_pair){ .s = &s, .i = i };
		init_completion(&p[i].submitted);
		init_completion(&p[i].go);
		t[i] = kthread_run(tc_pair_thread, &p[i], "tc/%d", i);
		ASSERT_NOT_NULL(t[i]);
		wait_for_completion(&p[i].submitted);
		EXPECT_EQ(p[i].ret, 0);
	}
	msleep(20);		/* both reads blocked in workers */
	tc_reap(&s, res, seen, 4);
	for (int ud = 0; ud < 4; ud++)
		EXPECT_EQ(seen[ud], 0);

	complete(&p[0].go);
	kthread_stop(t[0]);	/* returns once its io_uring_task_cancel has */
	/* Everything of thread 0's has completed by then; nothing of thread 1's. */
	tc_reap(&s, res, seen, 4);
	EXPECT_EQ(seen[0], 1);
	EXPECT_EQ(res[0], -ECANCELED);
	EXPECT_EQ(seen[1], 1);
	EXPECT_EQ(res[1], -ECANCELED);
	EXPECT_EQ(seen[2], 0);
	EXPECT_EQ(seen[3], 0);

	/* Thread 1's read still runs: it takes the byte written now. */
	kthread_stop(t[1]);
	EXPECT_EQ(sys_write(s.wfd[1], "b", 1), 1);
	EXPECT_EQ(uring_test_wait_ms(&s.ring, URING_TEST_CQE_MS, NULL), 1);
	EXPECT_EQ(s.buf[1][0], 'b');
	tc_teardown(&s);
}

/*
 * Every CPU at once: two threads a CPU submit to one ring, the even ones
 * cancel at once while the odd ones are still submitting, and only the
 * even ones' requests may end.  TC_ROUNDS rounds.
 */
static int tc_storm_thread(void *arg)
{
	struct tc_shared *s = arg;
	int i = atomic_inc_return(&s->next) - 1;

	if (tc_submit(s, i))
		return 1;
	atomic_inc(&s->submitted);
	if (i % 2 == 0)
		io_uring_task_cancel();
	return 0;
}

KTEST(uring_task_cancel, concurrent_cancels_leave_other_tasks_requests_running)
{
	static struct tc_shared s;
	static int res[2 * TC_THREADS_MAX], seen[2 * TC_THREADS_MAX];
	int nr = 2 * (int)num_online_cpus(), bad = 0;

	ASSERT_TRUE(nr <= TC_THREADS_MAX);
	for (int round = 0; round < TC_ROUNDS && !bad; round++) {
		int odd_reads = 0;

		tc_setup(&s, nr);
		memset(seen, 0, sizeof(seen));
		ASSERT_EQ(ktest_run_threads(tc_storm_thread, &s, 2), 0);
		tc_reap(&s, res, seen, 2 * nr);
		for (int i = 0; i < nr; i++)
			for (int k = 0; k < 2; k++) {
				int ud = 2 * i + k;

				if (seen[ud] != (i % 2 == 0) ||
				    (seen[ud] && res[ud] != -ECANCELED)) {
					ktest_fail(__FILE__, __LINE__,
						   "round %d: ud %d seen %d res %d", round, ud,
						   seen[ud], res[ud]);
					bad++;
				}
			}
		/* The odd threads' reads, all still there, each take their byte. */
		for (int i = 1; i < nr; i += 2)
			EXPECT_EQ(sys_write(s.wfd[i], "o", 1), 1);
		for (int i = 1; i < nr; i += 2) {
			uint64_t ud = 0;

			if (uring_test_wait_ms(&s.ring, URING_TEST_CQE_MS, &ud) == 1 && ud % 4 == 2)
				odd_reads++;
		}
		EXPECT_EQ(odd_reads, nr / 2);
		bad += odd_reads != nr / 2;
		tc_teardown(&s);
	}
}
