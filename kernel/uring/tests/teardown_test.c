/*
 * Self-tests of a ring's teardown (suite uring_teardown): closing rings
 * with requests blocked and queued in workers, with files registered and
 * timeouts armed, and right after an update, while the retired
 * generation's switch to atomic mode is still pending.  That last one is
 * the seed bug's situation (docs/uring.md); it is repeated 1000 times
 * spread over every CPU.  ktest fails any test that prints a report, so
 * "no warning" is checked by every iteration, and the leak check after
 * each test covers files, rings, requests, generations, per-CPU
 * allocations, pages and tasks.
 */
#include "../testlib/harness.h"
#include "atomic.h"
#include "smp.h"
#include "timer.h"

KTEST(uring_teardown, close_with_requests_blocked_and_queued_in_workers)
{
	struct file *rd[6], *wr[6];
	struct io_uring ring;
	int32_t fds[6];
	char buf[6][2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	for (int i = 0; i < 6; i++) {
		ASSERT_EQ(pipe_create(&rd[i], &wr[i], 64), 0);
		fds[i] = uring_test_install(rd[i]);
	}
	ASSERT_EQ(io_uring_register_files(&ring, fds, 3), 0);
	/* Three fixed, three plain: more than the workers, so some stay queued. */
	for (int i = 0; i < 6; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_read(sqe, i < 3 ? i : fds[i], buf[i], 1, 0);
		sqe->flags = i < 3 ? IOSQE_FIXED_FILE : 0;
	}
	EXPECT_EQ(io_uring_submit(&ring), 6);
	msleep(20);
	io_uring_queue_exit(&ring);	/* returns once every request is cancelled */
	for (int i = 0; i < 6; i++) {
		EXPECT_EQ(file_count(rd[i]), 1);
		fput(wr[i]);
	}
	uring_test_files_end();
}

KTEST(uring_teardown, close_with_files_registered_and_timeouts_armed)
{
	struct __kernel_timespec hour = { .tv_sec = 3600 };
	struct io_uring ring;
	int32_t fds[3];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fds[0] = uring_test_install(null_file_open());
	fds[1] = -1;
	fds[2] = uring_test_install(zero_file_open());
	ASSERT_EQ(io_uring_register_files(&ring, fds, 3), 0);
	io_uring_prep_timeout(io_uring_get_sqe(&ring), &hour, 0, 0);
	io_uring_prep_timeout(io_uring_get_sqe(&ring), &hour, 5, 0);
	EXPECT_EQ(io_uring_submit(&ring), 2);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* One ring's life ending right after an update: the seed's teardown. */
static int close_after_update(int iteration)
{
	struct io_uring ring;
	int32_t fds[2];
	int err = 0;

	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	fds[0] = uring_test_install(null_file_open());
	fds[1] = uring_test_install(zero_file_open());
	if (io_uring_register_files(&ring, fds, 2))
		err = 1;
	/* Sometimes a request holds the generation that the update retires. */
	if (!err && iteration % 2) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		static char sink[2];

		io_uring_prep_read(sqe, 1, sink, 1, 0);
		sqe->flags = IOSQE_FIXED_FILE | IOSQE_ASYNC;
		io_uring_submit(&ring);
	}
	if (!err && io_uring_register_files_update(&ring, 0, &fds[1], 1) != 1)
		err = 1;
	/* Through the ring, every third time. */
	if (!err && iteration % 3 == 0) {
		io_uring_prep_files_update(io_uring_get_sqe(&ring), fds, 1, 1);
		io_uring_submit(&ring);
	}
	/*
	 * Every fourth time, a worker (on some other CPU) retires a generation
	 * and we unregister at once: its switch's RCU callback runs on the
	 * worker's CPU while we tear the table down on ours, the seed's race.
	 */
	if (!err && iteration % 4 == 1) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_files_update(sqe, fds, 1, 0);
		sqe->flags = IOSQE_ASYNC;
		sqe->user_data = 42;
		io_uring_submit(&ring);
		for (uint64_t ud = 0; ud != 42;)
			if (uring_test_wait(&ring, &ud) == URING_TEST_NO_CQE)
				break;
		if (io_uring_unregister_files(&ring))
			err = 1;
	}
	fd_close(current->files, fds[0]);
	fd_close(current->files, fds[1]);
	io_uring_queue_exit(&ring);	/* the retired generation's switch is still pending */
	return err;
}

static atomic_t teardowns_done;

static int close_after_update_thread(void *arg)
{
	int per_thread = *(int *)arg, errors = 0;

	for (int i = 0; i < per_thread; i++) {
		errors += close_after_update(i);
		atomic_inc(&teardowns_done);
	}
	return errors;
}

#define SEED_TEARDOWNS	1000

KTEST(uring_teardown, close_right_after_update_1000_times_on_all_cpus)
{
	int per_thread = DIV_ROUND_UP(SEED_TEARDOWNS, num_online_cpus());

	uring_test_files_begin();
	atomic_set(&teardowns_done, 0);
	EXPECT_EQ(ktest_run_threads(close_after_update_thread, &per_thread, 1), 0);
	EXPECT_GE(atomic_read(&teardowns_done), SEED_TEARDOWNS);
	uring_test_files_end();
}
