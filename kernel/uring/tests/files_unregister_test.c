/*
 * Self-tests of files.c's unregister (suite uring_files_unregister):
 * IORING_UNREGISTER_FILES waits for the requests that still use the
 * table, and waits with uring_lock dropped, so a worker's
 * IORING_OP_FILES_UPDATE that such a request waits for can finish; and in
 * QUIESCE mode it keeps the lock while it frees the table, so that racing
 * register calls never stop the stopped ring.  tests/suite.py runs these
 * again with percpu_ref's confirm window widened ('uring-files-unregister-delay').
 */
#include "../testlib/harness.h"
#include "errno.h"
#include "slab.h"
#include "atomic.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"

struct unregister_call {
	struct io_uring *ring;
	bool returned;
};

static int unregister_thread(void *arg)
{
	struct unregister_call *c = arg;
	int ret = io_uring_unregister_files(c->ring);

	WRITE_ONCE(c->returned, true);
	return ret;
}

KTEST(uring_files_unregister, unregister_waits_for_requests_in_flight)
{
	struct unregister_call call;
	struct io_uring ring;
	struct file *rd, *wr;
	struct task *t;
	int32_t fds[2];
	char c[2] = "ab", buf[2][2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	fds[0] = fds[1] = uring_test_install(rd);
	ASSERT_EQ(io_uring_register_files(&ring, fds, 2), 0);
	for (int i = 0; i < 2; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_read(sqe, i, buf[i], 1, 0);
		sqe->flags = IOSQE_FIXED_FILE;
	}
	EXPECT_EQ(io_uring_submit(&ring), 2);
	msleep(10);

	call = (struct unregister_call){ .ring = &ring };
	t = kthread_run(unregister_thread, &call, "unregister");
	ASSERT_NOT_NULL(t);
	msleep(30);
	EXPECT_FALSE(READ_ONCE(call.returned));	/* two reads still hold the table */
	EXPECT_EQ(vfs_write(wr, c, 2, NULL), 2);
	EXPECT_EQ(kthread_stop(t), 0);
	EXPECT_EQ(uring_test_wait(&ring, NULL), 1);
	EXPECT_EQ(uring_test_wait(&ring, NULL), 1);
	EXPECT_EQ(file_count(rd), 1);		/* only the fd table's reference is left */
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * While unregister waits, the table is still registered but has no
 * slots, as Linux 6.1 zeroes nr_user_files for the wait: registering is
 * -EBUSY, a second unregister -ENXIO, anything naming a slot -EINVAL,
 * lookups -EBADF.
 */
KTEST(uring_files_unregister, calls_during_the_wait_see_a_table_without_slots)
{
	struct unregister_call call;
	struct io_uring ring;
	struct file *rd, *wr;
	struct task *t;
	int32_t fds[3];
	char c = 'w', buf[2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	fds[0] = uring_test_install(rd);
	fds[1] = uring_test_install(zero_file_open());
	fds[2] = -1;
	ASSERT_EQ(io_uring_register_files(&ring, fds, 3), 0);
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_read(sqe, 0, buf, 1, 0);
		sqe->flags = IOSQE_FIXED_FILE;
		EXPECT_EQ(io_uring_submit(&ring), 1);
	}
	msleep(10);
	call = (struct unregister_call){ .ring = &ring };
	t = kthread_run(unregister_thread, &call, "unregister");
	ASSERT_NOT_NULL(t);
	msleep(30);
	EXPECT_FALSE(READ_ONCE(call.returned));

	EXPECT_EQ(io_uring_register_files(&ring, fds, 1), -EBUSY);
	EXPECT_EQ(io_uring_register_files_sparse(&ring, 1), -EBUSY);
	EXPECT_EQ(io_uring_unregister_files(&ring), -ENXIO);
	EXPECT_EQ(io_uring_register_files_update(&ring, 2, &fds[1], 1), -EINVAL);
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 2, &fds[1], NULL, 1), -EINVAL);
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 0, 1), -EINVAL);
	io_uring_prep_files_update(io_uring_get_sqe(&ring), &fds[1], 1,
				   (int)IORING_FILE_INDEX_ALLOC);
	/* slot 2 is free, but no slot is valid */
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -EINVAL);
	io_uring_prep_close_direct(io_uring_get_sqe(&ring), 1);
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -EINVAL);
	{
		struct io_uring_sqe *sqe = uring_test_prep_rw(&ring, IORING_OP_READ, 1, buf, 1, 0,
							      0);

		sqe->flags = IOSQE_FIXED_FILE;
		EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -EBADF);	/* slot 1: none */
	}
	EXPECT_FALSE(READ_ONCE(call.returned));

	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	EXPECT_EQ(kthread_stop(t), 0);
	EXPECT_EQ(uring_test_wait(&ring, NULL), 1);
	EXPECT_EQ(io_uring_register_files_update(&ring, 2, &fds[1], 1), -ENXIO);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * Unregister waits for a fixed read that is drained behind a worker's
 * IORING_OP_FILES_UPDATE, and that worker needs uring_lock.  Unregister
 * must wait with uring_lock dropped, or neither ever finishes (found by
 * uring_torture).  The update runs only after a 100 ms timeout, so the
 * unregister is usually waiting by then, and the update gets -EINVAL (as
 * in Linux 6.1, a table being unregistered has no slots): the proof that
 * it ran while unregister waited.  A round in
 * which the update ran first proves nothing, so there are up to five.
 * On failure the unregister thread is deadlocked: its state is leaked,
 * never freed under it, and the leak check reports the rest.
 */
