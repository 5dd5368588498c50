/*
 * The allocation-failure walk (suite uring_fault_walk): each step of the
 * register, update, unregister, setup, submission and teardown paths is
 * run again and again with its 1st, 2nd, 3rd... allocation failing
 * (fault_inject_fail_nth), until a run makes fewer allocations than the
 * number asked to fail.  Every run must end in success or a clean error,
 * leave the ring working, and leak nothing (each test is leak-checked;
 * any warning fails it).  The walk prints how many runs it made and the
 * distinct allocation sites it made fail.
 *
 * Only the calling task's allocations are failed.  Teardown runs in a
 * workqueue item and makes no allocation of its own; its walk checks
 * exactly that (zero sites).
 */
#include "../testlib/harness.h"
#include "fault_inject.h"
#include "errno.h"
#include "printk.h"

#define WALK_MAX	200	/* far more allocations than any of these paths makes */

struct walk {
	struct io_uring ring;
	int32_t fds[4];
	int runs;		/* runs in which an allocation failed */
};

static void walk_begin(struct walk *w, bool with_table)
{
	uring_test_files_begin();
	fault_inject_reset_sites();
	w->runs = 0;
	ASSERT_EQ(io_uring_queue_init(8, &w->ring, 0), 0);
	for (int i = 0; i < 4; i++)
		w->fds[i] = uring_test_install(i % 2 ? zero_file_open() : null_file_open());
	if (with_table)
		ASSERT_EQ(io_uring_register_files(&w->ring, w->fds, 4), 0);
}

static void walk_end(struct walk *w, const char *what)
{
	printk("  # uring_fault: %s: %d runs with a failed allocation, %d distinct sites\n",
	       what, w->runs, fault_inject_sites_failed());
	fault_inject_print_sites();
	fault_inject_reset_sites();
	io_uring_queue_exit(&w->ring);
	uring_test_files_end();
}

/* Arms the countdown; returns true while runs still reach the nth allocation. */
static bool fired(struct walk *w)
{
	bool f = fault_inject_fail_nth(0) == 0;

	w->runs += f;
	return f;
}

/* A fixed read from slot: the table must still work after every failure. */
static int fixed_read(struct io_uring *ring, int slot)
{
	static char sink[2];
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_read(sqe, slot, sink, 1, 0);
	sqe->flags = IOSQE_FIXED_FILE;
	return uring_test_submit_wait(ring, NULL);
}

KTEST(uring_fault_walk, register_walk)
{
	struct walk w;

	walk_begin(&w, false);
	for (int n = 1; n < WALK_MAX; n++) {
		int ret;

		fault_inject_fail_nth(n);
		ret = io_uring_register_files(&w.ring, w.fds, 4);
		if (!fired(&w)) {
			EXPECT_EQ(ret, 0);
			EXPECT_EQ(io_uring_unregister_files(&w.ring), 0);
			break;
		}
		EXPECT_EQ(ret, -ENOMEM);
		/* All or nothing: no table was left behind. */
		EXPECT_EQ(io_uring_unregister_files(&w.ring), -ENXIO);
	}
	EXPECT_GT(w.runs, 0);
	walk_end(&w, "register");
}

KTEST(uring_fault_walk, update_walk_both_paths)
{
	struct walk w;

	walk_begin(&w, true);
	for (int n = 1; n < WALK_MAX; n++) {
		int32_t swap[2] = { w.fds[(n + 1) % 4], w.fds[n % 4] };
		int ret;

		fault_inject_fail_nth(n);
		ret = io_uring_register_files_update(&w.ring, 0, swap, 2);
		if (!fired(&w)) {
			EXPECT_EQ(ret, 2);
			break;
		}
		EXPECT_EQ(ret, -ENOMEM);	/* nothing changes before the allocations */
		EXPECT_GE(fixed_read(&w.ring, 0), 0);
	}
	for (int n = 1; n < WALK_MAX; n++) {
		int32_t one = w.fds[n % 4];
		struct io_uring_sqe *sqe = io_uring_get_sqe(&w.ring);
		int ret;

		io_uring_prep_files_update(sqe, &one, 1, 1);
		fault_inject_fail_nth(n);
		ret = io_uring_submit(&w.ring);
		if (!fired(&w)) {
			EXPECT_EQ(ret, 1);
			EXPECT_EQ(uring_test_wait(&w.ring, NULL), 1);
			break;
		}
		if (ret == 1) {	/* the request got through; the update inside it failed */
			EXPECT_EQ(uring_test_wait(&w.ring, NULL), -ENOMEM);
		} else {	/* no request: the SQE is still in the ring, for the next try */
			EXPECT_EQ(ret, -EAGAIN);
			EXPECT_EQ(io_uring_submit(&w.ring), 1);
			EXPECT_EQ(uring_test_wait(&w.ring, NULL), 1);
		}
		EXPECT_GE(fixed_read(&w.ring, 1), 0);
	}
	EXPECT_GT(w.runs, 1);
	walk_end(&w, "update");
}

KTEST(uring_fault_walk, unregister_and_teardown_walk)
{
	struct walk w;

	walk_begin(&w, true);
	for (int n = 1; n < WALK_MAX; n++) {
		int ret;

		fault_inject_fail_nth(n);
		ret = io_uring_unregister_files(&w.ring);
		if (!fired(&w)) {
			EXPECT_EQ(ret, 0);
			break;
		}
		ktest_fail(__FILE__, __LINE__, "unregister allocates: it must not be able to fail");
		break;
	}
	EXPECT_EQ(w.runs, 0);
	walk_end(&w, "unregister");
}

KTEST(uring_fault_walk, setup_walk)
{
	struct walk w;

	uring_test_files_begin();
	fault_inject_reset_sites();
	w.runs = 0;
	for (int n = 1; n < WALK_MAX; n++) {
		struct io_uring_params p = { 0 };
		int fd;

		fault_inject_fail_nth(n);
		fd = io_uring_setup(64, &p);
		if (!fired(&w)) {
			EXPECT_GE(fd, 0);
			EXPECT_EQ(io_uring_close_sync((unsigned int)fd), 0);
			break;
		}
		if (fd >= 0)	/* a failure the ring can live with (none today) */
			io_uring_close_sync((unsigned int)fd);
		else
			EXPECT_EQ(fd, -ENOMEM);
	}
	EXPECT_GT(w.runs, 2);
	printk("  # uring_fault: setup: %d runs with a failed allocation, %d distinct sites\n",
	       w.runs, fault_inject_sites_failed());
	fault_inject_print_sites();
	fault_inject_reset_sites();
	uring_test_files_end();
}

KTEST(uring_fault_walk, submit_walk)
{
	struct walk w;

	walk_begin(&w, true);
	for (int n = 1; n < WALK_MAX; n++) {
		int ret, got = 0;

		for (int i = 0; i < 3; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&w.ring);
			static char sink[4];

			io_uring_prep_read(sqe, i, sink, 1, 0);
			sqe->flags = IOSQE_FIXED_FILE | IOSQE_ASYNC;
		}
		fault_inject_fail_nth(n);
		ret = io_uring_submit(&w.ring);
		/* -ENOMEM: no task context (the first submission, as Linux); -EAGAIN: no request. */
		if (ret < 0)
			EXPECT_TRUE(ret == -EAGAIN || ret == -ENOMEM);
		/* SQEs not consumed stay in the ring: submit them without faults. */
		if (fired(&w)) {
			int more = io_uring_submit(&w.ring);

			EXPECT_GE(more, 0);
			ret = (ret < 0 ? 0 : ret) + more;
		} else {
			EXPECT_EQ(ret, 3);
			n = WALK_MAX;
		}
		while (got < ret && uring_test_wait(&w.ring, NULL) >= 0)
			got++;
		EXPECT_EQ(got, 3);
	}
	EXPECT_GT(w.runs, 0);
	walk_end(&w, "submit");
}