struct worker_update_round {
	struct unregister_call call;
	struct io_uring ring;
	int32_t fds[2];
	char buf;
};

/* The update's result, or URING_TEST_NO_CQE after a failure. */
static int worker_update_round(void)
{
	struct __kernel_timespec ms100 = { .tv_nsec = 100 * 1000 * 1000 };
	struct worker_update_round *w = kzalloc(sizeof(*w));
	struct io_uring_sqe *sqe;
	int res[3] = { 0 };
	struct task *t;

	if (!w)
		return URING_TEST_NO_CQE;
	EXPECT_EQ(io_uring_queue_init(8, &w->ring, 0), 0);
	w->fds[0] = uring_test_install(zero_file_open());
	w->fds[1] = -1;
	EXPECT_EQ(io_uring_register_files(&w->ring, w->fds, 2), 0);
	sqe = io_uring_get_sqe(&w->ring);
	io_uring_prep_timeout(sqe, &ms100, 0, 0);
	sqe->flags = IOSQE_IO_HARDLINK;		/* the update goes to a worker after it */
	sqe->user_data = 0;
	sqe = io_uring_get_sqe(&w->ring);
	io_uring_prep_files_update(sqe, w->fds, 1, 1);
	sqe->user_data = 1;
	sqe = io_uring_get_sqe(&w->ring);
	io_uring_prep_read(sqe, 0, &w->buf, 1, 0);
	sqe->flags = IOSQE_FIXED_FILE | IOSQE_IO_DRAIN;	/* holds the table, waits for both */
	sqe->user_data = 2;
	EXPECT_EQ(io_uring_submit(&w->ring), 3);

	w->call.ring = &w->ring;
	t = kthread_run(unregister_thread, &w->call, "unregister");
	if (!t)
		return URING_TEST_NO_CQE;
	for (int ms = 0; ms < 30000 && !READ_ONCE(w->call.returned); ms += 10)
		msleep(10);
	if (!READ_ONCE(w->call.returned)) {
		ktest_fail(__FILE__, __LINE__, "unregister still waiting after 30 s: a deadlock");
		return URING_TEST_NO_CQE;
	}
	EXPECT_EQ(kthread_stop(t), 0);
	for (int i = 0; i < 3; i++) {
		uint64_t ud = 3;
		int r = uring_test_wait(&w->ring, &ud);

		EXPECT_TRUE(ud < 3);
		if (ud < 3)
			res[ud] = r;
	}
	EXPECT_EQ(res[0], -ETIME);
	EXPECT_TRUE(res[1] == 1 || res[1] == -EINVAL);
	EXPECT_EQ(res[2], 1);
	io_uring_queue_exit(&w->ring);
	fd_close(current->files, w->fds[0]);
	kfree(w);
	return res[1];
}

KTEST(uring_files_unregister, unregister_waits_without_blocking_a_worker_update)
{
	int res = 1;

	uring_test_files_begin();
	for (int round = 0; round < 5 && res == 1; round++)
		res = worker_update_round();
	EXPECT_EQ(res, -EINVAL);
	uring_test_files_end();
}

/*
 * QUIESCE mode: every register call stops the ring, and unregister must
 * keep uring_lock while it frees the table, or another call would stop
 * the stopped ring (a double percpu_ref_kill, found by uring_torture).
 * Threads on every CPU register and unregister, or update, one ring.
 */
struct quiesce_race {
	struct io_uring ring;
	int32_t fd;
	int rounds;	/* per thread: about 240 calls in all, whatever the CPU count */
	atomic_t next;
};

static int quiesce_race_thread(void *arg)
{
	struct quiesce_race *q = arg;
	bool updater = atomic_inc_return(&q->next) % 2 == 0;
	int bad = 0;

	for (int i = 0; i < q->rounds; i++) {
		if (updater) {
			int ret = io_uring_register_files_update(&q->ring, 0, &q->fd, 1);

			bad += ret != 1 && ret != -ENXIO;
		} else {
			int ret = io_uring_register_files(&q->ring, &q->fd, 1);

			bad += ret != 0 && ret != -EBUSY;
			ret = io_uring_unregister_files(&q->ring);
			bad += ret != 0 && ret != -ENXIO;
		}
	}
	return bad;
}

KTEST(uring_files_unregister, quiesce_mode_unregister_races_other_register_calls)
{
	struct quiesce_race *q = kzalloc(sizeof(*q));

	ASSERT_NOT_NULL(q);
	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &q->ring, 0), 0);
	ASSERT_EQ(io_uring_set_update_mode((unsigned int)q->ring.ring_fd, IO_URING_UPDATE_QUIESCE),
		  0);
	q->fd = uring_test_install(zero_file_open());
	q->rounds = DIV_ROUND_UP(80, num_online_cpus());
	EXPECT_EQ(ktest_run_threads(quiesce_race_thread, q, 2), 0);
	io_uring_queue_exit(&q->ring);
	uring_test_files_end();
	kfree(q);
}
